"""The max-margin direction of separable data, and gradient descent turning towards it while
‖θ‖ grows without end (the implicit bias of GD on the logistic loss)."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from engine.data import load_preset
from engine.margin import angles_to, max_margin_direction
from engine.models import model_for
from engine.race import Race, RunSpec
from engine.session import messages as m
from tests.engine.session.helpers import frame, make_session


def test_the_direction_is_the_hard_margin_svms():
    from sklearn.svm import LinearSVC

    ds = load_preset("logistic-2d")
    model = model_for(ds)
    direction = max_margin_direction(model, ds.X, ds.y)
    features = np.hstack([ds.X, np.ones((ds.n, 1))])
    labels = np.where(ds.y > 0.5, 1.0, -1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        svm = LinearSVC(loss="hinge", C=1e6, fit_intercept=False, tol=1e-12, max_iter=1_000_000).fit(features, labels)
    expected = svm.coef_.ravel() / np.linalg.norm(svm.coef_)
    np.testing.assert_allclose(direction, expected, atol=1e-4)
    # the margin is tight on the support vectors: min yᵢ θ·x̃ᵢ over ‖θ‖ is the largest there is
    margins = labels * (features @ direction)
    rng = np.random.default_rng(0)
    for _ in range(200):
        other = direction + 0.05 * rng.normal(size=3)
        other /= np.linalg.norm(other)
        assert (labels * (features @ other)).min() <= margins.min() + 1e-9


def test_gd_turns_towards_it_while_its_size_grows_like_log_step():
    ds = load_preset("logistic-2d")
    model = model_for(ds)
    direction = max_margin_direction(model, ds.X, ds.y)
    race = Race(model, ds.X, ds.y, [RunSpec("gd", "gd", {"lr": 1.0})], np.zeros(model.n_params))
    sizes, angles = [], []
    for steps in (100, 1_000, 10_000):
        race.run_to(steps=steps)
        sizes.append(float(np.linalg.norm(race.theta[0])))
        angles.append(float(angles_to(direction, race.theta)[0]))
    assert all(a > b for a, b in zip(angles, angles[1:])) and angles[-1] < 0.5
    growth = np.diff(sizes)  # per decade of steps: about the same, ‖θ‖ ~ log(step)
    assert all(g > 0 for g in growth) and growth.max() / growth.min() < 1.5


def test_none_when_not_separable_or_not_logistic():
    for name in ("moons", "line-30", "iris"):
        ds = load_preset(name)
        assert max_margin_direction(model_for(ds), ds.X, ds.y) is None, name


def test_the_frames_carry_size_and_angle_when_the_curves_draw_them():
    from engine.session.state import ViewSettings

    s = make_session("logistic-2d")
    s.apply(m.RunSteps(50))
    assert all(run.size_history is None for run in frame(s).runs)
    s.apply(m.SetView(ViewSettings(curves_y="angle")))
    f = frame(s)
    ds = f.dataset
    direction = max_margin_direction(f.model, ds.X, ds.y)
    race = s.race
    for k, run in enumerate(f.runs):
        thetas = race.trajectory(k)
        np.testing.assert_allclose(run.size_history, np.linalg.norm(thetas, axis=1), rtol=1e-12)
        np.testing.assert_allclose(run.angle_history[1:], angles_to(direction, thetas)[1:], rtol=1e-9)
    s.apply(m.LoadPreset("moons"))
    s.apply(m.RunSteps(5))
    assert all(run.angle_history is None and run.size_history is not None for run in frame(s).runs)
