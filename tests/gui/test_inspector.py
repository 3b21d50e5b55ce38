"""The step inspector in the window: its tab turns the frames' inspection on, the scrubber (and
its arrow keys) picks an update, the rule's numbers are the engine's, the arrows are drawn on the
surface and a mini-batch's samples are marked in the data view."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from engine.session import messages as m
from tests.gui.test_main_window import make_window, wait_painted, wait_slow_paint


@pytest.fixture
def window(qtbot):
    win = make_window(qtbot)
    yield win
    win.close()


def open_inspector(qtbot, window):
    window.docks["inspector"].show()
    window.docks["inspector"].raise_()
    return wait_painted(qtbot, window, lambda f: f.state.inspecting)


def test_the_tab_turns_the_inspection_on_and_off(qtbot, window):
    assert window._latest.inspection is None and not window._latest.state.inspecting
    open_inspector(qtbot, window)
    window.post(m.RunSteps(12))
    frame = wait_painted(qtbot, window, lambda f: f.inspection is not None and f.inspection.update == 12)
    inspection = frame.inspection
    assert inspection.run == frame.selected_run and inspection.optimizer == "adam" and inspection.matches
    assert [line.formula for line in inspection.lines][:3] == ["t ← t + 1", "g ← ∇L(θ)", "m ← β₁·m + (1 − β₁)·g"]
    view = window.inspector_view
    wait_slow_paint(qtbot, window, lambda w: "update 12" in view.title.text() and "m̂ ← m / (1 − β₁ᵗ)" in view.rule.text())
    assert view.slider.maximum() == 12 and view.slider.minimum() == 1 and view.latest.isChecked()
    assert all(item.isVisible() for item in window.surface_view.step_arrows._items["step"])
    window.docks["race"].raise_()
    wait_painted(qtbot, window, lambda f: not f.state.inspecting and f.inspection is None)
    assert not any(item.isVisible() for item in window.surface_view.step_arrows._items["step"])


def test_the_scrubber_and_its_arrow_keys_pick_an_update_not_a_race_step(qtbot, window):
    open_inspector(qtbot, window)
    window.post(m.RunSteps(20))
    wait_painted(qtbot, window, lambda f: f.inspection is not None and f.inspection.last == 20)
    view = window.inspector_view
    wait_slow_paint(qtbot, window, lambda w: view.slider.maximum() == 20)
    view.slider.setValue(5)
    frame = wait_painted(qtbot, window, lambda f: f.inspection is not None and f.inspection.update == 5)
    assert frame.state.inspected_update == 5 and not view.latest.isChecked()
    view.slider.setFocus()
    qtbot.keyClick(view.slider, Qt.Key.Key_Right)
    frame = wait_painted(qtbot, window, lambda f: f.inspection is not None and f.inspection.update == 6)
    assert frame.step == 20  # the arrow moved the scrubber: the race did not step
    qtbot.keyClick(view.slider, Qt.Key.Key_Left)
    qtbot.keyClick(view.slider, Qt.Key.Key_Left)
    wait_painted(qtbot, window, lambda f: f.inspection is not None and f.inspection.update == 4)
    view.latest.setChecked(True)
    window.post(m.RunSteps(3))
    wait_painted(qtbot, window, lambda f: f.inspection is not None and f.inspection.update == 23)


def test_a_mini_batch_step_marks_its_samples(qtbot, window):
    open_inspector(qtbot, window)
    frame = window._latest
    window.post(m.SetBatch(frame.selected_run, 5))
    window.post(m.RunSteps(3))
    frame = wait_painted(qtbot, window, lambda f: f.inspection is not None and f.inspection.batch is not None)
    assert len(frame.inspection.batch) == 5
    marks = window.data_view.batch_marks
    assert marks.isVisible()
    xs, _ = marks.getData()
    np.testing.assert_allclose(np.sort(xs), np.sort(frame.dataset.X[frame.inspection.batch, 0]))
