"""What ``main.py run`` prints: the race run to its limit, each run's costs, parameters and
status, and with a test set or a threshold the held-out costs, the split and the metrics."""
from __future__ import annotations

import math

import numpy as np

from engine.functions import is_function
from engine.race import Race


def run_state(state, threshold: float | None = None) -> dict:
    """Race a session's runs to its limit: what ``run`` prints. Ctrl-C stops the race where it
    is: the runs so far are printed, with ``"interrupted": true``."""
    training = state.training  # held-out rows are never trained on (and the features expanded)
    race = Race(state.model, training.X, training.y, state.specs, state.start_theta, seed=state.seed,
                shuffle_rng=state.shuffle_rng, clip=state.clip)
    interrupted = False
    try:
        race.run_to(**{state.limit.unit: state.limit.count})
    except KeyboardInterrupt:
        interrupted = True
    ds = state.dataset
    if is_function(state.model):
        model = state.model
        result = {"function": {"name": model.name or None, "formula": model.formula,
                               "domain": [list(r) for r in model.domain], "minima": [list(p) for p in model.minima]},
                  "runs": [_function_run_json(race, k) for k in range(race.k)]}
    else:
        result = {"dataset": {"name": ds.name, "n": ds.n, "d": ds.d, "task": ds.task},
                  "runs": [_run_json(race, k) for k in range(race.k)]}
        _add_evaluation(result, race, state.design, threshold)
        if state.features is not None:
            f = state.features
            result["features"] = f.to_json() | {"names": list(f.names)}
    if state.clip is not None:
        result["clip"] = state.clip
    if interrupted:
        result["interrupted"] = True
    return result


def _add_evaluation(result: dict, race: Race, ds, threshold: float | None) -> None:
    """With a test set: each run's ``test_loss`` (one per ``loss``) and the ``split``; with a
    threshold or a test set, on classes: each run's ``metrics`` on the training and test rows."""
    from engine.evaluation import held_out_loss, run_metrics

    if ds.has_test:
        for k, run in enumerate(result["runs"]):
            run["test_loss"] = [finite_or_none(v) for v in held_out_loss(race.model, race.history(k).theta, ds.testing)]
        result["split"] = {"train_index": np.flatnonzero(~ds.test_mask).tolist(),
                           "test_index": np.flatnonzero(ds.test_mask).tolist()}
    if ds.is_classification and (threshold is not None or ds.has_test):
        for run, entry in zip(result["runs"], run_metrics(race.model, race.theta, ds, 0.5 if threshold is None
                                                          else threshold)):
            run["metrics"] = entry


def _run_json(race: Race, k: int) -> dict:
    spec = race.runs[k]
    weight, bias = race.model.unpack(race.theta[k][None])
    diverged = race.diverged_at[k] >= 0
    return {
        "label": spec.label,
        "optimizer": spec.optimizer,
        "hyper": spec.hyper,
        "batch": int(race._size[k]),
        "steps": int(race.steps[k]),
        "loss": [finite_or_none(v) for v in race.loss_history(k)],
        "weight": weight[0].tolist(),
        "bias": bias[0].tolist() if race.model.bias else None,
        "status": "diverged" if diverged else "ok",
        "diverged_at": int(race.diverged_at[k]) if diverged else None,
    } | ({"history_stride": int(race._stride)} if race._stride > 1 else {})


def _function_run_json(race: Race, k: int) -> dict:
    """A run on a function: its steps and costs as for data, its point (x, y) now, the path it
    took (one [x, y] per entry of ``loss``) and which known minimum it reached, and when."""
    spec, model = race.runs[k], race.model
    diverged = race.diverged_at[k] >= 0
    path = race.trajectory(k)
    reached, reached_at = None, None
    for row, point in enumerate(path):
        index = model.minimum_reached(point)
        if index is not None:
            reached, reached_at = index, int(race.history_steps(k)[row])
            break
    return {
        "label": spec.label,
        "optimizer": spec.optimizer,
        "hyper": spec.hyper,
        "steps": int(race.steps[k]),
        "loss": [finite_or_none(v) for v in race.loss_history(k)],
        "theta": [finite_or_none(v) for v in race.theta[k]],
        "path": [[finite_or_none(x), finite_or_none(y)] for x, y in path],
        "status": "diverged" if diverged else "ok",
        "diverged_at": int(race.diverged_at[k]) if diverged else None,
        "reached_minimum": None if reached is None else list(model.minima[reached]),
        "reached_at": reached_at,
    } | ({"history_stride": int(race._stride)} if race._stride > 1 else {})


def finite_or_none(value: float):
    return float(value) if math.isfinite(value) else None
