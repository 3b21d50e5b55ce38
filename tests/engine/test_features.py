"""Feature expansion against scikit-learn (PolynomialFeatures of the StandardScaler'd inputs, fitted
on the training rows), its optima against Ridge-free least squares and LogisticRegression, its
gradients against torch, the overfitting lesson, and the session and CLI on it."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from engine.cli import main
from engine.data import DataError, load_preset
from engine.data.split import hold_out
from engine.features import expanded, fit_features, parse_features
from engine.models import model_for
from engine.optimum import find_optimum
from engine.session import files
from engine.session import messages as m
from tests.engine.session.helpers import frame, make_session, settle


@pytest.mark.parametrize("preset, text", [("line-30", "poly:1"), ("line-30", "poly:12"), ("moons", "cross:1"),
                                          ("moons", "cross:3"), ("circles", "cross:8")])
def test_expansions_are_polynomialfeatures_of_the_standardised_training_rows(preset, text):
    ds = hold_out(load_preset(preset), 0.25, seed=2)
    features = fit_features(text, ds)
    degree = parse_features(text)[1]
    scaler = StandardScaler().fit(ds.training.X)
    expected = PolynomialFeatures(degree, include_bias=False).fit_transform(scaler.transform(ds.X))
    np.testing.assert_allclose(features.expand(ds.X), expected, rtol=1e-12, atol=1e-12)
    design = expanded(ds, features)
    assert design.d == expected.shape[1] and np.array_equal(design.test_mask, ds.test_mask)
    assert expanded(ds, features) is design  # the same object while nothing changed


def test_names_and_refusals():
    features = fit_features("cross:2", load_preset("moons"))
    assert features.names == ("z1", "z2", "z1²", "z1·z2", "z2²")
    assert fit_features("poly:3", load_preset("line-30")).names == ("z", "z²", "z³")
    for text, words in (("poly:2", "one input"), ("cubic:2", "poly:D"), ("poly:0", "from 1 to 15"),
                        ("cross:x", "whole number")):
        with pytest.raises(DataError, match=words):
            fit_features(text, load_preset("moons"))


def test_optima_and_gradients_on_expanded_features():
    ds = load_preset("line-30")
    design = expanded(ds, fit_features("poly:4", ds))
    model = model_for(design)
    optimum = find_optimum(model, design.X, design.y)
    A = np.hstack([design.X, np.ones((design.n, 1))])
    np.testing.assert_allclose(optimum.theta, np.linalg.lstsq(A, design.y, rcond=None)[0], rtol=1e-8)
    theta = np.random.default_rng(0).normal(size=model.n_params)
    t = torch.tensor(theta, requires_grad=True)
    cost = torch.nn.functional.mse_loss(torch.tensor(design.X) @ t[:-1] + t[-1], torch.tensor(design.y))
    cost.backward()
    np.testing.assert_allclose(model.grad(theta[None], design.X, design.y)[0], t.grad.numpy(), rtol=1e-10)
    from sklearn.linear_model import LogisticRegression

    moons = load_preset("moons")
    mdesign = expanded(moons, fit_features("cross:3", moons))
    logistic = find_optimum(model_for(mdesign), mdesign.X, mdesign.y, weight_decay=0.02)
    # weight decay lambda/2 |theta|^2 on the mean cost is sklearn's C = 1 / (n lambda), bias penalised too
    sk = LogisticRegression(C=1.0 / (moons.n * 0.02), tol=1e-12, max_iter=10_000, fit_intercept=False).fit(
        np.hstack([mdesign.X, np.ones((moons.n, 1))]), mdesign.y)
    np.testing.assert_allclose(logistic.theta, sk.coef_.ravel(), rtol=1e-4, atol=1e-5)


def test_degree_twelve_overfits_and_the_session_marks_early_stopping():
    """The course's lesson: training cost keeps falling while test cost turns up."""
    s = make_session("line-30")
    s.apply(m.SetSplit(0.3))
    s.apply(m.SetFeatures("poly:12"))
    s.apply(m.RunSteps(6000))
    settle(s)
    f = frame(s)
    adam = next(run for run in f.runs if run.optimizer == "adam")
    assert f.model.n_features == 12 and s.race.n == 21
    train, test = adam.loss_history, adam.test_loss_history
    best = int(np.nanargmin(test))
    steps = adam.test_history_steps if adam.test_history_steps is not None else np.arange(len(test))
    assert 0 < adam.best_test_step < adam.steps and int(steps[best]) == adam.best_test_step
    assert train[-1] < train[best] and test[-1] > 1.5 * test[best]  # fits the points, not the line
    assert f.fit is not None and not f.fit.linear and f.fit.y.shape[1] > 2  # drawn as curves


