"""The whole window, offscreen: gestures reach the session and come back painted; every preset
renders a consistent window; closing stops the worker; --screenshot writes a real picture."""
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
from engine.models import COSTS_FOR_KIND, MODELS_FOR_TASK
from engine.session import messages as m
from engine.session.data_handlers import opened_preset

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 20_000


def test_settings(name: str = "DescentLabTests") -> None:
    QStandardPaths.setTestModeEnabled(True)  # QSettings and autosaves go to a test location
    QCoreApplication.setOrganizationName("DescentLabTests")
    QCoreApplication.setApplicationName(name)


test_settings.__test__ = False  # a helper, not a test


def make_window(qtbot, preset: str = "line-30", **kwargs):
    test_settings()
    from gui.main_window import MainWindow

    win = MainWindow(preset=preset, restore=False, playing=False, **kwargs)
    win.files.ask_unsaved = lambda: "discard"
    qtbot.addWidget(win)
    win.show()
    wait_painted(qtbot, win, lambda f: f.dataset is not None and f.dataset.name == preset and f.surface is not None)
    return win


@pytest.fixture
def window(qtbot):
    win = make_window(qtbot)
    yield win
    win.close()
    assert not win.engine.thread.isRunning()


def wait_painted(qtbot, win, predicate, timeout: int = TIMEOUT):
    """The newest frame the window painted, once it satisfies ``predicate``."""

    def check() -> bool:  # a bool, not an assert: see tests/gui/test_worker.py Harness.wait
        frame = win._latest
        return frame is not None and frame.seq == win.scheduler.painted_seq and bool(predicate(frame))

    qtbot.waitUntil(check, timeout=timeout)
    return win._latest


def wait_slow_paint(qtbot, win, predicate, timeout: int = TIMEOUT):
    """Wait until the slower views and controls (race panel, toolbar, title) show ``predicate``."""
    qtbot.waitUntil(lambda: predicate(win), timeout=timeout)


def test_window_opens_on_line_30_with_four_runs(qtbot, window):
    frame = window._latest
    assert [run.label for run in frame.runs] == ["GD", "Momentum", "RMSprop", "Adam"]
    assert frame.surface.exact
    np.testing.assert_allclose(frame.surface.start_ab, (0.0, 0.0))
    assert set(window.docks) == {"data", "surface", "probabilities", "curves", "race", "inspector"}
    wait_slow_paint(qtbot, window, lambda w: w.windowTitle() == "line-30 — Descent Lab")
    assert not frame.unsaved


def test_add_move_delete_and_undo_redo_exactly(qtbot, window):
    original = window._latest.dataset
    window.post(m.AddPoint((12.0,), 40.0))
    frame = wait_painted(qtbot, window, lambda f: f.dataset.n == 31)
    assert frame.dataset.y[-1] == 40.0
    s = frame.surface
    theta = s.plane.point(s.a[3], s.b[7])[None]
    assert s.loss[3, 7] == pytest.approx(float(frame.model.loss(theta, frame.dataset.X, frame.dataset.y)[0]), rel=1e-9)

    view = window.data_view
    x, y = float(original.X[0, 0]), float(original.y[0])
    assert view.begin_drag(x, y) == 0
    for step in range(1, 11):  # one drag = many moves, merged into one undo step
        view.drag_to(1.0 + step, 1.0 + 2 * step)
    view.end_drag()
    frame = wait_painted(qtbot, window, lambda f: f.dataset.X[0, 0] == 11.0)
    assert frame.dataset.y[0] == 21.0 and frame.undo_text == "Move point"
    window.post(m.RemovePoint(5))
    frame = wait_painted(qtbot, window, lambda f: f.dataset.n == 30)
    after_all = frame.dataset

    for _ in range(3):
        window.undo_action.trigger()
    frame = wait_painted(qtbot, window, lambda f: f.dataset == original and f.settled)
    s = frame.surface
    for i, j in ((0, 0), (80, 140), (199, 199)):  # the surface is the original data's again
        theta = s.plane.point(s.a[i], s.b[j])
        assert s.loss[i, j] == pytest.approx(float(frame.model.loss(theta[None], original.X, original.y)[0]), rel=1e-9)
    for _ in range(3):
        window.redo_action.trigger()
    wait_painted(qtbot, window, lambda f: f.dataset == after_all)


