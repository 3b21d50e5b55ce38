"""Every way a student can mistype a command: exit code 2, nothing on stdout, one line on stderr
that names what is wrong (no traceback, no usage dump, no Python jargon)."""
import os
import shlex

import pytest

from engine import cli

FILES = {
    "text.csv": "x,y\n1,2\noops,3\n",
    "empty.csv": "",
    "header.csv": "x,y\n",
    "oneclass.csv": "x,y\n1,0\n2,0\n",
    "nan.csv": "x,y\n1,nan\n2,3\n",
    "inf.csv": "x,y\n1,inf\n2,3\n",
    "ragged.csv": "x,y\n1,2,3\n2,3\n",
    "quote.csv": 'x,y\n"1,2\n3,4\n',
    "onecol.csv": "x\n1\n2\n",
    "overflow.csv": "x,y\n1e400,2\n3,4\n",
    "semi.csv": "a;b;c\n1;2;x\n3;4;y\n",
    "classes.csv": "x,y\n1,a\n2,b\n3,a\n",
    "blank.csv": "x,y\n,2\n3,4\n",
    "dupcol.csv": "x,x,y\n1,2,3\n4,5,6\n",
    "stray.csv": "x,y\n" + "".join(f"{i},{i * 2}.5\n" for i in range(20)) + "7,seven\n",
    "future.dlab.json": '{"format": "descent-lab-session", "version": 99}',
    "notjson.dlab.json": "not json",
    "list.dlab.json": "[]",
    "empty.dlab.json": "{}",
}
BINARY = b"PK\x03\x04\x00\x00\x01\x02"

