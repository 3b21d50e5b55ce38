"""The robustness probe's findings, one test each: every one failed before its fix."""
import json
import os
import warnings

import numpy as np
import pytest

import main as entry
from engine import cli, data, race
from engine.data import reading


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(capsys, *argv) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_a_huge_cell_in_the_first_rows_is_named_not_a_traceback(capsys, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("x,y\n" + "1" * 200_000 + ",2\n3,4\n")
    assert "longer than" in one_line_error(capsys, "run", "--data", str(path), "--steps", "1")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_before_it_is_read(capsys, device):
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    assert "not a regular file" in one_line_error(capsys, "run", "--data", device, "--steps", "1")


def test_epochs_of_batch_one_cannot_overflow_into_zero_steps(capsys):
    err = one_line_error(capsys, "run", "--preset", "line-30", "--epochs", "1000000", "--opt", "sgd:batch=1")
    assert "30,000,000 updates" in err and "1,000,000" in err


def test_features_near_1e150_diverge_instead_of_reporting_ok(capsys, tmp_path):
    path = tmp_path / "far.csv"
    path.write_text("x,y\n" + "".join(f"{i}e150,{i}\n" for i in range(1, 6)))
    code, out, err = run(capsys, "run", "--data", str(path), "--steps", "5", "--opt", "gd:lr=0.1")
    assert code == 0 and err == ""
    r = json.loads(out)["runs"][0]
    assert r["status"] == "diverged" and r["diverged_at"] is not None


def test_thinned_loss_history_says_its_stride(capsys, monkeypatch):
    code, full, _ = run(capsys, "run", "--preset", "line-30", "--steps", "3000", "--opt", "gd:lr=0.001")
    monkeypatch.setattr(race, "LOSS_BUDGET", 2000)  # as a 100,000-step race would with the real budget
    code2, thin, _ = run(capsys, "run", "--preset", "line-30", "--steps", "3000", "--opt", "gd:lr=0.001")
    assert code == code2 == 0
    full, thin = json.loads(full)["runs"][0], json.loads(thin)["runs"][0]
    assert "history_stride" not in full and len(full["loss"]) == 3001
    stride = thin["history_stride"]
    assert stride > 1 and len(thin["loss"]) < 3001
    # loss[i] is the cost after i * history_stride updates
    np.testing.assert_allclose(thin["loss"], full["loss"][::stride][:len(thin["loss"])], rtol=0, atol=0)
    assert thin["steps"] == 3000 and thin["weight"] == full["weight"]


def test_ctrl_c_prints_the_runs_so_far_and_exits_130(capsys, monkeypatch):
    real = race.Race.run_to

    def interrupted(self, **limit):
        real(self, steps=7)
        raise KeyboardInterrupt

    monkeypatch.setattr(race.Race, "run_to", interrupted)
    code, out, err = run(capsys, "run", "--preset", "line-30", "--steps", "100000", "--opt", "adam", "--opt", "gd")
    assert code == 130
    result = json.loads(out)
    assert result["interrupted"] is True and [r["steps"] for r in result["runs"]] == [7, 7]
    assert err.count("\n") == 1 and "interrupted at step 7" in err


def test_the_range_form_the_error_suggests_is_accepted(capsys):
    code, out, err = run(capsys, "surface", "--preset", "line-30", "--grid", "50", "--range", "-1:3,-2:2")
    assert code == 0, err
    plane = json.loads(out)["plane"]
    assert plane["a"][0] == -1 and plane["a"][-1] == 3 and plane["b"][0] == -2 and plane["b"][-1] == 2


def test_a_utf16_spreadsheet_export_is_read(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text("키,몸무게\n1,2.5\n2,4.5\n3,6.5\n", encoding="utf-16")
    ds = data.read_csv(path)
    assert ds.feature_names == ("키",) and ds.target_name == "몸무게" and ds.y.tolist() == [2.5, 4.5, 6.5]


def test_a_bad_seed_on_csv_data_names_the_flag(capsys, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("x,y\n1,2\n2,3\n")
    assert "--seed" in one_line_error(capsys, "run", "--data", str(path), "--steps", "1", "--seed", "-1")


def test_a_bad_plane_on_a_big_model_is_one_short_line(capsys):
    err = one_line_error(capsys, "surface", "--preset", "digits", "--plane", "params=nope,bias[0]")
    assert len(err) < 300 and "weight[0,0] to weight[9,63]" in err


def test_three_valid_runs_print_no_numpy_warnings(capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code, out, err = run(capsys, "run", "--preset", "line-30", "--steps", "50", "--opt", "gd:lr=1e3",
                             "--opt", "adam:lr=0.1", "--opt", "sgd:lr=1e200,batch=4")
    assert code == 0 and err == ""
    assert [r["status"] for r in json.loads(out)["runs"]] == ["diverged", "ok", "diverged"]


def test_an_unknown_command_is_one_line_not_the_windows_usage(capsys):
    assert entry.main(["rnu", "--preset", "line-30"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown command 'rnu'" in err and "usage" not in err


def test_refusing_a_long_file_stops_reading_at_the_limit(tmp_path):
    """Streaming, not read whole: rows past the limit are never parsed (an open quote there
    would be an error if they were)."""
    path = tmp_path / "long.csv"
    path.write_text("x,y\n" + "1,2\n" * 60 + '"never closed\n' + "3,4\n" * 1000)
    rows = reading.read_rows(path, 50)
    assert len(rows) == 51 and rows[-1] == (51, ["1", "2"])


@pytest.mark.parametrize("kind", ["huge cell", "device", "fifo", "regression typo"])
def test_the_window_refuses_a_hostile_file_in_words_and_keeps_everything(tmp_path, kind):
    """The window's path (Session.apply(OpenFile)): a notice in words, the state untouched."""
    from engine.session import messages as m
    from tests.engine.session.helpers import make_session

    path = tmp_path / "data.csv"
    if kind == "huge cell":
        path.write_text("x,y\n" + "1" * 200_000 + ",2\n")
    elif kind == "device":
        path = "/dev/zero"
    elif kind == "fifo":
        os.mkfifo(path)  # nobody writes: reading it would block the worker forever
    else:
        path.write_text("x,y\n" + "".join(f"{i},{i * 0.5}\n" for i in range(20)) + "20,ten\n")
    s = make_session("line-30")
    before = s.state
    s.apply(m.OpenFile(str(path)))
    notices = s.take_notices()
    assert s.state is before
    assert notices and notices[-1].kind == "error"
    text = notices[-1].text
    assert "Traceback" not in text and "Error" not in text and len(text) < 400, text
    expected = {"huge cell": "data.csv, row 2: a cell is longer", "device": "not a regular file",
                "fifo": "not a regular file", "regression typo": "ten"}[kind]
    assert expected in text, text
