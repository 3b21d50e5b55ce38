"""The ``Dataset``: features, targets and names, immutable, with the edits the window makes.

Every edit (``with_point``, ``moved``, ``without``) returns a new Dataset; bad data raises
``DataError`` with a message a student understands. Nothing is standardised behind the user's
back: ``standardize`` is a separate, explicit step.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from engine.words import translate

TASKS = ("regression", "binary", "multiclass")

MAX_CLASSES = 20
MAX_ROWS = 100_000


class DataError(ValueError):
    """Bad data, with a message a student understands (file, row and column where relevant)."""


class NoSuchPoint(DataError, IndexError):
    """A point number past the data set's end: bad data to a student, an IndexError to code."""


@dataclass(frozen=True)
class Dataset:
    """X [N, D] float64, y [N] (float for regression, int class index otherwise).

    Immutable: the arrays are read-only copies, and every edit (``with_point``, ``moved``,
    ``without``) returns a new Dataset. Class labels are checked on construction; non-finite
    features are allowed (a student can type them) and reported by ``validate_for_training``.
    """

    name: str
    X: np.ndarray
    y: np.ndarray
    task: str
    feature_names: tuple[str, ...] = ()
    class_names: tuple[str, ...] = ()
    target_name: str = "y"
    # rows held out as the test set (bool [N]; engine/data/split.py), None: every row trains
    test: np.ndarray | None = None

    def __post_init__(self) -> None:
        X = np.array(self.X, dtype=np.float64, copy=True)
        if X.ndim == 1:
            X = X[:, None]
        if self.task not in TASKS:
            raise DataError(f"unknown task {self.task!r}: choose one of {', '.join(TASKS)}")
        y = _as_targets(self.y, self.task)
        if X.ndim != 2 or len(y) != len(X):
            raise DataError(f"{len(X)} rows of features but {len(y)} targets")
        X.setflags(write=False)
        y.setflags(write=False)
        if self.test is not None:
            test = np.array(self.test, dtype=bool, copy=True).reshape(-1)
            if len(test) != len(X):
                raise DataError(f"{len(X)} rows but a test mask of {len(test)}")
            test.setflags(write=False)
            object.__setattr__(self, "test", test if test.any() else None)
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "feature_names", tuple(str(f) for f in self.feature_names))
        object.__setattr__(self, "class_names", tuple(str(c) for c in self.class_names))
        if not self.feature_names:
            object.__setattr__(self, "feature_names", tuple(f"x{i + 1}" for i in range(X.shape[1])))
        if len(self.feature_names) != X.shape[1]:
            raise DataError(f"{X.shape[1]} feature columns but {len(self.feature_names)} feature names")
        if self.task == "regression":
            if self.class_names:
                raise DataError("a regression data set has no class names")
            return
        if not self.class_names:
            k = int(y.max()) + 1 if len(y) else 2
            object.__setattr__(self, "class_names", tuple(str(c) for c in range(max(k, 2))))
        k = len(self.class_names)
        if self.task == "binary" and k != 2:
            raise DataError(f"a binary data set has exactly 2 classes, not {k}")
        if k < 2 or k > MAX_CLASSES:
            raise DataError(f"a classifier needs 2 to {MAX_CLASSES} classes, not {k}")
        if len(set(self.class_names)) != k:
            raise DataError(f"two classes have the same name: {', '.join(self.class_names)}")
        if len(y) and int(y.max()) >= k:
            raise DataError(f"class label {int(y.max())} but only {k} classes ({', '.join(self.class_names)})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return (
            self.name == other.name
            and self.task == other.task
            and self.feature_names == other.feature_names
            and self.class_names == other.class_names
            and self.target_name == other.target_name
            and self.X.shape == other.X.shape
            and np.array_equal(self.X, other.X, equal_nan=True)
            and np.array_equal(self.y, other.y, equal_nan=self.task == "regression")
            and np.array_equal(self.test_mask, other.test_mask)
        )

    def __hash__(self) -> int:
        return hash((self.name, self.task, self.feature_names, self.class_names, self.target_name,
                     self.X.shape, self.X.tobytes(), self.y.tobytes(), self.test_mask.tobytes()))

    def __repr__(self) -> str:
        classes = f", {self.n_classes} classes" if self.task != "regression" else ""
        return f"Dataset({self.name!r}, {self.n}×{self.d}, {self.task}{classes})"

    @property
    def n(self) -> int:
        return self.X.shape[0]

    @property
    def d(self) -> int:
        return self.X.shape[1]

    @property
    def n_classes(self) -> int:
        return len(self.class_names) if self.task != "regression" else 1

    @property
    def is_classification(self) -> bool:
        return self.task != "regression"

    # The held-out rows: the race, the optimum and the surface see only ``training``.

    @property
    def test_mask(self) -> np.ndarray:
        """bool [N]: True for a row held out as the test set."""
        return self.test if self.test is not None else np.zeros(self.n, dtype=bool)

    @property
    def has_test(self) -> bool:
        return self.test is not None

    @property
    def training(self) -> Dataset:
        """The rows the models train on (this data set itself when nothing is held out)."""
        if self.test is None:
            return self
        cached = self.__dict__.get("_training")
        if cached is None:
            keep = ~self.test
            cached = replace(self, X=self.X[keep], y=self.y[keep], test=None)
            object.__setattr__(self, "_training", cached)
        return cached

    @property
    def testing(self) -> Dataset | None:
        """The held-out rows, or None."""
        if self.test is None:
            return None
        cached = self.__dict__.get("_testing")
        if cached is None:
            cached = replace(self, X=self.X[self.test], y=self.y[self.test], test=None)
            object.__setattr__(self, "_testing", cached)
        return cached

    # Edits the GUI makes: each returns a new Dataset and leaves this one as it was.

    def with_point(self, x, y, test: bool = False) -> Dataset:
        """This data set plus one point at the end (a multiclass label one past the last class
        adds a class), in the training set or, with ``test``, the test set."""
        row = self._row(x)
        X = np.vstack([self.X, row[None, :]])
        ys = np.append(self.y, self._label(y))
        mask = np.append(self.test_mask, bool(test)) if self.test is not None or test else None
        return replace(self, X=X, y=ys, class_names=self._classes_for(ys), test=mask)

    def moved(self, i: int, x, y=None) -> Dataset:
        """Point ``i`` moved to ``x`` (and relabelled to ``y`` when given)."""
        i = self._index(i)
        X = self.X.copy()
        X[i] = self._row(x)
        ys = self.y.copy()
        if y is not None:
            ys[i] = self._label(y)
        return replace(self, X=X, y=ys, class_names=self._classes_for(ys), test=self.test)

    def without(self, i) -> Dataset:
        """This data set without point ``i`` (an int, or a sequence of indices)."""
        idx = [self._index(j) for j in np.atleast_1d(np.asarray(i, dtype=np.int64))]
        mask = None if self.test is None else np.delete(self.test, idx)
        return replace(self, X=np.delete(self.X, idx, axis=0), y=np.delete(self.y, idx), test=mask)

    def validate_for_training(self) -> None:
        """Raise DataError, in a student's words, if a model cannot be trained on this data."""
        if self.n == 0:
            raise DataError(translate("Data", "The data set is empty: click on the plot to add points."))
        for values, names in ((self.X, self.feature_names), (self.y[:, None], (self.target_name,))):
            bad = ~np.isfinite(values)
            if bad.any():
                row, col = (int(v) for v in np.argwhere(bad)[0])
                if np.isnan(values[row, col]):
                    raise DataError(translate("Data", "{column} has a value that is not a number (NaN) in row {row}: "
                                                      "change or delete that point.").format(column=names[col], row=row + 1))
                raise DataError(translate("Data", "{column} has an infinite value in row {row}: change or delete that "
                                                  "point.").format(column=names[col], row=row + 1))
        if self.is_classification and len(np.unique(self.y)) < 2:
            raise DataError(translate("Data", "Only one class is left: add a point of another class to train a classifier."))

    def _row(self, x) -> np.ndarray:
        row = np.asarray(x, dtype=np.float64).reshape(-1)
        if row.shape != (self.d,):
            raise DataError(translate("Data", "A point of this data set has {features} features, not {given}.").format(
                features=self.d, given=row.size))
        return row

    def _label(self, y) -> float | int:
        if not self.is_classification:
            return float(y)
        value = float(y)
        if not value.is_integer() or value < 0:
            raise DataError(translate("Data", "Class label {label} is not a class number 0, 1, 2, …").format(
                label=repr(y)))
        label = int(value)
        top = 1 if self.task == "binary" else MAX_CLASSES - 1
        if label > top:
            raise DataError(translate("Data", "Class label {label} is too large: this data set takes classes 0 to "
                                              "{top}.").format(label=label, top=top))
        return label

    def _classes_for(self, y: np.ndarray) -> tuple[str, ...]:
        """The class names, extended with default names when a new multiclass label appears."""
        if not self.is_classification or not len(y) or int(y.max()) < len(self.class_names):
            return self.class_names
        extra = range(len(self.class_names), int(y.max()) + 1)
        return self.class_names + tuple(_unused_name(str(c), self.class_names) for c in extra)

    def _index(self, i) -> int:
        i = int(i)
        if not -self.n <= i < self.n:
            raise NoSuchPoint(translate("Data", "Point {index} does not exist: the data set has {n} points.").format(
                index=i, n=self.n))
        return i % self.n


