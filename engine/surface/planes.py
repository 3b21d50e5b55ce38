"""Planes through parameter space: which 2-D slice the loss surface shows, and its extent.

A ``Plane`` is an origin theta0 [P] and two directions u, v [P]; the surface is
``loss(theta0 + a*u + b*v)`` for a in ``a_range`` and b in ``b_range``. Four ways to choose it:

- ``exact_plane``:   a two-parameter model (one feature + bias): the plane *is* the parameter
                     space, a = the weight, b = the bias. Nothing is hidden.
- ``params_plane``:  two named parameters move, every other one is held at an anchor point.
- ``optimum_plane``: the line from the start to the optimum (a = 0 at the start, a = 1 at the
                     optimum) and a seeded random direction orthogonal to it.
- ``pca_plane``:     the top two principal components of the runs' trajectories around their
                     mean (Li et al. 2018, "Visualizing the loss landscape of neural nets").

Which of them the window and the CLI use, and how far they reach, is one policy:
``engine.session.planes.choose_plane``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from engine.models import Model
from engine.words import translate

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
        a_label = translate("Plane", "start → optimum")
    else:
        u = np.asarray(direction, dtype=np.float64).reshape(-1) * _stretch(start, stretch)
        a_label = translate("Plane", "start → falling direction")
    if len(u) != len(start):
        raise ValueError("the start and the optimum must have the same number of parameters")
    length = np.linalg.norm(u)
    if not length > 1e-12 * max(1.0, np.linalg.norm(start)):
        u = rng.standard_normal(len(start))  # start already at the optimum: any direction shows the bowl
        u /= np.linalg.norm(u)
        length, a_label = 1.0, translate("Plane", "random direction")
    v = _orthogonal_direction(u, rng) * length
    return Plane(start, u, v, (-0.25, 1.25), (-0.75, 0.75), a_label, translate("Plane", "orthogonal"), "optimum")


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
    labels = [f"PC{k + 1} ({100 * explained[k]:.0f}%)" if k < len(keep) else
              translate("Plane", "PC{k} (random)").format(k=k + 1) for k in range(2)]
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

