"""sweep: K learning rates raced as one batch, each entry the single run at that rate (to 1e-9)."""
from __future__ import annotations

import json

import pytest

from engine.cli import main as cli_main


def printed(capsys, argv) -> dict:
    assert cli_main(argv) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("data, opt, length", [
    (["--preset", "line-30"], "gd", ["--steps", "200"]),
    (["--preset", "logistic-2d"], "momentum:momentum=0.5,batch=2", ["--epochs", "15"]),
])
def test_each_entry_is_the_single_run_at_that_rate(capsys, data, opt, length):
    sweep = printed(capsys, ["sweep", *data, "--opt", opt, "--lr", "1e-3:2:5", *length])
    assert len(sweep["lr"]) == len(sweep["final_loss"]) == len(sweep["status"]) == 5
    for lr, final, status, steps in zip(sweep["lr"], sweep["final_loss"], sweep["status"], sweep["steps"]):
        name, _, rest = opt.partition(":")
        single = printed(capsys, ["run", *data, "--opt", f"{name}:lr={lr!r}" + (f",{rest}" if rest else ""), *length])
        run = single["runs"][0]
        # the same to the last digit or two: a batched matrix product sums in its own order
        assert final == pytest.approx(run["loss"][-1], rel=1e-9) and status == run["status"], lr
        assert steps == run["steps"]


def test_the_critical_rate_separates_the_calm_runs_from_the_diverging_ones(capsys):
    sweep = printed(capsys, ["sweep", "--preset", "line-30", "--opt", "gd", "--lr", "1e-4:1e-1:13", "--steps", "500"])
    critical = sweep["critical_lr"]
    assert critical == pytest.approx(0.0031652627782607916, rel=1e-9)
    for lr, status in zip(sweep["lr"], sweep["status"]):
        assert status == ("ok" if lr < critical else "diverged"), lr
    adaptive = printed(capsys, ["sweep", "--preset", "line-30", "--opt", "adam", "--lr", "1e-3:1:3", "--steps", "10"])
    assert adaptive["critical_lr"] is None  # no simple rule for Adam: none rather than a wrong one


@pytest.mark.parametrize("lr, words", [("1e-3:1", "LO:HI:K"), ("1e-3:1:0", "K must be"), ("1e-3:1:101", "K must be"),
                                       ("1:1e-3:5", "positive"), ("0:1:5", "positive"), ("0.1:0.1:3", "LO below HI")])
def test_a_bad_range_is_refused_in_one_line(capsys, lr, words):
    assert cli_main(["sweep", "--preset", "line-30", "--opt", "gd", "--lr", lr, "--steps", "5"]) == 2
    assert words in capsys.readouterr().err


def test_the_sweep_owns_the_learning_rate(capsys):
    assert cli_main(["sweep", "--preset", "line-30", "--opt", "gd:lr=0.1", "--lr", "1e-3:1:3", "--steps", "5"]) == 2
    assert "drop lr" in capsys.readouterr().err
