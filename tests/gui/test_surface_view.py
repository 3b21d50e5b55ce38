"""The surface view paints real frames: orientation, markers, busy marks, read-outs and requests."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from engine.session import messages as m
from engine.race import RunSpec
from tests.gui.harness import Bench, frozen, with_frame


def _image_rgb_at(view, a, b):
    """The colour the surface image paints at (a, b), read from the rendered widget."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    image = view._plot_widget.grab().toImage()
    widget_point = view._plot_widget.mapFromScene(view.view_box.mapViewToScene(QPointF(a, b)))
    color = image.pixelColor(widget_point.x(), widget_point.y())
    return color.red(), color.green(), color.blue()


@pytest.fixture(params=["col-major", "row-major"])
def any_axis_order(request):
    """Whatever the app sets as pyqtgraph's global image axis order, the surface is the same."""
    import pyqtgraph as pg

    before = pg.getConfigOption("imageAxisOrder")
    pg.setConfigOptions(imageAxisOrder=request.param)
    yield request.param
    pg.setConfigOptions(imageAxisOrder=before)


def test_surface_orientation_minimum_under_the_star(any_axis_order, surface_view):
    """A bowl with its minimum at (a, b) = (2, -1) on a non-square grid: darkest pixel under the star."""
    frame = Bench("line-30", steps=5).frame
    a = np.linspace(-4.0, 6.0, 41)
    b = np.linspace(-3.0, 3.0, 31)
    loss = (a[:, None] - 2.0) ** 2 + 4.0 * (b[None, :] + 1.0) ** 2 + 0.1
    from dataclasses import replace

    surface = replace(frame.surface, a=frozen(a), b=frozen(b), loss=frozen(loss), optimum_ab=(2.0, -1.0))
    surface_view.set_log_scale(False)
    surface_view.show_frame(with_frame(frame, surface=surface, runs=(), state=frame.state.with_(
        view=frame.state.view.__class__(surface_log=False))))
    assert surface_view.image.image.shape == (41, 31)
    rect = surface_view.image.mapRectToView(surface_view.image.boundingRect())
    assert rect.left() == pytest.approx(-4.125) and rect.right() == pytest.approx(6.125)
    assert rect.top() == pytest.approx(-3.1) and rect.bottom() == pytest.approx(3.1)
    for (pa, pb), expected in (((2.0, -1.0), loss.min()), ((5.0, 2.0), loss[np.argmin(abs(a - 5)), np.argmin(abs(b - 2))])):
        p = surface_view.image.mapFromView(QPointF(pa, pb))
        assert surface_view.image.image[int(p.x()), int(p.y())] == pytest.approx(expected)
    star = surface_view.optimum.data
    assert (star["x"][0], star["y"][0]) == (2.0, -1.0)
    at_star = sum(_image_rgb_at(surface_view, 2.0, -1.0 + 0.6))
    assert at_star < sum(_image_rgb_at(surface_view, 5.0, 2.5))
    assert sum(_image_rgb_at(surface_view, -1.0, 2.0)) > at_star  # transposed, the minimum would be here


@pytest.mark.parametrize("preset", ["line-30", "logistic-2d", "blobs", "wine", "quiz-scores", "logistic-line"])
def test_surface_view_paints_every_kind(surface_view, preset):
    frame = Bench(preset).frame
    surface_view.show_frame(frame)
    assert surface_view.image.image is not None and len(surface_view.contours.xData) > 10
    assert len(surface_view.current.data) == len(frame.runs)
    assert surface_view.description.text().strip()
    surface_view.set_log_scale(False)
    surface_view.show_frame(with_frame(frame))
    assert not surface_view.grab().isNull()


def test_unbounded_arrow_and_a_diverged_run(surface_view):
    bench = Bench("logistic-2d", then=[m.SetRuns((RunSpec("GD", "gd", {"lr": 1.0}),
                                                  RunSpec("wild", "gd", {"lr": 1e6})))])
    frame = bench.frame
    assert frame.optimum_status == "unbounded" and frame.runs[1].status == "diverged"
    surface_view.show_frame(frame)
    assert surface_view.unbounded_arrow.isVisible() and not surface_view.optimum.isVisible()
    assert "loss keeps falling this way" in surface_view.unbounded_text.textItem.toPlainText()
    assert surface_view._runs[1].label.isVisible() and "wild diverged" in surface_view._runs[1].label.textItem.toPlainText()


