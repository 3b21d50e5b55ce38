"""Data sets: the course presets, scikit-learn's shipped sets and generators, CSV import/export.

Everything here is pure: loading a preset or a file returns a new immutable ``Dataset`` or raises
``DataError`` with a message a student understands; nothing global changes (the torch recipe
uses its own generator, not the global seed). Nothing is standardised behind the user's back:
``standardize`` is a separate, explicit step.
"""
from __future__ import annotations

import csv
import functools
import io
import math
import os
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

TASKS = ("regression", "binary", "multiclass")

MAX_CLASSES = 20
MAX_ROWS = 100_000
MAX_BYTES = 256 * 2**20  # a CSV file is read whole, so larger files are refused


class DataError(ValueError):
    """Bad data, with a message a student understands (file, row and column where relevant)."""


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
        )

    def __hash__(self) -> int:
        return hash((self.name, self.task, self.feature_names, self.class_names, self.target_name,
                     self.X.shape, self.X.tobytes(), self.y.tobytes()))

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

    # Edits the GUI makes: each returns a new Dataset and leaves this one as it was.

    def with_point(self, x, y) -> Dataset:
        """This data set plus one point at the end (a multiclass label one past the last class
        adds a class)."""
        row = self._row(x)
        X = np.vstack([self.X, row[None, :]])
        ys = np.append(self.y, self._label(y))
        return replace(self, X=X, y=ys, class_names=self._classes_for(ys))

    def moved(self, i: int, x, y=None) -> Dataset:
        """Point ``i`` moved to ``x`` (and relabelled to ``y`` when given)."""
        i = self._index(i)
        X = self.X.copy()
        X[i] = self._row(x)
        ys = self.y.copy()
        if y is not None:
            ys[i] = self._label(y)
        return replace(self, X=X, y=ys, class_names=self._classes_for(ys))

    def without(self, i) -> Dataset:
        """This data set without point ``i`` (an int, or a sequence of indices)."""
        idx = [self._index(j) for j in np.atleast_1d(np.asarray(i, dtype=np.int64))]
        return replace(self, X=np.delete(self.X, idx, axis=0), y=np.delete(self.y, idx))

    def validate_for_training(self) -> None:
        """Raise DataError, in a student's words, if a model cannot be trained on this data."""
        if self.n == 0:
            raise DataError("The data set is empty: click on the plot to add points.")
        for values, names in ((self.X, self.feature_names), (self.y[:, None], (self.target_name,))):
            bad = ~np.isfinite(values)
            if bad.any():
                row, col = (int(v) for v in np.argwhere(bad)[0])
                what = "a value that is not a number (NaN)" if np.isnan(values[row, col]) else "an infinite value"
                raise DataError(f"{names[col]} has {what} in row {row + 1}: change or delete that point.")
        if self.is_classification and len(np.unique(self.y)) < 2:
            raise DataError("Only one class is left: add a point of another class to train a classifier.")

    def _row(self, x) -> np.ndarray:
        row = np.asarray(x, dtype=np.float64).reshape(-1)
        if row.shape != (self.d,):
            raise DataError(f"a point of this data set has {self.d} features, not {row.size}")
        return row

    def _label(self, y) -> float | int:
        if not self.is_classification:
            return float(y)
        value = float(y)
        if not value.is_integer() or value < 0:
            raise DataError(f"class label {y!r} is not a class number 0, 1, 2, …")
        label = int(value)
        top = 1 if self.task == "binary" else MAX_CLASSES - 1
        if label > top:
            raise DataError(f"class label {label} is too large: this data set takes classes 0 to {top}")
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
            raise IndexError(f"point {i} does not exist: the data set has {self.n} points")
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
        if not np.isfinite(raw).all() or not (raw == np.round(raw)).all():
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
# Presets

PRESETS: tuple[str, ...] = (
    "line-30", "line-3x2", "quiz-scores", "logistic-line", "logistic-2d", "softmax-8",
    "wine", "digits", "breast-cancer", "iris", "blobs", "moons", "circles",
)

