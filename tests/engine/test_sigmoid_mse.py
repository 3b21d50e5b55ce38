"""MSE on the sigmoid, the cost the course shows is not convex: its loss, gradient, Hessian, surface
and optimum against torch and scipy, and the race, CLI and script on it."""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from engine.data import load_preset
from engine.models import Model, model_for
from engine.optimum import find_optimum
from engine.race import Race, RunSpec
from engine.session import planes
from engine.stability import hessian, stability
from engine.surface import SurfaceEvaluator, exact_plane, fit_ranges


def _torch_cost(theta, X, y):
    z = torch.tensor(X) @ theta[:-1] + theta[-1]
    return F.mse_loss(torch.sigmoid(z), torch.tensor(y, dtype=torch.float64))


def _data(seed=0, n=40, d=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (X @ rng.normal(size=d) + 0.8 * rng.normal(size=n) > 0).astype(np.int64)
    return X, y


def test_loss_gradient_and_hessian_are_torchs():
    X, y = _data()
    model = Model("logistic", 3, cost="mse")
    thetas = np.random.default_rng(1).normal(scale=3.0, size=(5, 4))
    loss, grad = model.loss_and_grad(thetas, X, y)
    for k, theta in enumerate(thetas):
        t = torch.tensor(theta, requires_grad=True)
        cost = _torch_cost(t, X, y)
        cost.backward()
        assert loss[k] == pytest.approx(cost.item(), rel=1e-13)
        np.testing.assert_allclose(grad[k], t.grad.numpy(), rtol=1e-11, atol=1e-15)
        expected = torch.autograd.functional.hessian(lambda p: _torch_cost(p, X, y), torch.tensor(theta)).numpy()
        np.testing.assert_allclose(hessian(model, theta, X, y), expected, rtol=1e-10, atol=1e-14)


def test_it_is_not_convex_where_cross_entropy_is():
    """Somewhere the MSE Hessian curves down (kept, not clipped to 0) and a chord lies below the
    cost; cross-entropy's Hessian never has a negative eigenvalue on the same points."""
    X, y = _data()
    mse, ce = Model("logistic", 3, cost="mse"), Model("logistic", 3)
    thetas = np.random.default_rng(2).normal(scale=4.0, size=(40, 4))
    lowest = [stability(mse, t, X, y).eigenvalues[0] for t in thetas]
    assert min(lowest) < -1e-3
    assert min(np.linalg.eigvalsh(hessian(ce, t, X, y))[0] for t in thetas) > -1e-12
    # midpoint convexity fails on a line through a saturated region
    p, q = thetas[int(np.argmin(lowest))], np.zeros(4)
    ts = np.linspace(0.0, 1.0, 201)
    line = mse.loss(p[None] + ts[:, None] * (q - p)[None], X, y)
    chords = 0.5 * (line[:-2] + line[2:]) - line[1:-1]
    assert chords.min() < -1e-9
    line_ce = ce.loss(p[None] + ts[:, None] * (q - p)[None], X, y)
    assert (0.5 * (line_ce[:-2] + line_ce[2:]) - line_ce[1:-1]).min() > -1e-12


def test_the_surface_is_the_cost_cell_by_cell_and_follows_point_edits():
    ds = load_preset("breast-cancer")
    X, y = ds.X[:120], ds.y[:120]
    model = model_for(ds, "logistic", cost="mse")
    start = np.zeros(model.n_params)
    plane = planes.choose_plane(model, X, y, "params=weight[0,3],bias[0]", start, None)
    evaluator = SurfaceEvaluator(model, X, y, threads=1)
    G = 60
    surface = evaluator.evaluate(plane, G)
    a, b = plane.grid(G)
    cells = plane.point(a[:, None], b[None, :]).reshape(-1, model.n_params)
    np.testing.assert_allclose(surface, model.loss(cells, X, y).reshape(G, G), rtol=1e-12, atol=1e-15)
    X2 = X.copy()
    X2[5] *= 1.5
    moved = evaluator.update_point(5, X[5], y[5], X2[5], 1 - y[5])
    y2 = y.copy()
    y2[5] = 1 - y[5]
    np.testing.assert_allclose(moved, model.loss(cells, X2, y2).reshape(G, G), rtol=1e-10, atol=1e-13)
    evaluator.close()


def test_the_exact_plane_of_one_feature_shows_its_plateaus():
    """logistic-line: the MSE surface is flat (|gradient| tiny) far out where cross-entropy still
    slopes, the vanishing gradient that makes MSE slow for a sigmoid."""
    ds = load_preset("logistic-line")
    mse, ce = model_for(ds, cost="mse"), model_for(ds)
    far = np.array([[-8.0, 0.0]])  # every sample confidently on the wrong side
    g_mse = np.linalg.norm(mse.grad(far, ds.X, ds.y))
    g_ce = np.linalg.norm(ce.grad(far, ds.X, ds.y))
    assert g_mse < 1e-3 * g_ce  # 2e-4 against 3.0
    plane = fit_ranges(exact_plane(mse), (np.array([-3.0, 3.0]), np.array([-3.0, 3.0])), margin=0.0)
    surface = SurfaceEvaluator(mse, ds.X, ds.y).evaluate(plane, 50)
    assert np.nanmax(surface) <= 1.0 and np.nanmin(surface) >= 0.0  # a squared probability error


def test_the_optimum_is_a_minimum_and_separable_data_have_none():
    ds = load_preset("moons")
    model = model_for(ds, cost="mse")
    optimum = find_optimum(model, ds.X, ds.y)
    assert optimum.status == "finite" and optimum.gradient_norm < 1e-7
    assert np.linalg.eigvalsh(hessian(model, optimum.theta, ds.X, ds.y))[0] > 0  # a true minimum
    from scipy.optimize import minimize

    other = minimize(lambda t: model.loss(t[None], ds.X, ds.y)[0], np.array([1.0, -3.0, 0.5]), method="Nelder-Mead",
                     options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 20000})
    assert optimum.loss <= other.fun + 1e-10
    ce = find_optimum(model_for(ds), ds.X, ds.y)
    assert optimum.loss < float(model.loss(ce.theta[None], ds.X, ds.y)[0])  # not the cross-entropy's point
    separable = load_preset("logistic-2d")
    falling = find_optimum(model_for(separable, cost="mse"), separable.X, separable.y)
    assert falling.status == "unbounded" and falling.loss == 0.0


