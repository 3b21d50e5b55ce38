"""Race ▸ Learning-rate sweep: the dialog sends the selected run's sweep, shows its progress and
draws the result (the rates' costs with the critical rate, or the (lr, β) map with its boundary)."""
from __future__ import annotations

import math

import pyqtgraph as pg
import pytest

from engine.session import messages as m
from tests.gui.test_main_window import make_window, wait_painted, wait_slow_paint


@pytest.fixture
def window(qtbot):
    win = make_window(qtbot)
    yield win
    win.close()


def test_a_rate_sweep_is_drawn_with_the_critical_rate(qtbot, window):
    window.post(m.SelectRun(0))  # GD
    wait_painted(qtbot, window, lambda f: f.selected_run == 0)
    window.sweep_action.trigger()
    dialog = window.sweep_dialog
    wait_slow_paint(qtbot, window, lambda w: "GD" in dialog.run_label.text())
    dialog.lo.setValue(1e-5)
    dialog.hi.setValue(0.01)
    dialog.count.setValue(12)
    dialog.steps.setValue(100)
    dialog.start_button.click()
    frame = wait_painted(qtbot, window, lambda f: f.sweep is not None)
    wait_slow_paint(qtbot, window, lambda w: dialog.progress.value() == 1000 and "critical rate" in dialog.status.text())
    lines = [item for item in dialog.plot.items if isinstance(item, pg.InfiniteLine)]
    assert len(lines) == 1 and lines[0].value() == pytest.approx(math.log10(frame.sweep.critical_lr))
    assert dialog.start_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_the_phase_map_is_for_momentum_and_draws_the_boundary(qtbot, window):
    window.post(m.SelectRun(3))  # Adam: no map
    wait_painted(qtbot, window, lambda f: f.selected_run == 3)
    window.sweep_action.trigger()
    dialog = window.sweep_dialog
    wait_slow_paint(qtbot, window, lambda w: not dialog.phase.isEnabled())
    window.post(m.SelectRun(1))  # Momentum
    wait_slow_paint(qtbot, window, lambda w: dialog.phase.isEnabled())
    dialog.phase.setChecked(True)
    dialog.lo.setValue(1e-5)
    dialog.hi.setValue(0.01)
    dialog.count.setValue(8)
    dialog.beta_count.setValue(5)
    dialog.steps.setValue(60)
    dialog.start_button.click()
    frame = wait_painted(qtbot, window, lambda f: f.sweep is not None and f.sweep.request.kind == "phase")
    assert frame.sweep.final_loss.shape == (5, 8)
    wait_slow_paint(qtbot, window, lambda w: "2 + 2β" in dialog.status.text())
    assert any(isinstance(item, pg.ImageItem) for item in dialog.plot.items)
