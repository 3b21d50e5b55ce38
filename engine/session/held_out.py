"""What a frame says of the test set and the threshold: each run's test cost along its loss
curve, the step where it was lowest (where early stopping would stop), and accuracy, confusion,
precision and recall on the training and test rows at the session's threshold.

The race trains on the training rows only (``SessionState.training``); the test cost is the
cost of the race's stored parameters on the held-out rows, computed for new history rows only
as the race goes (the last row, "now", again each frame).
"""
from __future__ import annotations

import numpy as np

from engine.evaluation import held_out_loss, run_metrics
from engine.session.paths import MAX_HISTORY_POINTS, envelope, frozen


class TestCurves:
    """Each run's test cost at every stored row of its history, extended as the race goes."""

    __test__ = False  # not a pytest class

    def __init__(self) -> None:
        self._cache: dict[int, tuple] = {}

    def clear(self) -> None:
        self._cache.clear()

    def full(self, race, k: int, testing) -> np.ndarray:
        """Run k's test cost at each row of ``race.history(k, to_now=True)``."""
        view = race.history(k, to_now=True)
        key = (id(race), id(testing), view.stride, view.first_row, int(race.born[k]), race.k)
        cached = self._cache.get(k)
        if cached is None or cached[0] != key or len(cached[1]) > len(view.theta):
            cached = (key, np.zeros(0))
        done = max(len(cached[1]) - 1, 0)  # the last row was "now": redo it
        new = held_out_loss(race.model, view.theta[done:], testing)
        values = np.concatenate([cached[1][:done], new])
        self._cache[k] = (key, values)
        return values


def test_frame(session, k: int, curves, tests: TestCurves) -> dict:
    """RunFrame fields for run k: ``test_loss_history`` (one value per ``loss_history`` value; in
    a long race thinned to its own lowest and highest points, at ``test_history_steps``: the
    training cost's would miss the test cost's minimum), ``best_test_step`` and ``metrics``;
    empty without a test set or classes."""
    state, race = session.state, session.race
    ds = state.design  # the features the model sees
    out = {}
    if ds.has_test:
        values = tests.full(race, k, ds.testing)
        if curves._rows.get(k) is None:
            out["test_loss_history"] = frozen(values)
        else:
            idx = envelope(values, MAX_HISTORY_POINTS // 2)
            out["test_loss_history"] = frozen(values[idx])
            out["test_history_steps"] = frozen(race.history(k, to_now=True).steps(idx))
        if np.isfinite(values).any():
            best = int(np.nanargmin(values))
            out["best_test_step"] = int(race.history(k, to_now=True).steps(np.array([best]))[0])
    if ds.is_classification:
        out["metrics"] = run_metrics(state.model, race.theta[k:k + 1], ds, state.threshold)[0]
    return out
