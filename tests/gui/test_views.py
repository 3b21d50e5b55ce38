"""The four views paint hand-built frames: no worker, no waiting.

``make_frame`` builds a realistic ``Frame`` from a small data set: a real loss surface from
``engine.models.Model``, a few gradient-descent runs with their paths, region probabilities and
the selected sample's outputs. Run this file as a script to save screenshots of every view for
each kind of data set into a folder (default /tmp/views): ``python tests/gui/test_views.py``.
"""
from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine.data import Dataset  # noqa: E402
from engine.models import Model  # noqa: E402
from gui.frame import Frame, RegionFrame, RunFrame, SurfaceFrame, frozen  # noqa: E402
from gui.views import colors  # noqa: E402

MODEL_KIND = {"regression": "linear", "binary": "logistic", "multiclass": "softmax"}


class FakePlane:
    """theta = origin + a·u + b·v with orthonormal u, v (what engine.surface.Plane offers)."""

    def __init__(self, origin, u, v):
        self.origin = np.asarray(origin, dtype=np.float64)
        self.u = np.asarray(u, dtype=np.float64)
        self.v = np.asarray(v, dtype=np.float64)

    def point(self, a, b):
        return self.origin + a * self.u + b * self.v

    def project(self, theta):
        d = np.atleast_2d(theta) - self.origin
        ab = np.stack([d @ self.u, d @ self.v], axis=1)
        rest = d - ab[:, :1] * self.u - ab[:, 1:] * self.v
        return ab, np.linalg.norm(rest, axis=1)


# -- data sets -------------------------------------------------------------------------------------

LINE_30_Y = (0.94, 1.98, 2.88, 3.92, 3.96, 4.55, 5.64, 6.3, 7.44, 9.1, 8.46, 9.5, 10.67, 11.16, 14, 11.83,
             14.4, 14.25, 16.2, 16.32, 17.46, 19.8, 18, 21.34, 22, 22.5, 24.57, 26.04, 21.6, 28.8)


def line_30() -> Dataset:
    return Dataset("line-30", np.arange(1.0, 31.0), LINE_30_Y, "regression", ("x",))


def logistic_2d() -> Dataset:
    return Dataset("logistic-2d", [[1, 2], [2, 3], [3, 1], [4, 3], [5, 3], [6, 2]], [0, 0, 0, 1, 1, 1], "binary",
                   ("x1", "x2"), ("0", "1"))


def logistic_line() -> Dataset:
    return Dataset("logistic-line", [-5, -3, -1, 1, 3, 5], [0, 0, 0, 1, 1, 1], "binary", ("x",), ("0", "1"))


def blobs_3() -> Dataset:
    rng = np.random.default_rng(0)
    centres = np.array([[-2.0, 0.0], [2.0, 1.0], [0.0, 3.0]])
    y = np.repeat(np.arange(3), 20)
    X = centres[y] + 0.8 * rng.standard_normal((60, 2))
    return Dataset("blobs", X, y, "multiclass", ("x1", "x2"), ("setosa", "versicolor", "virginica"))


def wine_like() -> Dataset:
    from sklearn.datasets import load_wine

    raw = load_wine()
    X = (raw.data - raw.data.mean(0)) / raw.data.std(0)
    return Dataset("wine", X, raw.target, "multiclass", tuple(raw.feature_names), tuple(raw.target_names))


def quiz_scores() -> Dataset:
    return Dataset("quiz-scores", [[73, 80, 75], [93, 88, 93], [89, 91, 90], [96, 98, 100], [73, 66, 70]],
                   [152, 185, 180, 196, 142], "regression", ("quiz1", "quiz2", "midterm"), target_name="final")


# -- a hand-built frame ------------------------------------------------------------------------------

RUNS = (("GD", 0.1), ("Momentum", 0.05), ("RMSprop", 0.3), ("Adam", 0.6))


def _race(model, X, y, start, lrs, steps):
    """Plain gradient descent per run (enough to give realistic paths and curves)."""
    theta = np.repeat(start[None], len(lrs), axis=0)
    lrs = np.asarray(lrs, dtype=np.float64)[:, None]
    history = [theta.copy()]
    with np.errstate(all="ignore"):
        for _ in range(steps):
            theta = theta - lrs * model.grad(theta, X, y)
            history.append(theta.copy())
    return np.stack(history, axis=1)  # [K, steps + 1, P]


