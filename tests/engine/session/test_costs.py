"""Switching a binary model's cost, and both costs' surfaces side by side, in the session."""
from __future__ import annotations

import dataclasses

import numpy as np

from engine.race import RunSpec
from engine.session import files
from engine.session import messages as m
from tests.engine.session.helpers import frame, make_session, settle


def _both(session, on=True):
    session.apply(m.SetView(dataclasses.replace(session.state.view, both_costs=on)))
    settle(session)
    return frame(session)


def _other_cost_at(f, i, j):
    o = f.other_cost
    model = dataclasses.replace(f.model, cost=o.cost)
    theta = f.surface.plane.point(o.a[i], o.b[j])
    return float(model.loss(theta[None], f.dataset.X, f.dataset.y)[0])


def test_a_change_of_cost_keeps_the_runs_and_the_start_and_races_the_new_cost():
    s = make_session("moons")
    s.apply(m.SetRuns((RunSpec("GD", "gd", {"lr": 1.0}), RunSpec("Adam", "adam", {"lr": 0.05}))))
    s.apply(m.SetStart((0.5, -0.5, 0.2), final=True))
    settle(s)
    before = s.state
    s.apply(m.SetModel("logistic", True, "mse"))
    settle(s)
    f = frame(s)
    assert f.model.cost == "mse" and f.state.runs == before.runs
    np.testing.assert_array_equal(f.state.start_theta, before.start_theta)
    s.apply(m.RunSteps(5))
    settle(s)
    race = s.race
    ds = f.dataset
    assert race.history(0).loss[0] == float(f.model.loss(before.start_theta[None], ds.X, ds.y)[0])
    assert f.optimum_status == "finite"  # moons: a minimum of MSE on the sigmoid exists
    s.apply(m.SetModel("softmax", True))
    settle(s)
    assert s.state.model.kind == "softmax" and s.state.model.cost == "cross-entropy"


def test_the_cost_survives_point_edits_standardising_and_files(tmp_path):
    s = make_session("logistic-2d")
    s.apply(m.SetModel("logistic", True, "mse"))
    s.apply(m.AddPoint((0.3, 0.4), 1))
    s.apply(m.Standardize())
    settle(s)
    assert s.state.model.cost == "mse"
    _both(s)
    path = tmp_path / "costs.dlab.json"
    files.save(s.state, path)
    back = files.read_state(path) if hasattr(files, "read_state") else files.load(path)
    assert back.model == s.state.model and back.view.both_costs


def test_both_surfaces_are_the_two_costs_on_one_plane_and_follow_a_dragged_point():
    s = make_session("logistic-line", cooperative=True)
    assert frame(s).other_cost is None  # only when asked for
    f = _both(s)
    o = f.other_cost
    assert o.cost == "mse" and not o.convex and o.loss.shape == f.surface.loss.shape
    np.testing.assert_array_equal(o.a, f.surface.a)
    for i, j in ((0, 0), (57, 131), (-1, -1)):
        assert np.isclose(o.loss[i, j], _other_cost_at(f, i, j), rtol=1e-10, atol=1e-14)
    ds = f.dataset
    s.apply(m.MovePoint(0, (float(ds.X[0, 0]) + 2.0,), 1, drag=1))
    f = frame(s)
    assert np.isclose(f.other_cost.loss[40, 60], _other_cost_at(f, 40, 60), rtol=1e-10)
    s.apply(m.SetModel("logistic", True, "mse"))
    settle(s)
    f = frame(s)
    assert f.other_cost.cost == "cross-entropy" and f.other_cost.convex
    assert np.isclose(f.other_cost.loss[10, 20], _other_cost_at(f, 10, 20), rtol=1e-10)
    # softmax has one cost: nothing beside it
    s.apply(m.SetModel("softmax", True))
    settle(s)
    assert frame(s).other_cost is None
    s.apply(m.SetModel("logistic", True))
    settle(s)
    assert _both(s, on=False).other_cost is None


def test_the_other_surface_on_a_slice_of_a_big_model():
    s = make_session("breast-cancer", cooperative=True)
    f = _both(s)
    assert f.surface is not None and f.other_cost is not None
    for i, j in ((3, 5), (150, 20)):
        assert np.isclose(f.other_cost.loss[i, j], _other_cost_at(f, i, j), rtol=1e-9, atol=1e-13)