@pytest.mark.slow
def test_every_preset_renders_one_consistent_window(qtbot, window):
    for name in PRESETS:
        window.load_preset(name)
        frame = wait_painted(qtbot, window, lambda f: f.dataset.name == name)
        ds = opened_preset(name, frame.state.seed)  # as the recipe opens it (wine: test set, standardised)
        assert frame.dataset == ds and frame.message is None
        assert frame.model.n_features == ds.d and len(frame.runs) == 4
        assert frame.surface is not None or frame.surface_status == "computing"
        if frame.selected_sample is not None:
            assert frame.selected_sample < ds.n
        if frame.dataset.is_classification and ds.d > 1:
            assert frame.regions is not None
        wait_slow_paint(qtbot, window, lambda w: w.preset_combo.currentData() == name)
        kinds = [window.model_combo.itemData(i) for i in range(window.model_combo.count())]
        # each model fitting the task, then the other costs it takes ("logistic:mse")
        assert [k.partition(":")[0] for k in kinds if ":" not in k] == list(MODELS_FOR_TASK[ds.task])
        assert kinds == [f"{kind}:{cost}" if cost != COSTS_FOR_KIND[kind][0] else kind
                         for kind in MODELS_FOR_TASK[ds.task] for cost in COSTS_FOR_KIND[kind]]
        assert window.model_combo.currentData() == frame.model.kind
        frame = wait_painted(qtbot, window, lambda f: f.surface is not None and np.isfinite(f.surface.loss).any())


def test_race_controls_and_keyboard(qtbot, window):
    from PySide6.QtCore import Qt

    window.play_action.trigger()
    wait_painted(qtbot, window, lambda f: f.playing and f.step > 10)
    window.play_action.trigger()
    frame = wait_painted(qtbot, window, lambda f: not f.playing)
    window.step_action.trigger()
    wait_painted(qtbot, window, lambda f: f.step == frame.step + 1)
    window.reset_action.trigger()
    wait_painted(qtbot, window, lambda f: f.step == 0)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key_Space)
    wait_painted(qtbot, window, lambda f: f.playing)
    qtbot.keyClick(window, Qt.Key_Space)
    frame = wait_painted(qtbot, window, lambda f: not f.playing)
    qtbot.keyClick(window, Qt.Key_Right)
    wait_painted(qtbot, window, lambda f: f.step == frame.step + 1)
    qtbot.keyClick(window, Qt.Key_R)
    wait_painted(qtbot, window, lambda f: f.step == 0)


def test_race_panel_edits_reach_the_runs_without_a_reset(qtbot, window):
    window.post(m.RunSteps(20))
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
    panel._hyper_widgets["alpha"].setValue(0.9)
    wait_painted(qtbot, window, lambda f: f.runs[2].hyper["alpha"] == pytest.approx(0.9))
    panel._rows[0].visible.setChecked(False)
    wait_painted(qtbot, window, lambda f: not f.runs[0].visible)
    panel.limit_spin.setValue(25)
    frame = wait_painted(qtbot, window, lambda f: f.state.limit.count == 25)
    window.post(m.RunSteps(100))
    frame = wait_painted(qtbot, window, lambda f: f.step == 25)
    assert {run.status for run in frame.runs} <= {"stopped", "converged"}


