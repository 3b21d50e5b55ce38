"""``python main.py analyze``: which learning rates the data allow, before anything is raced.

    python main.py analyze (--preset NAME | --data FILE.csv ...) [--model ...] [--no-bias]
                           [--standardize] [--init ...] [--at start|optimum] [--momentum B]...

prints ``{"hessian_eigenvalues": [...], "condition_number": κ, "critical_lr": {"gd": ..,
"momentum": {"0.9": ..}}, "optimal": {"gd_lr": .., "heavy_ball": {"lr": .., "momentum": ..}}}``
plus ``"at"``, ``"flat_directions"`` and ``"lambda_min"``/``"lambda_max"`` (``engine/stability.py``
says what each means). An infinite value (no curvature at all) prints as null.
"""
from __future__ import annotations

import numpy as np

from engine.stability import critical_lr_holds, stability

DEFAULT_MOMENTA = (0.9,)


def add_analyze_arguments(parser) -> None:
    parser.add_argument("--at", choices=("start", "optimum"), default="start",
                        help="where the Hessian is taken (the same everywhere for MSE; default: the start)")
    parser.add_argument("--momentum", type=float, action="append", metavar="BETA",
                        help="heavy-ball momentum for a critical learning rate (repeat; default 0.9)")


def run_analyze(args, dataset, model, start: np.ndarray) -> dict:
    from engine.cli import UsageError, finite_or_none

    momenta = args.momentum or list(DEFAULT_MOMENTA)
    for beta in momenta:
        if not 0.0 <= beta < 1.0:
            raise UsageError(f"--momentum {beta:g}: a momentum is from 0 up to (not including) 1")
    theta = start
    if args.at == "optimum":
        from engine.optimum import find_optimum

        optimum = find_optimum(model, dataset.X, dataset.y)
        if optimum.status != "finite" or optimum.theta is None:
            raise UsageError("--at optimum: this data has no finite optimum (the classes can be separated, so the "
                             "cost keeps falling as the weights grow); use --at start")
        theta = np.asarray(optimum.theta, dtype=np.float64)
    result = stability(model, theta, dataset.X, dataset.y)
    lr, beta = result.best_heavy_ball()
    return {
        "at": args.at if critical_lr_holds(model) != "everywhere" else "everywhere",
        "hessian_eigenvalues": [float(v) for v in result.eigenvalues],
        "lambda_min": result.lam_min,
        "lambda_max": result.lam_max,
        "flat_directions": result.flat,
        "condition_number": finite_or_none(result.condition_number),
        "critical_lr": {"gd": finite_or_none(result.critical_lr_gd()),
                        "momentum": {f"{b:g}": finite_or_none(result.critical_lr_momentum(b)) for b in momenta}},
        "optimal": {"gd_lr": finite_or_none(result.best_gd_lr()),
                    "heavy_ball": {"lr": finite_or_none(lr), "momentum": beta}},
    }

