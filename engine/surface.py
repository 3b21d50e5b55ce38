"""The loss surface: a plane through parameter space and the cost on a G x G grid over it.

A ``Plane`` is an origin theta0 [P] and two directions u, v [P]; the surface is
``loss(theta0 + a*u + b*v)`` for a in ``a_range`` and b in ``b_range``. Four ways to choose it:

- ``exact_plane``:   a two-parameter model (one feature + bias): the plane *is* the parameter
                     space, a = the weight, b = the bias. Nothing is hidden.
- ``params_plane``:  two named parameters move, every other one is held at an anchor point.
- ``optimum_plane``: the line from the start to the optimum (a = 0 at the start, a = 1 at the
                     optimum) and a seeded random direction orthogonal to it.
- ``pca_plane``:     the top two principal components of the runs' trajectories around their
                     mean (Li et al. 2018, "Visualizing the loss landscape of neural nets").

``SurfaceEvaluator`` computes the surface without a Python loop over cells or samples:
- MSE is a quadratic in (a, b): six sums over the samples give the whole surface in O(G^2).
- Cross-entropy: the logits are linear in (a, b). Measured against the true class, a sample's
  cost is log(1 + sum over wrong classes of exp(r)), r = R0 + a*R1 + b*R2, which is >= 0 and has
  no terms that cancel. exp(r) = exp(R0 + a*R1) * exp(b*R2) factorises into a row part and a column
  part computed once, so each (cell, sample) costs one multiply-add per wrong class instead of an
  exp; and since every 1 + sum is >= 1, eight samples are multiplied before one log. Logits in the
  hundreds use pivoted factors (each <= 1); cells where no factorisation is exact in floating point
  are computed directly. Tiles of ~128k (cell, sample) pairs stay in cache and run on a small
  thread pool (numpy releases the GIL) in buffers kept between calls, so big temporaries are not
  returned to the system and faulted back in on every surface.
- Moving, adding or removing one point updates the cached surface in O(G^2): the cost is a sum over
  samples, so the old sample's grid is subtracted and the new one's added.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np

from engine.models import Model

G_DEFAULT = 200
G_MIN, G_MAX = 50, 400
PLANE_KINDS = ("exact", "params", "optimum", "pca")

Range = tuple[float, float]


# -- planes -------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Plane:
    """theta(a, b) = origin + a*u + b*v, for a in a_range and b in b_range."""

    origin: np.ndarray
    u: np.ndarray
    v: np.ndarray
    a_range: Range = (-1.0, 1.0)
    b_range: Range = (-1.0, 1.0)
    a_label: str = "a"
    b_label: str = "b"
    kind: str = "optimum"

    def __post_init__(self) -> None:
        vectors = []
        for name in ("origin", "u", "v"):
            vec = np.array(getattr(self, name), dtype=np.float64, copy=True).reshape(-1)
            if not np.all(np.isfinite(vec)):
                raise ValueError(f"the plane's {name} has non-finite entries")
            vec.setflags(write=False)
            object.__setattr__(self, name, vec)
            vectors.append(vec)
        if not (len(vectors[0]) == len(vectors[1]) == len(vectors[2])):
            raise ValueError("the plane's origin and directions must have the same length")
        if self.kind not in PLANE_KINDS:
            raise ValueError(f"unknown plane kind {self.kind!r}: choose one of {', '.join(PLANE_KINDS)}")
        object.__setattr__(self, "a_range", _check_range(self.a_range, "a"))
        object.__setattr__(self, "b_range", _check_range(self.b_range, "b"))

    @property
    def n_params(self) -> int:
        return len(self.origin)

    def grid(self, G: int = G_DEFAULT) -> tuple[np.ndarray, np.ndarray]:
        """The grid's coordinates: a [G] and b [G], ends included."""
        G = check_grid(G)
        return np.linspace(*self.a_range, G), np.linspace(*self.b_range, G)

    def point(self, a, b) -> np.ndarray:
        """theta at plane coordinates (a, b): [P] for scalars, [..., P] for arrays."""
        a = np.asarray(a, dtype=np.float64)[..., None]
        b = np.asarray(b, dtype=np.float64)[..., None]
        return self.origin + a * self.u + b * self.v

    def project(self, thetas) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Least-squares plane coordinates of thetas [M, P]: a [M], b [M], distance [M].

        The distance (norm of what the plane cannot show) says how far a trajectory leaves the
        drawn slice: zero for an exact plane, often large for a slice of a big model.
        """
        thetas = np.atleast_2d(np.asarray(thetas, dtype=np.float64))
        offsets = thetas - self.origin
        basis = np.stack([self.u, self.v], axis=1)  # [P, 2]
        coef, *_ = np.linalg.lstsq(basis, offsets.T, rcond=None)  # [2, M]
        residual = offsets - (basis @ coef).T
        return coef[0].copy(), coef[1].copy(), np.linalg.norm(residual, axis=1)

    def with_ranges(self, a_range: Range | None = None, b_range: Range | None = None) -> "Plane":
        return replace(
            self,
            a_range=self.a_range if a_range is None else a_range,
            b_range=self.b_range if b_range is None else b_range,
        )


def check_grid(G: int) -> int:
    if int(G) != G or not G_MIN <= G <= G_MAX:
        raise ValueError(f"the grid size must be a whole number from {G_MIN} to {G_MAX}, not {G}")
    return int(G)


def _check_range(r, axis: str) -> Range:
    try:
        lo, hi = (float(r[0]), float(r[1]))
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"the {axis} range must be two numbers, low and high, not {r!r}") from None
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise ValueError(f"the {axis} range must be finite, not {lo}:{hi}")
    if not lo < hi:
        raise ValueError(f"the {axis} range must go from low to high, not {lo:g}:{hi:g}")
    return lo, hi


def exact_plane(model: Model, ranges: tuple[Range, Range] | None = None) -> Plane:
    """The whole parameter space of a two-parameter model: a = first parameter, b = second."""
    if model.n_params > 2:
        raise ValueError(
            f"this model has {model.n_params} parameters; only a two-parameter model "
            "(one feature and a bias) can be drawn exactly"
        )
    names = model.param_names()
    ranges = ranges or ((-1.0, 1.0), (-1.0, 1.0))
    if model.n_params == 1:  # one weight, no bias: the cost is a curve; b changes nothing
        return Plane(np.zeros(1), np.ones(1), np.zeros(1), ranges[0], ranges[1], names[0], "(none)", "exact")
    labels = ("w", "b") if names == ["weight[0,0]", "bias[0]"] else (names[0], names[1])
    return Plane(np.zeros(2), np.array([1.0, 0.0]), np.array([0.0, 1.0]), ranges[0], ranges[1],
                 labels[0], labels[1], "exact")


def params_plane(model: Model, name_a: str, name_b: str, anchor) -> Plane:
    """Two named parameters (``weight[o,i]`` / ``bias[o]``) move; the rest stay at ``anchor``.

    a and b are the two parameters' own values, so the anchor sits at
    (anchor[name_a], anchor[name_b]).
    """
    i, j = model.param_index(name_a), model.param_index(name_b)
    if i == j:
        raise ValueError(f"choose two different parameters, not {name_a} twice")
    anchor = np.asarray(anchor, dtype=np.float64).reshape(-1)
    if len(anchor) != model.n_params:
        raise ValueError(f"the anchor has {len(anchor)} values but the model has {model.n_params} parameters")
    origin = anchor.copy()
    origin[[i, j]] = 0.0
    u = np.zeros(model.n_params)
    v = np.zeros(model.n_params)
    u[i], v[j] = 1.0, 1.0
    ranges = [_range_around(anchor[k]) for k in (i, j)]
    names = model.param_names()
    return Plane(origin, u, v, ranges[0], ranges[1], names[i], names[j], "params")


def optimum_plane(start, optimum, seed: int = 0, stretch: float | None = None) -> Plane:
    """a runs from the start (a = 0) to the optimum (a = 1); b is orthogonal, of the same length.

    ``optimum`` is a theta [P] or an ``Optimum``; when the optimum is unbounded (separable data)
    a follows the direction in which the loss keeps falling, and a = 1 is ``stretch`` along it
    (``falling_stretch`` finds a telling one; default: the start's distance from 0, at least 1).
    """
    start = np.asarray(start, dtype=np.float64).reshape(-1)
    target, direction = _optimum_target(optimum)
    rng = np.random.default_rng(seed)
    if target is not None:
        u = np.asarray(target, dtype=np.float64).reshape(-1) - start
        a_label = "start → optimum"
    else:
        u = np.asarray(direction, dtype=np.float64).reshape(-1) * _stretch(start, stretch)
        a_label = "start → falling direction"
    if len(u) != len(start):
        raise ValueError("the start and the optimum must have the same number of parameters")
    length = np.linalg.norm(u)
    if not length > 1e-12 * max(1.0, np.linalg.norm(start)):
        u = rng.standard_normal(len(start))  # start already at the optimum: any direction shows the bowl
        u /= np.linalg.norm(u)
        length, a_label = 1.0, "random direction"
    v = _orthogonal_direction(u, rng) * length
    return Plane(start, u, v, (-0.25, 1.25), (-0.75, 0.75), a_label, "orthogonal", "optimum")


def pca_plane(trajectories, seed: int = 0) -> Plane:
    """The top two principal components of all trajectories' points around their mean.

    ``trajectories`` is a [M, P] array, a list of [T_k, P] arrays or a dict of them. Directions are
    unit vectors, so a and b are distances in parameter space (the mean of the runs' points is the
    origin; long races are thinned to evenly spaced points first). With fewer than three distinct points
    (or all on one line) the missing components are seeded random orthogonal directions. The sign
    is chosen so the first trajectory moves towards +a.
    """
    runs = _as_runs(trajectories)
    if not runs:
        raise ValueError("the PCA plane needs at least one trajectory")
    total = sum(len(r) for r in runs)
    if total > _PCA_POINTS:  # long races: evenly spaced points (ends kept) trace the same paths
        runs_used = [r[np.unique(np.linspace(0, len(r) - 1, max(2, len(r) * _PCA_POINTS // total)).astype(int))]
                     for r in runs]
    else:
        runs_used = runs
    points = np.concatenate(runs_used, axis=0)
    mean = points.mean(axis=0)
    centred = points - mean
    P = points.shape[1]
    rng = np.random.default_rng(seed)
    scale = max(1.0, float(np.abs(points).max()))
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    keep = [k for k in range(min(2, len(s))) if s[k] > 1e-10 * scale * np.sqrt(len(points))]
    directions = [vt[k] for k in keep]
    while len(directions) < 2:
        basis = np.array(directions) if directions else np.zeros((0, P))
        directions.append(_orthogonal_direction_to_all(basis, rng, P))
    u, v = directions
    first = runs[0]
    if (first[-1] - first[0]) @ u < 0:
        u = -u
    if len(first) > 1 and (first[-1] - first[0]) @ v < 0:
        v = -v
    explained = s[: len(keep)] ** 2 / max((s**2).sum(), 1e-300)
    labels = [f"PC{k + 1} ({100 * explained[k]:.0f}%)" if k < len(keep) else f"PC{k + 1} (random)" for k in range(2)]
    return Plane(mean, u, v, (-1.0, 1.0), (-1.0, 1.0), labels[0], labels[1], "pca")


_PCA_POINTS = 4000  # at most this many trajectory points go into the SVD


def default_plane(model: Model, start, optimum=None, trajectories=None, *, margin: float = 0.15,
                  seed: int = 0, stretch: float | None = None) -> Plane:
    """Exact for a two-parameter model, start → optimum otherwise; ranges fitted to what matters.

    ``stretch``: how far along an unbounded optimum's direction the plane should reach.
    """
    start = np.asarray(start, dtype=np.float64).reshape(-1)
    if model.n_params <= 2:
        plane = exact_plane(model)
    else:
        if optimum is None:
            raise ValueError("a model with more than two parameters needs the optimum for its default plane")
        plane = optimum_plane(start, optimum, seed=seed, stretch=stretch)
    return fit_ranges(plane, _points_to_fit(plane, start, optimum, trajectories, stretch), margin=margin)


def fit_ranges(plane: Plane, points, margin: float = 0.15) -> Plane:
    """Ranges that hold every point (thetas [M, P] or plane coordinates (a, b)) with a margin.

    A range never collapses to zero width: an axis whose points coincide (all on b = 0, say)
    gets half the other axis's width around them, or a window of its own if both coincide.
    """
    if isinstance(points, tuple) and len(points) == 2:
        a = np.asarray(points[0], dtype=np.float64).reshape(-1)
        b = np.asarray(points[1], dtype=np.float64).reshape(-1)
    else:
        thetas = np.asarray(points, dtype=np.float64)
        if thetas.size == 0:
            return plane
        a, b, _ = plane.project(thetas.reshape(-1, plane.n_params))
    ok = np.isfinite(a) & np.isfinite(b)
    if not ok.any():
        return plane
    a_range, b_range = _fit(a[ok], margin), _fit(b[ok], margin)
    if a_range is None and b_range is None:
        a_range, b_range = _window(a[ok]), _window(b[ok])
    elif a_range is None:
        a_range = _window(a[ok], (b_range[1] - b_range[0]) / 2)
    elif b_range is None:
        b_range = _window(b[ok], (a_range[1] - a_range[0]) / 2)
    return plane.with_ranges(a_range, b_range)


def _fit(values: np.ndarray, margin: float) -> Range | None:
    lo, hi = float(values.min()), float(values.max())
    if hi - lo <= 1e-6 * max(1.0, abs(lo), abs(hi)):
        return None
    pad = max(margin, 0.0) * (hi - lo)
    return lo - pad, hi + pad


def _window(values: np.ndarray, half: float | None = None) -> Range:
    centre = (float(values.min()) + float(values.max())) / 2
    if half is None:
        half = max(0.5 * abs(centre), 1.0)
    half = max(half, 1e-6 * max(1.0, abs(centre)))
    return centre - half, centre + half


def _range_around(value: float) -> Range:
    half = max(1.0, 2.0 * abs(value))
    return value - half, value + half


def _optimum_target(optimum):
    """(theta or None, direction or None) from a theta array or an Optimum-like object."""
    if optimum is None:
        return None, None
    if hasattr(optimum, "status"):
        if optimum.status == "finite":
            return optimum.theta, None
        return None, optimum.direction
    return optimum, None


def falling_stretch(model: Model, X, y, start, direction, share: float = 0.8) -> float:
    """How far from the start along ``direction`` the cost has made ``share`` of its possible fall.

    An unbounded optimum has no point to aim the plane at; this distance shows the cost falling
    without running off to where nothing changes any more. One batched loss call (no loop).
    """
    start = np.asarray(start, dtype=np.float64).reshape(-1)
    direction = np.asarray(direction, dtype=np.float64).reshape(-1)
    base = max(1.0, float(np.linalg.norm(start)))
    distances = base * np.logspace(-3, 4, 57)
    losses = model.loss(start + distances[:, None] * direction, X, y)
    first = float(model.loss(start[None], X, y)[0])
    floor = float(np.nanmin(losses))
    target = floor + (1 - share) * (first - floor)
    reached = np.flatnonzero(losses <= target)
    return float(distances[reached[0]]) if len(reached) else base


def _stretch(start, stretch: float | None) -> float:
    if stretch is not None and stretch > 0 and np.isfinite(stretch):
        return float(stretch)
    return max(1.0, float(np.linalg.norm(start)))


def _points_to_fit(plane: Plane, start, optimum, trajectories, stretch: float | None = None) -> np.ndarray:
    points = [np.atleast_2d(start)]
    target, direction = _optimum_target(optimum)
    if target is not None:
        points.append(np.atleast_2d(target))
    elif direction is not None:
        step = _stretch(start, stretch)
        points.append(np.atleast_2d(np.asarray(start) + step * np.asarray(direction)))
    points += _as_runs(trajectories)
    return np.concatenate([p.reshape(-1, plane.n_params) for p in points], axis=0)


def _as_runs(trajectories) -> list[np.ndarray]:
    if trajectories is None:
        return []
    if isinstance(trajectories, dict):
        trajectories = list(trajectories.values())
    if isinstance(trajectories, np.ndarray):
        trajectories = [trajectories]
    runs = [np.atleast_2d(np.asarray(t, dtype=np.float64)) for t in trajectories]
    return [r[np.all(np.isfinite(r), axis=1)] for r in runs if r.size]


def _orthogonal_direction(u: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return _orthogonal_direction_to_all(np.atleast_2d(u), rng, len(u))


def _orthogonal_direction_to_all(basis: np.ndarray, rng: np.random.Generator, P: int) -> np.ndarray:
    """A seeded random unit vector orthogonal to the rows of ``basis`` (Gram-Schmidt, twice)."""
    if len(basis) >= P:
        return np.zeros(P)  # a one-parameter model: the second axis changes nothing
    q = np.linalg.qr(basis.T)[0] if len(basis) else np.zeros((P, 0))
    for _ in range(10):
        r = rng.standard_normal(P)
        for _ in range(2):
            r = r - q @ (q.T @ r)
        norm = np.linalg.norm(r)
        if norm > 1e-6:
            return r / norm
    raise ValueError("cannot find a direction orthogonal to the plane's first one")  # P too small


# -- the evaluator ------------------------------------------------------------------------------


_TILE_ELEMENTS = 131_072  # cells x samples per tile: 1 MB of float64, stays in the core's cache
_EXP_LIMIT = 700.0  # |exponent| up to which exp() and its products stay normal floating point
_MAX_HALVINGS = 3  # multiply up to 8 samples' sums before one log


@dataclass
class _Cache:
    plane: Plane
    G: int
    a: np.ndarray
    b: np.ndarray
    total: np.ndarray | None = None  # cross-entropy: sum over samples of the per-sample cost [G, G]
    anchor: tuple[float, float] = (0.0, 0.0)  # MSE: the plane's least-squares point (a*, b*)
    sums: np.ndarray = field(default_factory=lambda: np.zeros(6))  # MSE: the quadratic's six sums


class SurfaceEvaluator:
    """The cost of ``model`` on data (X, y) over a plane's grid, with in-place point edits.

    ``evaluate`` returns loss [G, G] (row i is a[i], column j is b[j]) and remembers the plane and
    grid; ``update_point`` / ``add_point`` / ``remove_point`` then update that surface in O(G^2)
    and return it. ``set_data`` replaces the data and recomputes the remembered surface.
    """

    def __init__(self, model: Model, X, y, *, threads: int | None = None):
        self.model = model
        self._threads = max(1, min(threads or os.cpu_count() or 1, 8))
        self._pool: ThreadPoolExecutor | None = None
        self._buffers: dict[tuple, np.ndarray] = {}
        self._cache: _Cache | None = None
        self._X = np.zeros((0, model.n_features))
        self._y = np.zeros(0)
        self.set_data(X, y)

    # -- data ------------------------------------------------------------------------------------

    @property
    def n(self) -> int:
        return len(self._y)

    def set_data(self, X, y) -> np.ndarray | None:
        """Replace all data; returns the remembered surface recomputed (None if there is none)."""
        X = np.array(X, dtype=np.float64, copy=True).reshape(len(np.atleast_1d(y)), -1)
        if X.shape[1] != self.model.n_features:
            raise ValueError(f"the data has {X.shape[1]} features but the model expects {self.model.n_features}")
        self._X = X
        self._y = self._check_targets(np.array(y, copy=True).reshape(-1))
        if self._cache is None:
            return None
        return self.evaluate(self._cache.plane, self._cache.G)

    def update_point(self, i: int, old_x, old_y, new_x, new_y) -> np.ndarray | None:
        """Point i moved from (old_x, old_y) to (new_x, new_y); returns the updated surface."""
        old_x = np.asarray(old_x, dtype=np.float64).reshape(-1)
        if not (np.allclose(old_x, self._X[i], rtol=1e-9, atol=1e-12) and np.isclose(old_y, self._y[i])):
            raise ValueError(f"point {i} is not at {old_x.tolist()}, {old_y}: the evaluator's data is out of step")
        new_x = self._check_point(new_x)
        new_y = self._check_targets(np.array([new_y]))[0]
        self._apply(self._X[i], self._y[i], -1.0)
        self._X[i], self._y[i] = new_x, new_y
        return self._apply(new_x, new_y, +1.0)

    def add_point(self, x, y) -> np.ndarray | None:
        x = self._check_point(x)
        y = self._check_targets(np.array([y]))[0]
        self._X = np.vstack([self._X, x[None]])
        self._y = np.append(self._y, y)
        return self._apply(x, y, +1.0)

    def remove_point(self, i: int) -> np.ndarray | None:
        x, y = self._X[i].copy(), self._y[i]
        self._X = np.delete(self._X, i, axis=0)
        self._y = np.delete(self._y, i)
        return self._apply(x, y, -1.0)

    def _check_point(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64).reshape(-1)
        if len(x) != self.model.n_features:
            raise ValueError(f"a point needs {self.model.n_features} features, not {len(x)}")
        return x

    def _check_targets(self, y: np.ndarray) -> np.ndarray:
        if self.model.kind == "linear":
            return y.astype(np.float64)
        y = y.astype(np.int64)
        top = 2 if self.model.kind == "logistic" else self.model.n_classes
        if len(y) and (y.min() < 0 or y.max() >= top):
            raise ValueError(f"class labels must be 0 to {top - 1} for this model")
        return y

    # -- surfaces --------------------------------------------------------------------------------

    def evaluate(self, plane: Plane, G: int = G_DEFAULT) -> np.ndarray:
        """loss [G, G] over the plane: row i is a[i], column j is b[j]."""
        if plane.n_params != self.model.n_params:
            raise ValueError(f"the plane has {plane.n_params} parameters but the model has {self.model.n_params}")
        a, b = plane.grid(G)
        cache = _Cache(plane, len(a), a, b)
        if self.model.kind == "linear":
            self._mse_sums(cache)
        else:
            cache.total = self._cross_entropy_total(plane, a, b)
        self._cache = cache
        return self._surface()

    @property
    def last_plane(self) -> Plane | None:
        return None if self._cache is None else self._cache.plane

    def _surface(self) -> np.ndarray:
        c = self._cache
        if self.n == 0:
            return np.full((c.G, c.G), np.nan)
        if self.model.kind != "linear":
            return c.total / self.n
        s = c.sums
        da = c.a - c.anchor[0]
        db = c.b - c.anchor[1]
        out = np.multiply.outer(2 * s[5] * da, db)  # one [G, G] array, two more passes
        out += (s[0] + 2 * s[3] * da + s[1] * da * da)[:, None]
        out += (2 * s[4] * db + s[2] * db * db)[None, :]
        out /= self.n
        return out

    def _apply(self, x: np.ndarray, y, sign: float) -> np.ndarray | None:
        """Add (sign +1) or subtract (-1) one sample's cost to the remembered surface."""
        c = self._cache
        if c is None:
            return None
        if self.model.kind == "linear":
            c.sums += sign * self._mse_terms(c, x[None], np.array([y]))
        else:
            c.total += sign * self._one_sample(c, x, y)
        return self._surface()

    def _one_sample(self, c: _Cache, x: np.ndarray, y) -> np.ndarray:
        """One sample's cost over the grid [G, G]: 1 + a [G, C-1] x [C-1, G] product, then a log."""
        l0, l1, l2 = (v[0] for v in self._relative_logits(c.plane, x[None], np.array([y])))  # [C-1] each
        rows = l0 + c.a[:, None] * l1  # [G, C-1]
        cols = c.b[:, None] * l2
        if max(np.abs(rows).max(), np.abs(cols).max()) <= _EXP_LIMIT:
            with np.errstate(over="ignore"):
                s = np.exp(rows) @ np.exp(cols).T
            if np.isfinite(s).all() and s.max() <= _HUGE:
                return np.log1p(s)
        p = np.maximum(rows.max(axis=1), 0.0)  # pivots, as in _pivoted
        q = np.maximum(cols.max(axis=1), 0.0)
        with np.errstate(under="ignore"):
            s = np.exp(rows - p[:, None]) @ np.exp(cols - q[:, None]).T + np.outer(np.exp(-p), np.exp(-q))
        if _in_range(s):
            return np.log(s) + p[:, None] + q[None, :]
        z = rows[:, None, :] + cols[None, :, :]  # far out on the plane: the stable form
        top = np.maximum(z.max(axis=-1), 0.0)
        return top + np.log(np.exp(-top) + np.exp(z - top[..., None]).sum(axis=-1))

    # -- MSE: a quadratic in (a, b) --------------------------------------------------------------

    def _mse_sums(self, c: _Cache) -> None:
        """Six sums over the samples, around the plane's own least-squares point.

        Around that point the quadratic has no large terms that cancel, so a surface cell is as
        accurate as evaluating the model there directly.
        """
        X, y = self._X, self._y
        r0, pu, pv = self._mse_projections(c.plane, X, y)
        gram = np.array([[pu @ pu, pu @ pv], [pu @ pv, pv @ pv]])
        anchor = np.linalg.lstsq(gram, -np.array([r0 @ pu, r0 @ pv]), rcond=None)[0] if len(y) else np.zeros(2)
        c.anchor = (float(anchor[0]), float(anchor[1]))
        c.sums = self._mse_terms(c, X, y)

    def _mse_projections(self, plane: Plane, X, y):
        m = self.model
        r0 = m.logits(plane.origin[None], X)[0, :, 0] - y
        pu = m.logits(plane.u[None], X)[0, :, 0] - m.logits(np.zeros((1, m.n_params)), X)[0, :, 0]
        pv = m.logits(plane.v[None], X)[0, :, 0] - m.logits(np.zeros((1, m.n_params)), X)[0, :, 0]
        return r0, pu, pv

    def _mse_terms(self, c: _Cache, X, y) -> np.ndarray:
        r0, pu, pv = self._mse_projections(c.plane, X, y)
        r = r0 + c.anchor[0] * pu + c.anchor[1] * pv
        return np.array([r @ r, pu @ pu, pv @ pv, r @ pu, r @ pv, pu @ pv])

    # -- cross-entropy: a factorised log-sum-exp -------------------------------------------------

    def _relative_logits(self, plane: Plane, X, y):
        """Each wrong class's logit minus the true class's, for origin, u and v: three [N, C-1].

        Cost per sample = log(1 + sum over wrong classes of exp(these)), which is >= 0 and has no
        terms that cancel. Logistic regression is the case of one wrong class, logit -z or z.
        """
        m = self.model
        zero = m.logits(np.zeros((1, m.n_params)), X)[0]
        y = np.asarray(y, dtype=np.int64)
        out = []
        for theta, offset in ((plane.origin, None), (plane.u, zero), (plane.v, zero)):
            z = m.logits(theta[None], X)[0]
            if offset is not None:
                z = z - offset  # a direction moves the logits linearly: no bias offset
            if m.kind == "logistic":
                out.append((np.where(y == 1, -1.0, 1.0) * z[:, 0])[:, None])
                continue
            C = m.n_classes
            wrong = (np.arange(C - 1)[None, :] + (np.arange(C - 1)[None, :] >= y[:, None])).astype(np.int64)
            out.append(np.take_along_axis(z, wrong, axis=1) - z[np.arange(len(y)), y][:, None])
        return out

    def _cross_entropy_total(self, plane: Plane, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        G, N = len(a), self.n
        total = np.zeros((G, G))
        if N == 0:
            return total
        L0, L1, L2 = self._relative_logits(plane, self._X, self._y)
        E, row_extent = self._factor("rows", a, L0, L1)  # exp(L0 + a*L1): [C-1, G, N]
        F, col_extent = self._factor("cols", b, None, L2)  # exp(b*L2)
        pivoted = None
        if max(row_extent.max(), col_extent.max()) > _EXP_LIMIT:
            pivoted = (*self._pivoted("rows", a, L0, L1), *self._pivoted("cols", b, None, L2))
        cols = min(G, max(1, _TILE_ELEMENTS // N))
        cols = -(-G // -(-G // cols))  # even chunks: 200 columns as 2 x 100, not 131 + 69
        rows = min(G, max(1, _TILE_ELEMENTS // (cols * N)))
        tiles = [(i, min(i + rows, G), j, min(j + cols, G)) for i in range(0, G, rows) for j in range(0, G, cols)]
        workers = min(self._threads, len(tiles))
        chunks = [tiles[w::workers] for w in range(workers)]
        context = (E, F, row_extent, col_extent, pivoted, total, (rows, cols), (L0, L1, L2, a, b))
        if workers == 1:
            self._run_tiles(0, chunks[0], context)
        else:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix="surface")
            list(self._pool.map(self._run_tiles, range(workers), chunks, [context] * workers))
        return total

    def _pivoted(self, key: str, coord: np.ndarray, base, slope: np.ndarray):
        """For logits in the hundreds: exp(exponent - pivot) <= 1 with pivot = max(0, exponents).

        Returns exp(... - pivot) [C-1, G, N], exp(-pivot) [G, N] (the true class's term) and the
        pivots summed over the samples [G].
        """
        G, (N, K) = len(coord), slope.shape
        out = self._buffer((key, "pivoted"), (K, G, N))
        pivot = self._buffer((key, "pivot"), (G, N))
        true_term = self._buffer((key, "true"), (G, N))
        for k in range(K):
            np.multiply.outer(coord, slope[:, k], out=out[k])
            if base is not None:
                out[k] += base[:, k]
        np.max(out, axis=0, out=pivot)
        np.maximum(pivot, 0.0, out=pivot)
        out -= pivot
        np.exp(out, out=out)
        np.negative(pivot, out=true_term)
        np.exp(true_term, out=true_term)
        return out, true_term, pivot.sum(axis=1)

    def _factor(self, key: str, coord: np.ndarray, base, slope: np.ndarray):
        """exp(base + coord x slope) per wrong class [C-1, G, N], and the largest |exponent| per [G]."""
        G, (N, K) = len(coord), slope.shape
        out = self._buffer((key, "exp"), (K, G, N))
        for k in range(K):  # a loop over classes; each step is a whole [G, N] array
            np.multiply.outer(coord, slope[:, k], out=out[k])
            if base is not None:
                out[k] += base[:, k]
        extent = np.maximum(out.max(axis=(0, 2)), -out.min(axis=(0, 2)))  # no [C-1, G, N] temporary
        with np.errstate(over="ignore"):  # only where extent > _EXP_LIMIT: those take the stable path
            np.exp(out, out=out)
        return out, extent

    def _run_tiles(self, worker: int, tiles, context) -> None:
        """Each tile (rows x columns x samples) stays in the core's cache for all its passes."""
        E, F, row_extent, col_extent, pivoted, total, shape, logits = context
        N = F.shape[2]
        acc = self._buffer(("acc", worker), shape + (N,))
        tmp = self._buffer(("tmp", worker), shape + (N,))
        with np.errstate(over="ignore", under="ignore"):  # every tile's result is checked below
            for i0, i1, j0, j1 in tiles:
                s, t = acc[: i1 - i0, : j1 - j0], tmp[: i1 - i0, : j1 - j0]
                if row_extent[i0:i1].max() <= _EXP_LIMIT and col_extent[j0:j1].max() <= _EXP_LIMIT:
                    # s = 1 + sum exp(relative logits) >= 1: products can only overflow, which
                    # leaves an inf in the tile's sums
                    part = _log_sums(lambda: _products(E[:, i0:i1], F[:, j0:j1], s, t), s, N, False)
                else:
                    # s = exp(-pivots) + sum exp(relative logits - pivots) <= C: products can only
                    # underflow, so their smallest is checked
                    Er, true_r, sum_r, Fc, true_c, sum_c = pivoted
                    fill = lambda: _products(Er[:, i0:i1], Fc[:, j0:j1], s, t, (true_r[i0:i1], true_c[j0:j1]))  # noqa: E731
                    part = _log_sums(fill, s, N, True)
                    if part is not None:
                        part += sum_r[i0:i1, None] + sum_c[None, j0:j1]
                if part is None:
                    part = self._direct_cells(range(i0, i1), slice(j0, j1), *logits)
                total[i0:i1, j0:j1] = part

    @staticmethod
    def _direct_cells(rows, cols: slice, L0, L1, L2, a, b) -> np.ndarray:
        """The stable per-cell log(1 + sum exp) for a tile far out on the plane."""
        bs = b[cols]
        out = np.empty((len(rows), len(bs)))
        for k, i in enumerate(rows):  # a rare fallback, one row of the tile at a time
            z = (L0 + a[i] * L1)[None] + bs[:, None, None] * L2[None]  # [cols, N, C-1]
            top = np.maximum(z.max(axis=-1), 0.0)
            out[k] = (top + np.log(np.exp(-top) + np.exp(z - top[..., None]).sum(axis=-1))).sum(axis=-1)
        return out

    def _buffer(self, key, shape) -> np.ndarray:
        """A scratch array kept between calls, so big temporaries are not freed and faulted back."""
        buf = self._buffers.get(key)
        size = int(np.prod(shape))
        if buf is None or buf.size < size:
            buf = np.empty(size)
            self._buffers[key] = buf
        return buf[:size].reshape(shape)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False)
            self._pool = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass


def _products(E, F, s, t, true_terms=None) -> None:
    """s = (true class's term) + sum over wrong classes of E * F, for every cell and sample.

    The true class's term is 1 unpivoted, or exp(-row pivot) * exp(-column pivot).
    """
    np.multiply(E[0, :, None, :], F[0, None, :, :], out=s)
    for k in range(1, len(E)):
        np.multiply(E[k, :, None, :], F[k, None, :, :], out=t)
        s += t
    if true_terms is None:
        s += 1.0
    else:
        np.multiply(true_terms[0][:, None, :], true_terms[1][None, :, :], out=t)
        s += t


def _log_sums(fill, s, N: int, check_small: bool) -> np.ndarray | None:
    """Sum over samples of log(s) for one tile; None if s leaves the normal floats.

    log x + log y = log(x*y): samples are multiplied pairwise, three times, so one log serves
    eight samples (the log is the costly pass). Should a product leave the normal range, the tile
    is redone with one log per sample; should a single sample's s, the caller computes the tile
    directly.
    """
    fill()
    n = N
    for _ in range(_MAX_HALVINGS):
        if n < 2:
            break
        h = n // 2
        np.multiply(s[..., :h], s[..., n - h : n], out=s[..., :h])
        n -= h
    for _ in range(2):
        kept = s[..., :n]
        if not check_small or kept.min() >= _TINY:
            np.log(kept, out=kept)
            part = kept.sum(axis=-1)
            if np.isfinite(part).all():
                return part
        if n == N:
            return None
        fill()
        n = N
    return None


def _in_range(values: np.ndarray) -> bool:
    """All values finite and far from underflow, so their logs are exact to rounding."""
    return bool(values.min() >= _TINY and values.max() <= _HUGE)


_TINY = float(np.exp(-650.0))
_HUGE = 1e300


def loss_surface(model: Model, X, y, plane: Plane, G: int = G_DEFAULT) -> np.ndarray:
    """One surface, without keeping an evaluator: loss [G, G], row i = a[i], column j = b[j]."""
    evaluator = SurfaceEvaluator(model, X, y)
    try:
        return evaluator.evaluate(plane, G)
    finally:
        evaluator.close()
