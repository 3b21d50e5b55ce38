"""What a frame carries of each run's history: a drawable path and a drawable loss curve.

A race keeps every step (up to 10^5 and more); a frame carries a few thousand points per run, so
the GUI copies and draws little while the curves keep their shape: the path keeps a point each
time it has gone a couple of pixels further, the loss curve the low and the high of each stretch.
"""
from __future__ import annotations

import numpy as np

MAX_PATH_POINTS = 4000  # trajectory points per run in a frame (the path is thinned beyond)
MAX_HISTORY_POINTS = 4000  # loss values per run in a frame (beyond, each stretch's min and max)


def frozen(array) -> np.ndarray:
    """A read-only copy: what a frame holds."""
    out = np.array(array, dtype=np.float64 if np.asarray(array).dtype.kind == "f" else None, copy=True)
    out.setflags(write=False)
    return out


def thin(n: int, limit: int) -> np.ndarray:
    """About ``limit`` indices spread over range(n), always with the first and the last.

    For n > limit the spacing exceeds 1, so the rounded indices are distinct and increasing."""
    if n <= limit:
        return np.arange(n)
    return np.linspace(0, n - 1, limit).round().astype(np.int64)


def envelope(values: np.ndarray, buckets: int) -> np.ndarray:
    """Indices that keep the shape of a long curve in about 2 x ``buckets`` points: the lowest and
    the highest value of each of ``buckets`` equal stretches (a noisy SGD curve keeps its band),
    plus the first and the last point."""
    n = len(values)
    width = n // buckets
    if width < 2:
        return thin(n, 2 * buckets)
    block = np.nan_to_num(values[: buckets * width], nan=np.inf).reshape(buckets, width)
    base = np.arange(buckets) * width
    idx = np.concatenate([[0], base + block.argmin(axis=1), base + block.argmax(axis=1), [n - 1]])
    return np.unique(idx)


class LossCurves:
    """Each run's loss history for a frame, thinned to MAX_HISTORY_POINTS and read from the race's
    buffers without copying the whole history; cached while the run is unchanged."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple] = {}
        self._rows: dict[int, np.ndarray | None] = {}  # the rows kept of each history (None: all)

    def clear(self) -> None:
        self._cache.clear()
        self._rows.clear()

    def get(self, race, k: int) -> tuple[np.ndarray | None, np.ndarray]:
        """(history_steps or None when row i is step i, losses)."""
        key = (int(race.t), int(race.steps[k]), int(race.diverged_at[k]), race.k, id(race), int(race.born[k]))
        cached = self._cache.get(k)
        if cached is not None and cached[0] == key:
            return cached[1]
        view = race.history(k, to_now=True)
        m = len(view.loss)
        if m > MAX_HISTORY_POINTS:
            idx = envelope(view.loss, MAX_HISTORY_POINTS // 2)
            losses, history_steps = view.loss[idx], frozen(view.steps(idx))
        else:
            losses = view.loss
            history_steps = None if view.plain else frozen(view.steps(np.arange(m)))
        value = (history_steps, frozen(losses))
        self._cache[k] = (key, value)
        self._rows[k] = None if m <= MAX_HISTORY_POINTS else idx
        return value

    def thetas(self, race, k: int) -> np.ndarray:
        """θ at the rows of run k's last ``get`` (the loss curve's own points): [M, P]."""
        self.get(race, k)
        view = race.history(k, to_now=True)
        rows = self._rows.get(k)
        return view.theta if rows is None else view.theta[rows]


class Paths:
    """Every run's trajectory projected on the current plane, extended as the race goes."""

    def __init__(self) -> None:
        self._cache: dict[int, PathCache] = {}

    def clear(self) -> None:
        self._cache.clear()

    def get(self, race, k: int, plane) -> tuple[np.ndarray, np.ndarray]:
        """Run k's path on the plane, (a, b) [M', 2] and distance from the plane [M']."""
        view = race.history(k, to_now=True)
        key = (id(plane), view.stride, view.first_row, race.k, id(race))
        cache = self._cache.get(k)
        if cache is None or cache.key != key or cache.rows > len(view.theta):
            cache = self._cache[k] = PathCache(key, plane)
        cache.extend(view.theta)
        return cache.drawn()


class PathCache:
    """One run's trajectory projected on one plane, extended row by row as the race goes.

    Only new rows are projected (the last stored row is "now" and is redone each time). The
    drawn path keeps a row each time the path has gone RESOLUTION of the plane's size further,
    so a long crawl towards the optimum costs a few points and every zig of a zig-zag stays.
    Memory is that of the kept points (halved when they pile up), not of the whole history.
    """

    RESOLUTION = 1.0 / 300.0  # a couple of pixels of a plot
    MAX_KEPT = 4 * MAX_PATH_POINTS

    def __init__(self, key, plane) -> None:
        self.key = key
        self.plane = plane
        self.rows = 0  # rows seen
        self.final = 0  # rows decided (kept or dropped) for good: all but the newest
        self._kept_ab = np.zeros((0, 2))
        self._kept_dist = np.zeros(0)
        self._last = None  # (ab [2], cum, bucket) of row final - 1
        self._now = (np.zeros((0, 2)), np.zeros(0))
        (a0, a1), (b0, b1) = plane.a_range, plane.b_range
        self.scale = np.array([1.0 / (a1 - a0), 1.0 / (b1 - b0)])

    def extend(self, theta_rows: np.ndarray) -> None:
        m = len(theta_rows)
        if m == 0:
            return
        start = min(self.final, m - 1)
        with np.errstate(all="ignore"):
            a, b, dist = self.plane.project(theta_rows[start:m])
        ab = np.column_stack([a, b])
        if self._last is None:
            previous_ab, base, previous_bucket = ab[0], 0.0, -1.0
        else:
            previous_ab, base, previous_bucket = self._last
        steps = np.diff(np.vstack([previous_ab[None, :], ab]), axis=0) * self.scale
        lengths = np.nan_to_num(np.hypot(steps[:, 0], steps[:, 1]), nan=0.0, posinf=0.0)
        cum = base + np.cumsum(lengths)
        bucket = np.floor(cum / self.RESOLUTION)
        done = m - 1 - start  # rows decided now: all but the newest
        if done > 0:
            flags = np.diff(np.concatenate([[previous_bucket], bucket[:done]])) > 0
            self._kept_ab = np.concatenate([self._kept_ab, ab[:done][flags]])
            self._kept_dist = np.concatenate([self._kept_dist, dist[:done][flags]])
            self._last = (ab[done - 1], cum[done - 1], bucket[done - 1])
            self.final = m - 1
            if len(self._kept_dist) > self.MAX_KEPT:
                self._kept_ab, self._kept_dist = self._kept_ab[::2].copy(), self._kept_dist[::2].copy()
        self._now = (ab[-1:], dist[-1:])
        self.rows = m

    def drawn(self) -> tuple[np.ndarray, np.ndarray]:
        ab = np.concatenate([self._kept_ab, self._now[0]])
        dist = np.concatenate([self._kept_dist, self._now[1]])
        if len(dist) > MAX_PATH_POINTS:
            keep = thin(len(dist), MAX_PATH_POINTS)
            ab, dist = ab[keep], dist[keep]
        return ab, dist
