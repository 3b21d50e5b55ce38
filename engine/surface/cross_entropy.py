"""The cross-entropy surface as a factorised log-sum-exp, computed in blocks of rows.

The logits are linear in (a, b). Measured against the true class, a sample's cost is
log(1 + sum over wrong classes of exp(r)), r = R0 + a*R1 + b*R2, which is >= 0 and has no terms
that cancel. exp(r) = exp(R0 + a*R1) * exp(b*R2) factorises into a row part and a column part, so
each (cell, sample) costs one multiply-add per wrong class instead of an exp; and since every
1 + sum is >= 1, eight samples are multiplied before one log. Logits in the hundreds use pivoted
factors (each <= 1); cells where no factorisation is exact in floating point are computed
directly. Tiles of ~128k (cell, sample) pairs stay in cache and run on a small thread pool (numpy
releases the GIL) in buffers kept between calls, so big temporaries are not returned to the system
and faulted back in on every surface.

A surface is ``prepare``d once (the relative logits and the column factors, for every column) and
then computed ``rows`` at a time, so a caller can stop between two blocks and come back.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from engine.models import Model

TILE_ELEMENTS = 131_072  # cells x samples per tile: 1 MB of float64, stays in the core's cache
EXP_LIMIT = 700.0  # |exponent| up to which exp() and its products stay normal floating point
_MAX_HALVINGS = 3  # multiply up to 8 samples' sums before one log
_TINY = float(np.exp(-650.0))
_HUGE = 1e300


@dataclass
class Prepared:
    """What every row block of one surface shares: the logits and the column factors."""

    a: np.ndarray
    b: np.ndarray
    logits: tuple[np.ndarray, np.ndarray, np.ndarray]  # L0, L1, L2: [N, C-1] each
    F: np.ndarray  # exp(b x L2): [C-1, G, N]
    col_extent: np.ndarray  # [G]
    tile: tuple[int, int]  # (rows, columns) of a tile
    col_pivoted: tuple | None = None  # computed the first time a block needs it


class CrossEntropyKernel:
    """Row blocks of a logistic or softmax surface; owns the scratch buffers and the pool."""

    def __init__(self, model: Model, threads: int) -> None:
        self.model = model
        self._threads = threads
        self._pool: ThreadPoolExecutor | None = None
        self._buffers: dict[tuple, np.ndarray] = {}

    def relative_logits(self, origin, u, v, X, y):
        """Each wrong class's logit minus the true class's, for origin, u and v: three [N, C-1].

        Cost per sample = log(1 + sum over wrong classes of exp(these)), which is >= 0 and has no
        terms that cancel. Logistic regression is the case of one wrong class, logit -z or z.
        """
        m = self.model
        zero = m.logits(np.zeros((1, m.n_params)), X)[0]
        y = np.asarray(y, dtype=np.int64)
        out = []
        for theta, offset in ((origin, None), (u, zero), (v, zero)):
            z = m.logits(np.asarray(theta)[None], X)[0]
            if offset is not None:
                z = z - offset  # a direction moves the logits linearly: no bias offset
            if m.kind == "logistic":
                out.append((np.where(y == 1, -1.0, 1.0) * z[:, 0])[:, None])
                continue
            C = m.n_classes
            wrong = (np.arange(C - 1)[None, :] + (np.arange(C - 1)[None, :] >= y[:, None])).astype(np.int64)
            out.append(np.take_along_axis(z, wrong, axis=1) - z[np.arange(len(y)), y][:, None])
        return out

    def prepare(self, plane, a: np.ndarray, b: np.ndarray, X, y) -> Prepared:
        """The logits and column factors of a surface over (a, b). Valid until the next prepare."""
        G, N = len(b), len(y)
        L0, L1, L2 = self.relative_logits(plane.origin, plane.u, plane.v, X, y)
        F, col_extent = self._factor("cols", b, None, L2)  # exp(b*L2)
        cols = min(G, max(1, TILE_ELEMENTS // max(N, 1)))
        cols = -(-G // -(-G // cols))  # even chunks: 200 columns as 2 x 100, not 131 + 69
        rows = min(len(a), max(1, TILE_ELEMENTS // (cols * max(N, 1))))
        return Prepared(a, b, (L0, L1, L2), F, col_extent, (rows, cols))

    def rows(self, p: Prepared, i0: int, i1: int) -> np.ndarray:
        """The cost summed over the samples for rows a[i0:i1] and every column: [i1 - i0, G]."""
        L0, L1, L2 = p.logits
        N, G = L0.shape[0], len(p.b)
        total = np.zeros((i1 - i0, G))
        if N == 0:
            return total
        a = p.a[i0:i1]
        E, row_extent = self._factor("rows", a, L0, L1)  # exp(L0 + a*L1): [C-1, rows, N]
        pivoted = None
        if max(row_extent.max(), p.col_extent.max()) > EXP_LIMIT:
            if p.col_pivoted is None:
                p.col_pivoted = self._pivoted("cols", p.b, None, L2)
            pivoted = (*self._pivoted("rows", a, L0, L1), *p.col_pivoted)
        rows, cols = p.tile
        n = i1 - i0
        tiles = [(i, min(i + rows, n), j, min(j + cols, G)) for i in range(0, n, rows) for j in range(0, G, cols)]
        workers = min(self._threads, len(tiles))
        chunks = [tiles[w::workers] for w in range(workers)]
        context = (E, p.F, row_extent, p.col_extent, pivoted, total, (rows, cols), (L0, L1, L2, a, p.b))
        if workers == 1:
            self._run_tiles(0, chunks[0], context)
        else:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix="surface")
            list(self._pool.map(self._run_tiles, range(workers), chunks, [context] * workers))
        return total

    def one_sample(self, plane, a: np.ndarray, b: np.ndarray, x: np.ndarray, y) -> np.ndarray:
        """One sample's cost over the grid [G, G]: 1 + a [G, C-1] x [C-1, G] product, then a log."""
        l0, l1, l2 = (v[0] for v in self.relative_logits(plane.origin, plane.u, plane.v, x[None], np.array([y])))
        rows = l0 + a[:, None] * l1  # [G, C-1]
        cols = b[:, None] * l2
        if max(np.abs(rows).max(), np.abs(cols).max()) <= EXP_LIMIT:
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

    # -- the pieces ------------------------------------------------------------------------------

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
        extent = np.maximum(out.max(axis=(0, 2)), -out.min(axis=(0, 2))) if N else np.zeros(G)
        with np.errstate(over="ignore"):  # only where extent > EXP_LIMIT: those take the stable path
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
                if row_extent[i0:i1].max() <= EXP_LIMIT and col_extent[j0:j1].max() <= EXP_LIMIT:
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
                    part = _direct_cells(range(i0, i1), slice(j0, j1), *logits)
                total[i0:i1, j0:j1] = part

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


def _direct_cells(rows, cols: slice, L0, L1, L2, a, b) -> np.ndarray:
    """The stable per-cell log(1 + sum exp) for a tile far out on the plane."""
    bs = b[cols]
    out = np.empty((len(rows), len(bs)))
    for k, i in enumerate(rows):  # a rare fallback, one row of the tile at a time
        z = (L0 + a[i] * L1)[None] + bs[:, None, None] * L2[None]  # [cols, N, C-1]
        top = np.maximum(z.max(axis=-1), 0.0)
        out[k] = (top + np.log(np.exp(-top) + np.exp(z - top[..., None]).sum(axis=-1))).sum(axis=-1)
    return out


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
