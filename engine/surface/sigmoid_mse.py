"""The surface of MSE on the sigmoid, mean_n (sigmoid(z_n) - y_n)^2, in blocks of rows.

Logistic regression's logit is linear in (a, b): z = z0 + a*pu + b*pv per sample. Unlike
cross-entropy the squared error of a sigmoid does not factorise, so each (cell, sample) costs a
tanh (sigmoid(z) = (1 + tanh(z / 2)) / 2, which never overflows). Tiles of ~128k pairs keep the
temporaries in cache. The interface is ``CrossEntropyKernel``'s, so the evaluator, its point
edits and its blocks work the same for either cost.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.models import Model

TILE_ELEMENTS = 131_072  # cells x samples per tile


@dataclass
class PreparedMSE:
    a: np.ndarray
    b: np.ndarray
    z0: np.ndarray  # [N] the logit at the plane's origin
    pu: np.ndarray  # [N] how it moves per unit of a
    pv: np.ndarray  # [N] and of b
    y: np.ndarray  # [N] float targets


class SigmoidMSEKernel:
    """Row blocks of the squared error of logistic regression's probability."""

    def __init__(self, model: Model, threads: int = 1) -> None:
        self.model = model

    def _logits(self, plane, X) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        m = self.model
        zero = m.logits(np.zeros((1, m.n_params)), X)[0, :, 0]
        z0 = m.logits(np.asarray(plane.origin)[None], X)[0, :, 0]
        pu = m.logits(np.asarray(plane.u)[None], X)[0, :, 0] - zero  # a direction: no bias offset
        pv = m.logits(np.asarray(plane.v)[None], X)[0, :, 0] - zero
        return z0, pu, pv

    def prepare(self, plane, a: np.ndarray, b: np.ndarray, X, y) -> PreparedMSE:
        z0, pu, pv = self._logits(plane, np.asarray(X, dtype=np.float64))
        return PreparedMSE(a, b, z0, pu, pv, np.asarray(y, dtype=np.float64))

    def rows(self, p: PreparedMSE, i0: int, i1: int) -> np.ndarray:
        """The squared error summed over the samples for rows a[i0:i1]: [i1 - i0, G]."""
        G, N = len(p.b), len(p.y)
        total = np.zeros((i1 - i0, G))
        if N == 0:
            return total
        cols = min(G, max(1, TILE_ELEMENTS // N))
        rows = max(1, TILE_ELEMENTS // (cols * N))
        bv = p.b[:, None] * p.pv[None, :]  # [G, N]
        for i in range(i0, i1, rows):
            r = slice(i, min(i + rows, i1))
            au = p.z0[None, :] + p.a[r, None] * p.pu[None, :]  # [rows, N]
            for j in range(0, G, cols):
                c = slice(j, min(j + cols, G))
                total[r.start - i0:r.stop - i0, c] = _squared_errors(au[:, None, :] + bv[None, c, :], p.y)
        return total

    def one_sample(self, plane, a: np.ndarray, b: np.ndarray, x: np.ndarray, y) -> np.ndarray:
        """One sample's squared error over the grid [G, G]."""
        z0, pu, pv = self._logits(plane, np.asarray(x, dtype=np.float64)[None])
        z = z0[0] + a[:, None] * pu[0] + b[None, :] * pv[0]
        return _squared_errors(z[..., None], np.array([float(y)]))

    def close(self) -> None:
        pass


def _squared_errors(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """sum over the last axis of (sigmoid(z) - y)^2, with the sigmoid written through tanh."""
    z *= 0.5
    np.tanh(z, out=z)
    z *= 0.5
    z += 0.5 - y
    z *= z
    return z.sum(axis=-1)
