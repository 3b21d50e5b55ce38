"""The probability bars and the loss curves paint real frames and ask for what the user set."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from engine.session import messages as m
from tests.gui.harness import Bench, frozen, with_frame, with_state


@pytest.mark.parametrize("preset", ["line-30", "logistic-2d", "blobs", "wine", "quiz-scores"])
def test_probability_view_paints(probability_view, preset):
    frame = Bench(preset, then=[m.SelectSample(2)]).frame
    probability_view.show_frame(frame)
    assert "2" in probability_view.title.text() and not probability_view.grab().isNull()
    probability_view.show_frame(with_frame(frame, state=frame.state.with_(selected_sample=None), sample_output=None))
    assert "No sample" in probability_view.title.text()


def test_softmax_bars_are_the_frames_probabilities(probability_view):
    frame = Bench("blobs", then=[m.SelectSample(4)]).frame
    probability_view.show_frame(frame)
    np.testing.assert_allclose(probability_view._bars[1].opts["height"], frame.sample_output[1])
    theta = frame.runs[1].theta
    expected = frame.model.predict_proba(theta[None], frame.dataset.X[4:5])[0, 0]
    np.testing.assert_allclose(frame.sample_output[1], expected, rtol=1e-12)
    ticks = probability_view.plot.getAxis("bottom")._tickLevels[0]
    assert [t for _, t in ticks] == list(frame.dataset.class_names)


def test_clicking_a_bar_selects_its_run(probability_view, qtbot):
    frame = Bench("blobs", then=[m.SelectSample(4)]).frame
    probability_view.show_frame(frame)
    assert probability_view.run_at(2 - 0.4 + 0.8 / 4 * 2.5) == 2  # class 2's group, third bar
    vb = probability_view.plot.getViewBox()
    pos = probability_view._plot_widget.mapFromScene(vb.mapViewToScene(QPointF(1 - 0.4 + 0.8 / 4 * 3.5, 0.02)))
    with qtbot.waitSignal(probability_view.run_selected) as blocker:
        qtbot.mouseClick(probability_view._plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [3]


def test_the_threshold_is_asked_for_and_shown_from_the_state(probability_view, qtbot):
    bench = Bench("logistic-2d", then=[m.SelectSample(1)], view=probability_view)
    assert not probability_view.threshold_box.isHidden()
    with qtbot.waitSignal(probability_view.threshold_changed) as blocker:
        probability_view.threshold_box.setValue(0.3)
    assert blocker.args == [pytest.approx(0.3)] and probability_view.threshold_line.value() == pytest.approx(0.3)
    bench.post(m.SetThreshold(0.3))
    p = bench.frame.sample_output[0, 1]
    expected = bench.dataset.class_names[int(p >= 0.3)]
    assert f"{p:.3f} → class {expected}" in probability_view.legend.text()
    probability_view.show_frame(with_state(bench.frame, threshold=0.8))  # another window's choice (undo, a file)
    assert probability_view.threshold_box.value() == pytest.approx(0.8)


def test_probability_view_regression(probability_view):
    frame = Bench("line-30", then=[m.SelectSample(5)]).frame
    probability_view.show_frame(frame)
    assert probability_view.threshold_box.isHidden()
    err = (frame.sample_output[0] - frame.dataset.y[5]) ** 2
    assert f"(ŷ − y)² = {err:.3g}" in probability_view.legend.text()


def test_curves_view_paints_and_hides_an_old_optimum(curves_view):
    frame = Bench("blobs").frame
    curves_view.show_frame(frame)
    assert curves_view._lines[0].isVisible() and curves_view.optimum_line.isVisible()
    curves_view.show_frame(with_frame(frame, optimum_current=False))
    assert not curves_view.optimum_line.isVisible()  # never the optimum of the data before an edit
    log_off = with_state(frame, view=replace(frame.state.view, curves_log=False, curves_epochs=True))
    curves_view.show_frame(log_off)
    assert not curves_view._log_box.isChecked() and curves_view._x_combo.currentData() is True
    assert not curves_view.grab().isNull()


def test_curves_view_toggles_ask_the_session(curves_view, qtbot):
    Bench("line-30", view=curves_view)
    with qtbot.waitSignal(curves_view.log_scale_changed) as blocker:
        curves_view._log_box.setChecked(False)
    assert blocker.args == [False]
    with qtbot.waitSignal(curves_view.x_in_epochs_changed) as blocker:
        curves_view._x_combo.setCurrentIndex(1)
    assert blocker.args == [True]


def test_curves_view_draws_long_histories_in_few_points(curves_view):
    frame = Bench("line-30", steps=5).frame
    n = 100_000
    history = frozen(np.exp(-np.arange(n) / 2e4) + 0.01 * np.random.default_rng(0).random(n))
    runs = tuple(replace(r, loss_history=history, steps=n - 1, epoch=(n - 1) / 4) for r in frame.runs)
    curves_view.show_frame(with_frame(frame, runs=runs))
    xs, ys = curves_view._lines[0].getData()
    ys = 10.0**ys  # the item holds log10 values in log mode
    assert len(xs) <= 10_000
    assert ys.max() == pytest.approx(history.max()) and ys.min() == pytest.approx(history.min())


def test_curves_view_epochs(curves_view):
    frame = Bench("line-30", steps=40, then=[m.SetBatch(3, 8)]).frame
    curves_view.show_frame(with_state(frame, view=replace(frame.state.view, curves_epochs=True)))
    xs, _ = curves_view._lines[3].getData()
    assert xs[-1] == pytest.approx(frame.runs[3].epoch) and frame.runs[3].epoch == pytest.approx(40 / 4)


def test_an_unbounded_optimum_is_named_as_a_limit(curves_view):
    frame = Bench("iris").frame
    assert frame.optimum_status == "unbounded"
    curves_view.show_frame(frame)
    assert curves_view.optimum_line.isVisible()
    assert "no finite optimum" in curves_view.optimum_line.label.format


def test_a_narrow_loss_range_still_has_readable_ticks():
    import math

    from engine.surface.look import log_ticks

    ticks = log_ticks(math.log10(0.693126), math.log10(0.693183))
    assert [label for _, label in ticks] == ["0.69314", "0.69316", "0.69318"]
    assert all(math.log10(0.693126) <= position <= math.log10(0.693183) for position, _ in ticks)