P = "run --preset line-30 --steps 1"
CASES = [
    # what to run
    ("", "say what to do: run, surface, analyze, sweep, export-script or export-gif"),
    ("nope", "invalid choice"),
    ("run", "--preset NAME, --data FILE.csv, --function NAME or --session"),
    ("run --steps 1", "say which data"),
    ("run --preset nope --steps 1", "invalid choice: 'nope'"),
    ("run --preset line-30 --data x.csv --steps 1", "not allowed with"),
    (f"{P} --bogus", "unrecognized arguments: --bogus"),
    (f"{P} --task binary", "--task describe a CSV"),
    (f"{P} --target y", "with --data, not --preset"),
    # how long
    ("run --preset line-30", "--steps is required"),
    ("run --preset line-30 --steps -1", "0 or more"),
    ("run --preset line-30 --steps abc", "invalid int value: 'abc'"),
    ("run --preset line-30 --steps 1.5", "invalid int value: '1.5'"),
    ("run --preset line-30 --steps 10000000", "at most 1,000,000 updates"),
    ("run --preset line-30 --steps 99999999999999999999999", "at most 1,000,000 updates"),
    ("run --preset line-30 --epochs -3", "0 or more"),
    ("run --preset line-30 --epochs 99999999999", "0 to 1,000,000"),
    ("run --preset line-30 --epochs 1 --steps 1", "not allowed with argument --epochs"),
    # seed
    (f"{P} --seed -1", "0 to 4294967295"),
    (f"{P} --seed 4294967296", "0 to 4294967295"),
    (f"{P} --seed abc", "invalid int value"),
    # optimisers
    (f"{P} --opt nope", "unknown optimiser 'nope'"),
    (f"{P} --opt ''", "unknown optimiser ''"),
    (f"{P} --opt :lr=1", "choose one of gd, sgd"),
    (f"{P} --opt adam:lr=abc", "lr must be a number"),
    (f"{P} --opt adam:lr=-1", "lr must be >= 0"),
    (f"{P} --opt adam:lr=nan", "finite"),
    (f"{P} --opt adam:lr=inf", "finite"),
    (f"{P} --opt adam:lr=1_0", "lr must be a number, got '1_0'"),
    (f"{P} --opt adam:lr", "expected key=value"),
    (f"{P} --opt adam:lr=", "expected key=value"),
    (f"{P} --opt adam:lr=0.1,lr=0.2", "lr is given twice"),
    (f"{P} --opt adam:beta1=2", "beta1 must be in [0, 1)"),
    (f"{P} --opt adam:beta2=-0.1", "beta2"),
    (f"{P} --opt adam:eps=-1", "eps must be >= 0"),
    (f"{P} --opt adam:nope=1", "unknown hyper-parameter 'nope'"),
    (f"{P} --opt adam:amsgrad=maybe", "amsgrad must be 0 or 1"),
    (f"{P} --opt adam:batch=0", "at least 1"),
    (f"{P} --opt adam:batch=-4", "at least 1"),
    (f"{P} --opt adam:batch=2.5", "batch must be a whole number"),
    (f"{P} --opt adam:batch=1_000", "batch must be a whole number"),
    (f"{P} --opt sgd:momentum=-1", "momentum must be >= 0"),
    (f"{P} --opt sgd:nesterov=maybe", "nesterov must be 0 or 1"),
    (f"{P} --opt sgd:nesterov=1", "nesterov needs momentum > 0"),
    (f"{P} --opt rmsprop:alpha=2", "alpha must be in [0, 1]"),
    (f"{P} --opt adagrad:lr_decay=-1", "lr_decay must be >= 0"),
    (f"{P} --opt sgd:shuffle=2", "shuffle must be 0 or 1"),
    (f"{P} --opt gd:label=", "expected key=value"),
    (f"{P} --opt gd:label=a --opt adam:label=a", "same label"),
    (f"{P} " + " ".join(f"--opt gd:label=r{i}" for i in range(65)), "at most 64"),
    # model and start
    (f"{P} --model logistic", "needs two classes"),
    (f"{P} --model softmax", "needs classes"),
    (f"{P} --model nope", "invalid choice: 'nope'"),
    ("run --preset wine --steps 1 --model logistic", "needs two classes; wine is multiclass"),
    ("run --preset wine --steps 1 --model linear", "needs a numeric target"),
    (f"{P} --init start=1", "needs 2 values (weight[0,0], bias[0]), got 1"),
    (f"{P} --init start=1,2,3", "got 3"),
    (f"{P} --init start=a,b", "numbers separated by commas"),
    (f"{P} --init start=", "numbers separated by commas"),
    (f"{P} --init start=nan,1", "finite"),
    (f"{P} --init start=1e400,1", "finite"),
    (f"{P} --init nope", "use zeros, torch or start="),
    (f"{P} --no-bias --init start=1,2", "needs 1 values (weight[0,0]), got 2"),
    # data files
    ("run --data {d}/missing.csv --steps 1", "missing.csv: the file does not exist"),
    ("run --data {d} --steps 1", "it is a folder, not a file"),
    ("run --data {d}/text.csv --steps 1", "row 3, column 1 ('x'): 'oops' is not a number"),
    ("run --data {d}/empty.csv --steps 1", "empty.csv is empty"),
    ("run --data {d}/header.csv --steps 1", "0 data rows"),
    ("run --data {d}/oneclass.csv --steps 1 --task binary", "at least two classes"),
    ("run --data {d}/oneclass.csv --steps 1 --model logistic", "at least two classes"),
    ("run --data {d}/nan.csv --steps 1", "'nan' is not a finite number"),
    ("run --data {d}/inf.csv --steps 1", "'inf' is not a finite number"),
    ("run --data {d}/overflow.csv --steps 1", "'1e400' is not a finite number"),
    ("run --data {d}/ragged.csv --steps 1", "row 2: 3 values, but the header has 2"),
    ("run --data {d}/quote.csv --steps 1", "quote mark"),
    ("run --data {d}/binary.csv --steps 1", "not a text file"),
    ("run --data {d}/onecol.csv --steps 1", "only one column"),
    ("run --data {d}/semi.csv --steps 1 --task regression", "regression target must be numbers"),
    ("run --data {d}/classes.csv --steps 1 --task regression", "regression target must be numbers"),
    ("run --data {d}/blank.csv --steps 1", "is empty: every cell needs a number"),
    ("run --data {d}/dupcol.csv --steps 1 --target x", "2 columns named 'x'"),
    ("run --data {d}/classes.csv --steps 1 --target z", "no column named 'z'"),
    ("run --data {d}/classes.csv --steps 1 --target 5", "no target column number 5"),
    ("run --data {d}/classes.csv --steps 1 --task nope", "invalid choice"),
    ("run --data {d}/stray.csv --steps 1", "'seven' stands among numbers"),
    # session files
    ("run --session {d}/missing.dlab.json --steps 1", "the file does not exist"),
    ("run --session {d}/future.dlab.json", "future.dlab.json"),
    ("run --session {d}/notjson.dlab.json", "not valid JSON"),
    ("run --session {d}/list.dlab.json", "not a Descent Lab session"),
    ("run --session {d}/empty.dlab.json", "not a Descent Lab session"),
    ("run --session {d}/binary.csv", "not a Descent Lab session"),
    ("run --session {d} --steps 1", "it is a folder"),
    ("run --session {d}/list.dlab.json --opt adam", "drop --opt"),
    (f"{P} --save-session {{d}}/no/such/x.dlab.json", "the folder"),
    (f"{P} --save-session {{d}}", "there is a folder of that name"),
    # the surface
    ("surface", "--preset --data --function is required"),
    ("surface --preset line-30 --grid 1", "from 50 to 400, not 1"),
    ("surface --preset line-30 --grid 100000", "from 50 to 400"),
    ("surface --preset line-30 --grid abc", "invalid int value"),
    ("surface --preset line-30 --plane nope", "choose params=NAME,NAME, optimum or pca"),
    ("surface --preset line-30 --plane params=w", "name two parameters"),
    ("surface --preset line-30 --plane params=zz,b", "no parameter 'zz'"),
    ("surface --preset line-30 --plane pca", "add at least one --opt"),
    ("surface --preset line-30 --range 1:0,0:1", "from low to high"),
    ("surface --preset line-30 --range a:b,0:1", "two numbers low:high"),
    ("surface --preset line-30 --range 0:1", "write two ranges"),
    ("surface --preset line-30 --range 0:inf,0:1", "two numbers low:high"),
    ("surface --preset line-30 --at nope", "choose start, optimum or run=LABEL"),
    ("surface --preset line-30 --steps -1 --opt gd", "0 or more"),
    ("surface --preset wine --plane params=weight[9,9],bias[0]", "weight[0,0] to weight[2,12]"),
    ("surface --preset line-30 --model logistic", "needs two classes"),
]

JARGON = ("Traceback", "Errno", "NoneType", "object has no attribute", "usage:", "KeyError", "IndexError")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    for name, text in FILES.items():
        (d / name).write_text(text, encoding="utf-8")
    (d / "binary.csv").write_bytes(BINARY)
    return d


def test_there_are_many_cases():
    assert len(CASES) >= 60 and len({argv for argv, _ in CASES}) == len(CASES)


@pytest.mark.parametrize("argv,fragment", CASES, ids=[argv or "(nothing)" for argv, _ in CASES])
def test_a_bad_command_says_what_is_wrong_in_one_line(capsys, folder, argv, fragment):
    code = cli.main(shlex.split(argv.format(d=folder)))
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("descent-lab: error: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert fragment in err, err
    assert not any(word in err for word in JARGON), err
    assert len(err) <= 420


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_without_blocking(capsys, tmp_path):
    pipe = tmp_path / "data.csv"
    os.mkfifo(pipe)  # opening it to read would wait forever for a writer
    assert cli.main(["run", "--data", str(pipe), "--steps", "1"]) == 2
    assert "not a regular file" in capsys.readouterr().err
