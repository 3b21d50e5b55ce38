"""The whole window, offscreen: edits through the undo stack reach the worker and come back
painted; every preset renders; closing stops the worker; --screenshot writes a real picture."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtGui import QImage

from engine.data import PRESETS
from gui.commands import AddPoint, MovePoint, RemovePoint, new_drag_id

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 20_000


@pytest.fixture
def window(qtbot):
    QStandardPaths.setTestModeEnabled(True)  # QSettings go to a test location, not the user's
    QCoreApplication.setOrganizationName("DescentLabTests")
    QCoreApplication.setApplicationName("DescentLabTests")
    from gui.main_window import MainWindow

    win = MainWindow(preset="line-30", restore=False, playing=False)
    qtbot.addWidget(win)
    win.show()
    wait_painted(qtbot, win, lambda f: f.dataset.name == "line-30" and f.surface is not None)
    yield win
    win.close()
    assert not win.engine.thread.isRunning()


def wait_painted(qtbot, win, predicate, timeout: int = TIMEOUT):
    """The newest frame the window painted, once it satisfies ``predicate``."""

    def check():
        frame = win._latest
        assert frame is not None and frame.seq == win._painted_seq and predicate(frame)

    qtbot.waitUntil(check, timeout=timeout)
    return win._latest


def test_window_opens_on_line_30_with_four_runs(qtbot, window):
    frame = window._latest
    assert [run.label for run in frame.runs] == ["GD", "Momentum", "RMSprop", "Adam"]
    assert frame.surface.exact
    np.testing.assert_allclose(frame.surface.start_ab, (0.0, 0.0))
    assert set(window.docks) == {"data", "surface", "probabilities", "curves", "race"}


def test_add_move_delete_and_undo_redo_exactly(qtbot, window):
    doc = window.document
    original = doc.dataset
    doc.undo_stack.push(AddPoint(doc, [12.0], 40.0))
    frame = wait_painted(qtbot, window, lambda f: f.data_version == doc.version)
    assert frame.dataset.n == 31 and frame.dataset.y[-1] == 40.0
    s = frame.surface
    theta = s.plane.point(s.a[3], s.b[7])[None]
    assert s.loss[3, 7] == pytest.approx(float(frame.model.loss(theta, frame.dataset.X, frame.dataset.y)[0]), rel=1e-9)
    assert s.loss[3, 7] != pytest.approx(float(frame.model.loss(theta, original.X, original.y)[0]), rel=1e-6)

    drag = new_drag_id()
    for step in range(1, 11):  # one drag = many moves, merged into one undo step
        doc.undo_stack.push(MovePoint(doc, 0, [1.0 + step], 1.0 + 2 * step, drag_id=drag))
    frame = wait_painted(qtbot, window, lambda f: f.data_version == doc.version)
    assert frame.dataset.X[0, 0] == 11.0 and frame.dataset.y[0] == 21.0
    assert doc.undo_stack.count() == 2

    doc.undo_stack.push(RemovePoint(doc, 5))
    frame = wait_painted(qtbot, window, lambda f: f.data_version == doc.version)
    assert frame.dataset.n == 30
    after_all = frame.dataset

    for _ in range(3):
        window.undo_action.trigger()
    frame = wait_painted(qtbot, window, lambda f: f.data_version == doc.version and f.extras["settled"])
    assert frame.dataset == original
    s = frame.surface
    for i, j in ((0, 0), (80, 140), (199, 199)):  # the surface is the original data's again
        theta = s.plane.point(s.a[i], s.b[j])
        assert s.loss[i, j] == pytest.approx(float(frame.model.loss(theta[None], original.X, original.y)[0]), rel=1e-9)

    for _ in range(3):
        window.redo_action.trigger()
    frame = wait_painted(qtbot, window, lambda f: f.data_version == doc.version)
    assert frame.dataset == after_all


def test_drag_of_a_point_through_the_data_view(qtbot, window):
    view = window.data_view
    ds = window.document.dataset
    x, y = float(ds.X[10, 0]), float(ds.y[10])
    assert view.begin_drag(x, y) == 10
    for k in range(5):
        view.drag_to(x, y + 3.0 * (k + 1))
    view.end_drag()
    frame = wait_painted(qtbot, window, lambda f: f.data_version == window.document.version)
    assert frame.dataset.y[10] == pytest.approx(y + 15.0, abs=1e-6)
    assert window.document.undo_stack.count() == 1


def test_every_preset_renders(qtbot, window):
    for name in PRESETS:
        window.load_preset(name)
        frame = wait_painted(qtbot, window, lambda f: f.dataset.name == name and f.surface is not None)
        assert frame.message is None
        assert len(frame.runs) == 4
        assert np.isfinite(frame.surface.loss).any()
        if frame.dataset.is_classification:
            assert frame.regions is not None
    assert window.preset_combo.currentData() == PRESETS[-1]


def test_race_controls(qtbot, window):
    window.play_action.trigger()
    frame = wait_painted(qtbot, window, lambda f: f.playing and f.step > 10)
    window.play_action.trigger()
    frame = wait_painted(qtbot, window, lambda f: not f.playing)
    stopped = frame.step
    window.step_action.trigger()
    wait_painted(qtbot, window, lambda f: f.step == stopped + 1)
    window.reset_action.trigger()
    wait_painted(qtbot, window, lambda f: f.step == 0)
    window.race_panel.hyper_changed.emit(2, "lr", 0.005)
    wait_painted(qtbot, window, lambda f: f.runs[2].hyper["lr"] == 0.005)
    qtbot.waitUntil(lambda: window.race_panel._rows[2].lr_spin.value() == pytest.approx(0.005))


def test_closing_while_racing_stops_the_worker(qtbot):
    QStandardPaths.setTestModeEnabled(True)
    from gui.main_window import MainWindow

    win = MainWindow(preset="blobs", restore=False, playing=True, speed=10000)
    win.show()
    wait_painted(qtbot, win, lambda f: f.dataset.name == "blobs" and f.step > 20)
    win.close()
    assert not win.engine.thread.isRunning()


def test_screenshot_writes_a_picture(tmp_path):
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--preset", "logistic-2d", "--steps", "50",
                             "--screenshot", str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() > 800 and image.height() > 500
    small = image.scaled(160, 100).convertToFormat(QImage.Format_RGB888)
    pixels = np.frombuffer(small.constBits(), dtype=np.uint8)[: 160 * 100 * 3]
    assert pixels.std() > 20  # not blank: a window full of plots
    assert len(np.unique(pixels.reshape(-1, 3)[:, 0])) > 30


def test_a_bad_csv_is_reported_and_nothing_is_lost(qtbot, window, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    before = window.document.dataset
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\noops,3\n4,5\n")
    assert not window.open_csv(str(bad))
    boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert boxes and "oops" in boxes[0].text()
    assert window.document.dataset is before
    for box in boxes:
        box.close()
    good = tmp_path / "good.csv"
    good.write_text("hours,passed\n1,0\n2,0\n3,1\n4,1\n")
    assert window.open_csv(str(good))
    frame = wait_painted(qtbot, window, lambda f: f.dataset.n == 4 and f.surface is not None)
    assert frame.dataset.task == "binary" and frame.model.kind == "logistic"


def test_keyboard_shortcuts_drive_the_race(qtbot, window):
    from PySide6.QtCore import Qt

    window.activateWindow()
    qtbot.keyClick(window, Qt.Key_Space)
    wait_painted(qtbot, window, lambda f: f.playing)
    qtbot.keyClick(window, Qt.Key_Space)
    frame = wait_painted(qtbot, window, lambda f: not f.playing)
    qtbot.keyClick(window, Qt.Key_Right)
    wait_painted(qtbot, window, lambda f: f.step == frame.step + 1)
    qtbot.keyClick(window, Qt.Key_R)
    wait_painted(qtbot, window, lambda f: f.step == 0)


def test_clearing_everything_pauses_with_a_message_and_drawing_again_resumes(qtbot, window):
    window.load_preset("logistic-2d")
    wait_painted(qtbot, window, lambda f: f.dataset.name == "logistic-2d" and f.surface is not None)
    window.play_action.trigger()
    window.clear_action.trigger()
    frame = wait_painted(qtbot, window, lambda f: f.dataset.n == 0)
    assert "empty" in frame.message and not frame.playing and frame.surface is None
    doc = window.document
    doc.undo_stack.push(AddPoint(doc, [1.0, 1.0], 0))
    frame = wait_painted(qtbot, window, lambda f: f.dataset.n == 1)
    assert "one class" in frame.message.lower()
    doc.undo_stack.push(AddPoint(doc, [3.0, 3.0], 1))
    frame = wait_painted(qtbot, window, lambda f: f.dataset.n == 2 and f.surface is not None and f.step > 5)
    assert frame.message is None and frame.playing
    window.undo_action.trigger()
    window.undo_action.trigger()
    window.undo_action.trigger()  # the clear: all six points back
    frame = wait_painted(qtbot, window, lambda f: f.dataset.n == 6 and f.surface is not None)
    assert frame.message is None


def test_layout_is_remembered(qtbot):
    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName("DescentLabTests")
    QCoreApplication.setApplicationName("DescentLabLayout")
    from PySide6.QtCore import QSettings
    from gui.main_window import MainWindow

    QSettings().clear()
    first = MainWindow(preset="line-30", restore=True, playing=False)
    first.show()
    wait_painted(qtbot, first, lambda f: f.surface is not None)
    first.docks["curves"].hide()
    first.close()
    second = MainWindow(preset="line-30", restore=True, playing=False)
    second.show()
    wait_painted(qtbot, second, lambda f: f.surface is not None)
    assert not second.docks["curves"].isVisible()
    assert second.docks["surface"].isVisible()
    second.close()
    QSettings().clear()


def test_main_dispatches_the_headless_commands_without_qt():
    code = ("import json, sys, io, contextlib; import main; out = io.StringIO()\n"
            "with contextlib.redirect_stdout(out): rc = main.main(['run', '--preset', 'line-30', '--steps', '3'])\n"
            "print(rc, len(json.loads(out.getvalue())['runs']), any(m.startswith('PySide6') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["0", "1", "False"], result.stderr


def test_race_panel_edits_reach_the_runs_without_a_reset(qtbot, window):
    window.worker.run_steps(20)
    wait_painted(qtbot, window, lambda f: f.step == 20)
    panel = window.race_panel
    qtbot.waitUntil(lambda: len(panel._rows) == 4 and panel._rows[0].label.text() == "GD")
    row = panel._rows[1]
    row.lr_spin.setValue(0.0005)
    row.batch_mode.setCurrentIndex(row.batch_mode.findData("mini"))
    row._batch_changed()
    frame = wait_painted(qtbot, window, lambda f: f.runs[1].hyper["lr"] == 0.0005 and f.runs[1].batch == 8)
    assert all(run.steps == 20 for run in frame.runs)  # applied at once, nobody restarted
    panel.select_run(2)
    qtbot.waitUntil(lambda: "RMSprop" in panel._hyper_title.text())
    alpha = panel._hyper_widgets["alpha"]
    alpha.setValue(0.9)
    wait_painted(qtbot, window, lambda f: f.runs[2].hyper["alpha"] == pytest.approx(0.9))
    panel._rows[0].visible.setChecked(False)
    wait_painted(qtbot, window, lambda f: not f.runs[0].visible)
