"""One plane policy: the window's session and main.py surface draw the same plane."""
import numpy as np
import pytest

from engine.models import model_for
from engine.session import messages as m
from engine.session.data_handlers import opened_preset
from engine.surface_cli import surface_json
from tests.engine.session.helpers import frame, make_session, settle


@pytest.mark.parametrize("preset,spec", [("line-30", "auto"), ("logistic-line", "auto"), ("wine", "auto"),
                                         ("softmax-8", "optimum"), ("blobs", "params=weight[1,0],bias[2]"),
                                         ("iris", "auto")])
def test_the_window_and_the_cli_draw_the_same_plane(preset, spec):
    s = make_session(preset)
    if spec != "auto":
        s.apply(m.SetPlane(spec))
        settle(s)
    plane = frame(s).surface.plane
    ds = opened_preset(preset, 0).training  # wine opens held out and standardised, as its recipe
    out = surface_json(ds, model_for(ds), grid=50, plane=spec)["plane"]
    np.testing.assert_allclose(plane.origin, out["origin"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(plane.u, out["u"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(plane.v, out["v"], rtol=1e-12, atol=1e-12)
    assert plane.a_range == pytest.approx((out["a"][0], out["a"][-1]), rel=1e-12)
    assert plane.b_range == pytest.approx((out["b"][0], out["b"][-1]), rel=1e-12)


def test_a_slice_follows_the_start_when_it_is_released():
    s = make_session("wine")
    before = frame(s).surface.plane
    start = tuple(0.01 * np.arange(42))
    s.apply(m.SetStart(start, final=False))  # while the marker is dragged, the plane stays
    assert frame(s).surface.plane is before
    assert frame(s).surface.start_ab != pytest.approx((0.0, 0.0))
    s.apply(m.SetStart(start, final=True))
    settle(s)
    after = frame(s).surface.plane
    np.testing.assert_allclose(after.origin, start)
    assert frame(s).surface.start_ab == pytest.approx((0.0, 0.0), abs=1e-9)


def test_a_bad_plane_is_refused_in_words_and_the_automatic_one_drawn():
    s = make_session("blobs")
    s.apply(m.SetPlane("params=weight[9,9],bias[0]"))
    settle(s)
    notices = s.take_notices()
    assert any("no parameter 'weight[9,9]'" in n.text for n in notices)
    assert frame(s).surface.kind == "optimum"
