"""The headless CLI contract: JSON shape for every preset and optimiser, one-line errors."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine import cli, data
from engine.optimizers import OPTIMIZERS

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("preset", data.PRESETS)
def test_every_preset_races_every_optimizer(capsys, preset):
    opts = [f"{name}:lr=1e-6" for name in OPTIMIZERS] + ["adam:lr=1e-6,batch=4,label=mini", "sgd:lr=1e-6,batch=1,label=one"]
    code, out, err = run(capsys, "run", "--preset", preset, "--steps", "3", *sum((["--opt", o] for o in opts), []))
    assert code == 0, err
    result = json.loads(out)
    dataset = data.load_preset(preset)
    assert result["dataset"] == {"name": preset, "n": dataset.n, "d": dataset.d, "task": dataset.task}
    assert [r["optimizer"] for r in result["runs"]] == list(OPTIMIZERS) + ["adam", "sgd"]
    outputs = dataset.n_classes if dataset.task == "multiclass" else 1
    for r in result["runs"]:
        assert set(r) == {"label", "optimizer", "hyper", "batch", "steps", "loss", "weight", "bias", "status", "diverged_at"}
        assert r["steps"] == 3 and len(r["loss"]) == 4 and r["status"] == "ok" and r["diverged_at"] is None
        assert np.shape(r["weight"]) == (outputs, dataset.d) and len(r["bias"]) == outputs
        assert r["hyper"]["lr"] == 1e-6
    assert result["runs"][-2]["batch"] == 4 and result["runs"][-1]["batch"] == 1
    assert result["runs"][0]["batch"] == dataset.n


def test_epochs_count_passes_for_each_batch_size(capsys):
    code, out, _ = run(capsys, "run", "--preset", "line-30", "--epochs", "2",
                       "--opt", "gd:lr=0.001", "--opt", "sgd:lr=0.001,batch=1", "--opt", "sgd:lr=0.001,batch=8,label=b8",
                       "--opt", "sgd:lr=0.001,batch=8,drop_last=1,label=b8d")
    runs = json.loads(out)["runs"]
    assert [r["steps"] for r in runs] == [2, 60, 8, 6]
    assert [len(r["loss"]) for r in runs] == [3, 61, 9, 7]


def test_divergence_is_reported_and_json_stays_valid(capsys):
    code, out, _ = run(capsys, "run", "--preset", "line-30", "--steps", "50", "--opt", "gd:lr=1000", "--opt", "gd:lr=0.001")
    assert code == 0
    blown, fine = json.loads(out)["runs"]
    assert blown["status"] == "diverged" and blown["diverged_at"] == blown["steps"] < 50
    assert len(blown["loss"]) == blown["diverged_at"] + 1
    assert all(np.isfinite(v) for v in blown["weight"][0])
    assert fine["status"] == "ok" and fine["steps"] == 50


def test_no_bias_standardize_init_and_csv(capsys, tmp_path):
    path = tmp_path / "points.csv"
    data.write_csv(data.load_preset("logistic-2d"), path)
    code, out, err = run(capsys, "run", "--data", str(path), "--no-bias", "--standardize", "--steps", "2",
                         "--init", "start=1,-1", "--opt", "adam:lr=0.1")
    assert code == 0, err
    r = json.loads(out)["runs"][0]
    assert r["bias"] is None and np.shape(r["weight"]) == (1, 2)
    assert json.loads(out)["dataset"]["task"] == "binary"


@pytest.mark.parametrize("argv,fragment", [
    (["run", "--preset", "nope", "--steps", "1"], "invalid choice"),
    (["run", "--preset", "line-30"], "required"),
    (["run", "--preset", "line-30", "--steps", "1", "--opt", "adam:beta1=2"], "beta1"),
    (["run", "--preset", "line-30", "--steps", "1", "--model", "logistic"], "two classes"),
    (["run", "--preset", "wine", "--steps", "1", "--model", "logistic"], "two classes"),
    (["run", "--preset", "line-30", "--steps", "1", "--init", "start=1"], "2 values"),
    (["run", "--preset", "line-30", "--steps", "1", "--init", "start=a,b"], "numbers"),
    (["run", "--data", "/no/such/file.csv", "--steps", "1"], "file.csv"),
    (["run", "--preset", "line-30", "--steps", "1", "--opt", "gd:label=a", "--opt", "adam:label=a"], "same label"),
])
def test_bad_arguments_give_one_line_and_exit_2(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and fragment in err and "Traceback" not in err


def test_bad_csv_is_one_line_exit_2(capsys, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("x,y\n1,2\noops,3\n")
    code, out, err = run(capsys, "run", "--data", str(path), "--steps", "1")
    assert code == 2 and "bad.csv" in err and err.count("\n") == 1


def test_main_py_runs_the_cli_in_a_fresh_process():
    if not (ROOT / "main.py").exists():
        pytest.skip("main.py not present")
    result = subprocess.run([sys.executable, "main.py", "run", "--preset", "logistic-line", "--steps", "5",
                             "--opt", "sgd:lr=0.1"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["runs"][0]["steps"] == 5
    bad = subprocess.run([sys.executable, "main.py", "run", "--preset", "line-30"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and bad.stderr.count("\n") == 1
