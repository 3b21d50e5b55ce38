"""Sessions in the window: Save and Open, the unsaved mark, autosave and the offer to restore it,
the question before closing, and a file given on the command line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.session import files
from engine.session import messages as m
from gui.session_files import data_folder
from tests.gui.test_main_window import (
    make_window,
    test_settings,
    wait_painted,
    wait_slow_paint,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def clean_autosaves():
    test_settings()
    for path in data_folder().glob("autosave-*"):
        path.unlink()
    yield
    for path in data_folder().glob("autosave-*"):
        path.unlink()


def test_save_marks_clean_and_open_restores_everything(qtbot, tmp_path):
    win = make_window(qtbot, "blobs")
    win.post(m.AddPoint((1.0, 1.0), 2))
    win.post(m.SetHyper(3, "lr", 0.02))
    frame = wait_painted(qtbot, win, lambda f: f.dataset.n == 301 and f.runs[3].hyper["lr"] == 0.02)
    assert frame.unsaved
    wait_slow_paint(qtbot, win, lambda w: w.windowTitle() == "blobs* — Descent Lab")
    path = tmp_path / "lesson.dlab.json"
    win.post(m.SaveSession(str(path)))
    wait_painted(qtbot, win, lambda f: not f.unsaved)
    wait_slow_paint(qtbot, win, lambda w: w.windowTitle() == "lesson.dlab.json — Descent Lab")
    assert win.files.path == str(path) and str(path.resolve()) in win.files.recent()
    saved = frame.dataset
    win.load_preset("line-30")
    wait_painted(qtbot, win, lambda f: f.dataset.name == "line-30")
    # another data set is not what the lesson file holds: Save would ask for a name, not overwrite it
    wait_slow_paint(qtbot, win, lambda w: w.files.path is None and w.windowTitle() == "line-30 — Descent Lab")
    win.files.open_path(str(path))
    frame = wait_painted(qtbot, win, lambda f: f.dataset == saved and f.surface is not None)
    assert frame.runs[3].hyper["lr"] == 0.02 and not frame.unsaved
    wait_slow_paint(qtbot, win, lambda w: w.files.path == str(path))
    win.close()


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(qtbot, tmp_path):
    win = make_window(qtbot, "logistic-2d")
    win.post(m.RemovePoint(0))
    wait_painted(qtbot, win, lambda f: f.dataset.n == 5 and f.unsaved)
    wait_slow_paint(qtbot, win, lambda w: w.files._frame is not None and w.files._frame.unsaved)
    asked = []
    win.files.ask_unsaved = lambda: asked.append(1) or "cancel"
    win.close()
    assert asked and win.isVisible() and win.engine.thread.isRunning()
    target = tmp_path / "kept.dlab.json"
    win.files.path = str(target)
    win.files.ask_unsaved = lambda: "save"
    win.close()
    assert not win.engine.thread.isRunning()
    assert files.load(target).dataset.n == 5  # saved on the way out


def test_an_untouched_window_closes_without_asking(qtbot):
    win = make_window(qtbot, "line-30")
    win.files.ask_unsaved = lambda: pytest.fail("nothing to save, nothing to ask")
    win.close()
    assert not win.engine.thread.isRunning()


def test_autosave_writes_a_copy_and_a_clean_exit_removes_it(qtbot):
    win = make_window(qtbot, "line-30")
    win.files._timer.setInterval(30)
    win.post(m.MovePoint(0, (1.0,), 7.0))
    copy = win.files.autosave_path
    qtbot.waitUntil(lambda: copy.exists() and files.load(copy).dataset.y[0] == 7.0, timeout=20_000)
    assert copy.name == f"autosave-{os.getpid()}.dlab.json"
    win.files.ask_unsaved = lambda: "discard"
    win.close()
    assert not copy.exists()


def test_after_a_crash_the_next_start_offers_the_autosave(qtbot, tmp_path):
    from engine.data import load_preset
    from engine.models import model_for
    from engine.session.data_handlers import state_for
    from engine.session.policy import default_runs
    from engine.session.state import DataSource

    ds = load_preset("wine").moved(0, np.full(13, 2.0))
    state = state_for(ds, DataSource("preset", "wine"), model_for(ds), default_runs(ds, model_for(ds)))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = data_folder() / f"autosave-{int(dead.stdout)}.dlab.json"
    files.save(state, left)
    test_settings()
    from gui.main_window import MainWindow
    from gui.session_files import SessionFiles

    offered = []
    original = SessionFiles._ask_restore
    SessionFiles._ask_restore = lambda self, path: offered.append(path) or True
    try:
        win = MainWindow(restore=False, playing=False, offer_restore=True)
    finally:
        SessionFiles._ask_restore = original
    qtbot.addWidget(win)
    win.show()
    frame = wait_painted(qtbot, win, lambda f: f.dataset is not None and f.dataset.name == "wine")
    assert offered == [left] and np.array_equal(frame.dataset.X, ds.X)
    assert frame.unsaved  # a recovered session is not saved anywhere yet
    win.files.ask_unsaved = lambda: "discard"
    win.close()


def test_the_window_opens_a_file_from_its_command_line(qtbot, tmp_path):
    csv = tmp_path / "scores.csv"
    csv.write_text("hours,passed\n1,0\n2,0\n3,1\n4,1\n5,1\n")
    test_settings()
    from gui.main_window import MainWindow

    win = MainWindow(restore=False, playing=False, open_path=str(csv))
    win.files.ask_unsaved = lambda: pytest.fail("a file just opened has nothing unsaved")
    qtbot.addWidget(win)
    win.show()
    frame = wait_painted(qtbot, win, lambda f: f.dataset.name == "scores" and f.surface is not None)
    assert frame.source.kind == "file" and frame.model.kind == "logistic"
    wait_slow_paint(qtbot, win, lambda w: w.preset_combo.currentText() == "scores.csv")
    win.close()


@pytest.mark.slow
def test_descent_lab_lesson_dlab_json_opens_it(tmp_path):
    session = tmp_path / "lesson.dlab.json"
    result = subprocess.run([sys.executable, "main.py", "run", "--preset", "iris", "--opt", "adam:lr=0.1",
                             "--steps", "3", "--save-session", str(session)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    shot = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "main.py", str(session), "--steps", "3", "--screenshot", str(shot)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 10_000
    assert json.loads(session.read_text())["runs"][0]["optimizer"] == "adam"


def test_race_menu_chooses_how_mini_batches_shuffle_and_a_session_keeps_it(qtbot, tmp_path):
    win = make_window(qtbot, "blobs")
    assert win.shuffle_actions["generator"].isChecked()
    win.shuffle_actions["global"].trigger()
    assert win.shuffle_actions["global"].isChecked()  # shown at once, before any frame confirms it
    wait_painted(qtbot, win, lambda f: f.state.shuffle_rng == "global" and f.unsaved)
    path = tmp_path / "course.dlab.json"
    win.post(m.SaveSession(str(path)))
    wait_painted(qtbot, win, lambda f: not f.unsaved)
    assert json.loads(path.read_text())["shuffle_rng"] == "global"
    win.shuffle_actions["generator"].trigger()
    wait_painted(qtbot, win, lambda f: f.state.shuffle_rng == "generator")
    win.files.open_path(str(path))
    wait_painted(qtbot, win, lambda f: f.state.shuffle_rng == "global")
    wait_slow_paint(qtbot, win, lambda w: w.shuffle_actions["global"].isChecked()
                    and not w.shuffle_actions["generator"].isChecked())