def make_frame(ds: Dataset, *, seq=1, steps=60, lrs=None, shown=(0, 1), grid=80, selected_sample=0,
               diverge=False, unbounded=False, message=None, test_loss=False, exact_loss_surface=None,
               plane=None) -> Frame:
    kind = MODEL_KIND[ds.task]
    model = Model(kind, ds.d, ds.n_classes if kind == "softmax" else 1)
    X, y = ds.X, ds.y
    P = model.n_params
    start = np.zeros(P)
    if lrs is None:
        scale = 1.0 / max(1.0, float((X**2).sum(1).mean()))
        lrs = [lr * scale for _, lr in RUNS]
    if diverge:
        lrs = list(lrs[:-1]) + [1e3]
    paths = _race(model, X, y, start, lrs, steps)
    K = len(lrs)
    # The optimum: a long run of the smallest step.
    best = _race(model, X, y, paths[0, -1], [min(lrs)], 2000)[0, -1]
    if P == 2:
        plane = plane or FakePlane([0, 0], [1, 0], [0, 1])
        a_label, b_label = model.param_names()
        exact = True
        description = "the whole parameter space"
    else:
        u = best - start
        u = u / (np.linalg.norm(u) or 1.0)
        v = np.zeros(P)
        v[-1] = 1.0
        v = v - (v @ u) * u
        v = v / np.linalg.norm(v)
        plane = plane or FakePlane(start, u, v)
        a_label, b_label = "start→optimum", "orthogonal"
        exact = False
        description = "slice through the start and the optimum"
    ab_best, _ = plane.project(best)
    centre = ab_best[0] / 2
    extent = 1.6 * max(np.abs(ab_best[0]).max(), 1.0)
    a = np.linspace(centre[0] - extent, centre[0] + extent, grid)
    b = np.linspace(centre[1] - extent, centre[1] + extent, grid)
    A, B = np.meshgrid(a, b, indexing="ij")
    thetas = plane.point(A.reshape(-1, 1), B.reshape(-1, 1))
    loss = model.loss(thetas, X, y).reshape(grid, grid) if exact_loss_surface is None else exact_loss_surface
    runs = []
    for k in range(K):
        path = paths[k]
        with np.errstate(all="ignore"):
            history = model.loss(path, X, y)
        diverged_at = None
        if not np.isfinite(history).all() or history[-1] > 1e6:
            bad = np.flatnonzero(~np.isfinite(history) | (history > 1e6))
            diverged_at = int(bad[0])
        if diverge and k == K - 1 and diverged_at is None:  # cross-entropy grows slowly: say it blew up
            diverged_at = steps // 3
        if diverged_at is not None:
            history = history.copy()
            history[diverged_at + 1:] = np.nan
        ab, dist = plane.project(np.nan_to_num(path, nan=np.inf, posinf=np.inf))
        if diverged_at is not None:
            ab = ab.copy()
            ab[diverged_at + 1:] = np.nan
        name = RUNS[k % len(RUNS)][0]
        runs.append(RunFrame(
            label=name, color=colors.run_color(k), visible=True, optimizer=name.lower(), hyper={"lr": lrs[k]},
            batch=None, status="diverged" if diverged_at is not None else "running", diverged_at=diverged_at,
            steps=steps, epoch=float(steps), theta=frozen(path[-1]), loss_history=frozen(history),
            test_loss_history=frozen(history * 1.2 + 0.05) if test_loss else None,
            path_ab=frozen(ab), path_distance=frozen(dist),
        ))
    optimum_ab = None if unbounded else (float(ab_best[0, 0]), float(ab_best[0, 1]))
    surface = SurfaceFrame(
        a=frozen(a), b=frozen(b), loss=frozen(loss), a_label=a_label, b_label=b_label, exact=exact,
        description=description, start_ab=(0.0, 0.0), optimum_ab=optimum_ab,
        optimum_direction_ab=(1.0, 0.6) if unbounded else None, plane=plane,
    )
    regions = None
    selected_run = 0
    if ds.task != "regression" and ds.d >= 2 and ds.n:
        finals = [r.loss_history[-1] if np.isfinite(r.loss_history[-1]) else np.inf for r in runs]
        selected_run = int(np.argmin(finals))
        regions = make_regions(ds, model, runs[selected_run].theta, shown)
    sample_output = None
    if selected_sample is not None and ds.n:
        thetas_now = np.stack([r.theta for r in runs])
        out = model.predict_proba(thetas_now, X[selected_sample:selected_sample + 1])
        if kind == "linear":
            sample_output = out[:, 0]
        elif kind == "logistic":
            sample_output = np.stack([1 - out[:, 0], out[:, 0]], axis=1)
        else:
            sample_output = out[:, 0, :]
    optimum_loss = None if unbounded else float(model.loss(best[None], X, y)[0])
    return Frame(
        seq=seq, data_version=1, dataset=ds, model=model, shown_features=tuple(shown) if ds.d > 1 else (0, 0),
        runs=tuple(runs), selected_run=selected_run, selected_sample=selected_sample,
        sample_output=None if sample_output is None else frozen(sample_output),
        surface=surface, regions=regions, optimum_status="unbounded" if unbounded else "finite",
        optimum_loss=optimum_loss, playing=True, step=steps, message=message,
    )


