"""What a picture of the loss surface looks like: the window's view and an exported GIF alike.

The colour map (viridis lightened toward white, so the run colours and the dark contour lines stay
readable on it: dark = low loss), what the colours encode (log10 of the loss, or the loss), where
the contour lines go, readable log-scale ticks, and the colours of the markers. Plain numpy and
contourpy: the GUI's views (``gui/views``) and the animation (``engine/animation``) read them here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import contourpy
import numpy as np

_VIRIDIS_STOPS = (
    "#440154", "#482878", "#3E4A89", "#31688E", "#26828E",
    "#1F9E89", "#35B779", "#6DCD59", "#B4DE2C", "#FDE725",
)
SURFACE_WASH = 0.45  # how far each stop is blended toward white
N_CONTOUR_LEVELS = 10
CONTOUR_RGBA = (20, 20, 40, 130)  # the contour lines: dark, partly see-through
OPTIMUM_COLOR = "#FFD21F"
OUTLINE_COLOR = "#1A1A1A"


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def surface_stops() -> list[tuple[int, int, int]]:
    """The colour stops of the loss-surface map (low loss first)."""
    out = []
    for stop in _VIRIDIS_STOPS:
        rgb = np.array(hex_to_rgb(stop), dtype=np.float64)
        washed = rgb + (255.0 - rgb) * SURFACE_WASH * (1.0 - 0.5 * (rgb.mean() / 255.0))
        out.append(tuple(int(round(v)) for v in washed))
    return out


def display_values(loss: np.ndarray, log_scale: bool) -> np.ndarray:
    """What the colours encode: log10(loss) on a log scale, else the loss; overflow clipped to the
    largest finite value (and a loss of 0 to half the smallest positive one, so log10 is finite)."""
    z = np.array(loss, dtype=np.float64)
    finite = np.isfinite(z)
    if not finite.any():
        return np.zeros_like(z)
    top = z[finite].max()
    z[~finite] = top
    if log_scale:
        positive = z[z > 0]
        floor = max(positive.min() * 0.5, 1e-300) if positive.size else 1e-12
        z = np.log10(np.maximum(z, floor))
    return z


def colour_range(z: np.ndarray) -> tuple[float, float]:
    """The values at the two ends of the colour map (never an empty range)."""
    lo, hi = float(z.min()), float(z.max())
    return (lo, hi) if hi > lo else (lo, lo + 1.0)


def contour_levels(lo: float, hi: float, log_scale: bool) -> np.ndarray:
    """N_CONTOUR_LEVELS levels strictly inside (lo, hi); on a log scale denser near the valley
    floor, where the interesting shape is."""
    t = np.linspace(0.0, 1.0, N_CONTOUR_LEVELS + 2)[1:-1]
    return lo + (hi - lo) * (t**1.5 if log_scale else t)


def colour_image(z: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """[..., 3] uint8: ``z`` through the surface colour map, ``lo`` and ``hi`` at its ends (the
    stops evenly spaced, linear between them, as pyqtgraph's ColorMap maps them)."""
    stops = np.array(surface_stops(), dtype=np.float64)
    t = np.clip((np.asarray(z, dtype=np.float64) - lo) / (hi - lo), 0.0, 1.0)
    x = np.linspace(0.0, 1.0, len(stops))
    rgb = np.stack([np.interp(t, x, stops[:, c]) for c in range(3)], axis=-1)
    return np.rint(rgb).astype(np.uint8)


def cell_edges(centres: np.ndarray) -> tuple[float, float]:
    """The outer edges of grid cells centred on ``centres`` (evenly spaced): where the map ends."""
    if len(centres) < 2:
        return float(centres[0]) - 0.5, float(centres[0]) + 0.5
    half = 0.5 * (centres[-1] - centres[0]) / (len(centres) - 1)
    return float(centres[0] - half), float(centres[-1] + half)


def contour_polyline(x: np.ndarray, y: np.ndarray, z: np.ndarray, levels) -> tuple[np.ndarray, np.ndarray]:
    """All contour lines of ``z`` (shape [len(y), len(x)]) at ``levels`` as one NaN-separated
    polyline (contourpy: a few milliseconds where pyqtgraph's IsocurveItem took a hundred)."""
    z = np.asarray(z, dtype=np.float64)
    levels = [float(v) for v in levels if np.isfinite(v)]
    if z.ndim != 2 or min(z.shape) < 2 or not levels:
        return np.empty(0), np.empty(0)
    generator = contourpy.contour_generator(x, y, z, line_type=contourpy.LineType.ChunkCombinedNan)
    pieces = []
    for (chunks,) in generator.multi_lines(levels):
        for points in chunks:
            if points is not None and len(points):
                pieces.append(points)
                pieces.append(np.full((1, 2), np.nan))
    if not pieces:
        return np.empty(0), np.empty(0)
    line = np.concatenate(pieces)
    return line[:, 0], line[:, 1]


def log_ticks(lo: float, hi: float, most: int = 8) -> list[tuple[float, str]]:
    """Readable ticks for an axis in log10 units: decades, or 1-2-5 steps within a short range."""
    if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
        return []
    first, last = math.floor(lo), math.ceil(hi)
    for mantissas in ((1.0,), (1.0, 2.0, 5.0), (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0)):
        values = [m * 10.0**e for e in range(first, last + 1) for m in mantissas]
        values = [v for v in values if lo - 1e-9 <= math.log10(v) <= hi + 1e-9]
        if len(values) >= 3:
            break
    if len(values) < 2:  # a narrow range (0.69313 to 0.69318): evenly spaced, as many digits as it takes
        return _narrow_ticks(lo, hi)
    stride = max(1, math.ceil(len(values) / most))
    return [(math.log10(v), compact_number(v)) for v in values[::stride]]


def _narrow_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    """Round values 1, 2 or 5 x 10^k apart inside a range too narrow for decades."""
    a, b = 10.0**lo, 10.0**hi
    raw = (b - a) / 4
    if not raw > 0:
        return [(lo, f"{a:.6g}")]
    power = 10.0 ** math.floor(math.log10(raw))
    step = min((m * power for m in (1, 2, 5, 10) if m * power >= raw), default=10 * power)
    first = math.ceil(a / step)
    values = [k * step for k in range(first, int(math.floor(b / step)) + 1)] or [a]
    digits = max(0, -math.floor(math.log10(step)))
    return [(math.log10(v), f"{v:.{digits}f}") for v in values if v > 0]


def compact_number(v: float) -> str:
    """A short tick label: 0.05, 20, 3000, 1e5, 2e-6."""
    if v == 0 or 1e-3 <= abs(v) < 1e4:
        return f"{v:.4g}"
    mantissa, exponent = f"{v:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"


@dataclass(frozen=True)
class SurfacePicture:
    """What the surface view draws of a loss grid: the values behind the colours, the two ends of
    the colour map and the contour lines (x, y: one NaN-separated polyline). The session makes it
    on the worker's thread with each new surface (the contours alone took ~1.5 ms of the GUI
    thread per edit); the view makes its own only when the log scale was switched meanwhile."""

    log_scale: bool
    display: np.ndarray  # [G, G], as the loss
    levels: tuple[float, float]
    contour_x: np.ndarray
    contour_y: np.ndarray


def surface_picture(a: np.ndarray, b: np.ndarray, loss: np.ndarray, log_scale: bool) -> SurfacePicture:
    """``loss[i, j]`` is at (a[i], b[j])."""
    z = display_values(loss, log_scale)
    lo, hi = colour_range(z)
    xs, ys = contour_polyline(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64), z.T,
                              contour_levels(lo, hi, log_scale))
    for array in (z, xs, ys):
        array.setflags(write=False)
    return SurfacePicture(log_scale, z, (lo, hi), xs, ys)


def decision_boundary(proba: np.ndarray, x_range, y_range, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Where the predicted class changes over a grid of class probabilities ``proba`` [H, W, C]
    (row i is y, column j is x) as one NaN-separated polyline: binary, where P(class 1) crosses
    ``threshold``; more classes, the edge of each class's region (its lead over the runner-up is 0)."""
    proba = np.asarray(proba, dtype=np.float64)
    h, w, c = proba.shape
    xs, ys = np.linspace(x_range[0], x_range[1], w), np.linspace(y_range[0], y_range[1], h)
    if c == 2:
        return contour_polyline(xs, ys, proba[..., 1], [threshold])
    label = proba.argmax(axis=2)
    ordered = np.sort(proba, axis=2)
    first, second = ordered[..., -1], ordered[..., -2]
    parts_x, parts_y = [], []
    for k in range(c):
        margin = np.where(label == k, first - second, proba[..., k] - first)  # > 0 exactly inside class k
        if (margin > 0).any() and (margin < 0).any():
            px, py = contour_polyline(xs, ys, margin, [0.0])
            parts_x.append(px)
            parts_y.append(py)
    if not parts_x:
        return np.empty(0), np.empty(0)
    return np.concatenate(parts_x), np.concatenate(parts_y)
