"""How the runs do on data they did not train on, and at a threshold: the test cost after every
update, and accuracy, confusion, precision and recall on the training and the test rows.

The test cost is read off the race's own parameter history (``Race.history``): the race trains
on the training rows only and never sees the test rows, so the test curve is one batched cost
of the stored parameters, computed when asked for, and has one value per value of ``loss``.
"""
from __future__ import annotations

import numpy as np

from engine import metrics


def held_out_loss(model, thetas: np.ndarray, testing) -> np.ndarray:
    """The cost on the test rows of each parameter vector [T, P]: [T] (nan where not finite). The
    data's cost alone, without a weight penalty: what the model does on new data, as the course's
    learning curves measure it (so a penalty that tames overfitting lowers it)."""
    thetas = np.asarray(thetas, dtype=np.float64)
    if testing is None or testing.n == 0 or not len(thetas):
        return np.full(len(thetas), np.nan)
    out = np.full(len(thetas), np.nan)
    finite = np.all(np.isfinite(thetas), axis=1)
    if finite.any():
        with np.errstate(all="ignore"):
            out[finite] = model.unpenalised.loss(thetas[finite], testing.X, testing.y)
    return out


def run_metrics(model, thetas: np.ndarray, dataset, threshold: float = 0.5) -> list[dict]:
    """Per run: {"train": {...}, "test": {...}} (test only when rows are held out), each with
    accuracy and confusion, and for two classes precision and recall of class 1."""
    if not dataset.is_classification:
        return [{} for _ in range(len(thetas))]
    parts = {"train": dataset.training}
    if dataset.testing is not None:
        parts["test"] = dataset.testing
    out = [{} for _ in range(len(thetas))]
    for name, part in parts.items():
        predicted = metrics.predictions(model, thetas, part.X, threshold)
        for k, entry in enumerate(metrics.summary(part.y, predicted, dataset.n_classes)):
            out[k][name] = entry
    return out