def _as_targets(y, task: str) -> np.ndarray:
    raw = np.asarray(y)
    if task == "regression":
        try:
            return np.array(raw, dtype=np.float64, copy=True).reshape(-1)
        except (TypeError, ValueError):
            raise DataError("regression targets must be numbers") from None
    raw = raw.reshape(-1)
    if raw.dtype.kind == "b":
        raw = raw.astype(np.int64)
    if raw.dtype.kind not in "iuf" and len(raw):
        raise DataError("class labels must be class numbers 0, 1, 2, …")
    if raw.dtype.kind == "f":
        if not np.isfinite(raw).all() or not (raw == np.round(raw)).all() or (np.abs(raw) >= 2**62).any():
            raise DataError("class labels must be whole numbers 0, 1, 2, …")
    out = np.array(raw, dtype=np.int64, copy=True)
    if len(out) and out.min() < 0:
        raise DataError(f"class label {int(out.min())} is negative: labels are 0, 1, 2, …")
    return out


def _unused_name(name: str, taken: tuple[str, ...]) -> str:
    while name in taken:
        name = f"{name}'"
    return name


# ---------------------------------------------------------------------------------------------
# Preparing data for training: explicit steps, never applied silently


def standardize(dataset: Dataset) -> tuple[Dataset, np.ndarray, np.ndarray]:
    """A copy with every feature at mean 0 and standard deviation 1, plus the mean and std used
    (so new points can be mapped the same way: (x - mean) / std). Constant columns keep std = 1.
    With a test set held out, the mean and std are the training rows' (as a scaler fitted on the
    training set): the test rows must not leak into what the model is given."""
    if dataset.n == 0:
        raise DataError("The data set is empty: there is nothing to standardise.")
    fitted = dataset.training
    mean = fitted.X.mean(axis=0)
    std = fitted.X.std(axis=0)
    std = np.where(np.isfinite(std) & (std > 0), std, 1.0)
    mean.setflags(write=False)
    std.setflags(write=False)
    return replace(dataset, X=(dataset.X - mean) / std), mean, std


def split_indices(n: int, test_fraction: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The (train, test) row indices of ``train_test_split``: a seeded shuffle, the first
    ``round(n * test_fraction)`` rows (at least 1, at most n - 1) for the test set."""
    if not 0 < test_fraction < 1:
        raise DataError(f"the test fraction must be between 0 and 1, not {test_fraction}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise DataError(f"the seed must be a whole number from 0 up, not {seed!r}")
    if n < 2:
        raise DataError("Splitting needs at least 2 points: one to train on and one to test.")
    order = np.random.default_rng(seed).permutation(n)
    n_test = min(max(int(round(n * test_fraction)), 1), n - 1)
    return order[n_test:], order[:n_test]


def train_test_split(dataset: Dataset, test_fraction: float = 0.2, seed: int = 0) -> tuple[Dataset, Dataset]:
    """(train, test): the rows shuffled with ``seed``, then cut. Both keep every class name."""
    train, test = split_indices(dataset.n, test_fraction, seed)
    return (replace(dataset, X=dataset.X[train], y=dataset.y[train]),
            replace(dataset, X=dataset.X[test], y=dataset.y[test]))