def test_a_bad_csv_is_reported_and_nothing_is_lost(qtbot, window, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    before = window._latest.dataset
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\noops,3\n4,5\n")
    window.open_csv(str(bad))
    qtbot.waitUntil(lambda: any(w.isVisible() for w in window.findChildren(QMessageBox)), timeout=TIMEOUT)
    boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert "oops" in boxes[0].text() and "row 3" in boxes[0].text()
    assert window._latest.dataset is before
    for box in boxes:
        box.close()
    good = tmp_path / "hours.csv"
    good.write_text("hours,passed\n1,0\n2,0\n3,1\n4,1\n")
    window.open_csv(str(good))
    frame = wait_painted(qtbot, window, lambda f: f.dataset.n == 4 and f.surface is not None)
    assert frame.dataset.task == "binary" and frame.model.kind == "logistic"
    wait_slow_paint(qtbot, window, lambda w: w.preset_combo.currentText() == "hours.csv")  # the Data box names it
    window.undo_action.trigger()  # opening a file is undoable: the previous data comes back
    wait_painted(qtbot, window, lambda f: f.dataset == before)
    wait_slow_paint(qtbot, window, lambda w: w.preset_combo.currentText() == "line-30")


def test_read_outs_do_not_survive_into_another_data_set(qtbot, window):
    view = window.surface_view
    view._surface = window._latest.surface
    view.hover_at(0.5, 0.2)
    assert "w = 0.5" in view.readout.text()
    window.data_view.readout.setText("point 3: x = 4, y = 3.92")
    window.load_preset("wine")
    wait_painted(qtbot, window, lambda f: f.dataset.name == "wine")
    assert view.readout.text().strip() == "" and window.data_view.readout.text().strip() == ""


def test_softmax_on_two_classes_keeps_regions_and_curves(qtbot, window):
    window.load_preset("logistic-line")
    wait_painted(qtbot, window, lambda f: f.dataset.name == "logistic-line" and f.surface is not None)
    wait_slow_paint(qtbot, window, lambda w: w.model_combo.count() == 3)
    window.model_combo.setCurrentIndex(window.model_combo.findData("softmax"))
    window._on_model()
    frame = wait_painted(qtbot, window, lambda f: f.model.kind == "softmax" and f.surface is not None)
    assert frame.fit is not None
    assert any(line.isVisible() for line in window.data_view._run_lines)


def test_clearing_everything_pauses_with_a_message_and_drawing_again_resumes(qtbot, window):
    window.load_preset("logistic-2d")
    wait_painted(qtbot, window, lambda f: f.dataset.name == "logistic-2d" and f.surface is not None)
    window.play_action.trigger()
    window.clear_action.trigger()
    frame = wait_painted(qtbot, window, lambda f: f.dataset.n == 0)
    assert "empty" in frame.message and not frame.playing and frame.surface is None
    assert window.data_view.message.isVisible()
    window.post(m.AddPoint((1.0, 1.0), 0))
    frame = wait_painted(qtbot, window, lambda f: f.dataset.n == 1)
    assert "one class" in frame.message.lower()
    window.post(m.AddPoint((3.0, 3.0), 1))
    frame = wait_painted(qtbot, window, lambda f: f.dataset.n == 2 and f.surface is not None and f.step > 5)
    assert frame.message is None and frame.playing
    for _ in range(3):
        window.undo_action.trigger()
    frame = wait_painted(qtbot, window, lambda f: f.dataset.n == 6 and f.surface is not None)
    assert frame.message is None


def test_closing_while_racing_stops_the_worker(qtbot):
    test_settings()
    from gui.main_window import MainWindow

    win = MainWindow(preset="blobs", restore=False, playing=True, speed=10000)
    win.show()
    wait_painted(qtbot, win, lambda f: f.dataset is not None and f.dataset.name == "blobs" and f.step > 20)
    win.close()
    assert not win.engine.thread.isRunning()


def test_layout_is_remembered(qtbot):
    test_settings("DescentLabLayout")
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
    assert not second.docks["curves"].isVisible() and second.docks["surface"].isVisible()
    second.close()
    QSettings().clear()


@pytest.mark.slow
def test_screenshot_writes_a_picture(tmp_path):
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--preset", "logistic-2d", "--steps", "50",
                             "--screenshot", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() > 800 and image.height() > 500
    small = image.scaled(160, 100).convertToFormat(QImage.Format_RGB888)
    pixels = np.frombuffer(small.constBits(), dtype=np.uint8)[: 160 * 100 * 3]
    assert pixels.std() > 20  # not blank: a window full of plots
    assert len(np.unique(pixels.reshape(-1, 3)[:, 0])) > 30


def test_main_dispatches_the_headless_commands_without_qt():
    code = ("import json, sys, io, contextlib; import main; out = io.StringIO()\n"
            "with contextlib.redirect_stdout(out): rc = main.main(['run', '--preset', 'line-30', '--steps', '3'])\n"
            "print(rc, len(json.loads(out.getvalue())['runs']), any(m.startswith('PySide6') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["0", "1", "False"], result.stderr


def test_the_status_bar_names_the_run_whose_epoch_it_shows(qtbot, window):
    from engine.race import RunSpec

    window.post(m.SetRuns((RunSpec("wild", "gd", {"lr": 1e3}), RunSpec("Adam", "adam", {"lr": 0.1}, batch=8))))
    window.post(m.SelectRun(0))
    window.post(m.RunSteps(40))
    frame = wait_painted(qtbot, window, lambda f: f.step == 40 and f.runs[0].status == "diverged")
    assert frame.runs[0].steps < 40  # it stopped long before the race's step
    wait_slow_paint(qtbot, window, lambda w: w.epoch_label.text().startswith("wild: diverged, epoch"))
    assert window.step_label.text() == "step 40"
    window.post(m.SelectRun(1))
    wait_slow_paint(qtbot, window, lambda w: w.epoch_label.text() == "Adam: epoch 10.0")  # 40 batches of 8 in 30


def test_a_multiclass_set_offers_a_button_for_a_new_class(qtbot, window):
    window.load_preset("blobs")
    wait_painted(qtbot, window, lambda f: f.dataset.name == "blobs" and f.surface is not None)
    wait_slow_paint(qtbot, window, lambda w: w.class_actions[3].isVisible())
    assert window.class_actions[3].text() == "new class" and not window.class_actions[4].isVisible()
    window.class_actions[3].trigger()
    view = window.data_view
    assert view.current_class() == 3
    (x0, x1), (y0, y1) = view.view_box.viewRange()
    row, label = view._new_point(window._latest.dataset, x0 + 0.9 * (x1 - x0), y0 + 0.9 * (y1 - y0))
    window.post(m.AddPoint(tuple(row), label))
    frame = wait_painted(qtbot, window, lambda f: f.dataset.n_classes == 4)
    assert frame.model.n_classes == 4
    wait_slow_paint(qtbot, window, lambda w: w.class_actions[4].text() == "new class")


def test_a_learning_rate_above_the_critical_one_is_marked_and_said_before_playing(qtbot):
    from engine.session import messages as m

    win = make_window(qtbot, "line-30")
    row = win.race_panel._rows[0]  # GD, full batch
    critical = win._latest.runs[0].critical_lr
    assert critical is not None and row.lr_slider._critical is not None
    assert "critical rate" in row.lr_slider.toolTip()
    lam_min, lam_max, _ = win._latest.curvature
    qtbot.waitUntil(lambda: win.race_panel.curvature_label.text().startswith("Hessian: κ = "), timeout=10_000)
    assert f"{lam_max / lam_min:,.4g}" in win.race_panel.curvature_label.text()
    win.post(m.SetHyper(0, "lr", 1.5 * critical))
    qtbot.waitUntil(lambda: row.status.text() == "will diverge", timeout=10_000)  # the panel paints slowly
    assert "B00020" in row.status.styleSheet()
    win.post(m.SetHyper(0, "lr", 0.5 * critical))
    qtbot.waitUntil(lambda: row.status.text() == "paused", timeout=10_000)
    assert "B00020" not in row.status.styleSheet()
    win.close()
