"""Shared drawing helpers: readable log-scale ticks, and contour lines as one polyline
(``contour_polyline``: engine/surface/look.py owns it, since an exported GIF draws them too)."""
from __future__ import annotations

import math

import numpy as np

from engine.surface.look import contour_polyline  # noqa: F401 - the views import it from here


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
