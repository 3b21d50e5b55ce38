"""Views that tell the truth about many features (issue 9 §5) and the points a run gets wrong
(§4): wine opens as the course's recipe runs it; with more than two features the regions hold the
others at the selected sample's values (so they agree with that sample's probabilities); every
frame says which points the selected run classifies wrongly."""
from __future__ import annotations

import numpy as np

from engine import metrics
from engine.data import load_preset, standardize
from engine.data.split import hold_out
from engine.session import messages as m
from engine.session.snapshot import REGION_GRID
from tests.engine.session.helpers import frame, make_session, settle


def test_wine_opens_as_the_recipe_runs_it():
    s = make_session("wine")
    f = frame(s)
    ds = f.dataset
    assert ds.test_mask.sum() == 36 and ds.n == 178  # ceil(0.2 · 178), stratified by cultivar
    expected = standardize(hold_out(load_preset("wine"), 0.2, 0))[0]
    np.testing.assert_array_equal(ds.X, expected.X)  # standardised over the training rows
    np.testing.assert_allclose(ds.training.X.mean(axis=0), 0.0, atol=1e-12)
    assert f.model.kind == "softmax" and f.runs[f.selected_run].label == "Adam"
    assert f.selected_sample == int(np.flatnonzero(ds.test_mask)[0])  # "test sample 0"
    assert any("opens as the course runs it" in str(n.text) for n in s.take_notices())


def test_regions_hold_the_other_features_at_the_selected_sample():
    s = make_session("wine")
    s.apply(m.RunSteps(50))
    settle(s)
    for sample in (frame(s).selected_sample, 17):
        s.apply(m.SelectSample(sample))
        settle(s)
        f = frame(s)
        r = f.regions
        assert r.held_sample == sample and r.held_features == 11 and r.run == f.selected_run
        i, j = f.shown_features
        row, col = 37, 61
        point = f.dataset.X[sample].copy()
        point[i] = np.linspace(*r.x_range, REGION_GRID)[col]
        point[j] = np.linspace(*r.y_range, REGION_GRID)[row]
        theta = s.race.theta[f.selected_run][None]
        np.testing.assert_allclose(r.proba[row, col], f.model.predict_proba(theta, point[None])[0, 0], rtol=1e-12)
    s.apply(m.SelectSample(None))
    settle(s)
    assert frame(s).regions.held_sample is None  # nothing selected: the others at their mean


def test_frames_carry_the_points_the_selected_run_gets_wrong():
    s = make_session("moons")
    s.apply(m.RunSteps(100))
    settle(s)
    f = frame(s)
    k = f.selected_run
    predicted = metrics.predictions(f.model, s.race.theta[k][None], f.dataset.X, f.threshold)[0]
    np.testing.assert_array_equal(f.regions.wrong, predicted != f.dataset.y)
    assert 10 < f.regions.wrong.sum() < 60  # a line cannot separate the moons
    s.apply(m.SetThreshold(0.9))
    settle(s)
    assert frame(s).regions.wrong.sum() != f.regions.wrong.sum()  # the threshold moves the mistakes


def test_only_classes_with_square_features_are_drawn_as_images():
    from dataclasses import replace

    from engine.session import policy

    digits = load_preset("digits")
    assert policy.image_side(digits) == 8 and policy.images_offered(digits) and policy.default_images(digits)
    regression = replace(load_preset("line-30"), X=np.zeros((30, 16)), feature_names=tuple(f"p{i}" for i in range(16)))
    assert policy.image_side(regression) == 4 and not policy.images_offered(regression)  # no class to frame it in
    assert policy.image_side(load_preset("iris")) is None  # 2 × 2 says nothing a scatter does not


def test_the_surface_picture_is_made_with_the_surface_for_the_views_scale():
    """The colours' values, their range and the contour lines come with the surface (made off the
    GUI thread), for the log scale the user chose, and are what the look's recipe makes of it."""
    import dataclasses

    from engine.surface import look
    session = make_session("blobs")
    for log_scale in (True, False):
        session.apply(m.SetView(dataclasses.replace(session.state.view, surface_log=log_scale)))
        s = frame(session).surface
        picture = s.picture
        assert picture.log_scale == log_scale
        z = look.display_values(s.loss, log_scale)
        np.testing.assert_array_equal(picture.display, z)
        assert picture.levels == look.colour_range(z)
        xs, ys = look.contour_polyline(s.a, s.b, z.T, look.contour_levels(*picture.levels, log_scale))
        np.testing.assert_array_equal(picture.contour_x, xs)
        np.testing.assert_array_equal(picture.contour_y, ys)
        assert np.isfinite(xs).sum() > 100 and not picture.display.flags.writeable
