"""Data the app ships as arrays, so a preset opens in milliseconds and nothing is downloaded.

scikit-learn's four small sets (wine, digits, breast-cancer, iris) and the default draw of the
tutorial's line-3x2 (torch.manual_seed(0), 1000 points) are stored in ``shipped.npz`` exactly as
their sources produce them: importing scikit-learn takes a second, torch another. Rebuild the
file with ``python -m engine.data.shipped`` (needs scikit-learn and torch); a test checks that
every array equals its source bit for bit.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np

SHIPPED_PATH = Path(__file__).with_name("shipped.npz")

# name → (scikit-learn loader, target name). breast-cancer's classes are swapped so that class 1
# is "malignant", the case a screening flags (the threshold lesson).
SKLEARN_SETS = {
    "wine": ("load_wine", "cultivar"),
    "digits": ("load_digits", "digit"),
    "breast-cancer": ("load_breast_cancer", "diagnosis"),
    "iris": ("load_iris", "species"),
}
LINE_3X2_DEFAULT = {"seed": 0, "n_samples": 1000, "noise": 1.0}  # the draw that is shipped


def sklearn_set_from_source(name: str) -> tuple[np.ndarray, np.ndarray, tuple[str, ...], tuple[str, ...], str]:
    """(X, y, feature names, class names, target name) straight from scikit-learn."""
    import sklearn.datasets

    loader, target = SKLEARN_SETS[name]
    bunch = getattr(sklearn.datasets, loader)()
    X = np.array(bunch.data, dtype=np.float64)
    y = np.array(bunch.target, dtype=np.int64)
    features = tuple(str(f) for f in bunch.feature_names)
    classes = tuple(str(c) for c in bunch.target_names)
    if name == "breast-cancer":
        y = 1 - y
        classes = classes[::-1]
    return X, y, features, classes, target


def line_3x2_from_torch(seed: int, n_samples: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
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
    return x.numpy(), y.numpy()


@functools.lru_cache(maxsize=None)
def _archive() -> dict[str, np.ndarray]:
    with np.load(SHIPPED_PATH, allow_pickle=False) as archive:
        return {key: archive[key] for key in archive.files}


@functools.lru_cache(maxsize=None)
def sklearn_set(name: str) -> tuple[np.ndarray, np.ndarray, tuple[str, ...], tuple[str, ...], str]:
    """A scikit-learn set from the shipped arrays (read-only; Dataset copies them)."""
    arrays = _archive()
    X = arrays[f"{name}/X"].astype(np.float64)
    y = arrays[f"{name}/y"].astype(np.int64)
    names = json.loads(str(arrays[f"{name}/names"]))
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y, tuple(names["features"]), tuple(names["classes"]), names["target"]


def line_3x2(seed: int, n_samples: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """line-3x2's (x, y) in float32: the shipped default draw, else torch's."""
    if {"seed": seed, "n_samples": n_samples, "noise": noise} == LINE_3X2_DEFAULT:
        arrays = _archive()
        return arrays["line-3x2/x"], arrays["line-3x2/y"]
    return line_3x2_from_torch(seed, n_samples, noise)


def build(path: Path = SHIPPED_PATH) -> None:
    """Write the archive from the sources. Digits' pixels are whole numbers 0-16: stored as bytes."""
    arrays: dict[str, np.ndarray] = {}
    for name in SKLEARN_SETS:
        X, y, features, classes, target = sklearn_set_from_source(name)
        small = np.all(X == np.round(X)) and X.min() >= 0 and X.max() <= 255
        arrays[f"{name}/X"] = X.astype(np.uint8) if small else X
        arrays[f"{name}/y"] = y.astype(np.uint8)
        arrays[f"{name}/names"] = np.array(json.dumps({"features": features, "classes": classes, "target": target}))
    x, y = line_3x2_from_torch(**LINE_3X2_DEFAULT)
    arrays["line-3x2/x"], arrays["line-3x2/y"] = x, y
    np.savez_compressed(path, **arrays)


if __name__ == "__main__":
    build()
    print(f"wrote {SHIPPED_PATH} ({SHIPPED_PATH.stat().st_size / 1024:.0f} kB)")