PRESET_INFO: dict[str, str] = {
    "line-30": "30 points on a noisy line (x = 1 to 30): simple linear regression.",
    "line-3x2": "1000 points around y = 3x + 2 with standard normal noise (drawn with torch).",
    "quiz-scores": "Two quizzes and a midterm predict the final exam score of 5 students.",
    "logistic-line": "Six points on a line, class 0 on the left and class 1 on the right.",
    "logistic-2d": "Six 2-D points in two classes: logistic regression in the plane.",
    "softmax-8": "Eight points with 4 features in 3 classes: softmax regression.",
    "wine": "178 Italian wines, 13 chemical measurements, 3 grape cultivars.",
    "digits": "1797 handwritten digits of 8×8 pixels, 10 classes.",
    "breast-cancer": "569 tumours, 30 cell measurements, benign (0) or malignant (1).",
    "iris": "150 iris flowers, 4 petal and sepal sizes, 3 species.",
    "blobs": "Random round clusters, one per class (default 300 points, 3 classes).",
    "moons": "Two interleaving half circles (default 200 points): not separable by a line.",
    "circles": "A small circle inside a large one (default 200 points): not separable by a line.",
}

# The parameters of load_preset each preset accepts, with their defaults (the GUI's sliders).
PRESET_PARAMS: dict[str, dict[str, int | float]] = {
    "line-3x2": {"n_samples": 1000, "noise": 1.0},
    "blobs": {"n_samples": 300, "noise": 1.0, "n_classes": 3},
    "moons": {"n_samples": 200, "noise": 0.2},
    "circles": {"n_samples": 200, "noise": 0.1},
}

_LINE_30_Y = (
    0.94, 1.98, 2.88, 3.92, 3.96, 4.55, 5.64, 6.3, 7.44, 9.1,
    8.46, 9.5, 10.67, 11.16, 14, 11.83, 14.4, 14.25, 16.2, 16.32,
    17.46, 19.8, 18, 21.34, 22, 22.5, 24.57, 26.04, 21.6, 28.8,
)
_QUIZ_X = ((73, 80, 75), (93, 88, 93), (89, 91, 90), (96, 98, 100), (73, 66, 70))
_QUIZ_Y = (152, 185, 180, 196, 142)
_LOGISTIC_2D_X = ((1, 2), (2, 3), (3, 1), (4, 3), (5, 3), (6, 2))
_SOFTMAX_8_X = (
    (1, 2, 1, 1), (2, 1, 3, 2), (3, 1, 3, 4), (4, 1, 5, 5),
    (1, 7, 5, 5), (1, 2, 5, 6), (1, 6, 6, 6), (1, 7, 7, 7),
)
_SOFTMAX_8_Y = (2, 2, 2, 1, 1, 1, 0, 0)


