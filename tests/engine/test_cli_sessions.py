"""run --save-session writes what the arguments describe; run --session prints the same JSON."""
import json

import numpy as np
import pytest

from engine import cli, data
from engine.session import files, messages as m
from tests.engine.session.helpers import frame, make_session, settle


def run(capsys, *argv):
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("argv", [
    ["--preset", "line-30", "--opt", "gd:lr=0.001", "--opt", "adam:lr=0.1", "--steps", "40"],
    ["--preset", "wine", "--standardize", "--opt", "sgd:lr=0.1,batch=16,momentum=0.9", "--opt", "adamw:lr=0.01",
     "--epochs", "3", "--seed", "5", "--init", "torch"],
    ["--preset", "moons", "--seed", "2", "--model", "softmax", "--no-bias", "--opt", "rmsprop:lr=0.01,batch=1",
     "--steps", "25"],
])
def test_the_same_arguments_and_the_same_session_give_identical_output(capsys, tmp_path, argv):
    path = tmp_path / "lesson.dlab.json"
    code, direct, err = run(capsys, "run", *argv, "--save-session", str(path))
    assert code == 0, err
    code, again, err = run(capsys, "run", "--session", str(path))
    assert code == 0, err
    assert again == direct
    state = files.load(path)
    assert [r.spec.label for r in state.runs] == [r["label"] for r in json.loads(direct)["runs"]]


def test_a_csv_session_opens_when_the_csv_is_gone(capsys, tmp_path):
    csv = tmp_path / "points.csv"
    data.write_csv(data.load_preset("logistic-2d"), csv)
    session = tmp_path / "points.dlab.json"
    code, direct, _ = run(capsys, "run", "--data", str(csv), "--steps", "10", "--save-session", str(session))
    assert code == 0
    csv.unlink()
    code, again, err = run(capsys, "run", "--session", str(session))
    assert code == 0, err and again == direct
    code, longer, _ = run(capsys, "run", "--session", str(session), "--steps", "12")
    assert [len(r["loss"]) for r in json.loads(longer)["runs"]] == [13]


def test_the_window_races_a_cli_session_step_for_step(capsys, tmp_path):
    path = tmp_path / "race.dlab.json"
    code, out, _ = run(capsys, "run", "--preset", "blobs", "--opt", "adam:lr=0.05,batch=32", "--opt", "gd:lr=0.1",
                       "--steps", "30", "--save-session", str(path))
    printed = json.loads(out)["runs"]
    s = make_session(None)
    s.apply(m.OpenFile(str(path)))
    settle(s)
    s.apply(m.RunSteps(30))
    f = frame(s)
    for run_frame, run_json in zip(f.runs, printed):
        weight, bias = f.model.unpack(run_frame.theta[None])
        np.testing.assert_array_equal(weight[0], run_json["weight"])
        np.testing.assert_array_equal(bias[0], run_json["bias"])
        np.testing.assert_array_equal(run_frame.loss_history, run_json["loss"])


@pytest.mark.parametrize("argv,fragment", [
    (["run", "--session", "nope.dlab.json"], "does not exist"),
    (["run", "--session", "{path}", "--opt", "gd"], "drop --opt"),
    (["run", "--preset", "line-30", "--session", "{path}", "--steps", "1"], "not allowed"),
])
def test_session_errors_are_one_line(capsys, tmp_path, argv, fragment):
    path = tmp_path / "s.dlab.json"
    run(capsys, "run", "--preset", "line-30", "--steps", "1", "--save-session", str(path))
    code, out, err = run(capsys, *[a.replace("{path}", str(path)) for a in argv])
    assert code == 2 and out == "" and err.count("\n") == 1 and fragment in err and "Traceback" not in err