def make_regions(ds, model, theta, shown, size=60) -> RegionFrame:
    fx, fy = shown
    X = ds.X
    pad_x = 0.1 * (np.ptp(X[:, fx]) or 1.0)
    pad_y = 0.1 * (np.ptp(X[:, fy]) or 1.0)
    xr = (X[:, fx].min() - pad_x, X[:, fx].max() + pad_x)
    yr = (X[:, fy].min() - pad_y, X[:, fy].max() + pad_y)
    gx, gy = np.meshgrid(np.linspace(*xr, size), np.linspace(*yr, size))  # row i is y
    grid = np.repeat(X.mean(0)[None], size * size, axis=0)
    grid[:, fx] = gx.reshape(-1)
    grid[:, fy] = gy.reshape(-1)
    p = model.predict_proba(theta[None], grid)[0]
    if p.ndim == 1:
        p = np.stack([1 - p, p], axis=1)
    return RegionFrame(x_range=xr, y_range=yr, proba=frozen(p.reshape(size, size, -1)))


# -- surface view ------------------------------------------------------------------------------------


@pytest.fixture
def surface_view(qtbot):
    from gui.views.surface_view import SurfaceView

    view = SurfaceView()
    qtbot.addWidget(view)
    view.resize(640, 520)
    view.show()
    return view


def _image_rgb_at(view, a, b):
    """The colour the surface image paints at (a, b), read from the rendered widget."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    image = view._plot_widget.grab().toImage()
    scene_point = view.view_box.mapViewToScene(pg_point(a, b))
    widget_point = view._plot_widget.mapFromScene(scene_point)
    color = image.pixelColor(widget_point.x(), widget_point.y())
    return color.red(), color.green(), color.blue()


def pg_point(x, y):
    from PySide6.QtCore import QPointF

    return QPointF(float(x), float(y))


@pytest.fixture(params=["col-major", "row-major"])
def any_axis_order(request):
    """Whatever the app sets as pyqtgraph's global image axis order, the surface is the same."""
    import pyqtgraph as pg

    before = pg.getConfigOption("imageAxisOrder")
    pg.setConfigOptions(imageAxisOrder=request.param)
    yield request.param
    pg.setConfigOptions(imageAxisOrder=before)


def test_surface_orientation_minimum_under_the_star(any_axis_order, qtbot):
    """A bowl with its minimum at (a, b) = (2, -1) on a non-square grid: darkest pixel under the star."""
    from gui.views.surface_view import SurfaceView

    surface_view = SurfaceView()
    qtbot.addWidget(surface_view)
    surface_view.resize(640, 520)
    surface_view.show()
    ds = line_30()
    a = np.linspace(-4.0, 6.0, 41)
    b = np.linspace(-3.0, 3.0, 31)
    loss = (a[:, None] - 2.0) ** 2 + 4.0 * (b[None, :] + 1.0) ** 2 + 0.1
    frame = make_frame(ds, steps=5)
    surface = replace(frame.surface, a=frozen(a), b=frozen(b), loss=frozen(loss), optimum_ab=(2.0, -1.0),
                      a_label="w", b_label="b")
    surface_view.set_log_scale(False)
    surface_view.show_frame(replace(frame, surface=surface, runs=()))
    assert surface_view.image.image.shape == (41, 31)
    rect = surface_view.image.mapRectToView(surface_view.image.boundingRect())
    assert rect.left() == pytest.approx(-4.125) and rect.right() == pytest.approx(6.125)
    assert rect.top() == pytest.approx(-3.1) and rect.bottom() == pytest.approx(3.1)
    # The image pixel under (2, -1) holds the minimum, and (5, 2) holds a high value.
    for (pa, pb), expected in (((2.0, -1.0), loss.min()), ((5.0, 2.0), loss[np.argmin(abs(a - 5)), np.argmin(abs(b - 2))])):
        p = surface_view.image.mapFromView(pg_point(pa, pb))
        assert surface_view.image.image[int(p.x()), int(p.y())] == pytest.approx(expected)
    # On screen the star sits where the darkest colour is painted.
    star = surface_view.optimum.data
    assert (star["x"][0], star["y"][0]) == (2.0, -1.0)
    at_star = sum(_image_rgb_at(surface_view, 2.0, -1.0 + 0.6))
    far = sum(_image_rgb_at(surface_view, 5.0, 2.5))
    assert at_star < far
    # Transposing the orientation would put the minimum at (-1, 2): that spot is bright.
    assert sum(_image_rgb_at(surface_view, -1.0, 2.0)) > at_star