def load_preset(name: str, *, seed: int = 0, n_samples: int | None = None, noise: float | None = None,
                n_classes: int | None = None) -> Dataset:
    """A fresh Dataset for a preset, exactly as the course's tutorials build it (never standardised).

    ``seed`` drives the generators (line-3x2, blobs, moons, circles); the fixed sets ignore it.
    ``n_samples``, ``noise`` and ``n_classes`` apply only where ``PRESET_PARAMS`` lists them.
    """
    if name not in PRESETS:
        raise DataError(f"unknown data set {name!r}: choose one of {', '.join(PRESETS)}")
    given = {k: v for k, v in (("n_samples", n_samples), ("noise", noise), ("n_classes", n_classes))
             if v is not None}
    allowed = PRESET_PARAMS.get(name, {})
    for key in given:
        if key not in allowed and not (key == "n_classes" and given[key] == 2 and name in ("moons", "circles")):
            raise DataError(f"the {name} data set has no {key.replace('_', ' ')} setting")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise DataError(f"the seed must be a whole number from 0 to {2**32 - 1}, not {seed!r}")
    params = {**allowed, **given}
    if "n_samples" in params:
        params["n_samples"] = _check_count("number of points", params["n_samples"], 2, MAX_ROWS)
    if "noise" in params:
        params["noise"] = _check_noise(params["noise"])
    if "n_classes" in params:
        params["n_classes"] = _check_count("number of classes", params["n_classes"], 2, MAX_CLASSES)
        if params["n_classes"] > params["n_samples"]:
            raise DataError(f"{params['n_classes']} classes need at least {params['n_classes']} points")

    if name == "line-30":
        return Dataset(name, np.arange(1, 31, dtype=np.float64), _LINE_30_Y, "regression", ("x",))
    if name == "line-3x2":
        return _line_3x2(int(seed), params["n_samples"], params["noise"])
    if name == "quiz-scores":
        return Dataset(name, _QUIZ_X, _QUIZ_Y, "regression", ("quiz1", "quiz2", "midterm"), target_name="final")
    if name == "logistic-line":
        return Dataset(name, (-5, -3, -1, 1, 3, 5), (0, 0, 0, 1, 1, 1), "binary", ("x",), ("0", "1"))
    if name == "logistic-2d":
        return Dataset(name, _LOGISTIC_2D_X, (0, 0, 0, 1, 1, 1), "binary", ("x1", "x2"), ("0", "1"))
    if name == "softmax-8":
        return Dataset(name, _SOFTMAX_8_X, _SOFTMAX_8_Y, "multiclass", ("x1", "x2", "x3", "x4"), ("0", "1", "2"))
    if name in _SKLEARN_SETS:
        X, y, features, classes, target = _sklearn_set(name)
        task = "binary" if len(classes) == 2 else "multiclass"
        return Dataset(name, X, y, task, features, classes, target)
    return _generated(name, int(seed), **params)


