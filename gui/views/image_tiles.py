"""Samples and weight vectors as pictures: plain numpy that lays images out in one RGB array, so
the view draws a whole page of digits (or ten weight images) as one ImageItem, not a hundred.

Tiles are ``side × side`` (the features in row-major order, as digits' pixel_r_c), each with a
border in a colour of its own (the predicted class), laid out row by row with a gap between.
"""
from __future__ import annotations

import numpy as np

BORDER = 1  # pixels of colour round each tile
GAP = 1  # white pixels between tiles
NEGATIVE = np.array([0, 114, 178], dtype=np.float64)  # blue: a weight that votes against the class
POSITIVE = np.array([213, 94, 0], dtype=np.float64)  # vermillion: one that votes for it


def cell(side: int) -> int:
    """A tile's pitch in the composite image: the picture, its border and the gap."""
    return side + 2 * BORDER + GAP


def grey(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """[..., 3] uint8: low values white, high ones black (ink on paper, as the digits were drawn)."""
    span = hi - lo if hi > lo else 1.0
    level = 255.0 * (1.0 - np.clip((np.asarray(values, dtype=np.float64) - lo) / span, 0.0, 1.0))
    return np.repeat(level[..., None], 3, axis=-1).astype(np.uint8)


def diverging(values: np.ndarray, scale: float) -> np.ndarray:
    """[..., 3] uint8: 0 white, +scale vermillion, −scale blue (a weight image)."""
    t = np.clip(np.asarray(values, dtype=np.float64) / (scale if scale > 0 else 1.0), -1.0, 1.0)[..., None]
    white = np.full(3, 255.0)
    rgb = np.where(t >= 0, white + t * (POSITIVE - white), white - t * (NEGATIVE - white))
    return rgb.astype(np.uint8)


def layout(pictures: np.ndarray, borders: np.ndarray, cols: int) -> np.ndarray:
    """pictures [T, side, side, 3] uint8 and their border colours [T, 3] -> one [H, W, 3] image,
    ``cols`` tiles a row (row 0 at the top)."""
    t, side = pictures.shape[0], pictures.shape[1]
    rows = max(1, -(-t // cols))
    pitch = cell(side)
    out = np.full((rows * pitch, cols * pitch, 3), 255, dtype=np.uint8)
    for k in range(t):
        r, c = divmod(k, cols)
        y, x = r * pitch, c * pitch
        out[y:y + side + 2 * BORDER, x:x + side + 2 * BORDER] = borders[k]
        out[y + BORDER:y + BORDER + side, x + BORDER:x + BORDER + side] = pictures[k]
    return out


def tile_at(x: float, y: float, side: int, cols: int, count: int) -> int | None:
    """The tile under image coordinates (x, y) (pixels, y down), or None between tiles or past them."""
    pitch = cell(side)
    if x < 0 or y < 0:
        return None
    c, r = int(x // pitch), int(y // pitch)
    if c >= cols or x - c * pitch >= side + 2 * BORDER or y - r * pitch >= side + 2 * BORDER:
        return None
    k = r * cols + c
    return k if k < count else None