@pytest.mark.parametrize("builder", [line_30, logistic_2d, blobs_3, wine_like, quiz_scores, logistic_line])
def test_surface_view_paints_every_kind(surface_view, builder):
    frame = make_frame(builder(), shown=(0, 1))
    surface_view.show_frame(frame)
    assert surface_view.image.image is not None
    assert len(surface_view.contours.xData) > 10
    assert len(surface_view.current.data) == len(frame.runs)
    surface_view.show_frame(frame)  # same seq: nothing to do
    surface_view.set_log_scale(False)
    surface_view.show_frame(replace(frame, seq=2))
    assert not surface_view.grab().isNull()


def test_surface_view_unbounded_and_diverged(surface_view):
    frame = make_frame(logistic_2d(), unbounded=True, diverge=True)
    surface_view.show_frame(frame)
    assert surface_view.unbounded_arrow.isVisible() and not surface_view.optimum.isVisible()
    assert "no finite minimum" in surface_view.unbounded_text.textItem.toPlainText()
    assert "loss keeps falling this way" in surface_view.unbounded_text.textItem.toPlainText()
    diverged = [r for r in frame.runs if r.status == "diverged"]
    assert diverged and any(a.label.isVisible() for a in surface_view._runs)


def test_surface_view_message_when_no_surface(surface_view):
    frame = make_frame(line_30())
    surface_view.show_frame(replace(frame, surface=None, message="The data set is empty"))
    assert surface_view.message.isVisible() and "empty" in surface_view.message.text()
    surface_view.show_frame(replace(frame, seq=5))
    assert not surface_view.message.isVisible()


def test_surface_hover_shows_exact_loss(surface_view):
    frame = make_frame(line_30())
    surface_view.show_frame(frame)
    text = surface_view.hover_at(0.5, 0.25)
    expected = frame.model.loss(np.array([[0.5, 0.25]]), frame.dataset.X, frame.dataset.y)[0]
    assert f"{expected:.6g}" in text and "w" in text
    assert surface_view.readout.text() == text


def test_surface_hover_from_the_mouse(surface_view, qtbot):
    frame = make_frame(line_30())
    surface_view.show_frame(frame)
    scene = surface_view.view_box.mapViewToScene(pg_point(0.4, 0.1))
    surface_view._on_mouse_moved(scene)
    expected = frame.model.loss(np.array([[0.4, 0.1]]), frame.dataset.X, frame.dataset.y)[0]
    assert f"loss = {expected:.6g}" in surface_view.readout.text()


def test_dragging_the_start_emits_theta(surface_view, qtbot):
    frame = make_frame(blobs_3())
    surface_view.show_frame(frame)
    seen = []
    surface_view.start_moved.connect(lambda theta, final: seen.append((theta, final)))
    surface_view.start.moving = True
    surface_view.start.setPos(1.0, 0.5)
    surface_view.start.moving = False
    surface_view.start.sigPositionChangeFinished.emit(surface_view.start)
    plane = frame.surface.plane
    assert [f for _, f in seen] == [False, True]
    np.testing.assert_allclose(seen[-1][0], plane.point(1.0, 0.5))


def test_plane_selector(surface_view):
    frame = make_frame(blobs_3())
    surface_view.show_frame(frame)
    assert not surface_view._plane_combo.isHidden()
    requested = []
    surface_view.plane_requested.connect(requested.append)
    surface_view._plane_combo.setCurrentIndex(surface_view._plane_combo.findData("pca"))
    surface_view._plane_combo.setCurrentIndex(surface_view._plane_combo.findData("params"))
    surface_view._param_b.setCurrentIndex(4)
    names = frame.model.param_names()
    assert requested == ["pca", f"params={names[0]},{names[1]}", f"params={names[0]},{names[4]}"]
    # A two-parameter model has no plane to choose.
    surface_view.show_frame(make_frame(line_30(), seq=9))
    assert surface_view._plane_combo.isHidden()
    # Another large model starts on the automatic plane again, without a request.
    surface_view.show_frame(make_frame(wine_like(), seq=10))
    assert surface_view._plane_combo.currentData() == "auto" and len(requested) == 3


# -- data view ----------------------------------------------------------------------------------------


@pytest.fixture
def make_data_view(qtbot):
    from gui.document import DataDocument
    from gui.views.data_view import DataView

    def build(ds):
        doc = DataDocument(ds)
        view = DataView(doc)
        qtbot.addWidget(view)
        view.resize(620, 520)
        view.show()
        return view, doc

    return build