def test_messages_and_the_busy_mark(surface_view):
    frame = Bench("line-30").frame
    surface_view.show_frame(with_frame(frame, surface=None, surface_status="none", message="The data set is empty"))
    assert surface_view.message.isVisible() and "empty" in surface_view.message.text()
    assert not surface_view.image.isVisible()
    surface_view.show_frame(with_frame(frame, surface=None, surface_status="computing"))
    assert surface_view.message.isVisible() and "Computing" in surface_view.message.text()
    assert not surface_view.image.isVisible()  # never the picture of the data before
    surface_view.show_frame(with_frame(frame))
    assert not surface_view.message.isVisible() and surface_view.image.isVisible()


def test_an_optimum_being_recomputed_is_drawn_hollow(surface_view):
    frame = Bench("line-30").frame
    surface_view.show_frame(frame)
    assert surface_view.optimum.opts["brush"].color().alpha() == 255
    surface_view.show_frame(with_frame(frame, optimum_current=False))
    assert surface_view.optimum.isVisible() and surface_view.optimum.opts["brush"].color().alpha() < 255


def test_hover_reads_the_loss_off_the_grid(surface_view):
    frame = Bench("line-30").frame
    surface_view.show_frame(frame)
    s = frame.surface
    a, b = float(s.a[40]), float(s.b[77])
    text = surface_view.hover_at(a, b)
    exact = frame.model.loss(np.array([[a, b]]), frame.dataset.X, frame.dataset.y)[0]
    assert f"loss ≈ {exact:.6g}" in text and surface_view.readout.text() == text
    between = surface_view.hover_at(0.5 * (s.a[40] + s.a[41]), b)
    value = float(between.split("≈")[1].split()[0])
    truth = frame.model.loss(np.array([[0.5 * (s.a[40] + s.a[41]), b]]), frame.dataset.X, frame.dataset.y)[0]
    assert value == pytest.approx(truth, rel=1e-3)


def test_dragging_the_start_emits_theta(surface_view):
    frame = Bench("blobs").frame
    surface_view.show_frame(frame)
    seen = []
    surface_view.start_moved.connect(lambda theta, final: seen.append((theta, final)))
    surface_view.start.moving = True
    surface_view.start.setPos(1.0, 0.5)
    surface_view.start.moving = False
    surface_view.start.sigPositionChangeFinished.emit(surface_view.start)
    assert [f for _, f in seen] == [False, True]
    np.testing.assert_allclose(seen[-1][0], frame.surface.plane.point(1.0, 0.5))


def test_plane_selector_asks_and_follows_the_state(surface_view):
    bench = Bench("blobs", view=surface_view)
    controls = surface_view.plane_controls
    assert not controls.isHidden()
    requested = []
    surface_view.plane_requested.connect(requested.append)
    controls.combo.setCurrentIndex(controls.combo.findData("pca"))
    controls.combo.setCurrentIndex(controls.combo.findData("params"))
    controls.param_b.setCurrentIndex(4)
    names = bench.frame.model.param_names()
    assert requested == ["pca", f"params={names[0]},{names[1]}", f"params={names[0]},{names[4]}"]
    bench.post(m.SetPlane(requested[-1]))
    assert bench.frame.surface.kind == "params" and bench.frame.surface.b_label == names[4]
    surface_view.show_frame(Bench("line-30").frame)  # a two-parameter model has no plane to choose
    assert controls.isHidden()


def test_the_view_draws_the_frames_picture_and_remakes_it_for_another_scale(surface_view):
    """The contours come made with the frame; a log-scale switch before the next frame redraws
    them for the new scale (never the old scale's lines on the new colours)."""
    from engine.surface import look

    frame = Bench("blobs").frame
    surface_view.show_frame(frame)
    picture = frame.surface.picture
    xs, _ = surface_view.contours.getData()
    np.testing.assert_array_equal(xs[np.isfinite(xs)], picture.contour_x[np.isfinite(picture.contour_x)])
    surface_view.set_log_scale(not picture.log_scale)
    other = look.surface_picture(frame.surface.a, frame.surface.b, frame.surface.loss, not picture.log_scale)
    xs, _ = surface_view.contours.getData()
    np.testing.assert_array_equal(xs[np.isfinite(xs)], other.contour_x[np.isfinite(other.contour_x)])
    assert surface_view.image.levels == pytest.approx(other.levels)
