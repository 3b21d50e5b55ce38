"""The loss curves' auto-range moves in jumps: the axes are not redrawn on every refresh."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest

from gui.views.stable_range import FILL, HEADROOM, MARGIN, SteadyViewBox, steady


def test_a_range_the_data_still_fill_is_kept():
    assert steady((0.0, 90.0), (0.0, 100.0)) is None
    assert steady((10.0, 10.0 + FILL * 100.0), (0.0, 100.0)) is None


def test_growing_out_of_one_end_leaves_headroom_there_only():
    assert steady((0.0, 120.0), (-1.0, 100.0)) == pytest.approx((-120.0 * MARGIN, 120.0 * (1 + HEADROOM)))
    lo, hi = steady((-5.0, 1.0), (-4.0, 1.1))  # a log cost falling below the range
    assert hi == pytest.approx(1.0 + 6.0 * MARGIN) and lo == pytest.approx(-5.0 - 6.0 * HEADROOM)


def test_new_or_much_smaller_data_are_fitted_exactly():
    assert steady((-1.0, 300.0), (0.0, 100.0)) == pytest.approx((-1.0 - 301 * MARGIN, 300.0 + 301 * MARGIN))
    assert steady((0.0, 10.0), (0.0, 100.0)) == pytest.approx((-10 * MARGIN, 10.0 + 10 * MARGIN))  # a short history
    assert steady(None, (0.0, 1.0)) is None


def _box(qtbot):
    widget = pg.PlotWidget(viewBox=SteadyViewBox())
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    return widget, widget.getPlotItem().plot()


def test_the_view_keeps_its_range_while_a_curve_grows_inside_it(qtbot):
    widget, curve = _box(qtbot)
    box = widget.getPlotItem().getViewBox()
    curve.setData(np.arange(100.0), np.linspace(1.0, 0.0, 100))
    box.updateAutoRange()
    assert box.viewRange()[0][1] >= 99.0
    changes = []
    box.sigRangeChanged.connect(lambda *_: changes.append(box.viewRange()))
    for n in range(101, 131):  # thirty more steps, one refresh each: one jump, with room for the rest
        curve.setData(np.arange(float(n)), np.linspace(1.0, 0.0, n))
        box.updateAutoRange()
    assert len(changes) == 1
    (x0, x1), (y0, y1) = box.viewRange()
    assert x0 < 0.0 and x1 >= 129.0 and y0 < 0.0 < 1.0 < y1
    curve.setData(np.arange(400.0), np.linspace(1.0, 0.0, 400))  # out of the right end: one jump, with room
    box.updateAutoRange()
    (x0, x1), _ = box.viewRange()
    assert len(changes) == 2 and x1 > 400.0 * (1 + HEADROOM / 2)


def test_a_hand_zoom_still_turns_the_auto_range_off(qtbot):
    widget, curve = _box(qtbot)
    box = widget.getPlotItem().getViewBox()
    curve.setData(np.arange(100.0), np.linspace(1.0, 0.0, 100))
    box.updateAutoRange()
    box.setRange(xRange=(10.0, 20.0), padding=0.0)  # what a hand zoom does
    assert box.autoRangeEnabled() == [False, True]
    curve.setData(np.arange(1000.0), np.linspace(1.0, 0.0, 1000))
    box.updateAutoRange()
    assert box.viewRange()[0] == pytest.approx([10.0, 20.0])


def test_standing_still_the_range_fits_the_data_without_headroom(qtbot):
    assert steady((0.0, 120.0), (0.0, 160.0), tight=True) == pytest.approx((-120 * MARGIN, 120.0 * (1 + MARGIN)))
    assert steady((0.0, 100.0), (-2.0, 102.0), tight=True) is None
    widget, curve = _box(qtbot)
    box = widget.getPlotItem().getViewBox()
    curve.setData(np.arange(100.0), np.linspace(1.0, 0.0, 100))
    box.updateAutoRange()
    curve.setData(np.arange(130.0), np.linspace(1.0, 0.0, 130))
    box.updateAutoRange()
    assert box.viewRange()[0][1] > 160.0  # racing: room to grow
    box.set_tight(True)  # paused
    assert 129.0 < box.viewRange()[0][1] < 129.0 * (1 + 3 * MARGIN)  # the margin, no headroom