def test_a_race_on_it_is_torch_optims():
    X, y = _data(seed=3)
    model = Model("logistic", 3, cost="mse")
    specs = [RunSpec("gd", "gd", {"lr": 2.0}), RunSpec("adam", "adam", {"lr": 0.1}),
             RunSpec("mom", "momentum", {"lr": 1.0, "momentum": 0.9})]
    race = Race(model, X, y, specs, np.zeros(4))
    race.run_to(steps=200)
    makers = [lambda p: torch.optim.SGD(p, lr=2.0), lambda p: torch.optim.Adam(p, lr=0.1),
              lambda p: torch.optim.SGD(p, lr=1.0, momentum=0.9)]
    for k, make in enumerate(makers):
        theta = torch.zeros(4, dtype=torch.float64, requires_grad=True)
        opt = make([theta])
        for _ in range(200):
            opt.zero_grad()
            _torch_cost(theta, X, y).backward()
            opt.step()
        np.testing.assert_allclose(race.theta[k], theta.detach().numpy(), rtol=1e-9, atol=1e-12)


def test_only_binary_logistic_regression_takes_it():
    with pytest.raises(ValueError, match="two classes"):
        model_for(load_preset("iris"), "softmax", cost="mse")
    with pytest.raises(ValueError, match="not 'cross-entropy'"):
        Model("linear", 1, cost="cross-entropy")
    assert Model("logistic", 2) == Model("logistic", 2, cost="cross-entropy")
    assert dataclasses.replace(Model("logistic", 2), cost="mse").sigmoid_mse


def test_the_cli_trains_on_it_as_the_script_does(capsys):
    from engine.cli import main
    from engine.script_export import pytorch_script

    assert main(["run", "--preset", "moons", "--cost", "mse", "--opt", "gd:lr=2", "--steps", "50"]) == 0
    out = json.loads(capsys.readouterr().out)
    ds = load_preset("moons")
    theta = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([theta], lr=2.0)
    for _ in range(50):
        opt.zero_grad()
        _torch_cost(theta, ds.X, ds.y).backward()
        opt.step()
    assert out["runs"][0]["loss"][-1] == pytest.approx(_torch_cost(theta, ds.X, ds.y).item(), rel=1e-10)
    from engine.session.state import SessionState

    model = model_for(ds, cost="mse")
    state = SessionState(dataset=ds, model=model, runs=())
    assert "F.mse_loss(torch.sigmoid(model(x)[:, 0]), y)" in pytorch_script(state)
    assert main(["run", "--preset", "iris", "--cost", "mse", "--steps", "5"]) == 2
    assert "two classes" in capsys.readouterr().err