def test_features_in_the_session_undo_files_and_edits(tmp_path):
    s = make_session("moons", cooperative=True)
    s.apply(m.SetFeatures("cross:3"))
    settle(s)
    f = frame(s)
    assert f.model.n_features == 9 and f.surface is not None and f.regions is not None
    features = f.state.features
    s.apply(m.AddPoint((0.5, 0.2), 1))  # the standardisation stays as fitted: one new row
    settle(s)
    assert frame(s).state.features is features and s.race.X.shape == (201, 9)
    np.testing.assert_allclose(s.race.X[-1], features.expand(np.array([[0.5, 0.2]]))[0])
    path = tmp_path / "moons.dlab.json"
    files.save(s.state, path)
    back = files.load(path)
    assert back.features == features and back.model == s.state.model
    obj = json.loads(path.read_text())
    obj["features"]["std"] = [0.0, 1.0]
    with pytest.raises(files.SessionFileError, match="std above 0"):
        files.from_json(obj, "bad.dlab.json")
    s.apply(m.Undo())
    s.apply(m.Undo())
    settle(s)
    assert frame(s).state.features is None and frame(s).model.n_features == 2


def test_the_cli_takes_features(capsys):
    assert main(["run", "--preset", "moons", "--features", "cross:3", "--opt", "adam:lr=0.05", "--steps", "200"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["features"]["text"] == "cross:3" and out["features"]["names"][:3] == ["z1", "z2", "z1²"]
    assert len(out["runs"][0]["weight"][0]) == 9
    X = np.asarray(load_preset("moons").X)
    np.testing.assert_allclose(out["features"]["mean"], X.mean(axis=0))  # no split: every row trains
    np.testing.assert_allclose(out["features"]["std"], X.std(axis=0))
    assert out["runs"][0]["loss"][-1] < 0.2  # a line cannot get below ~0.29 on moons
    assert main(["run", "--preset", "iris", "--features", "poly:2", "--steps", "1"]) == 2
    assert "one input" in capsys.readouterr().err


def test_standardize_model_changes_and_bad_points_with_features():
    s = make_session("line-30", cooperative=True)
    s.apply(m.SetFeatures("poly:6"))
    settle(s)
    raw = s.state.features
    lrs = [run.spec.hyper["lr"] for run in s.state.runs]
    s.apply(m.Standardize())
    settle(s)
    assert abs(s.state.features.mean[0]) < 1e-12  # refitted on the standardised data
    s.apply(m.Undo())
    settle(s)
    assert s.state.features == raw and s.state.model.n_features == 6  # undo brings the raw fit back too
    # another model on the expanded data keeps the rates made for it, not line-30's tutorial ones
    s.apply(m.SetModel("linear", bias=False))
    settle(s)
    assert [run.spec.hyper["lr"] for run in s.state.runs] == pytest.approx(lrs, rel=0.5)
    assert all(run.status != "diverged" for run in frame(s).runs)
    # a point that is not a number cannot be standardised into the features
    ds = load_preset("line-30")
    X = ds.X.copy()
    X[3, 0] = np.nan
    from dataclasses import replace
    with pytest.raises(DataError, match="row 4"):
        fit_features("poly:3", replace(ds, X=X))
