"""The cost over a plane's G x G grid, without a Python loop over cells or samples.

- MSE is a quadratic in (a, b): six sums over the samples give the whole surface in O(G^2).
- Cross-entropy: a factorised log-sum-exp (``cross_entropy``), computed in blocks of rows; MSE on
  the sigmoid (``sigmoid_mse``) the same way, a tanh per cell and sample.
- Moving, adding or removing one point updates the remembered surface in O(G^2): the cost is a
  sum over samples, so the old sample's grid is subtracted and the new one's added.

A big surface (digits: ~1 s) is a ``SurfaceTask``: ``begin`` it, ``step`` it a few rows at a time
(a caller can stop between blocks to answer the user), then ``adopt`` it. Points edited while it
ran are applied to it on adoption, so the result is the surface of the data as it is now.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np

from engine.models import Model
from engine.surface.cross_entropy import CrossEntropyKernel, Prepared
from engine.surface.planes import G_DEFAULT, Plane
from engine.surface.sigmoid_mse import SigmoidMSEKernel

MAX_POINT_EDITS = 4  # more changed points than this between two data sets: recompute instead
# Subtracting a sample's cost loses the digits of what is left when that cost was far larger
# (a point dragged far off and back): past this ratio to the smallest cell, sum the data afresh.
CANCELLATION_RATIO = 1e6  # float64 keeps ~16 digits: cells stay right to ~1e-10


@dataclass
class _Cache:
    plane: Plane
    G: int
    a: np.ndarray
    b: np.ndarray
    total: np.ndarray | None = None  # cross-entropy: sum over samples of the per-sample cost [G, G]
    anchor: tuple[float, float] = (0.0, 0.0)  # MSE: the plane's least-squares point (a*, b*)
    sums: np.ndarray = field(default_factory=lambda: np.zeros(6))  # MSE: the quadratic's six sums
    subtracted: float = 0.0  # the largest per-sample cost taken out of these sums since they were made
    penalty: tuple | None = None  # ((l2, l1), [G, G]): the weight penalty over this grid, made once


class SurfaceTask:
    """One surface being computed in blocks of rows, on the data as it was when it began."""

    def __init__(self, evaluator: SurfaceEvaluator, plane: Plane, G: int) -> None:
        self.plane = plane
        self.G = G
        a, b = plane.grid(G)
        self._evaluator = evaluator
        self._X, self._y = evaluator._X, evaluator._y  # the evaluator replaces, never mutates, these
        self.cache = _Cache(plane, G, a, b)
        self.rows_done = 0
        self._prepared: Prepared | None = None
        if evaluator.model.kind == "linear":
            evaluator._mse_sums(self.cache, self._X, self._y)
            self.rows_done = G
        elif evaluator.model.kind == "function":  # f itself over the grid: one batched call, no data
            cells = plane.point(a[:, None], b[None, :]).reshape(-1, 2)
            with np.errstate(all="ignore"):
                self.cache.total = evaluator.model.loss(cells).reshape(G, G) * len(self._y)
            self.rows_done = G
        else:
            self.cache.total = np.zeros((G, G))

    @property
    def done(self) -> bool:
        return self.rows_done >= self.G

    def step(self, rows: int) -> bool:
        """Compute up to ``rows`` more rows; True when the surface is complete."""
        if self.done:
            return True
        ev = self._evaluator
        if ev._task is not self:
            raise RuntimeError("another surface began on this evaluator: this one was abandoned")
        if self._prepared is None:
            self._prepared = ev._kernel.prepare(self.plane, self.cache.a, self.cache.b, self._X, self._y)
        i0 = self.rows_done
        i1 = min(self.G, i0 + max(1, int(rows)))
        self.cache.total[i0:i1] = ev._kernel.rows(self._prepared, i0, i1)
        self.rows_done = i1
        return self.done


def point_edits(old_X, old_y, new_X, new_y) -> list | None:
    """The evaluator calls that turn (old_X, old_y) into (new_X, new_y) when a few points moved,
    one was added at the end or one removed; None when it is more than that (recompute instead)."""
    old_X, new_X = np.asarray(old_X), np.asarray(new_X)
    old_y, new_y = np.asarray(old_y), np.asarray(new_y)
    if old_X.ndim != 2 or new_X.ndim != 2 or old_X.shape[1] != new_X.shape[1]:
        return None
    n_old, n_new = len(old_y), len(new_y)
    if n_old == n_new:
        changed = np.flatnonzero(np.any(old_X != new_X, axis=1) | (old_y != new_y))
        if len(changed) > MAX_POINT_EDITS:
            return None
        return [("update_point", int(i), old_X[i], old_y[i], new_X[i], new_y[i]) for i in changed]
    if n_new == n_old + 1 and np.array_equal(old_X, new_X[:-1]) and np.array_equal(old_y, new_y[:-1]):
        return [("add_point", new_X[-1], new_y[-1])]
    if n_new == n_old - 1 and n_old > 1:
        same = np.all(old_X[:-1] == new_X, axis=1) & (old_y[:-1] == new_y)
        i = int(np.argmin(same)) if not same.all() else n_old - 1
        if np.array_equal(old_X[i + 1:], new_X[i:]) and np.array_equal(old_y[i + 1:], new_y[i:]):
            return [("remove_point", i)]
    return None


class SurfaceEvaluator:
    """The cost of ``model`` on data (X, y) over a plane's grid, with in-place point edits.

    ``evaluate`` returns loss [G, G] (row i is a[i], column j is b[j]) and remembers the plane and
    grid; ``update_point`` / ``add_point`` / ``remove_point`` then update that surface in O(G^2)
    and return it. ``set_data`` replaces the data (and recomputes the remembered surface).
    """

    def __init__(self, model: Model, X, y, *, threads: int | None = None):
        self.model = model
        threads = max(1, min(threads or os.cpu_count() or 1, 8))
        self._kernel = (SigmoidMSEKernel if getattr(model, "sigmoid_mse", False) else CrossEntropyKernel)(model, threads)
        self._cache: _Cache | None = None
        self._task: SurfaceTask | None = None
        self._X = np.zeros((0, model.n_features))
        self._y = np.zeros(0)
        self.set_data(X, y)

    # -- data ------------------------------------------------------------------------------------

    @property
    def n(self) -> int:
        return len(self._y)

    def set_data(self, X, y, recompute: bool = True) -> np.ndarray | None:
        """Replace all data; returns the remembered surface recomputed (None if there is none, or
        without ``recompute``, which forgets it)."""
        X = np.array(X, dtype=np.float64, copy=True).reshape(len(np.atleast_1d(y)), -1)
        if X.shape[1] != self.model.n_features:
            raise ValueError(f"the data has {X.shape[1]} features but the model expects {self.model.n_features}")
        self._X = X
        self._y = self._check_targets(np.array(y, copy=True).reshape(-1))
        if self._cache is None:
            return None
        if not recompute:
            self._cache = None
            return None
        return self.evaluate(self._cache.plane, self._cache.G)

    def update_point(self, i: int, old_x, old_y, new_x, new_y) -> np.ndarray | None:
        """Point i moved from (old_x, old_y) to (new_x, new_y); returns the updated surface."""
        old_x = np.asarray(old_x, dtype=np.float64).reshape(-1)
        if not (np.allclose(old_x, self._X[i], rtol=1e-9, atol=1e-12) and np.isclose(old_y, self._y[i])):
            raise ValueError(f"point {i} is not at {old_x.tolist()}, {old_y}: the evaluator's data is out of step")
        new_x = self._check_point(new_x)
        new_y = self._check_targets(np.array([new_y]))[0]
        self._apply(self._cache, self._X[i], self._y[i], -1.0)
        X, y = self._X.copy(), self._y.copy()  # new arrays: a running task keeps the old ones
        X[i], y[i] = new_x, new_y
        self._X, self._y = X, y
        self._apply(self._cache, new_x, new_y, +1.0)
        return self._edited()

    def add_point(self, x, y) -> np.ndarray | None:
        x = self._check_point(x)
        y = self._check_targets(np.array([y]))[0]
        self._X = np.vstack([self._X, x[None]])
        self._y = np.append(self._y, y)
        self._apply(self._cache, x, y, +1.0)
        return self._edited()

    def remove_point(self, i: int) -> np.ndarray | None:
        x, y = self._X[i].copy(), self._y[i]
        self._X = np.delete(self._X, i, axis=0)
        self._y = np.delete(self._y, i)
        self._apply(self._cache, x, y, -1.0)
        return self._edited()

    def edit_to(self, X, y) -> np.ndarray | None:
        """Bring the data to (X, y) by point edits when only a few points changed (the remembered
        surface follows in O(G^2) each), else by ``set_data`` without recomputing. Returns the
        remembered surface, or None when there is none any more."""
        X = np.asarray(X, dtype=np.float64).reshape(len(np.atleast_1d(y)), -1)
        edits = point_edits(self._X, self._y, X, y)
        if edits is None:
            self.set_data(X, y, recompute=False)
            return None
        surface = self.surface()
        for name, *args in edits:
            surface = getattr(self, name)(*args)
        return surface

    def _check_point(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64).reshape(-1)
        if len(x) != self.model.n_features:
            raise ValueError(f"a point needs {self.model.n_features} features, not {len(x)}")
        return x

    def _check_targets(self, y: np.ndarray) -> np.ndarray:
        if self.model.kind in ("linear", "function"):
            return y.astype(np.float64)
        y = y.astype(np.int64)
        top = 2 if self.model.kind == "logistic" else self.model.n_classes
        if len(y) and (y.min() < 0 or y.max() >= top):
            raise ValueError(f"class labels must be 0 to {top - 1} for this model")
        return y

    # -- surfaces --------------------------------------------------------------------------------

    def evaluate(self, plane: Plane, G: int = G_DEFAULT) -> np.ndarray:
        """loss [G, G] over the plane: row i is a[i], column j is b[j]."""
        task = self.begin(plane, G)
        task.step(G)
        return self.adopt(task)

    def begin(self, plane: Plane, G: int = G_DEFAULT) -> SurfaceTask:
        """Start a surface to be computed in blocks (``task.step(rows)``); any older task is abandoned."""
        if plane.n_params != self.model.n_params:
            raise ValueError(f"the plane has {plane.n_params} parameters but the model has {self.model.n_params}")
        self._task = SurfaceTask(self, plane, G)
        return self._task

    def adopt(self, task: SurfaceTask) -> np.ndarray | None:
        """Make a finished task's surface the remembered one, with the points edited since it began
        applied to it; None if the data changed by more than a few points meanwhile."""
        if not task.done:
            raise ValueError("the surface is not finished: step the task to the end first")
        if self._task is task:
            self._task = None
        c = task.cache
        edits = point_edits(task._X, task._y, self._X, self._y)
        if edits is None:
            return None
        for name, *args in edits:
            if name == "update_point":
                _, old_x, old_y, new_x, new_y = args
                self._apply(c, np.asarray(old_x, dtype=np.float64), old_y, -1.0)
                self._apply(c, np.asarray(new_x, dtype=np.float64), new_y, +1.0)
            elif name == "add_point":
                self._apply(c, np.asarray(args[0], dtype=np.float64), args[1], +1.0)
            else:
                i = args[0]
                self._apply(c, np.asarray(task._X[i], dtype=np.float64), task._y[i], -1.0)
        if not self._resum(c):
            return None
        self._cache = c
        return self.surface()

    @property
    def last_plane(self) -> Plane | None:
        return None if self._cache is None else self._cache.plane

    @property
    def last_grid(self) -> int:
        return 0 if self._cache is None else self._cache.G

    def set_penalty(self, model: Model) -> bool:
        """Take ``model``'s weight penalty if it is this model otherwise (True): the data's part
        of the surface stays, so dragging the λ slider costs O(G²) per frame, not a new surface."""
        if model.unpenalised != self.model.unpenalised:
            return False
        self.model = model
        return True

    def surface(self) -> np.ndarray | None:
        """The remembered surface for the current data (None before the first), with the model's
        weight penalty added."""
        c = self._cache
        if c is None:
            return None
        if self.n == 0:
            return np.full((c.G, c.G), np.nan)
        out = self._data_surface(c)
        if self.model.penalised:
            out = out + self._penalty(c)
        return out

    def _penalty(self, c: _Cache) -> np.ndarray:
        """l2·Σw² + l1·Σ|w| at every cell, w = the weights of origin + a·u + b·v."""
        m = self.model
        key = (m.l2, m.l1)
        if c.penalty is not None and c.penalty[0] == key:
            return c.penalty[1]
        W = m.n_weights
        o, u, v = c.plane.origin[:W], c.plane.u[:W], c.plane.v[:W]
        a, b = c.a[:, None], c.b[None, :]
        out = np.zeros((c.G, c.G))
        if m.l2:  # a quadratic in (a, b): six dot products
            out += m.l2 * (o @ o + 2 * a * (o @ u) + 2 * b * (o @ v) + a * a * (u @ u) + 2 * a * b * (u @ v)
                           + b * b * (v @ v))
        if m.l1:  # no shortcut for |.|: weight by weight, a few rows of cells at a time
            rows = max(1, 2_000_000 // max(1, c.G * W))
            for i in range(0, c.G, rows):
                cells = o + c.a[i:i + rows, None, None] * u + c.b[None, :, None] * v  # [rows, G, W]
                out[i:i + rows] += m.l1 * np.abs(cells).sum(axis=2)
        c.penalty = (key, out)
        return out

    def _data_surface(self, c: _Cache) -> np.ndarray:
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

    def _apply(self, c: _Cache | None, x: np.ndarray, y, sign: float) -> np.ndarray | None:
        """Add (sign +1) or subtract (-1) one sample's cost to a surface's sums."""
        if c is None:
            return None
        if self.model.kind == "linear":
            terms = self._mse_terms(c, x[None], np.array([y]))
            c.sums += sign * terms
            if sign < 0:  # the sample's largest cost on the grid: (|r| + |da| |pu| + |db| |pv|)^2
                da = np.abs(c.a - c.anchor[0]).max()
                db = np.abs(c.b - c.anchor[1]).max()
                c.subtracted = max(c.subtracted, float((np.sqrt(terms[0]) + da * np.sqrt(terms[1])
                                                        + db * np.sqrt(terms[2])) ** 2))
        else:
            one = self._kernel.one_sample(c.plane, c.a, c.b, x, y)
            c.total += sign * one
            if sign < 0:
                c.subtracted = max(c.subtracted, float(np.abs(one).max()))
        return self.surface() if c is self._cache else None

    def _cancelled(self, c: _Cache) -> bool:
        """Whether subtractions may have cost the sums their accuracy (see CANCELLATION_RATIO)."""
        if c.subtracted == 0.0:
            return False
        smallest = c.sums[0] if self.model.kind == "linear" else float(np.abs(c.total).min())
        return not c.subtracted <= CANCELLATION_RATIO * max(smallest, 1e-300)

    def _resum(self, c: _Cache) -> bool:
        """After subtractions that cancelled: the MSE sums afresh from the data now (O(n), cheap);
        False for cross-entropy, whose grid the caller must recompute (it is a full surface)."""
        if not self._cancelled(c):
            return True
        if self.model.kind != "linear":
            return False
        self._mse_sums(c, self._X, self._y)
        c.subtracted = 0.0
        return True

    def _edited(self) -> np.ndarray | None:
        """The remembered surface after a point edit, or None when it must be recomputed."""
        c = self._cache
        if c is not None and not self._resum(c):
            self._cache = None
        return self.surface()

    # -- MSE: a quadratic in (a, b) --------------------------------------------------------------

    def _mse_sums(self, c: _Cache, X, y) -> None:
        """Six sums over the samples, around the plane's own least-squares point.

        Around that point the quadratic has no large terms that cancel, so a surface cell is as
        accurate as evaluating the model there directly.
        """
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

    def close(self) -> None:
        self._kernel.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass


def loss_surface(model: Model, X, y, plane: Plane, G: int = G_DEFAULT) -> np.ndarray:
    """One surface, without keeping an evaluator: loss [G, G], row i = a[i], column j = b[j]."""
    evaluator = SurfaceEvaluator(model, X, y)
    try:
        return evaluator.evaluate(plane, G)
    finally:
        evaluator.close()
