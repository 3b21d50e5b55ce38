"""Data sets: the course presets, scikit-learn's shipped sets and generators, CSV import/export."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

TASKS = ("regression", "binary", "multiclass")


class DataError(ValueError):
    """Bad data, with a message a student understands (file, row and column where relevant)."""


@dataclass(frozen=True)
class Dataset:
    """X [N, D] float64, y [N] (float for regression, int class index otherwise)."""

    name: str
    X: np.ndarray
    y: np.ndarray
    task: str
    feature_names: tuple[str, ...] = ()
    class_names: tuple[str, ...] = ()
    target_name: str = "y"

    def __post_init__(self) -> None:
        X = np.array(self.X, dtype=np.float64, copy=True)
        if X.ndim == 1:
            X = X[:, None]
        if self.task not in TASKS:
            raise DataError(f"unknown task {self.task!r}: choose one of {', '.join(TASKS)}")
        y = np.array(self.y, dtype=np.float64 if self.task == "regression" else np.int64, copy=True).reshape(-1)
        if X.ndim != 2 or len(y) != len(X):
            raise DataError(f"{len(X)} rows of features but {len(y)} targets")
        X.setflags(write=False)
        y.setflags(write=False)
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)
        if not self.feature_names:
            object.__setattr__(self, "feature_names", tuple(f"x{i + 1}" for i in range(X.shape[1])))
        if self.task != "regression" and not self.class_names:
            k = int(y.max()) + 1 if len(y) else 2
            object.__setattr__(self, "class_names", tuple(str(c) for c in range(max(k, 2))))

    @property
    def n(self) -> int:
        return self.X.shape[0]

    @property
    def d(self) -> int:
        return self.X.shape[1]

    @property
    def n_classes(self) -> int:
        return len(self.class_names) if self.task != "regression" else 1
