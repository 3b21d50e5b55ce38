"""Standardising is a visible, undoable choice: never silent, and the race restarts at rates
that suit the new scale."""
from __future__ import annotations

import numpy as np

from engine.data import load_preset, standardize
from engine.session import messages as m
from tests.gui.test_main_window import wait_painted, window  # noqa: F401  (the fixture)


def test_standardize_is_undoable_and_restarts_the_race(qtbot, window):  # noqa: F811
    window.load_preset("breast-cancer")
    raw = wait_painted(qtbot, window, lambda f: f.dataset.name == "breast-cancer" and f.surface is not None)
    raw_gd_lr = raw.runs[0].hyper["lr"]
    window.standardize_action.trigger()
    frame = wait_painted(qtbot, window, lambda f: f.dataset.name.startswith("breast-cancer (") and f.surface is not None)
    expected = standardize(load_preset("breast-cancer"))[0]
    np.testing.assert_allclose(frame.dataset.X, expected.X, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(frame.dataset.X.mean(axis=0), 0.0, atol=1e-12)
    assert frame.step == 0  # a new scale: the race starts again...
    assert frame.runs[0].hyper["lr"] > 100 * raw_gd_lr  # ...with a GD rate fit for it
    # an ordinary edit of the standardised data keeps racing (same name)
    window.post(m.RunSteps(5))
    wait_painted(qtbot, window, lambda f: f.step >= 5)
    window.post(m.MovePoint(0, tuple(frame.dataset.X[0] + 0.1), drag=99))
    moved = wait_painted(qtbot, window, lambda f: f.data_version == frame.data_version + 1)
    assert moved.step >= 5
    # undo twice: the raw values are back exactly, and the race starts afresh on them
    window.undo_action.trigger()
    window.undo_action.trigger()
    back = wait_painted(qtbot, window, lambda f: f.dataset.name == "breast-cancer")
    np.testing.assert_array_equal(back.dataset.X, load_preset("breast-cancer").X)
    assert back.step == 0 and back.runs[0].hyper["lr"] == raw_gd_lr
