"""Export as PyTorch script: run as it is, plain torch prints the costs the engine computed."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[2]


def run_script(path) -> dict:
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120, check=True).stdout
    runs, label = {}, None
    for line in out.splitlines():
        if line.startswith("run "):
            label = line[4:]
            runs[label] = {"costs": {}}
        elif line.startswith("step "):
            step, cost = re.fullmatch(r"step (\d+) cost (\S+)", line).groups()
            runs[label]["costs"][int(step)] = float(cost)
        elif line.startswith("weight "):
            runs[label]["weight"] = json.loads(line[7:])
    return runs


@pytest.mark.slow
@pytest.mark.parametrize("arguments", [
    ["--preset", "line-30", "--opt", "gd:lr=0.001", "--opt", "sgd:lr=0.0005,batch=4",
     "--opt", "momentum:lr=0.0005,momentum=0.9,batch=7,shuffle=0,drop_last=1", "--opt", "adam:lr=0.1", "--steps", "300"],
    ["--preset", "logistic-2d", "--opt", "sgd:lr=1", "--opt", "adamw:lr=0.05,batch=2", "--epochs", "40"],
    ["--preset", "softmax-8", "--opt", "rmsprop:lr=0.01,batch=3", "--opt", "adagrad:lr=0.1", "--steps", "120"],
    # a penalised cost: the script adds l2·Σw² + l1·Σ|w| to the torch cost
    ["--preset", "logistic-2d", "--l2", "0.05", "--l1", "0.01", "--opt", "sgd:lr=0.5,batch=4",
     "--opt", "adam:lr=0.05", "--steps", "150"],
    # as the course's scripts shuffle: torch.manual_seed, nn.Linear, a DataLoader without a generator
    ["--preset", "quiz-scores", "--init", "torch", "--seed", "1", "--shuffle-rng", "global",
     "--opt", "sgd:lr=1e-5,batch=2",
     "--opt", "adam:lr=0.1,batch=3,drop_last=1", "--opt", "gd:lr=1e-5", "--epochs", "21"],
])
def test_the_exported_script_reproduces_every_run(tmp_path, capsys, arguments):
    script = tmp_path / "race.py"
    assert cli_main(["export-script", *arguments, "-o", str(script)]) == 0
    capsys.readouterr()
    assert cli_main(["run", *arguments]) == 0
    engine = json.loads(capsys.readouterr().out)["runs"]
    printed = run_script(script)
    assert list(printed) == [run["label"] for run in engine]
    for run in engine:
        costs = printed[run["label"]]["costs"]
        assert len(costs) <= 100 and 0 in costs and run["steps"] in costs
        for step, cost in costs.items():
            assert cost == pytest.approx(run["loss"][step], rel=1e-9), (run["label"], step)
        np.testing.assert_allclose(printed[run["label"]]["weight"], [run["weight"]] if np.ndim(run["weight"]) == 1
                                   else run["weight"], rtol=1e-8)
    text = script.read_text()
    assert "DataLoader(TensorDataset(x_train, y_train)" in text and "nn.Linear(" in text


def test_export_script_prints_to_stdout_and_refuses_bad_input_in_one_line(capsys):
    assert cli_main(["export-script", "--preset", "line-30", "--opt", "gd:lr=0.001", "--steps", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('"""line-30') and "torch.optim.SGD(model.parameters(), lr=0.001" in out
    assert cli_main(["export-script", "--preset", "line-30", "--opt", "nope:lr=1", "--steps", "5"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
