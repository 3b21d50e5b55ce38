"""The penalty on the toolbar and the weight-decay comparison in the Race menu: the combo and the
log slider set the session's model, the surface and optimum follow, the label says the λ in use."""
from __future__ import annotations

import pytest

from gui.penalty_control import index_of, lam_of
from tests.gui.test_main_window import make_window, wait_painted, wait_slow_paint


def test_the_penalty_control_sets_the_cost(qtbot):
    window = make_window(qtbot, preset="logistic-2d")
    try:
        control = window.penalty
        assert control.combo.currentData() == "none" and not control.slider.isEnabled()
        control.combo.setCurrentIndex(control.combo.findData("l2"))
        control.combo.activated.emit(control.combo.currentIndex())
        frame = wait_painted(qtbot, window, lambda f: f.model.l2 == 0.01 and f.optimum_status == "finite")
        assert frame.model.l1 == 0.0 and control.slider.isEnabled() and control.value.text() == "λ 0.01"
        control.slider.setValue(index_of(0.01) + 20)  # one decade up
        frame = wait_painted(qtbot, window, lambda f: f.model.l2 == pytest.approx(0.1) and f.surface is not None
                             and f.optimum_current)
        s = frame.surface
        cell = s.plane.point(s.a[7], s.b[11])[None]
        assert s.loss[7, 11] == pytest.approx(float(frame.model.loss(cell, frame.dataset.X, frame.dataset.y)[0]),
                                              rel=1e-9)  # the penalised cost, cell by cell
        assert control.value.text() == f"λ {lam_of(index_of(0.1)):g}"
        control.combo.setCurrentIndex(control.combo.findData("l1"))
        control.combo.activated.emit(control.combo.currentIndex())
        wait_painted(qtbot, window, lambda f: f.model.l1 == pytest.approx(0.1) and f.model.l2 == 0.0)
        control.combo.setCurrentIndex(control.combo.findData("none"))
        control.combo.activated.emit(control.combo.currentIndex())
        wait_painted(qtbot, window, lambda f: not f.model.penalised and f.optimum_status == "unbounded")
        wait_slow_paint(qtbot, window, lambda w: not control.slider.isEnabled() and control.value.text() == "")
    finally:
        window.close()


def test_comparing_l2_with_adamw(qtbot):
    window = make_window(qtbot, preset="line-30")
    try:
        window.decay_action.trigger()
        frame = wait_painted(qtbot, window, lambda f: [r.label for r in f.runs] == ["Adam", "Adam + L2", "AdamW"])
        specs = [r.spec for r in frame.state.runs]
        assert [s.optimizer for s in specs] == ["adam", "adam", "adamw"]
        assert [s.hyper["weight_decay"] for s in specs] == [0.0, 0.1, 0.1]
        assert len({s.hyper["lr"] for s in specs}) == 1 and frame.selected_run == 2
    finally:
        window.close()
