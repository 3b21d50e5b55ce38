"""File ▸ Export from the window: plots as PNG (twice the screen's pixels) and SVG, the window, the CSVs."""
from __future__ import annotations

import csv

from PySide6.QtGui import QImage

from tests.gui.test_main_window import make_window


def test_every_export_is_in_the_file_menu_and_writes_its_file(qtbot, tmp_path, monkeypatch):
    from gui.exports import render_png, render_svg

    win = make_window(qtbot, "logistic-2d")
    file_menu = win.menuBar().actions()[0].menu()
    export_menu = next(a.menu() for a in file_menu.actions() if a.menu() is not None and "Export" in a.text())
    texts = [a.text() for a in export_menu.actions() if not a.isSeparator()]
    assert len(texts) == 10 and texts[0] == "Export data as CSV…" and "As a PyTorch script…" in texts
    assert "The race as an animated GIF…" in texts

    png = tmp_path / "surface.png"
    assert render_png(win.surface_view, str(png))
    image = QImage(str(png))
    assert (image.width(), image.height()) == (2 * win.surface_view.width(), 2 * win.surface_view.height())
    svg = tmp_path / "data.svg"
    render_svg(win.data_view, str(svg))
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml") and "<svg" in svg.read_text(encoding="utf-8")

    answers = iter([(str(tmp_path / "costs"), "CSV files (*.csv)"), (str(tmp_path / "whole"), "PNG image (*.png)")])
    monkeypatch.setattr(win.exports, "_ask", lambda *args: next(answers))
    win.exports.race_csv("costs")
    qtbot.waitUntil(lambda: (tmp_path / "costs.csv").exists(), timeout=10_000)
    with open(tmp_path / "costs.csv", newline="", encoding="utf-8") as stream:
        header = next(csv.reader(stream))
    assert header == ["step", "GD cost", "Momentum cost", "RMSprop cost", "Adam cost"]
    win.exports.window_png()
    assert QImage(str(tmp_path / "whole.png")).width() == 2 * win.width()
    monkeypatch.setattr(win.exports, "_ask", lambda *args: (str(tmp_path / "race"), "Python scripts (*.py)"))
    win.exports.pytorch_script()
    script = (tmp_path / "race.py").read_text(encoding="utf-8")
    assert script.startswith('"""logistic-2d') and script.count("optimizer = torch.optim.") == 4  # the four runs
    compile(script, "race.py", "exec")
    win.close()


def test_the_race_as_a_gif_from_the_window_with_a_progress_bar_that_does_not_block(qtbot, tmp_path, monkeypatch):
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from engine.session import messages as m
    from tests.gui.test_main_window import wait_painted

    win = make_window(qtbot, "logistic-2d")
    win.post(m.RunSteps(30))
    wait_painted(qtbot, win, lambda f: f.step == 30)
    gif = win.animation_export
    monkeypatch.setattr(gif, "_choose", lambda frame: True)
    gif.size, gif.seconds = (640, 480), 2.0
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(tmp_path / "race"), ""))
    bars = []
    real_on_frame = gif.on_frame

    def on_frame(frame):
        real_on_frame(frame)
        if gif.progress is not None:
            bars.append((gif.progress.windowModality(), gif.progress.value()))

    monkeypatch.setattr(gif, "on_frame", on_frame)
    told = []
    win.statusBar().messageChanged.connect(told.append)  # every message the status bar shows
    gif.ask()
    qtbot.waitUntil(lambda: (tmp_path / "race.gif").exists(), timeout=20_000)
    qtbot.waitUntil(lambda: gif.progress is None, timeout=10_000)
    with Image.open(tmp_path / "race.gif") as im:
        assert im.size == (640, 480) and im.n_frames == 40
    assert bars and all(mode == Qt.NonModal for mode, _ in bars)
    # the notice comes in its own signal, just after the frame that closed the bar (and the status
    # bar shows it for 5 s only: a busy machine may have cleared it before a later look)
    qtbot.waitUntil(lambda: any("race.gif" in message for message in told), timeout=10_000)
    win.close()


def test_after_cancel_the_progress_bar_stays_away_until_that_export_has_ended(qtbot):
    from dataclasses import replace

    win = make_window(qtbot, "line-30")
    gif = win.animation_export
    frame = win._latest
    gif.on_frame(replace(frame, export_progress=0.2))
    assert gif.progress is not None and gif.progress.value() == 20
    from PySide6.QtWidgets import QPushButton

    gif.progress.findChild(QPushButton).click()  # the user presses Cancel
    assert gif.progress is None
    gif.on_frame(replace(frame, export_progress=0.5))  # frames still in flight from the export thread
    assert gif.progress is None
    gif.on_frame(replace(frame, export_progress=None))  # it has ended
    gif.on_frame(replace(frame, export_progress=0.1))  # a new export shows its bar again
    assert gif.progress is not None and gif.progress.value() == 10
    win.close()