@pytest.mark.parametrize("builder", [line_30, logistic_2d, blobs_3, wine_like, quiz_scores, logistic_line])
def test_data_view_paints_every_kind(make_data_view, builder):
    ds = builder()
    view, doc = make_data_view(ds)
    frame = make_frame(ds, shown=(0, 1))
    view.show_frame(frame)
    view.show_frame(frame)
    assert len(view.drawn_points()[0]) == ds.n
    assert sum(len(item.data) for item in view._point_items) == ds.n
    if ds.task != "regression" and ds.d >= 2:
        assert view.regions.image is not None and view.regions.isVisible()
        assert view.boundary.xData is not None and len(view.boundary.xData) > 2
    else:
        assert any(line.isVisible() for line in view._run_lines)
    assert not view.grab().isNull()


def test_data_view_feature_pickers(make_data_view, qtbot):
    ds = wine_like()
    view, doc = make_data_view(ds)
    view.show_frame(make_frame(ds, shown=(0, 1)))
    assert not view._feature_x.isHidden() and not view._feature_y.isHidden()
    with qtbot.waitSignal(view.shown_features_changed) as blocker:
        view._feature_y.setCurrentIndex(6)
    assert blocker.args == [0, 6]
    assert view.shown_features() == (0, 6)
    # The frame still shows features (0, 1): its background is not drawn on the wrong axes.
    view.show_frame(make_frame(ds, seq=2, shown=(0, 1)))
    assert not view.regions.isVisible()
    view.show_frame(make_frame(ds, seq=3, shown=(0, 6)))
    assert view.regions.isVisible()
    x = ds.X[:, 6]
    np.testing.assert_allclose(view.drawn_points()[1], x)
    drawn = np.concatenate([item.data["y"] for item in view._point_items])
    np.testing.assert_allclose(np.sort(drawn), np.sort(x))
    small, small_doc = make_data_view(logistic_2d())
    assert small._feature_x.isHidden()


def test_constant_features_are_not_shown_by_default(make_data_view, qtbot):
    X = np.random.default_rng(1).standard_normal((40, 5))
    X[:, 0] = 0.0  # like digits' corner pixel
    X[:, 3] *= 5
    ds = Dataset("pixels", X, np.arange(40) % 3, "multiclass")
    from gui.document import DataDocument
    from gui.views.data_view import DataView

    doc = DataDocument()
    view = DataView(doc)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.shown_features_changed) as blocker:
        doc.load_dataset(ds)
    assert view.shown_features()[0] == 3 and view.shown_features()[1] != 0
    assert tuple(blocker.args) == view.shown_features()


def _click(view, qtbot, x, y, button=None):
    from PySide6.QtCore import Qt

    scene = view.view_box.mapViewToScene(pg_point(x, y))
    widget_pos = view._plot_widget.mapFromScene(scene)
    qtbot.mouseClick(view._plot_widget.viewport(), button or Qt.MouseButton.LeftButton, pos=widget_pos)


def _empty_spot(view):
    """A spot near the lower right corner of the plot, away from the data."""
    (x0, x1), (y0, y1) = view.view_box.viewRange()
    return x0 + 0.97 * (x1 - x0), y0 + 0.03 * (y1 - y0)


def test_click_adds_a_point_of_the_current_class(make_data_view, qtbot):
    ds = blobs_3()
    view, doc = make_data_view(ds)
    view.show_frame(make_frame(ds))
    view.set_current_class(2)
    x, y = _empty_spot(view)
    _click(view, qtbot, x, y)
    assert doc.dataset.n == ds.n + 1
    assert doc.dataset.y[-1] == 2
    np.testing.assert_allclose(doc.dataset.X[-1], [x, y], atol=0.05)
    doc.undo_stack.undo()
    assert doc.dataset == ds


def test_click_in_regression_adds_x_y(make_data_view, qtbot):
    ds = line_30()
    view, doc = make_data_view(ds)
    view.show_frame(make_frame(ds))
    _click(view, qtbot, 5.0, 25.0)
    assert doc.dataset.n == 31
    assert doc.dataset.X[-1, 0] == pytest.approx(5.0, abs=0.2)
    assert doc.dataset.y[-1] == pytest.approx(25.0, abs=0.3)


def test_click_with_many_features_puts_the_rest_at_the_mean(make_data_view, qtbot):
    ds = wine_like()
    view, doc = make_data_view(ds)
    view._feature_y.setCurrentIndex(3)
    view.set_current_class(1)
    view.show_frame(make_frame(ds, shown=(0, 3)))
    x, y = _empty_spot(view)
    _click(view, qtbot, x, y)
    assert doc.dataset.y[-1] == 1
    new = doc.dataset.X[-1]
    mean = ds.X.mean(0)
    assert new[0] == pytest.approx(x, abs=0.05) and new[3] == pytest.approx(y, abs=0.05)
    rest = [j for j in range(ds.d) if j not in (0, 3)]
    np.testing.assert_allclose(new[rest], mean[rest])


