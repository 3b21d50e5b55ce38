"""A view box whose auto-range moves in jumps, not on every frame.

pyqtgraph's auto-range fits the view to the data each time an item changes. For loss curves
that grow by a few steps every tenth of a second, that meant a new range ten times a second:
both axes regenerated their ticks and labels and the whole plot was drawn again (measured:
~9 ms of the GUI thread per refresh on line-30, a third of a racing frame). This box keeps its
range while the data still fill most of it, and when the data leave it, it takes a range with
headroom, so the next jump is many refreshes away. Zooming by hand and the "A" button behave
as in pyqtgraph: only its own auto-range is made steady.
"""
from __future__ import annotations

import pyqtgraph as pg

FILL = 0.6  # the data must fill at least this share of the kept range on each axis
HEADROOM = 1.0 / 3.0  # growing out of one end, the new range leaves this share of the span free there
MARGIN = 0.02  # of the data's span at both ends of a new range (pyqtgraph's own padding)
TIGHT_FILL = 0.95  # standing still: the data fill the range, but for the margins


def steady(target: tuple[float, float] | None, current: tuple[float, float], tight: bool = False) \
        -> tuple[float, float] | None:
    """The range to take for ``target`` (the data's bounds, unpadded), or None to keep ``current``.
    ``tight``: the data stand still (the race paused or over), so no headroom is kept."""
    if target is None:
        return None
    lo, hi = float(target[0]), float(target[1])
    c0, c1 = float(current[0]), float(current[1])
    span = hi - lo
    if c0 <= lo and hi <= c1 and span >= (TIGHT_FILL if tight else FILL) * (c1 - c0):
        return None
    below, above = lo < c0, hi > c1
    if span <= 0:
        return lo, hi
    margin = MARGIN * span
    if below == above or tight:  # new data, shrunk, or standing still: fit them
        return lo - margin, hi + margin
    room = HEADROOM * span  # growing one way (steps to the right, a falling cost down): room there
    return lo - (room if below else margin), hi + (room if above else margin)


class SteadyViewBox(pg.ViewBox):
    """A ``ViewBox`` whose own auto-range keeps the range while the data fit it well (``steady``)."""

    tight = False

    def set_tight(self, on: bool) -> None:
        """The data stand still (``on``): fit them, without the headroom kept for growth."""
        if bool(on) != self.tight:
            self.tight = bool(on)
            self.updateAutoRange()  # does nothing when the user has zoomed by hand

    def suggestPadding(self, axis) -> float:
        return 0.0  # steady() adds the margin: padding that grows with the data would move the range

    def setRange(self, rect=None, xRange=None, yRange=None, padding=None, update=True, disableAutoRange=True):
        # updateAutoRange calls setRange with _updatingRange set; a caller's setRange passes through
        if self._updatingRange and rect is None:
            (x0, x1), (y0, y1) = self.viewRange()
            xRange, yRange = steady(xRange, (x0, x1), self.tight), steady(yRange, (y0, y1), self.tight)
            if xRange is None and yRange is None:
                return
        super().setRange(rect=rect, xRange=xRange, yRange=yRange, padding=padding, update=update,
                         disableAutoRange=disableAutoRange)