def _check_count(what: str, value, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise DataError(f"the {what} must be a whole number from {low} to {high}, not {value!r}")
    return int(value)


def _check_noise(value) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise DataError(f"the noise must be a number, not {value!r}") from None
    if not math.isfinite(value) or value < 0:
        raise DataError(f"the noise must be zero or more, not {value}")
    return value


def _line_3x2(seed: int, n_samples: int, noise: float) -> Dataset:
    """The tutorial's recipe: torch.manual_seed(seed); x = torch.randn(N); noise = torch.randn(N);
    y = 3 * x + 2 + noise (float32). A private generator gives the same numbers without touching
    torch's global seed."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(n_samples, generator=generator)
    eps = torch.randn(n_samples, generator=generator)
    if noise != 1.0:
        eps = eps * noise
    y = 3 * x + 2 + eps
    return Dataset("line-3x2", x.numpy(), y.numpy(), "regression", ("x",))


# name → (sklearn loader, target name); breast-cancer's classes are swapped so that class 1 is
# "malignant", the case a screening flags (the threshold lesson).
_SKLEARN_SETS = {
    "wine": ("load_wine", "cultivar"),
    "digits": ("load_digits", "digit"),
    "breast-cancer": ("load_breast_cancer", "diagnosis"),
    "iris": ("load_iris", "species"),
}


@functools.lru_cache(maxsize=None)
def _sklearn_set(name: str) -> tuple[np.ndarray, np.ndarray, tuple[str, ...], tuple[str, ...], str]:
    """The arrays of a set shipped with scikit-learn, loaded once (read-only; Dataset copies them)."""
    import sklearn.datasets

    loader, target = _SKLEARN_SETS[name]
    bunch = getattr(sklearn.datasets, loader)()
    X = np.array(bunch.data, dtype=np.float64)
    y = np.array(bunch.target, dtype=np.int64)
    features = tuple(str(f) for f in bunch.feature_names)
    classes = tuple(str(c) for c in bunch.target_names)
    if name == "breast-cancer":
        y = 1 - y
        classes = classes[::-1]
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y, features, classes, target


def _generated(name: str, seed: int, n_samples: int, noise: float, n_classes: int = 2) -> Dataset:
    from sklearn import datasets

    if name == "blobs":
        X, y = datasets.make_blobs(n_samples=n_samples, n_features=2, centers=n_classes, cluster_std=noise,
                                   random_state=seed)
    elif name == "moons":
        X, y = datasets.make_moons(n_samples=n_samples, noise=noise, random_state=seed)
    else:
        X, y = datasets.make_circles(n_samples=n_samples, noise=noise, factor=0.5, random_state=seed)
    task = "binary" if n_classes == 2 else "multiclass"
    return Dataset(name, X, y, task, ("x1", "x2"), tuple(str(c) for c in range(n_classes)), "class")


# ---------------------------------------------------------------------------------------------
# Preparing data for training: explicit steps, never applied silently


def standardize(dataset: Dataset) -> tuple[Dataset, np.ndarray, np.ndarray]:
    """A copy with every feature at mean 0 and standard deviation 1, plus the mean and std used
    (so new points can be mapped the same way: (x - mean) / std). Constant columns keep std = 1."""
    if dataset.n == 0:
        raise DataError("The data set is empty: there is nothing to standardise.")
    mean = dataset.X.mean(axis=0)
    std = dataset.X.std(axis=0)
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


# ---------------------------------------------------------------------------------------------
# CSV

_DELIMITERS = ("\t", ";", ",")
_INTEGER = re.compile(r"[+-]?\d+")


def read_csv(path, target: str | int | None = None, task: str | None = None) -> Dataset:
    """A Dataset from a CSV file (delimiter , ; or tab; header row optional).

    ``target`` names the target column, or gives its index (default: the last column; negative
    indices count from the end). Without ``task`` it is inferred from the target column: values
    written with a decimal point or exponent are measurements (regression); whole numbers with 2
    distinct values are binary, 3 to 20 multiclass, more than 20 regression; names (e.g. "setosa")
    are classes. Class labels are renumbered 0..C-1 in sorted order, keeping the originals as
    class names. Any problem raises DataError naming the file, row and column; nothing is
    half-loaded.
    """
    path = Path(path)
    fname = path.name
    if task is not None and task not in TASKS:
        raise DataError(f"unknown task {task!r}: choose one of {', '.join(TASKS)}")
    rows = _read_rows(path, fname)
    if not rows:
        raise DataError(f"{fname} is empty: there is no data in it.")

    has_header = _looks_like_header(rows)
    width = len(rows[0][1])
    if has_header:
        names = [cell or f"column {j + 1}" for j, cell in enumerate(rows[0][1])]
        data = rows[1:]
    else:
        names = None
        data = rows
    if width < 2:
        raise DataError(f"{fname} has only one column: it needs at least one feature column and a target column.")
    for line, cells in data:
        if len(cells) != width:
            raise DataError(f"{fname}, row {line}: {len(cells)} values, but "
                            f"{'the header has' if has_header else 'row ' + str(rows[0][0]) + ' has'} {width}.")
    if len(data) > MAX_ROWS:
        raise DataError(f"{fname} has more than {MAX_ROWS:,} rows: that is too many for this app.")
    if len(data) < 2:
        raise DataError(f"{fname} has {len(data)} data row{'s' * (len(data) != 1)}: it needs at least 2.")

    t = _target_column(target, names, width, fname)
    feature_cols = [j for j in range(width) if j != t]
    if names is None:
        feature_names = tuple(f"x{i + 1}" for i in range(len(feature_cols)))
        target_name = "y"
        col_label = {j: f"column {j + 1}" for j in range(width)}
    else:
        feature_names = tuple(names[j] for j in feature_cols)
        target_name = names[t]
        col_label = {j: f"column {j + 1} ({names[j]!r})" for j in range(width)}

    X = np.empty((len(data), len(feature_cols)), dtype=np.float64)
    for r, (line, cells) in enumerate(data):
        for c, j in enumerate(feature_cols):
            X[r, c] = _number(cells[j], fname, line, col_label[j])

    y, task, class_names = _targets(data, t, task, fname, col_label[t])
    return Dataset(path.stem, X, y, task, feature_names, class_names, target_name)


def write_csv(dataset: Dataset, path) -> None:
    """Write a header (feature names, target name) and one row per point; floats in repr form
    and class labels by name, so ``read_csv`` gives the same data back. The file is replaced
    only once it is completely written."""
    path = Path(path)
    fname = path.name
    bad = ~np.isfinite(dataset.X)
    if bad.any():
        row, col = (int(v) for v in np.argwhere(bad)[0])
        raise DataError(f"Cannot save {fname}: {dataset.feature_names[col]} in row {row + 1} is not a finite number.")
    if dataset.task == "regression" and not np.isfinite(dataset.y).all():
        row = int(np.argwhere(~np.isfinite(dataset.y))[0, 0])
        raise DataError(f"Cannot save {fname}: {dataset.target_name} in row {row + 1} is not a finite number.")
    if dataset.task == "regression":
        targets = [repr(float(v)) for v in dataset.y]
    else:
        targets = [dataset.class_names[int(v)] for v in dataset.y]
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{fname}.", suffix=".tmp", dir=path.parent or ".")
    except OSError as e:
        raise DataError(f"Cannot save {fname}: {e.strerror or e}.") from None
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow([*dataset.feature_names, dataset.target_name])
            for values, label in zip(dataset.X, targets):
                writer.writerow([*(repr(float(v)) for v in values), label])
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise DataError(f"Cannot save {fname}: {e.strerror or e}.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_rows(path: Path, fname: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows as (1-based line number, stripped cells)."""
    try:
        if path.is_file() and path.stat().st_size > MAX_BYTES:
            raise DataError(f"{fname} is larger than {MAX_BYTES // 2**20} MB: that is too big for this app.")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"Cannot read {fname}: the file does not exist.") from None
    except IsADirectoryError:
        raise DataError(f"Cannot read {fname}: it is a folder, not a file.") from None
    except OSError as e:
        raise DataError(f"Cannot read {fname}: {e.strerror or e}.") from None
    if b"\0" in raw[:65536]:
        raise DataError(f"Cannot read {fname}: it is not a text file. (A spreadsheet? Save it as CSV.)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    delimiter = _sniff_delimiter([line for line in text.splitlines()[:50] if line.strip()])
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) > MAX_ROWS + 1:  # one more than a header plus the most data rows
                break
            rows.append((reader.line_num, [cell.strip() for cell in cells]))
    except csv.Error as e:
        raise DataError(f"Cannot read {fname}, row {reader.line_num}: {e} (is a quote mark \" left open?).") from None
    return rows


