"""Data ▸ Functions in the window: a named function or a typed formula replaces the data; the
views say what is raced, the controls that mean nothing for a function are off, a bad formula is
explained in the dialog with the text kept, and the clip dialog restarts the race clipped."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from engine.functions import NAMED_FUNCTIONS, function_model
from tests.gui.test_main_window import make_window, wait_painted, wait_slow_paint


@pytest.fixture
def window(qtbot):
    win = make_window(qtbot)
    yield win
    win.close()


def function_action(window, name):
    menu = next(a.menu() for a in window.menuBar().actions() if a.menu() and "Data" in a.text())
    functions = next(a.menu() for a in menu.actions() if a.menu() is not None)
    return next(a for a in functions.actions() if a.text() == name), functions


def test_a_named_function_from_the_menu_takes_over_the_window_and_undo_gives_the_data_back(qtbot, window):
    action, menu = function_action(window, "himmelblau")
    assert [a.text() for a in menu.actions() if a.text() and not a.isSeparator()][:len(NAMED_FUNCTIONS)] == \
        list(NAMED_FUNCTIONS)
    action.trigger()
    frame = wait_painted(qtbot, window, lambda f: f.model.kind == "function" and f.surface is not None)
    assert frame.model == function_model("himmelblau") and len(frame.surface.minima_ab) == 4
    wait_slow_paint(qtbot, window, lambda w: w.preset_combo.currentData() == "function:himmelblau")
    assert not window.model_combo.isEnabled() and not window.bias_box.isEnabled()
    assert not window.clear_action.isEnabled() and not window.standardize_action.isEnabled()
    assert not window.export_script_action.isEnabled()
    card = window.data_view.function_card
    assert card.isVisible() and "Himmelblau" in card.text() and "(3, 2)" in card.text()
    assert not window.data_view._plot_widget.isVisible()
    stars = window.surface_view.optimum.getData()
    assert sorted(zip(*stars)) == sorted(function_model("himmelblau").minima)
    row = window.race_panel._rows[0]
    assert row.batch_mode.isHidden() and row.batch_size.isHidden()

    window.undo_action.trigger()
    frame = wait_painted(qtbot, window, lambda f: f.model.kind == "linear")
    wait_slow_paint(qtbot, window, lambda w: w.preset_combo.currentData() == "line-30" and w.model_combo.isEnabled())
    assert not card.isVisible() and window.data_view._plot_widget.isVisible()
    assert not window.race_panel._rows[0].batch_mode.isHidden()


def test_the_toolbar_box_lists_the_functions_after_the_data_sets(qtbot, window):
    combo = window.preset_combo
    index = combo.findData("function:rastrigin")
    assert index > combo.findData("circles")
    combo.activated.emit(index)
    wait_painted(qtbot, window, lambda f: f.model.kind == "function" and f.model.name == "rastrigin")


def test_a_bad_formula_is_explained_and_kept_then_a_good_one_races(qtbot, window, monkeypatch):
    answers = [("x ** 1000 + y", True), ("sin(x) + y**2", True)]
    prompts, texts = [], []

    def get_text(parent, title, prompt, echo, text):
        prompts.append(prompt)
        texts.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    window.function_lab.ask_formula()
    assert "The power 1000 is too large" not in prompts[0]
    assert "The power 1000 is too large" in prompts[1] and texts[1] == "x ** 1000 + y"  # the text kept to mend
    frame = wait_painted(qtbot, window, lambda f: f.model.kind == "function" and f.surface is not None)
    assert frame.model.formula == "sin(x) + y**2" and frame.model.name == ""
    assert "Your function" in window.data_view.function_card.text()


def test_a_cancelled_formula_changes_nothing(qtbot, window, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args: ("", False)))
    before = window._latest
    window.function_lab.ask_formula()
    qtbot.wait(50)
    assert window._latest.model == before.model


def test_clip_gradients_restarts_the_race_clipped(qtbot, window, monkeypatch):
    function_action(window, "rosenbrock")[0].trigger()
    wait_painted(qtbot, window, lambda f: f.model.kind == "function")
    monkeypatch.setattr(QInputDialog, "getDouble", staticmethod(lambda *args: (2.0, True)))
    window.function_lab.ask_clip()
    wait_painted(qtbot, window, lambda f: f.state.clip == 2.0)
    monkeypatch.setattr(QInputDialog, "getDouble", staticmethod(lambda *args: (0.0, True)))
    window.function_lab.ask_clip()
    wait_painted(qtbot, window, lambda f: f.state.clip is None)
