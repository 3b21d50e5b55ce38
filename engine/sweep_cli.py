"""``python main.py sweep``: one optimiser at K learning rates, raced together as one batch.

    python main.py sweep (--preset NAME | --data FILE.csv ...) --opt NAME[:fixed hypers]
                         --lr LO:HI:K (--steps S | --epochs E) [--seed N] [--init ...]

prints ``{"lr": [...], "final_loss": [...], "status": [...]}`` (K learning rates spaced evenly on a
log scale from LO to HI, K ≤ 100), plus each run's ``"steps"`` and, for full-batch GD or
momentum, the ``"critical_lr"`` of the data's Hessian at the start (``engine/stability.py``) and
where it holds, ``"critical_lr_at"``: "everywhere" for MSE (above it, divergence), "start" for a
cross-entropy (above it the cost may oscillate at first; its curvature changes as the run moves).
The K runs are rows of one race, so each entry is what ``run`` prints for that rate alone, to the
last digit or two (a batched matrix product sums in its own order; each run's mini-batches are
drawn by its own generator, seeded alike: the same batches).
"""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from engine.race import Race
from engine.runs import parse_opt_spec
from engine.stability import critical_lr, critical_lr_holds, stability

MAX_RATES = 100


def add_sweep_arguments(parser) -> None:
    parser.add_argument("--opt", required=True, metavar="SPEC",
                        help="the optimiser and its other hyper-parameters, e.g. momentum:momentum=0.9,batch=8")
    parser.add_argument("--lr", required=True, metavar="LO:HI:K", help=f"K learning rates from LO to HI on a log "
                                                                      f"scale (K at most {MAX_RATES})")
    length = parser.add_mutually_exclusive_group(required=True)
    length.add_argument("--epochs", type=int, help="passes over the data for every run")
    length.add_argument("--steps", type=int, help="updates for every run")


def parse_rates(text: str) -> np.ndarray:
    from engine.cli import UsageError

    parts = text.split(":")
    try:
        lo, hi, k = float(parts[0]), float(parts[1]), int(parts[2])
        if len(parts) != 3:
            raise ValueError
    except (ValueError, IndexError):
        raise UsageError(f"--lr {text!r}: give it as LO:HI:K, e.g. 1e-4:1:30") from None
    if not (0 < lo <= hi and math.isfinite(hi)):
        raise UsageError(f"--lr {text!r}: the learning rates must be positive, LO no larger than HI")
    if not 1 <= k <= MAX_RATES:
        raise UsageError(f"--lr {text!r}: K must be from 1 to {MAX_RATES}")
    if k > 1 and lo == hi:
        raise UsageError(f"--lr {text!r}: {k} rates need LO below HI")
    if k == 1 and lo != hi:
        raise UsageError(f"--lr {text!r}: one rate is LO:LO:1 (give K to sweep from LO to HI)")
    return np.geomspace(lo, hi, k)


def run_sweep(args, dataset, model, start: np.ndarray, seed: int, length: tuple[str, int]) -> dict:
    from engine.cli import UsageError, finite_or_none

    if "lr=" in args.opt.replace(" ", ""):
        raise UsageError(f"--opt {args.opt!r}: the sweep sets lr itself (--lr LO:HI:K); drop lr from --opt")
    rates = parse_rates(args.lr)
    base = parse_opt_spec(args.opt)
    specs = [replace(base, label=f"lr={lr:.6g}", hyper={**base.hyper, "lr": float(lr)}) for lr in rates]
    race = Race(model, dataset.X, dataset.y, specs, start, seed=seed)
    unit, count = length
    race.run_to(**{unit: count})
    diverged = race.diverged_at >= 0
    result = {
        "optimizer": base.optimizer,
        "lr": [float(v) for v in rates],
        "final_loss": [finite_or_none(race.loss_history(k)[-1]) for k in range(race.k)],  # run's last "loss"
        "status": ["diverged" if bad else "ok" for bad in diverged],
        "steps": [int(v) for v in race.steps],
    }
    full_batch = base.batch is None or base.batch >= dataset.n
    critical = None
    if full_batch:
        critical = critical_lr(base.optimizer, base.hyper, stability(model, start, dataset.X, dataset.y).lam_max)
    result["critical_lr"] = critical
    result["critical_lr_at"] = None if critical is None else critical_lr_holds(model)
    return result
