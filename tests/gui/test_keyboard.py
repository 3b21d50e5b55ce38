"""The window's keys while a number box has the keyboard, one binding per key, and Help."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from engine.session import messages as m
from tests.gui.test_main_window import make_window, wait_slow_paint


def posted(win, monkeypatch) -> list:
    sent = []
    real = win.post

    def spy(message):
        sent.append(message)
        real(message)

    monkeypatch.setattr(win, "post", spy)
    # the actions captured win.post when they were built: route them through the spy too
    monkeypatch.setattr(win.worker, "post", lambda message, real=win.worker.post: (sent.append(message), real(message)))
    return sent


def typed(qtbot, box, text: str) -> None:
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)


def test_no_two_actions_share_a_key_and_redo_has_both(qtbot):
    win = make_window(qtbot)
    owners = {}
    for action in win.findChildren(type(win.play_action)):
        for sequence in action.shortcuts():
            key = sequence.toString()
            assert key not in owners or owners[key] is action, f"{key}: {owners[key].text()} and {action.text()}"
            owners[key] = action
    assert owners["Ctrl+Shift+Z"] is win.redo_action and owners["Ctrl+Y"] is win.redo_action
    assert owners[QKeySequence(QKeySequence.Undo).toString()] is win.undo_action
    win.close()


def test_space_after_typing_a_learning_rate_commits_it_and_plays(qtbot, monkeypatch):
    win = make_window(qtbot)
    sent = posted(win, monkeypatch)
    wait_slow_paint(qtbot, win, lambda w: len(w.race_panel._rows) == 4)
    box = win.race_panel._rows[0].lr_spin
    typed(qtbot, box, "0.02")
    qtbot.keyClick(box.lineEdit(), Qt.Key_Space)
    assert box.text() == "0.02"  # not blanked by a space
    assert m.SetHyper(0, "lr", 0.02) in sent
    assert any(isinstance(x, m.Play) and x.on for x in sent)
    win.close()


def test_r_and_ctrl_z_in_a_box_go_to_the_window(qtbot, monkeypatch):
    win = make_window(qtbot)
    sent = posted(win, monkeypatch)
    box = win.seed_spin
    typed(qtbot, box, "7")
    qtbot.keyClick(box, Qt.Key_R)
    assert any(isinstance(x, m.Reset) for x in sent) and m.SetSeed(7) in sent
    win.undo_action.setEnabled(True)
    qtbot.keyClick(box, Qt.Key_Z, Qt.ControlModifier)
    assert any(isinstance(x, m.Undo) for x in sent)
    win.close()


def test_enter_commits_and_gives_the_keyboard_back_so_right_steps(qtbot, monkeypatch):
    win = make_window(qtbot)
    sent = posted(win, monkeypatch)
    box = win.seed_spin
    typed(qtbot, box, "3")
    qtbot.keyClick(box, Qt.Key_Return)
    qtbot.waitUntil(lambda: not box.hasFocus(), timeout=2000)
    assert m.SetSeed(3) in sent
    qtbot.keyClick(win, Qt.Key_Right)
    assert any(isinstance(x, m.StepOnce) for x in sent)
    win.close()


def test_help_lists_the_keys_from_the_actions_and_about_names_the_version_and_licences(qtbot):
    from engine import __version__
    from gui.help import about_html, font_licence_text, shortcut_rows, show_about, show_shortcuts

    win = make_window(qtbot)
    rows = dict(shortcut_rows(win))
    assert rows["Play"] == "Space" and rows["Step"] == "Right" and rows["Reset"] == "R"
    assert rows["Redo"] == "Ctrl+Shift+Z, Ctrl+Y"
    about = about_html()
    assert f"Descent Lab {__version__}" in about and "SIL Open Font License 1.1" in about and "LGPL-3.0" in about
    assert "SIL OPEN FONT LICENSE" in font_licence_text().upper()
    for dialog in (show_shortcuts(win), show_about(win)):
        assert dialog.isVisible()
        dialog.close()
    win.close()