def test_click_on_a_point_selects_it(make_data_view, qtbot):
    ds = logistic_2d()
    view, doc = make_data_view(ds)
    view.show_frame(make_frame(ds))
    with qtbot.waitSignal(view.sample_selected) as blocker:
        _click(view, qtbot, 4.0, 3.0)
    assert blocker.args == [3]
    assert doc.dataset.n == ds.n


def test_right_click_and_delete_remove(make_data_view, qtbot):
    from PySide6.QtCore import Qt

    ds = logistic_2d()
    view, doc = make_data_view(ds)
    view.show_frame(make_frame(ds))
    _click(view, qtbot, 3.0, 1.0, Qt.MouseButton.RightButton)
    assert doc.dataset.n == 5 and not any(np.array_equal(r, [3, 1]) for r in doc.dataset.X)
    view.show_frame(make_frame(doc.dataset, seq=2, selected_sample=0))
    view.select_sample(0)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert doc.dataset.n == 4
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.dataset == ds


def test_drag_moves_a_point_in_one_undo_step(make_data_view, qtbot):
    ds = wine_like()
    view, doc = make_data_view(ds)
    view._feature_x.setCurrentIndex(1)
    view._feature_y.setCurrentIndex(2)
    view.show_frame(make_frame(ds, shown=(1, 2)))
    i = 10
    start = (ds.X[i, 1], ds.X[i, 2])
    versions = []
    doc.dataset_changed.connect(lambda d, v: versions.append(v))
    steps = [(start[0] + t, start[1] - t) for t in np.linspace(0.0, 1.0, 6)]
    assert view.begin_drag(*start) == i
    for x, y in steps[1:]:
        view.drag_to(x, y)
    view.end_drag()
    assert len(versions) == 5
    assert doc.undo_stack.count() == 1
    moved = doc.dataset.X[i]
    assert moved[1] == pytest.approx(start[0] + 1) and moved[2] == pytest.approx(start[1] - 1)
    others = [j for j in range(ds.d) if j not in (1, 2)]
    np.testing.assert_array_equal(moved[others], ds.X[i, others])
    assert doc.dataset.y[i] == ds.y[i]
    doc.undo_stack.undo()
    assert doc.dataset == ds


def test_drag_with_the_mouse(make_data_view, qtbot):
    from PySide6.QtCore import Qt

    ds = logistic_2d()
    view, doc = make_data_view(ds)
    view.show_frame(make_frame(ds))
    viewport = view._plot_widget.viewport()

    def at(x, y):
        return view._plot_widget.mapFromScene(view.view_box.mapViewToScene(pg_point(x, y)))

    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=at(5.0, 3.0))
    for t in np.linspace(0, 1, 8):
        qtbot.wait(15)  # pyqtgraph drops mouse moves closer than 10 ms apart
        qtbot.mouseMove(viewport, pos=at(5.0 - t, 3.0 - 0.5 * t))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at(4.0, 2.5))
    assert doc.undo_stack.count() == 1
    np.testing.assert_allclose(doc.dataset.X[4], [4.0, 2.5], atol=0.1)


def test_data_view_message_overlay(make_data_view):
    ds = logistic_2d()
    view, doc = make_data_view(ds)
    view.show_frame(make_frame(ds, message="Only one class is left: add a point of another class."))
    assert view.message.isVisible() and "one class" in view.message.text()


def test_regression_lines_follow_the_runs(make_data_view):
    ds = line_30()
    view, doc = make_data_view(ds)
    frame = make_frame(ds)
    view.show_frame(frame)
    line = view._run_lines[0]
    xs, ys = line.getData()
    w, b = frame.runs[0].theta
    np.testing.assert_allclose(ys, w * xs + b)


def test_delete_key_from_the_plot_removes_the_hovered_point(make_data_view, qtbot):
    from PySide6.QtCore import Qt

    ds = logistic_2d()
    view, doc = make_data_view(ds)
    view.show_frame(make_frame(ds))
    scene = view.view_box.mapViewToScene(pg_point(5.0, 3.0))
    view._on_mouse_moved(scene)
    assert view._hovered == 4 and "point 4" in view.readout.text()
    view._plot_widget.setFocus()
    qtbot.keyClick(view._plot_widget.viewport(), Qt.Key.Key_Delete)
    assert doc.dataset.n == 5 and not any(np.array_equal(r, [5, 3]) for r in doc.dataset.X)


