"""Holding out a test set: which rows a model never trains on, to see how it does on new data.

``hold_out`` marks rows as ``train_test_split(test_size=F, stratify=y, random_state=seed)`` would
pick them, in its sizes and proportions: ceil(F * n) test rows; for classes, each class's share
of them by largest remainder (every class keeps at least one training row), drawn by a seeded
shuffle within each class. It is written here rather than imported because scikit-learn's
model_selection costs a second to import, and the window splits on the worker while it races.
The mask travels with the data set (``Dataset.test``), so edits keep it: a new point trains
unless it is added to the test set.
"""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from engine.data.dataset import DataError, Dataset

MAX_TEST_FRACTION = 0.5


def check_fraction(fraction: float) -> float:
    if isinstance(fraction, bool) or not (0.0 <= float(fraction) <= MAX_TEST_FRACTION):
        raise DataError(f"the test fraction must be from 0 to {MAX_TEST_FRACTION:g} (0 to 50 %), not {fraction}")
    return float(fraction)


def held_out_rows(y: np.ndarray, fraction: float, seed: int, stratify: bool) -> np.ndarray:
    """The sorted indices of the held-out rows."""
    fraction = check_fraction(fraction)
    n = len(y)
    n_test = math.ceil(fraction * n - 1e-12) if fraction > 0 else 0
    if n_test == 0:
        return np.zeros(0, dtype=np.int64)
    if n - n_test < 1:
        raise DataError("Holding out a test set needs at least 2 points: one to train on and one to test.")
    rng = np.random.default_rng(seed)
    if not stratify:
        return np.sort(rng.permutation(n)[:n_test])
    classes, counts = np.unique(y, return_counts=True)
    share = counts * n_test / n
    take = np.floor(share).astype(np.int64)
    # the rows left go to the largest remainders (ties by a seeded draw), never a class's last row
    order = np.lexsort((rng.random(len(classes)), -(share - take)))
    for c in order:
        if take.sum() >= n_test:
            break
        if take[c] < counts[c] - 1:
            take[c] += 1
    take = np.minimum(take, counts - 1)
    rows = [rng.permutation(np.flatnonzero(y == cls))[:k] for cls, k in zip(classes, take)]
    return np.sort(np.concatenate(rows)) if rows else np.zeros(0, dtype=np.int64)


def hold_out(dataset: Dataset, fraction: float, seed: int = 0) -> Dataset:
    """The data set with ``fraction`` of its rows held out (0: none), stratified for classes."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise DataError(f"the split seed must be a whole number from 0 up, not {seed!r}")
    rows = held_out_rows(dataset.y, fraction, int(seed), dataset.is_classification)
    if not len(rows):
        return replace(dataset, test=None)
    mask = np.zeros(dataset.n, dtype=bool)
    mask[rows] = True
    return replace(dataset, test=mask)
