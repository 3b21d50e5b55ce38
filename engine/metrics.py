"""How well a classifier does at a threshold: accuracy, the confusion matrix, precision, recall.

The same definitions as ``sklearn.metrics`` (tested against it): rows of the confusion matrix are
the true class, columns the predicted one; binary confusion is [[tn, fp], [fn, tp]]. Precision
and recall with no predicted (or no true) positives are 0, as scikit-learn's ``zero_division=0``.
Many runs at once: ``predicted`` is [K, N].
"""
from __future__ import annotations

import numpy as np


def predictions(model, thetas: np.ndarray, X: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """The predicted class of every sample for every run: [K, N] (binary: P(1) >= threshold)."""
    if len(X) == 0:
        return np.zeros((len(thetas), 0), dtype=np.int64)
    with np.errstate(all="ignore"):
        p = model.predict_proba(thetas, X)
    if model.kind == "logistic":
        return (p >= threshold).astype(np.int64)
    if model.n_classes == 2:  # softmax on two classes: the same threshold on P(class 1)
        return (p[..., 1] >= threshold).astype(np.int64)
    return np.argmax(p, axis=-1)


def confusion(y: np.ndarray, predicted: np.ndarray, n_classes: int) -> np.ndarray:
    """[K, C, C] counts: entry [k, i, j] is run k's samples of true class i predicted as j."""
    predicted = np.atleast_2d(predicted)
    k = predicted.shape[0]
    y = np.asarray(y, dtype=np.int64)
    flat = (np.arange(k)[:, None] * n_classes + y[None, :]) * n_classes + predicted
    return np.bincount(flat.ravel(), minlength=k * n_classes * n_classes).reshape(k, n_classes, n_classes)


def summary(y: np.ndarray, predicted: np.ndarray, n_classes: int) -> list[dict]:
    """Per run: accuracy and confusion (binary: also precision and recall of class 1)."""
    matrices = confusion(y, predicted, n_classes)
    out = []
    for m in matrices:
        total = int(m.sum())
        entry = {"accuracy": float(np.trace(m) / total) if total else float("nan"), "confusion": m.tolist()}
        if n_classes == 2:
            tp, fp, fn = int(m[1, 1]), int(m[0, 1]), int(m[1, 0])
            entry["precision"] = tp / (tp + fp) if tp + fp else 0.0
            entry["recall"] = tp / (tp + fn) if tp + fn else 0.0
        out.append(entry)
    return out