@pytest.mark.parametrize("builder", [line_30, logistic_2d, blobs_3, wine_like])
def test_every_view_survives_an_empty_data_set(make_data_view, builder, qtbot):
    from gui.commands import ClearData
    from gui.views.curves_view import CurvesView
    from gui.views.probability_view import ProbabilityView
    from gui.views.surface_view import SurfaceView

    ds = builder()
    view, doc = make_data_view(ds)
    frame = make_frame(ds)
    view.show_frame(frame)
    doc.undo_stack.push(ClearData(doc))
    empty = replace(frame, seq=2, dataset=doc.dataset, surface=None, regions=None, selected_sample=None,
                    sample_output=None, message="The data set is empty: click on the plot to add points.",
                    optimum_loss=None, optimum_status="unknown")
    others = [SurfaceView(), ProbabilityView(), CurvesView()]
    for w in [view, *others]:
        qtbot.addWidget(w)
        w.show_frame(frame)
        w.show_frame(empty)
        assert not w.grab().isNull()
    assert view.message.isVisible() and "empty" in view.message.text()
    assert sum(len(item.data) for item in view._point_items) == 0
    # The first click on the empty plot adds a point again, and the view does not jump.
    before = view.view_box.viewRange()
    x, y = _empty_spot(view)
    _click(view, qtbot, x, y)
    assert doc.dataset.n == 1
    np.testing.assert_allclose(view.view_box.viewRange(), before)


def test_diverged_regions_and_paths_with_nan(make_data_view, surface_view):
    ds = blobs_3()
    view, doc = make_data_view(ds)
    frame = make_frame(ds, diverge=True)
    proba = np.array(frame.regions.proba)
    proba[:10] = np.nan
    run = frame.runs[-1]
    path = np.array(run.path_ab)
    path[-1] = [1e250, -1e250]
    runs = frame.runs[:-1] + (replace(run, path_ab=frozen(path)),)
    broken = replace(frame, regions=replace(frame.regions, proba=frozen(proba)), runs=runs)
    view.show_frame(broken)
    surface_view.show_frame(broken)
    assert not view.grab().isNull() and not surface_view.grab().isNull()
    xs, ys = surface_view._runs[len(runs) - 1].path.getData()
    assert np.nanmax(np.abs(xs)) < 1e6


# -- probability view --------------------------------------------------------------------------------


@pytest.fixture
def probability_view(qtbot):
    from gui.views.probability_view import ProbabilityView

    view = ProbabilityView()
    qtbot.addWidget(view)
    view.resize(520, 380)
    view.show()
    return view


@pytest.mark.parametrize("builder", [line_30, logistic_2d, blobs_3, wine_like, quiz_scores])
def test_probability_view_paints(probability_view, builder):
    ds = builder()
    frame = make_frame(ds, selected_sample=2)
    probability_view.show_frame(frame)
    assert str(2) in probability_view.title.text()
    assert not probability_view.grab().isNull()
    probability_view.show_frame(replace(frame, seq=3, selected_sample=None, sample_output=None))
    assert not probability_view.grab().isNull()


def test_probability_view_softmax_heights(probability_view):
    frame = make_frame(blobs_3(), selected_sample=4)
    probability_view.show_frame(frame)
    bars = probability_view._bars[1]
    np.testing.assert_allclose(bars.opts["height"], frame.sample_output[1])
    ticks = probability_view.plot.getAxis("bottom")._tickLevels[0]
    assert [t for _, t in ticks] == list(frame.dataset.class_names)


