"""``python main.py surface ...``: the loss over a plane of parameters, and the optimum, as JSON.

    python main.py surface (--preset NAME | --data FILE.csv ...) [--model ...]
        [--grid G] [--plane params=NAME,NAME | --plane optimum | --plane pca --opt SPEC...]
        [--range a0:a1,b0:b1] [--at start|optimum|run=LABEL] [--init ...] [--seed N]
        [--steps S | --epochs E]

Output: {"plane": {"origin", "u", "v", "a", "b"}, "loss": [[...]] (row i is a[i], column j is b[j]),
"optimum": {"status", "weight", "bias", "loss", "direction"}}. origin, u, v and direction are flat
lists in the model's parameter order (``weight[o,i]`` row-major, then ``bias[o]``); weight and bias
are nn.Linear's nested layout. Without --plane a two-parameter model's a is the weight and b the
bias; a larger model gets the start → optimum slice.

The plane is chosen by the same policy as the window's (``engine.session.planes``). Every parse
error is a ValueError whose message the CLI prints as one line (exit code 2).
"""
from __future__ import annotations

import argparse
import math

import numpy as np

from engine.models import Model
from engine.optimum import Optimum, find_optimum
from engine.session.planes import choose_plane, parse_plane
from engine.surface import G_DEFAULT, G_MAX, G_MIN, SurfaceEvaluator

__all__ = ["add_surface_arguments", "optimum_json", "parse_at", "parse_plane", "parse_range", "race_trajectories",
           "run_surface", "surface_json"]

RACE_STEPS_DEFAULT = 100


def add_surface_arguments(parser: argparse.ArgumentParser) -> None:
    """The surface command's own options (data, model, --init, --seed, --opt come from the CLI)."""
    parser.add_argument("--grid", type=int, default=G_DEFAULT, metavar="G",
                        help=f"grid cells per side, {G_MIN} to {G_MAX} (default {G_DEFAULT})")
    parser.add_argument("--plane", default="auto", metavar="KIND",
                        help="params=NAME,NAME | optimum | pca (default: w and b for a two-parameter "
                             "model, start → optimum otherwise)")
    parser.add_argument("--range", dest="range", default=None, metavar="a0:a1,b0:b1",
                        help="the plane's extent (default: fitted to start, optimum and runs)")
    parser.add_argument("--at", default="start", metavar="WHERE",
                        help="start | optimum | run=LABEL: where --plane params holds the other parameters")
    existing = getattr(parser, "_option_string_actions", {})
    if "--steps" not in existing and "--epochs" not in existing:
        length = parser.add_mutually_exclusive_group()
        length.add_argument("--steps", type=int, default=None,
                            help=f"updates each --opt run makes for its trajectory (default {RACE_STEPS_DEFAULT})")
        length.add_argument("--epochs", type=int, default=None, help="passes over the data for each --opt run")


# -- parsing ------------------------------------------------------------------------------------


def parse_range(text: str | None) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """'a0:a1,b0:b1' -> ((a0, a1), (b0, b1)); None keeps the fitted ranges."""
    if text is None or not str(text).strip():
        return None
    parts = str(text).split(",")
    if len(parts) != 2:
        raise ValueError(f"--range {text!r}: write two ranges as a0:a1,b0:b1, e.g. -1:3,-2:2")
    ranges = []
    for axis, part in zip("ab", parts):
        ends = part.split(":")
        try:
            lo, hi = (float(ends[0]), float(ends[1])) if len(ends) == 2 else (None, None)
        except ValueError:
            lo = hi = None
        if lo is None or not (math.isfinite(lo) and math.isfinite(hi)):
            raise ValueError(f"--range {text!r}: the {axis} range {part!r} must be two numbers low:high")
        if not lo < hi:
            raise ValueError(f"--range {text!r}: the {axis} range must go from low to high, not {part}")
        ranges.append((lo, hi))
    return ranges[0], ranges[1]


def parse_at(text: str | None) -> tuple[str, str | None]:
    """'start' | 'optimum' | 'run=LABEL' -> (where, label)."""
    text = (text or "start").strip()
    if text in ("start", "optimum"):
        return text, None
    if text.startswith("run=") and text[4:].strip():
        return "run", text[4:].strip()
    raise ValueError(f"--at {text!r}: choose start, optimum or run=LABEL")


# -- the command --------------------------------------------------------------------------------