def _sniff_delimiter(lines: list[str]) -> str:
    """Tab, semicolon or comma: the first that splits every sampled line into the same number
    (> 1) of cells; else the one giving the most cells on the first line."""
    if not lines:
        return ","
    counts = {}
    for d in _DELIMITERS:
        widths = {len(cells) for cells in csv.reader(lines, delimiter=d)}
        if len(widths) == 1 and widths.pop() > 1:
            return d
        counts[d] = len(next(csv.reader(lines[:1], delimiter=d)))
    return max(_DELIMITERS, key=lambda d: counts[d])


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return "_" not in cell


def _looks_like_header(rows: list[tuple[int, list[str]]]) -> bool:
    """The first row is a header if it has a non-numeric cell where the second row has a number
    (so a first data row with a class name as target is not mistaken for a header)."""
    first = rows[0][1]
    if len(rows) == 1:
        return not all(_is_number(c) for c in first)
    second = rows[1][1]
    if all(c and not _is_number(c) for c in first):
        return True
    return any(c and not _is_number(c) and j < len(second) and _is_number(second[j]) for j, c in enumerate(first))


def _target_column(target, names, width: int, fname: str) -> int:
    if target is None:
        return width - 1
    if isinstance(target, (int, np.integer)) and not isinstance(target, bool):
        if not -width <= target < width:
            raise DataError(f"{fname} has {width} columns: there is no target column number {target}.")
        return int(target) % width
    if isinstance(target, str):
        if names is None:
            raise DataError(f"{fname} has no header row, so there is no column named {target!r}: "
                            "choose the target column by number.")
        matches = [j for j, n in enumerate(names) if n == target]
        if not matches:
            matches = [j for j, n in enumerate(names) if n.casefold() == target.strip().casefold()]
        if not matches:
            raise DataError(f"{fname} has no column named {target!r}: its columns are {', '.join(names)}.")
        if len(matches) > 1:
            raise DataError(f"{fname} has {len(matches)} columns named {target!r}: choose the target by number.")
        return matches[0]
    raise DataError(f"the target column must be a name or a number, not {target!r}")