def test_clicking_a_bar_selects_its_run(probability_view, qtbot):
    from PySide6.QtCore import Qt

    frame = make_frame(blobs_3(), selected_sample=4)
    probability_view.show_frame(frame)
    assert probability_view.run_at(2 - 0.4 + 0.8 / 4 * 2.5) == 2  # class 2's group, third bar
    vb = probability_view.plot.getViewBox()
    pos = probability_view._plot_widget.mapFromScene(vb.mapViewToScene(pg_point(1 - 0.4 + 0.8 / 4 * 3.5, 0.02)))
    with qtbot.waitSignal(probability_view.run_selected) as blocker:
        qtbot.mouseClick(probability_view._plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [3]


def test_probability_view_threshold(probability_view, qtbot):
    frame = make_frame(logistic_2d(), selected_sample=1)
    probability_view.show_frame(frame)
    assert not probability_view.threshold_box.isHidden()
    with qtbot.waitSignal(probability_view.threshold_changed) as blocker:
        probability_view.threshold_box.setValue(0.3)
    assert blocker.args == [pytest.approx(0.3)]
    assert probability_view.threshold_line.value() == pytest.approx(0.3)
    p = frame.sample_output[0, 1]
    expected = frame.dataset.class_names[int(p >= 0.3)]
    assert f"{p:.3f} → class {expected}" in probability_view.legend.text()


def test_probability_view_regression(probability_view):
    frame = make_frame(line_30(), selected_sample=5)
    probability_view.show_frame(frame)
    assert probability_view.threshold_box.isHidden()
    err = (frame.sample_output[0] - frame.dataset.y[5]) ** 2
    assert f"(ŷ − y)² = {err:.3g}" in probability_view.legend.text()


# -- curves view ---------------------------------------------------------------------------------------


@pytest.fixture
def curves_view(qtbot):
    from gui.views.curves_view import CurvesView

    view = CurvesView()
    qtbot.addWidget(view)
    view.resize(560, 380)
    view.show()
    return view


def test_curves_view_paints(curves_view):
    frame = make_frame(blobs_3(), test_loss=True, diverge=True)
    curves_view.show_frame(frame)
    assert curves_view._lines[0].isVisible() and curves_view._test_lines[0].isVisible()
    assert curves_view.optimum_line.isVisible()
    curves_view.set_log_scale(False)
    curves_view.set_x_in_epochs(True)
    curves_view.show_frame(replace(frame, seq=2))
    assert not curves_view.grab().isNull()


def test_curves_view_downsamples_long_histories(curves_view):
    import time

    frame = make_frame(line_30(), steps=5)
    n = 100_000
    history = frozen(np.exp(-np.arange(n) / 2e4) + 0.01 * np.random.default_rng(0).random(n))
    runs = tuple(replace(r, loss_history=history, steps=n - 1, epoch=(n - 1) / 4) for r in frame.runs)
    long = replace(frame, runs=runs)
    curves_view.show_frame(long)
    started = time.perf_counter()
    for seq in range(2, 12):
        curves_view.show_frame(replace(long, seq=seq))
    per_frame = (time.perf_counter() - started) / 10
    assert per_frame < 0.02
    xs, ys = curves_view._lines[0].getData()
    ys = 10.0**ys  # the item holds log10 values in log mode
    assert len(xs) <= 10_000
    assert ys.max() == pytest.approx(history.max()) and ys.min() == pytest.approx(history.min())


def test_curves_view_epochs(curves_view):
    frame = make_frame(line_30(), steps=40)
    runs = tuple(replace(r, epoch=r.steps / 4) for r in frame.runs)
    curves_view.set_x_in_epochs(True)
    curves_view.show_frame(replace(frame, runs=runs))
    xs, _ = curves_view._lines[0].getData()
    assert xs[-1] == pytest.approx(10.0)


# -- screenshots ------------------------------------------------------------------------------------------


def save_screenshots(folder: str = "/tmp/views") -> list[str]:
    """Every view for a regression, binary 2-D, softmax 3-class and wine-like case, saved as PNGs."""
    from PySide6.QtWidgets import QApplication

    from gui.document import DataDocument
    from gui.views.curves_view import CurvesView
    from gui.views.data_view import DataView
    from gui.views.probability_view import ProbabilityView
    from gui.views.surface_view import SurfaceView

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    cases = {
        "line30": (line_30(), {}),
        "logistic2d": (logistic_2d(), {}),
        "blobs3": (blobs_3(), {"test_loss": True}),
        "wine": (wine_like(), {"shown": (0, 6), "test_loss": True}),
        "quiz": (quiz_scores(), {"shown": (2, 2)}),
        "logline": (logistic_line(), {}),
        "unbounded": (logistic_2d(), {"unbounded": True, "diverge": True}),
    }
    saved = []
    for name, (ds, options) in cases.items():
        frame = make_frame(ds, steps=150, **options)
        doc = DataDocument(ds)
        views = {"data": DataView(doc), "surface": SurfaceView(), "probability": ProbabilityView(),
                 "curves": CurvesView()}
        if "shown" in options and ds.d > 2:
            views["data"]._feature_x.setCurrentIndex(options["shown"][0])
            views["data"]._feature_y.setCurrentIndex(options["shown"][1])
        if name == "quiz":
            views["data"]._feature_x.setCurrentIndex(2)
        for kind, view in views.items():
            view.resize(560, 460)
            view.show()
            view.show_frame(frame)
            QApplication.processEvents()
            path = out / f"{name}-{kind}.png"
            view.grab().save(str(path))
            saved.append(str(path))
    return saved


if __name__ == "__main__":
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    for p in save_screenshots(sys.argv[1] if len(sys.argv) > 1 else "/tmp/views"):
        print(p)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of live Qt widgets
