"""The data view paints real frames and turns gestures into messages the session applies."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from engine.data import load_preset
from engine.race import RunSpec
from engine.session import messages as m
from tests.gui.harness import Bench, frozen, with_frame, with_state


def _click(view, qtbot, x, y, button=Qt.MouseButton.LeftButton):
    widget_pos = view._plot_widget.mapFromScene(view.view_box.mapViewToScene(QPointF(x, y)))
    qtbot.mouseClick(view._plot_widget.viewport(), button, pos=widget_pos)


def _empty_spot(view):
    """A spot near the lower right corner of the plot, away from the data."""
    (x0, x1), (y0, y1) = view.view_box.viewRange()
    return x0 + 0.97 * (x1 - x0), y0 + 0.03 * (y1 - y0)


@pytest.mark.parametrize("preset", ["line-30", "logistic-2d", "blobs", "wine", "quiz-scores", "logistic-line"])
def test_data_view_paints_every_kind(data_view, preset):
    bench = Bench(preset, view=data_view)
    ds = bench.dataset
    assert len(data_view.drawn_points()[0]) == ds.n
    assert sum(len(item.data) for item in data_view._point_items) == ds.n
    if ds.is_classification and ds.d >= 2:
        assert data_view.regions.isVisible() and len(data_view.boundary.xData) > 2
    else:
        assert any(line.isVisible() for line in data_view._run_lines)
    assert not data_view.grab().isNull()


def test_regression_lines_are_the_runs_models(data_view):
    bench = Bench("line-30", view=data_view)
    for k, line in enumerate(data_view._run_lines[:4]):
        xs, ys = line.getData()
        w, b = bench.frame.runs[k].theta
        np.testing.assert_allclose(ys, w * xs + b, rtol=1e-9, atol=1e-9)
        (x0, x1), _ = data_view.view_box.viewRange()
        assert xs[0] <= x0 and xs[-1] >= x1  # a straight line reaches the edges of any view
    residuals = data_view.residuals.getData()[1].reshape(-1, 2)
    w, b = bench.frame.runs[bench.frame.selected_run].theta
    np.testing.assert_allclose(residuals[:, 1], w * bench.dataset.X[:, 0] + b)


def test_feature_pickers_ask_and_the_regions_follow(data_view, qtbot):
    bench = Bench("wine", view=data_view)
    assert not data_view._feature_x.isHidden() and not data_view._feature_y.isHidden()
    asked = []
    data_view.shown_features_changed.connect(lambda i, j: asked.append((i, j)))
    data_view._feature_y.setCurrentIndex(6)
    assert asked == [(0, 6)] and data_view.shown_features() == (0, 6)
    assert not data_view.regions.isVisible()  # the frame's regions are still over features 0 and 1
    np.testing.assert_allclose(data_view.drawn_points()[1], bench.dataset.X[:, 6])
    bench.post(m.ShowFeatures(0, 6))
    assert data_view.regions.isVisible()
    assert bench.frame.regions.y_range[1] > bench.dataset.X[:, 6].max()


def test_click_adds_a_point_of_the_current_class(data_view, qtbot):
    bench = Bench("blobs", view=data_view)
    n = bench.dataset.n
    data_view.set_current_class(2)
    x, y = _empty_spot(data_view)
    _click(data_view, qtbot, x, y)
    assert bench.dataset.n == n + 1 and bench.dataset.y[-1] == 2
    np.testing.assert_allclose(bench.dataset.X[-1], [x, y], atol=0.05)
    bench.post(m.Undo())
    assert bench.dataset == load_preset("blobs")


def test_click_in_regression_adds_x_and_y(data_view, qtbot):
    bench = Bench("line-30", view=data_view)
    _click(data_view, qtbot, 5.0, 25.0)
    assert bench.dataset.n == 31
    assert bench.dataset.X[-1, 0] == pytest.approx(5.0, abs=0.2) and bench.dataset.y[-1] == pytest.approx(25.0, abs=0.3)


def test_click_with_many_features_puts_the_rest_at_the_mean(data_view, qtbot):
    bench = Bench("wine", view=data_view)
    ds = bench.dataset
    data_view._feature_y.setCurrentIndex(3)
    data_view.set_current_class(1)
    x, y = _empty_spot(data_view)
    _click(data_view, qtbot, x, y)
    new = bench.dataset.X[-1]
    assert bench.dataset.y[-1] == 1
    assert new[0] == pytest.approx(x, abs=0.05) and new[3] == pytest.approx(y, abs=0.05)
    rest = [j for j in range(ds.d) if j not in (0, 3)]
    np.testing.assert_allclose(new[rest], ds.X.mean(0)[rest])


def test_click_on_a_point_selects_it(data_view, qtbot):
    bench = Bench("logistic-2d", view=data_view)
    with qtbot.waitSignal(data_view.sample_selected) as blocker:
        _click(data_view, qtbot, 4.0, 3.0)
    assert blocker.args == [3] and bench.dataset.n == 6


def test_right_click_and_delete_remove(data_view, qtbot):
    bench = Bench("logistic-2d", view=data_view)
    _click(data_view, qtbot, 3.0, 1.0, Qt.MouseButton.RightButton)
    assert bench.dataset.n == 5 and not any(np.array_equal(r, [3, 1]) for r in bench.dataset.X)
    data_view.select_sample(0)
    qtbot.keyClick(data_view, Qt.Key.Key_Delete)
    assert bench.dataset.n == 4
    bench.post(m.Undo())
    bench.post(m.Undo())
    assert bench.dataset == load_preset("logistic-2d")


def test_delete_key_removes_the_hovered_point(data_view, qtbot):
    bench = Bench("logistic-2d", view=data_view)
    data_view._on_mouse_moved(data_view.view_box.mapViewToScene(QPointF(5.0, 3.0)))
    assert data_view._hovered == 4 and "point 4" in data_view.readout.text()
    data_view._plot_widget.setFocus()
    qtbot.keyClick(data_view._plot_widget.viewport(), Qt.Key.Key_Delete)
    assert bench.dataset.n == 5 and not any(np.array_equal(r, [5, 3]) for r in bench.dataset.X)


def test_a_drag_is_one_undo_step(data_view):
    bench = Bench("wine", view=data_view)
    ds = bench.dataset
    data_view._feature_x.setCurrentIndex(1)
    data_view._feature_y.setCurrentIndex(2)
    moves = []
    data_view.edit_requested.connect(moves.append)
    i = 10
    start = (ds.X[i, 1], ds.X[i, 2])
    assert data_view.begin_drag(*start) == i
    for t in np.linspace(0.2, 1.0, 5):
        data_view.drag_to(start[0] + t, start[1] - t)
    data_view.end_drag()
    assert len(moves) == 5 and len({move.drag for move in moves}) == 1
    moved = bench.dataset.X[i]
    assert moved[1] == pytest.approx(start[0] + 1) and moved[2] == pytest.approx(start[1] - 1)
    others = [j for j in range(ds.d) if j not in (1, 2)]
    np.testing.assert_array_equal(moved[others], ds.X[i, others])
    assert bench.frame.undo_text == "Move point"
    bench.post(m.Undo())
    assert bench.dataset == ds


def test_drag_with_the_mouse(data_view, qtbot):
    bench = Bench("logistic-2d", view=data_view)
    viewport = data_view._plot_widget.viewport()

    def at(x, y):
        return data_view._plot_widget.mapFromScene(data_view.view_box.mapViewToScene(QPointF(x, y)))

    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=at(5.0, 3.0))
    for t in np.linspace(0, 1, 8):
        qtbot.wait(15)  # pyqtgraph drops mouse moves closer than 10 ms apart
        qtbot.mouseMove(viewport, pos=at(5.0 - t, 3.0 - 0.5 * t))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at(4.0, 2.5))
    np.testing.assert_allclose(bench.dataset.X[4], [4.0, 2.5], atol=0.1)
    bench.post(m.Undo())
    assert bench.dataset == load_preset("logistic-2d")


def test_an_empty_data_set_keeps_the_view_and_a_click_draws_again(data_view, qtbot):
    from gui.views.curves_view import CurvesView
    from gui.views.probability_view import ProbabilityView
    from gui.views.surface_view import SurfaceView

    for preset in ("line-30", "logistic-2d", "blobs", "wine"):
        bench = Bench(preset, view=data_view)
        others = [SurfaceView(), ProbabilityView(), CurvesView()]
        for w in others:
            qtbot.addWidget(w)
            w.show_frame(bench.frame)
        before = data_view.view_box.viewRange()
        bench.post(m.ClearData())
        for w in others:
            w.show_frame(bench.frame)
            assert not w.grab().isNull()
        assert data_view.message.isVisible() and "empty" in data_view.message.text()
        assert sum(len(item.data) for item in data_view._point_items) == 0
        x, y = _empty_spot(data_view)
        _click(data_view, qtbot, x, y)
        assert bench.dataset.n == 1
        np.testing.assert_allclose(data_view.view_box.viewRange(), before)  # the view did not jump


def test_diverged_regions_and_paths_with_nan(data_view, qtbot):
    from gui.views.surface_view import SurfaceView

    bench = Bench("blobs", then=[m.SetRuns((RunSpec("GD", "gd", {"lr": 0.1}), RunSpec("wild", "gd", {"lr": 1e9})))])
    frame = bench.frame
    assert frame.runs[1].status == "diverged"
    proba = np.array(frame.regions.proba)
    proba[:10] = np.nan
    from dataclasses import replace

    path = np.array(frame.runs[1].path_ab)
    path[-1] = [1e250, -1e250]
    runs = (frame.runs[0], replace(frame.runs[1], path_ab=frozen(path)))
    broken = with_frame(frame, regions=replace(frame.regions, proba=frozen(np.nan_to_num(proba, nan=0.5))), runs=runs)
    surface_view = SurfaceView()
    qtbot.addWidget(surface_view)
    data_view.show_frame(broken)
    surface_view.show_frame(broken)
    assert not data_view.grab().isNull() and not surface_view.grab().isNull()
    xs, _ = surface_view._runs[1].path.getData()
    assert np.nanmax(np.abs(xs)) < 1e6


def test_features_chosen_elsewhere_are_followed(data_view):
    bench = Bench("wine", view=data_view)
    bench.post(m.ShowFeatures(2, 5))  # a reopened session, an undo: not the pickers
    assert data_view.shown_features() == (2, 5) and data_view._feature_y.currentIndex() == 5
    assert data_view.regions.isVisible()
    np.testing.assert_allclose(data_view.drawn_points()[0], bench.dataset.X[:, 2])


def test_the_decision_boundary_comes_with_the_frame(data_view):
    """The boundary is made on the worker with the regions; the view draws it as it comes, and
    makes its own only for a threshold the frame's regions were not drawn at."""
    from engine.surface import look

    frame = Bench("blobs").frame
    data_view.show_frame(frame)
    xs, ys = data_view.boundary.getData()
    bx, by = frame.regions.boundary
    assert np.isfinite(bx).sum() > 20
    np.testing.assert_array_equal(xs[np.isfinite(xs)], bx[np.isfinite(bx)])
    expected = look.decision_boundary(frame.regions.proba, frame.regions.x_range, frame.regions.y_range, 0.5)
    np.testing.assert_array_equal(bx, expected[0])
    binary = Bench("logistic-2d", then=[m.RunSteps(30)]).frame
    assert binary.regions.threshold == 0.5
    data_view.show_frame(with_state(binary, threshold=0.3))
    xs, _ = data_view.boundary.getData()
    own = look.decision_boundary(binary.regions.proba, binary.regions.x_range, binary.regions.y_range, 0.3)[0]
    np.testing.assert_array_equal(xs[np.isfinite(xs)], own[np.isfinite(own)])
    assert not np.array_equal(own[np.isfinite(own)], binary.regions.boundary[0][np.isfinite(binary.regions.boundary[0])])


def test_a_moved_point_redraws_its_class_only_and_every_point_is_where_the_data_say(data_view):
    bench = Bench("blobs")
    data_view.show_frame(bench.frame)
    before = [item.getData()[0].copy() for item in data_view._point_items]
    ds = bench.frame.dataset
    i = int(np.flatnonzero(ds.y == 1)[0])
    row = ds.X[i] + 0.5
    calls = []
    for c, item in enumerate(data_view._point_items):
        item.setData = (lambda inner, c: lambda *a, **k: (calls.append(c), inner(*a, **k)))(item.setData, c)
    bench.post(m.MovePoint(i, tuple(map(float, row)), None))
    data_view.show_frame(bench.frame)
    assert calls == [1]  # only the moved point's class
    for c, item in enumerate(data_view._point_items[:3]):
        xs, ys = item.getData()
        mine = bench.frame.dataset.y == c
        np.testing.assert_array_equal(xs, bench.frame.dataset.X[mine, 0])
        np.testing.assert_array_equal(ys, bench.frame.dataset.X[mine, 1])
    assert not np.array_equal(before[1], data_view._point_items[1].getData()[0])
