"""Feature expansion in the window: Data ▸ Feature expansion offers what the data can take
(powers for one input, crosses for two), the checked entry follows the session (undo too), the
data view names the features and draws each run's curve through them."""
from __future__ import annotations

import numpy as np

from engine.session import messages as m
from tests.gui.test_main_window import make_window, wait_painted, wait_slow_paint


def test_polynomial_features_from_the_menu(qtbot):
    window = make_window(qtbot, preset="line-30")
    try:
        menu = window.features_menu
        assert menu.menu.isEnabled() and menu.none_action.isChecked()
        assert menu.actions["poly:12"].isVisible() and not menu.actions["cross:3"].isVisible()
        menu.actions["poly:3"].trigger()
        frame = wait_painted(qtbot, window, lambda f: f.state.features is not None)
        assert frame.state.features.text == "poly:3" and frame.model.n_params == 4  # z, z², z³ and the bias
        wait_slow_paint(qtbot, window, lambda w: menu.actions["poly:3"].isChecked())
        note = window.data_view._features_note
        assert note.isVisibleTo(window.data_view) and "z³" in note.text() and "(3" in note.text()

        window.post(m.RunSteps(200))
        frame = wait_painted(qtbot, window, lambda f: f.step == 200 and f.fit is not None)
        # the drawn curve is the run's cubic in the standardised input, not a line
        fit, features = frame.fit, frame.state.features
        theta = np.asarray(frame.runs[3].theta, dtype=np.float64)
        expected = features.expand(np.asarray(fit.x)[:, None]) @ theta[:3] + theta[3]
        assert not fit.linear and len(fit.x) > 2
        np.testing.assert_allclose(fit.y[3], expected, rtol=1e-6, atol=1e-6)

        window.post(m.Undo())
        wait_painted(qtbot, window, lambda f: f.state.features is None and f.model.n_params == 2)
        wait_slow_paint(qtbot, window, lambda w: menu.none_action.isChecked() and not note.isVisibleTo(w.data_view))
    finally:
        window.close()


def test_crosses_bend_the_boundary_on_moons(qtbot):
    window = make_window(qtbot, preset="moons")
    try:
        menu = window.features_menu
        wait_slow_paint(qtbot, window, lambda w: menu.actions["cross:3"].isVisible())
        assert not menu.actions["poly:3"].isVisible()
        menu.actions["cross:3"].trigger()
        frame = wait_painted(qtbot, window, lambda f: f.state.features is not None and f.regions is not None)
        assert frame.model.n_params == 10  # nine monomials of degree 1..3 and the bias
        window.post(m.RunSteps(300))
        frame = wait_painted(qtbot, window, lambda f: f.step == 300 and f.runs[3].metrics is not None)
        # crosses separate what a line cannot: Adam beats the best linear boundary on the training rows
        assert frame.runs[3].metrics["train"]["accuracy"] > 0.95
    finally:
        window.close()