def run_surface(args: argparse.Namespace, dataset, model: Model, start_theta, runs=()) -> dict:
    """The surface command: race the --opt runs (for their trajectories), then ``surface_json``."""
    seed = getattr(args, "seed", None) or 0
    trajectories = None
    if runs:
        trajectories = race_trajectories(dataset, model, start_theta, runs, seed=seed,
                                         steps=getattr(args, "steps", None), epochs=getattr(args, "epochs", None))
    return surface_json(
        dataset, model, grid=args.grid, plane=args.plane, ranges=args.range, at=args.at,
        start=start_theta, trajectories=trajectories, seed=seed,
    )


def race_trajectories(dataset, model: Model, start, runs, *, seed: int = 0, steps: int | None = None,
                      epochs: int | None = None) -> dict[str, np.ndarray]:
    """Each run's parameters after every update: {label: [T, P]}."""
    from engine.race import Race

    race = Race(model, dataset.X, dataset.y, list(runs), np.asarray(start, dtype=np.float64), seed=seed)
    for value, name in ((steps, "--steps"), (epochs, "--epochs")):
        if value is not None and value < 0:
            raise ValueError(f"{name} must be 0 or more, not {value}")
    if epochs is not None:
        race.run_to(epochs=epochs)
    else:
        race.run_to(steps=RACE_STEPS_DEFAULT if steps is None else steps)
    return {spec.label: race.trajectory(k) for k, spec in enumerate(race.runs)}


def surface_json(dataset, model: Model, *, grid: int = G_DEFAULT, plane: str = "auto", ranges=None,
                 at: str = "start", start=None, trajectories=None, seed: int = 0,
                 optimum: Optimum | None = None) -> dict:
    """The loss surface and the optimum as plain JSON-ready lists (non-finite numbers as null)."""
    kind, names = parse_plane(plane)
    if isinstance(ranges, str) or ranges is None:
        ranges = parse_range(ranges)
    where, label = parse_at(at)
    start = np.zeros(model.n_params) if start is None else np.asarray(start, dtype=np.float64).reshape(-1)
    if len(start) != model.n_params:
        raise ValueError(f"the start has {len(start)} values but the model has {model.n_params} parameters")
    trajectories = dict(trajectories or {})
    if optimum is None:
        optimum = find_optimum(model, dataset.X, dataset.y)
    if where != "start" and kind != "params":
        raise ValueError("--at only applies to --plane params=NAME,NAME")
    anchor = _anchor(where, label, start, optimum, trajectories)
    chosen = choose_plane(model, dataset.X, dataset.y, plane, start, optimum, trajectories=list(trajectories.values()),
                          anchor=anchor, seed=seed)
    if ranges is not None:
        chosen = chosen.with_ranges(*ranges)
    evaluator = SurfaceEvaluator(model, dataset.X, dataset.y)
    try:
        loss = evaluator.evaluate(chosen, grid)
    finally:
        evaluator.close()
    a, b = chosen.grid(grid)
    return {
        "plane": {"origin": _list(chosen.origin), "u": _list(chosen.u), "v": _list(chosen.v),
                  "a": _list(a), "b": _list(b)},
        "loss": [_list(row) for row in loss],
        "optimum": optimum_json(model, optimum),
    }


def optimum_json(model: Model, optimum: Optimum) -> dict:
    weight = bias = direction = None
    if optimum.theta is not None:
        w, b = model.unpack(optimum.theta[None])
        weight = [_list(row) for row in w[0]]
        bias = _list(b[0]) if model.bias else None
    if optimum.direction is not None:
        direction = _list(optimum.direction)
    return {"status": optimum.status, "weight": weight, "bias": bias, "loss": _number(optimum.loss),
            "direction": direction}


def _anchor(where: str, label: str | None, start, optimum: Optimum, trajectories) -> np.ndarray:
    if where == "start":
        return start
    if where == "optimum":
        if optimum.status != "finite":
            raise ValueError("--at optimum: this data has no finite optimum (the cost keeps falling); "
                             "use --at start or --at run=LABEL")
        return optimum.theta
    if label not in trajectories:
        known = ", ".join(trajectories) or "none: add runs with --opt"
        raise ValueError(f"--at run={label}: no run with that label (runs: {known})")
    return np.asarray(trajectories[label], dtype=np.float64)[-1]


def _number(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def _list(values) -> list:
    return [_number(v) for v in np.asarray(values, dtype=np.float64).reshape(-1)]
