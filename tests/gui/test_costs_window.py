"""The cost in the window: the model box offers MSE on the sigmoid for two classes, the same runs
race on it, and "Both costs" puts the other cost's map beside the raced one, titled, with the
colour bar giving way; data with one cost offer no box."""
from __future__ import annotations

import numpy as np

from tests.gui.test_main_window import make_window, wait_painted, wait_slow_paint


def test_switching_to_mse_and_showing_both_costs(qtbot):
    window = make_window(qtbot, preset="logistic-line")
    try:
        combo = window.model_combo
        assert [combo.itemData(i) for i in range(combo.count())] == ["logistic", "logistic:mse", "softmax"]
        runs = window._latest.state.runs
        combo.setCurrentIndex(combo.findData("logistic:mse"))
        combo.activated.emit(combo.currentIndex())
        frame = wait_painted(qtbot, window, lambda f: f.model.cost == "mse" and f.surface is not None)
        assert frame.state.runs == runs
        view = window.surface_view
        assert view._both_box.isVisibleTo(view) and not view.other_cost.plot_widget.isVisibleTo(view)
        assert view.colorbar.isVisible()

        view._both_box.setChecked(True)
        frame = wait_painted(qtbot, window, lambda f: f.other_cost is not None)
        assert frame.other_cost.cost == "cross-entropy"
        assert view.other_cost.plot_widget.isVisibleTo(view) and not view.colorbar.isVisible()
        assert view.main_title.text().startswith("MSE on the sigmoid: not convex")
        assert view.other_cost.title.text() == "Cross-entropy: convex"
        shown = view.other_cost.image.image
        assert shown is not None and shown.shape == frame.other_cost.loss.shape
        # the hover read-out gives both costs at the cursor, read off the frame the view shows (a
        # later frame may bring another plane: the optimum arrives from its job), at one of the other
        # cost's own grid points (its grid may be coarser than the raced cost's while it refines)
        shown_other = view._frame.other_cost
        a, b = float(shown_other.a[20]), float(shown_other.b[30])
        text = view.hover_at(a, b)
        assert "other cost ≈" in text
        other = float(text.split("other cost ≈")[1].strip(" )"))
        assert np.isclose(other, shown_other.loss[20, 30], rtol=1e-5)

        combo.setCurrentIndex(combo.findData("softmax"))
        combo.activated.emit(combo.currentIndex())
        wait_painted(qtbot, window, lambda f: f.model.kind == "softmax" and f.surface is not None)
        wait_slow_paint(qtbot, window, lambda w: not w.surface_view._both_box.isVisibleTo(w.surface_view))
        assert not view.other_cost.plot_widget.isVisibleTo(view) and view.colorbar.isVisible()
    finally:
        window.close()


def test_regression_offers_one_cost(qtbot):
    window = make_window(qtbot, preset="line-30")
    try:
        assert window.model_combo.count() == 1
        assert not window.surface_view._both_box.isVisibleTo(window.surface_view)
    finally:
        window.close()
