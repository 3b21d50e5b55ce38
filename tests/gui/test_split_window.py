"""The test set in the window: the toolbar's share holds rows out, the data view draws them hollow,
Shift+click adds a test point, the loss curves draw each run's test cost dashed with its lowest
point marked, and the race panel shows training and test accuracy."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from engine.session import messages as m
from tests.gui.test_main_window import make_window, wait_painted, wait_slow_paint


def test_holding_out_a_test_set_in_the_window(qtbot, monkeypatch):
    window = make_window(qtbot, preset="breast-cancer")
    try:
        window.test_spin.setValue(25)
        frame = wait_painted(qtbot, window, lambda f: f.dataset.has_test)
        ds = frame.dataset
        assert ds.test_mask.sum() == 143  # ceil(0.25 * 569)
        wait_slow_paint(qtbot, window, lambda w: w.test_spin.value() == 25)

        view = window.data_view
        test_rows = ds.test_mask[ds.y == 0]
        brushes = view._point_items[0].data["brush"]
        faces = {tuple(b.color().getRgb()) for b, t in zip(brushes, test_rows) if t}
        assert faces == {(255, 255, 255, 230)}  # hollow
        assert all(b.color().getRgb()[:3] != (255, 255, 255) for b, t in zip(brushes, test_rows) if not t)

        window.post(m.RunSteps(40))
        frame = wait_painted(qtbot, window, lambda f: f.step == 40)
        curves = window.curves_view
        wait_slow_paint(qtbot, window, lambda w: len(curves.best_test.getData()[0]) == len(frame.runs)
                        and curves.best_test.getData()[0][0] == frame.runs[0].best_test_step)
        tests = [line for line in curves._tests if line.isVisible()]
        assert len(tests) == len(frame.runs)
        assert tests[0].opts["pen"].style() == Qt.PenStyle.DashLine
        row = window.race_panel._rows[0]
        wait_slow_paint(qtbot, window, lambda w: "/" in row.accuracy.text())
        train = round(100 * frame.runs[0].metrics["train"]["accuracy"])
        assert row.accuracy.text().startswith(f"{train} ") and row.accuracy.isVisibleTo(window.race_panel)
        assert "Test rows" in row.accuracy.toolTip() and "recall" in row.accuracy.toolTip()

        import gui.views.data_editing as editing

        monkeypatch.setattr(editing.QApplication, "keyboardModifiers",
                            staticmethod(lambda: Qt.KeyboardModifier.ShiftModifier))
        view._on_click(30.0, 30.0, Qt.MouseButton.LeftButton)
        frame = wait_painted(qtbot, window, lambda f: f.dataset.n == 570)
        assert frame.dataset.test_mask[-1] and frame.dataset.test_mask.sum() == 144

        window.test_spin.setValue(0)
        wait_painted(qtbot, window, lambda f: not f.dataset.has_test)
        wait_slow_paint(qtbot, window, lambda w: not any(line.isVisible() for line in curves._tests)
                        and not curves.best_test.isVisible())
    finally:
        window.close()


def test_regression_hides_the_accuracy_column(qtbot):
    window = make_window(qtbot, preset="line-30")
    try:
        window.test_spin.setValue(20)
        wait_painted(qtbot, window, lambda f: f.dataset.has_test and f.runs[0].test_loss_history is not None)
        panel = window.race_panel
        wait_slow_paint(qtbot, window, lambda w: bool(w.race_panel._rows))
        assert not panel._headers[9].isVisibleTo(panel) and not panel._rows[0].accuracy.isVisibleTo(panel)
        hollow = window.data_view._point_items[0].data["brush"]
        assert sum(np.array([b.color().getRgb()[0] == 255 for b in hollow])) == 6
    finally:
        window.close()
