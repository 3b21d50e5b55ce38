"""The course's data sets (``curriculum.md``), scikit-learn's shipped sets and its generators.

Loading a preset returns a fresh immutable ``Dataset`` exactly as the course's tutorials build it,
never standardised, or raises ``DataError``. Nothing global changes: the torch recipe uses its
own generator, and the generators their own ``RandomState``. The shipped arrays (``shipped``)
and the generators below reproduce scikit-learn's ``load_*`` and ``make_*`` bit for bit without
importing it (a test compares them), so every preset opens in milliseconds.
"""
from __future__ import annotations

import math

import numpy as np

from engine.data import shipped
from engine.data.dataset import MAX_CLASSES, MAX_ROWS, DataError, Dataset
from engine.words import translate

PRESETS: tuple[str, ...] = (
    "line-30", "line-3x2", "quiz-scores", "logistic-line", "logistic-2d", "softmax-8",
    "wine", "digits", "breast-cancer", "iris", "blobs", "moons", "circles",
)

PRESET_INFO: dict[str, str] = {  # Words: the window shows them in its language
    "line-30": translate("Presets", "30 points on a noisy line (x = 1 to 30): simple linear regression."),
    "line-3x2": translate("Presets", "1000 points around y = 3x + 2 with standard normal noise (drawn with torch)."),
    "quiz-scores": translate("Presets", "Two quizzes and a midterm predict the final exam score of 5 students."),
    "logistic-line": translate("Presets", "Six points on a line, class 0 on the left and class 1 on the right."),
    "logistic-2d": translate("Presets", "Six 2-D points in two classes: logistic regression in the plane."),
    "softmax-8": translate("Presets", "Eight points with 4 features in 3 classes: softmax regression."),
    "wine": translate("Presets", "178 Italian wines, 13 chemical measurements, 3 grape cultivars."),
    "digits": translate("Presets", "1797 handwritten digits of 8×8 pixels, 10 classes."),
    "breast-cancer": translate("Presets", "569 tumours, 30 cell measurements, benign (0) or malignant (1)."),
    "iris": translate("Presets", "150 iris flowers, 4 petal and sepal sizes, 3 species."),
    "blobs": translate("Presets", "Random round clusters, one per class (default 300 points, 3 classes)."),
    "moons": translate("Presets", "Two interleaving half circles (default 200 points): not separable by a line."),
    "circles": translate("Presets", "A small circle inside a large one (default 200 points): not separable by a line."),
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
        x, y = shipped.line_3x2(int(seed), params["n_samples"], params["noise"])
        return Dataset(name, x, y, "regression", ("x",))
    if name == "quiz-scores":
        return Dataset(name, _QUIZ_X, _QUIZ_Y, "regression", ("quiz1", "quiz2", "midterm"), target_name="final")
    if name == "logistic-line":
        return Dataset(name, (-5, -3, -1, 1, 3, 5), (0, 0, 0, 1, 1, 1), "binary", ("x",), ("0", "1"))
    if name == "logistic-2d":
        return Dataset(name, _LOGISTIC_2D_X, (0, 0, 0, 1, 1, 1), "binary", ("x1", "x2"), ("0", "1"))
    if name == "softmax-8":
        return Dataset(name, _SOFTMAX_8_X, _SOFTMAX_8_Y, "multiclass", ("x1", "x2", "x3", "x4"), ("0", "1", "2"))
    if name in shipped.SKLEARN_SETS:
        X, y, features, classes, target = shipped.sklearn_set(name)
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



# -- scikit-learn's generators, reproduced ----------------------------------------------------------
# Each is make_blobs / make_moons / make_circles of scikit-learn 1.x step for step: the same
# RandomState draws in the same order (centres, points, the shuffle, then the noise).


def _generated(name: str, seed: int, n_samples: int, noise: float, n_classes: int = 2) -> Dataset:
    generator = np.random.RandomState(seed)
    if name == "blobs":
        X, y = _blobs(generator, n_samples, n_classes, noise)
    else:
        n_out = n_samples // 2
        n_in = n_samples - n_out
        if name == "moons":
            outer = np.linspace(0, np.pi, n_out)
            inner = np.linspace(0, np.pi, n_in)
            xs = np.append(np.cos(outer), 1 - np.cos(inner))
            ys = np.append(np.sin(outer), 1 - np.sin(inner) - 0.5)
        else:  # circles, factor 0.5
            outer = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
            inner = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
            xs = np.append(np.cos(outer), np.cos(inner) * 0.5)
            ys = np.append(np.sin(outer), np.sin(inner) * 0.5)
        X = np.vstack([xs, ys]).T
        y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
        X, y = _shuffled(generator, X, y)
        X += generator.normal(scale=noise, size=X.shape)
    task = "binary" if n_classes == 2 else "multiclass"
    return Dataset(name, X, y, task, ("x1", "x2"), tuple(str(c) for c in range(n_classes)), "class")


def _blobs(generator: np.random.RandomState, n_samples: int, n_centers: int, std: float):
    centers = generator.uniform(-10.0, 10.0, size=(n_centers, 2))
    per_center = [n_samples // n_centers] * n_centers
    for i in range(n_samples % n_centers):
        per_center[i] += 1
    X = np.empty((n_samples, 2), dtype=np.float64)
    y = np.empty(n_samples, dtype=int)
    start = 0
    for i, n in enumerate(per_center):
        X[start:start + n] = generator.normal(loc=centers[i], scale=std, size=(n, 2))
        y[start:start + n] = i
        start += n
    return _shuffled(generator, X, y)


def _shuffled(generator: np.random.RandomState, X: np.ndarray, y: np.ndarray):
    """sklearn.utils.shuffle: one RandomState.shuffle of the row indices."""
    indices = np.arange(len(y))
    generator.shuffle(indices)
    return X[indices], y[indices]