def _number(cell: str, fname: str, line: int, column: str) -> float:
    where = f"{fname}, row {line}, {column}"
    if not cell:
        raise DataError(f"{where} is empty: every cell needs a number.")
    if not _is_number(cell):
        if re.fullmatch(r"[+-]?\d+,\d+", cell):
            hint = " (use a dot for decimals)"
        elif re.search(r"[^\W\d_]", cell):
            hint = " (only the target column may hold names)"
        else:
            hint = ""
        raise DataError(f"{where}: {cell!r} is not a number{hint}.")
    value = float(cell)
    if not math.isfinite(value):
        raise DataError(f"{where}: {cell!r} is not a finite number.")
    return value


def _targets(data, t: int, task: str | None, fname: str, column: str) -> tuple[np.ndarray, str, tuple[str, ...]]:
    """(y, task, class names) from the target column's cells."""
    cells = [(line, cells[t]) for line, cells in data]
    for line, cell in cells:
        if not cell:
            raise DataError(f"{fname}, row {line}, {column} is empty: every point needs a target.")
    text_cell = next(((line, c) for line, c in cells if not _is_number(c)), None)
    if text_cell is None:
        values = np.array([_number(c, fname, line, column) for line, c in cells])
        integral = all(_INTEGER.fullmatch(c) for _, c in cells)
    else:
        values = None
        integral = False
    inferred = task is None
    if task is None:
        if text_cell is not None:
            task = "classification"
        elif not integral:
            task = "regression"
        else:
            k = len(np.unique(values))
            task = "binary" if k <= 2 else "multiclass" if k <= MAX_CLASSES else "regression"
    if task == "regression":
        if text_cell is not None:
            line, c = text_cell
            raise DataError(f"{fname}, row {line}, {column}: {c!r} is not a number, "
                            "and a regression target must be numbers.")
        return values, task, ()

    if text_cell is None:
        if not np.all(values == np.round(values)):
            line, c = next((line, c) for (line, c), v in zip(cells, values) if v != round(v))
            raise DataError(f"{fname}, row {line}, {column}: {c!r} is not a class label "
                            "(use whole numbers or names for classes).")
        labels = sorted({int(v) for v in values})
        index = {v: i for i, v in enumerate(labels)}
        y = np.array([index[int(v)] for v in values], dtype=np.int64)
        class_names = tuple(str(v) for v in labels)
    else:
        class_names = tuple(sorted({c for _, c in cells}))
        index = {c: i for i, c in enumerate(class_names)}
        y = np.array([index[c] for _, c in cells], dtype=np.int64)
    k = len(class_names)
    if k < 2:
        hint = " (to fit these numbers instead, choose the regression task)" if inferred and text_cell is None else ""
        raise DataError(f"{fname}, {column}: every row has the class {class_names[0]!r}; "
                        f"a classifier needs at least two classes{hint}.")
    if k > MAX_CLASSES:
        raise DataError(f"{fname}, {column}: {k} different classes; this app handles at most {MAX_CLASSES}.")
    if task == "classification":
        task = "binary" if k == 2 else "multiclass"
    elif task == "binary" and k != 2:
        raise DataError(f"{fname}, {column}: {k} different classes, but a binary task has exactly 2.")
    return y, task, class_names
