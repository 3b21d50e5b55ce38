"""Feature expansion: what lets a linear model bend, and overfit.

- ``poly:D`` (one input): the powers z, z², …, z^D of the standardised input z = (x − mean)/std,
  mean and std over the training rows (so a degree 12 stays well conditioned). Linear regression
  on them is polynomial regression.
- ``cross:D`` (two inputs, as TensorFlow Playground's crosses): every monomial of the standardised
  z1, z2 of total degree 1..D, in scikit-learn's ``PolynomialFeatures`` order: z1, z2, z1², z1·z2,
  z2², z1³, … With them logistic and softmax regression separate moons and circles.

The mean and std are fitted once, when the features are chosen (``fit_features``), and kept while
points are edited: a dragged point then changes one row of the expanded data, so the loss surface
follows it in O(G²) instead of being recomputed, and the runs' weights keep their meaning.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from engine.data.dataset import DataError

KINDS = {"poly": 1, "cross": 2}  # the kind and the number of inputs it takes
MAX_DEGREE = {"poly": 15, "cross": 8}


def parse_features(text: str | None) -> tuple[str, int] | None:
    """'poly:D' | 'cross:D' -> (kind, D); None or '' -> None (the inputs as they are)."""
    if not text or text == "none":
        return None
    kind, _, degree = str(text).strip().partition(":")
    if kind not in KINDS:
        raise DataError(f"features {text!r}: use poly:D (one input) or cross:D (two inputs)")
    try:
        d = int(degree)
    except ValueError:
        raise DataError(f"features {text!r}: the degree D must be a whole number") from None
    if not 1 <= d <= MAX_DEGREE[kind]:
        raise DataError(f"features {text!r}: the degree must be from 1 to {MAX_DEGREE[kind]}")
    return kind, d


def exponents(kind: str, degree: int) -> list[tuple[int, ...]]:
    """The powers of each input, feature by feature (PolynomialFeatures' order, no constant)."""
    if kind == "poly":
        return [(p,) for p in range(1, degree + 1)]
    return [(total - j, j) for total in range(1, degree + 1) for j in range(total + 1)]


@dataclass(frozen=True, eq=False)
class Features:
    """An expansion with its standardisation fitted: ``expand`` maps raw inputs to the model's."""

    kind: str
    degree: int
    mean: np.ndarray  # [inputs]
    std: np.ndarray  # [inputs]
    input_names: tuple[str, ...]

    @property
    def text(self) -> str:
        return f"{self.kind}:{self.degree}"

    @property
    def powers(self) -> np.ndarray:
        return np.array(exponents(self.kind, self.degree), dtype=np.int64)  # [F, inputs]

    @property
    def names(self) -> tuple[str, ...]:
        """z, z², … or z1, z2, z1², z1·z2, … (z: the standardised input)."""
        zs = ("z",) if self.kind == "poly" else ("z1", "z2")
        out = []
        for row in exponents(self.kind, self.degree):
            parts = [z if p == 1 else f"{z}{_superscript(p)}" for z, p in zip(zs, row) if p]
            out.append("·".join(parts))
        return tuple(out)

    def to_json(self) -> dict:
        """What a session file keeps (and ``run`` prints, with the names): enough to expand alike."""
        return {"text": self.text, "mean": self.mean.tolist(), "std": self.std.tolist()}

    def expand(self, X) -> np.ndarray:
        """[N, inputs] raw -> [N, F] monomials of the standardised inputs."""
        X = np.asarray(X, dtype=np.float64).reshape(-1, len(self.mean))
        z = (X - self.mean) / self.std
        with np.errstate(all="ignore"):
            return np.prod(z[:, None, :] ** self.powers[None, :, :], axis=2)

    def __eq__(self, other) -> bool:
        return (isinstance(other, Features) and self.text == other.text and np.array_equal(self.mean, other.mean)
                and np.array_equal(self.std, other.std))

    def __hash__(self) -> int:
        return hash((self.text, self.mean.tobytes(), self.std.tobytes()))


def fit_features(text: str | None, dataset) -> Features | None:
    """The expansion ``text`` names, standardised over ``dataset``'s training rows."""
    parsed = parse_features(text)
    if parsed is None:
        return None
    kind, degree = parsed
    if dataset.d != KINDS[kind]:
        need = "one input" if kind == "poly" else "two inputs"
        raise DataError(f"{kind}:{degree} features need {need}; {dataset.name} has {dataset.d}")
    rows = dataset.training.X
    if len(rows) == 0:
        raise DataError("the features are standardised over the training rows, and there are none")
    if not np.isfinite(rows).all():
        bad = int(np.flatnonzero(~np.isfinite(rows).all(axis=1))[0])
        raise DataError(f"a training point has an input that is not a number (row {bad + 1}): "
                        "change or delete it before expanding the features")
    mean = rows.mean(axis=0)
    std = rows.std(axis=0)
    std = np.where(np.isfinite(std) & (std > 0), std, 1.0)
    for array in (mean, std):
        array.setflags(write=False)
    return Features(kind, degree, mean, std, tuple(dataset.feature_names))


def expanded(dataset, features: Features | None):
    """The data set as the model sees it: the expanded features (the targets, names of classes
    and the test rows kept). Kept on the (immutable) data set, so the same inputs give the same
    object: caches keyed on it stay valid from one frame to the next."""
    if features is None:
        return dataset
    cached = dataset.__dict__.get("_expanded")
    if cached is not None and cached[0] == features:
        return cached[1]
    out = replace(dataset, X=features.expand(dataset.X).reshape(dataset.n, -1), feature_names=features.names)
    object.__setattr__(dataset, "_expanded", (features, out))
    return out


def _superscript(p: int) -> str:
    return str(p).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
