"""The data view says whose regions it draws and where the features off its axes are held, and
crosses the points the selected run gets wrong."""
from __future__ import annotations

from engine.session import messages as m
from tests.gui.test_main_window import make_window, wait_painted, wait_slow_paint


def test_the_data_view_marks_mistakes_and_names_the_slice(qtbot):
    window = make_window(qtbot, preset="wine")
    try:
        window.post(m.RunSteps(3))
        frame = wait_painted(qtbot, window, lambda f: f.step == 3 and f.regions is not None)
        view = window.data_view
        wait_slow_paint(qtbot, window, lambda w: view.regions_note.isVisibleTo(view))
        sample = frame.selected_sample
        assert f"held at sample {sample}" in view.regions_note.text() and "regions of Adam" in view.regions_note.text()
        window.post(m.SelectSample(5))
        frame = wait_painted(qtbot, window, lambda f: f.regions is not None and f.regions.held_sample == 5)
        wait_slow_paint(qtbot, window, lambda w: "held at sample 5" in view.regions_note.text())
        wrong = int(frame.regions.wrong.sum())
        shown = len(view.wrong_marks.getData()[0]) if view.wrong_marks.isVisible() else 0
        assert shown == wrong and f"✕ {wrong} wrong" in view.regions_note.text()
        on_test = int((frame.regions.wrong & frame.dataset.test_mask).sum())  # wine holds 20 % out
        assert f"({on_test} of them test points)" in view.regions_note.text()
    finally:
        window.close()


def test_crosses_sit_on_the_wrong_points(qtbot):
    window = make_window(qtbot, preset="moons")
    try:
        window.post(m.RunSteps(100))
        frame = wait_painted(qtbot, window, lambda f: f.step == 100 and f.regions is not None)
        view = window.data_view
        wait_slow_paint(qtbot, window, lambda w: view.wrong_marks.isVisible())
        xs, ys = view.wrong_marks.getData()
        rows = frame.regions.wrong.nonzero()[0]
        assert len(xs) == len(rows) > 10
        assert set(zip(xs, ys)) == {(float(frame.dataset.X[r, 0]), float(frame.dataset.X[r, 1])) for r in rows}
        assert "held" not in view.regions_note.text()  # two features: nothing is held
    finally:
        window.close()


def test_the_threshold_lesson_counts_the_flags(qtbot):
    import re

    window = make_window(qtbot, preset="breast-cancer")
    try:
        window.test_spin.setValue(25)
        window.post(m.Standardize())
        window.post(m.RunSteps(100))
        wait_painted(qtbot, window, lambda f: f.step == 100 and f.dataset.has_test)
        counts = {}
        for threshold in (0.7, 0.1):
            window.post(m.SetThreshold(threshold))
            frame = wait_painted(qtbot, window, lambda f: f.threshold == threshold and f.runs[3].metrics is not None)
            label = window.probability_view.flagged
            wait_slow_paint(qtbot, window, lambda w: label.isVisibleTo(w.probability_view) and bool(label.text()))
            frame = window._latest
            (tn, fp), (fn, tp) = frame.runs[frame.selected_run].metrics["train"]["confusion"]
            flagged = int(re.search(r"flags (\d+) of (\d+)", label.text()).group(1))
            assert flagged == fp + tp and f"of {tn + fp + fn + tp} training points as malignant" in label.text()
            counts[threshold] = flagged
        assert counts[0.1] > counts[0.7]  # a lower threshold flags more patients
    finally:
        window.close()


def test_the_probability_legend_follows_on_the_slow_turn(qtbot):
    """The legend's numbers are refreshed ten times a second, not per frame: once the window has
    had its slow turn, they are the bars' numbers, never an older frame's."""
    window = make_window(qtbot, preset="logistic-2d")
    try:
        window.post(m.SelectSample(1))
        window.post(m.RunSteps(40))
        frame = wait_painted(qtbot, window, lambda f: f.step == 40 and f.selected_sample == 1)
        legend = window.probability_view.legend
        p = float(frame.sample_output[0, 1])
        wait_slow_paint(qtbot, window, lambda w: f"{p:.3f}" in legend.text())
        window.post(m.RunSteps(200))
        frame = wait_painted(qtbot, window, lambda f: f.step == 240)
        p = float(frame.sample_output[0, 1])
        wait_slow_paint(qtbot, window, lambda w: f"{p:.3f}" in legend.text())
        heights = window.probability_view._bars[0].opts["height"]
        assert f"{float(heights[0]):.3f}" in legend.text()
    finally:
        window.close()
