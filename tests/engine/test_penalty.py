"""L2 and L1 penalties on the weights (issue 9 §3): the penalised cost, gradient and Hessian against
torch, the optima against scikit-learn's Ridge, Lasso and LogisticRegression, the surface cell by
cell, races against torch.optim, and the session, files and command line that carry them."""
from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.linear_model import Lasso, LogisticRegression, Ridge

from engine.cli import main
from engine.data import load_preset, standardize
from engine.models import Model, model_for
from engine.optimum import find_optimum
from engine.race import Race, RunSpec
from engine.session import files, planes
from engine.session import messages as m
from engine.stability import hessian
from engine.surface import SurfaceEvaluator
from tests.engine.session.helpers import frame, make_session, settle


def _data(kind, seed=0, n=30, d=3, classes=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    if kind == "linear":
        return X, X @ rng.normal(size=d) + 0.3 * rng.normal(size=n)
    if kind == "softmax":
        return X, rng.integers(0, classes, size=n)
    return X, (X @ rng.normal(size=d) + rng.normal(size=n) > 0).astype(np.int64)


def _torch_cost(model, theta, X, y):
    W = theta[: model.n_weights].reshape(model.n_outputs, model.n_features)
    z = torch.tensor(X) @ W.T + (theta[model.n_weights:] if model.bias else 0.0)
    if model.kind == "linear":
        cost = F.mse_loss(z[:, 0], torch.tensor(y))
    elif model.sigmoid_mse:
        cost = F.mse_loss(torch.sigmoid(z[:, 0]), torch.tensor(y, dtype=torch.float64))
    elif model.kind == "logistic":
        cost = F.binary_cross_entropy_with_logits(z[:, 0], torch.tensor(y, dtype=torch.float64))
    else:
        cost = F.cross_entropy(z, torch.tensor(y))
    return cost + model.l2 * W.pow(2).sum() + model.l1 * W.abs().sum()


@pytest.mark.parametrize("kind,cost", [("linear", None), ("logistic", None), ("logistic", "mse"), ("softmax", None)])
def test_penalised_cost_gradient_and_hessian_are_torchs(kind, cost):
    X, y = _data(kind)
    model = Model(kind, 3, 3 if kind == "softmax" else 1, cost=cost, l2=0.3, l1=0.2)
    thetas = np.random.default_rng(1).normal(size=(4, model.n_params))
    thetas[0, 1] = 0.0  # |w| at 0: the subgradient 0, as torch's abs
    loss, grad = model.loss_and_grad(thetas, X, y)
    for k, theta in enumerate(thetas):
        t = torch.tensor(theta, requires_grad=True)
        value = _torch_cost(model, t, X, y)
        value.backward()
        assert loss[k] == pytest.approx(value.item(), rel=1e-12)
        np.testing.assert_allclose(grad[k], t.grad.numpy(), rtol=1e-10, atol=1e-12)
    smooth = Model(kind, 3, 3 if kind == "softmax" else 1, cost=cost, l2=0.3)
    expected = torch.autograd.functional.hessian(lambda t: _torch_cost(smooth, t, X, y), torch.tensor(thetas[1]))
    np.testing.assert_allclose(hessian(smooth, thetas[1], X, y), expected.numpy(), rtol=1e-9, atol=1e-12)
    assert model.unpenalised.loss(thetas, X, y) == pytest.approx(loss - model.penalty(thetas), rel=1e-12)


def test_ridge_and_lasso_optima_are_scikit_learns():
    ds = load_preset("line-30")
    for l2 in (0.1, 10.0):
        optimum = find_optimum(model_for(ds, l2=l2), ds.X, ds.y)
        ridge = Ridge(alpha=ds.n * l2, tol=1e-14).fit(ds.X, ds.y)  # n·mean = sum: alpha = n·λ
        np.testing.assert_allclose(optimum.theta, [*ridge.coef_, ridge.intercept_], rtol=1e-10)
    wine = load_preset("wine")
    X, y = standardize(wine)[0].X, wine.y.astype(np.float64)  # a regression on wine's features
    for l1 in (0.01, 0.2):
        model = Model("linear", X.shape[1], l1=l1)
        optimum = find_optimum(model, X, y)
        lasso = Lasso(alpha=l1 / 2, tol=1e-14, max_iter=10**6).fit(X, y)  # half of ours: (1/2n)|r|² + α|w|
        np.testing.assert_allclose(optimum.theta, [*lasso.coef_, lasso.intercept_], atol=1e-8)
        assert np.array_equal(optimum.theta[:-1] == 0.0, lasso.coef_ == 0.0)  # the same weights exactly 0
        assert optimum.gradient_norm < 1e-8
    assert (find_optimum(Model("linear", X.shape[1], l1=0.2), X, y).theta == 0.0).sum() >= 3  # sparse


def test_penalised_logistic_and_softmax_optima_are_scikit_learns():
    ds = standardize(load_preset("breast-cancer"))[0]
    n = ds.n
    optimum = find_optimum(model_for(ds, l2=0.01), ds.X, ds.y)
    ref = LogisticRegression(C=1 / (2 * n * 0.01), tol=1e-12, max_iter=10**5).fit(ds.X, ds.y)
    np.testing.assert_allclose(optimum.theta, [*ref.coef_[0], ref.intercept_[0]], atol=2e-6)
    optimum = find_optimum(model_for(ds, l1=0.01), ds.X, ds.y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # saga's slow last digits
        ref = LogisticRegression(penalty="l1", C=1 / (n * 0.01), solver="saga", tol=1e-12, max_iter=10**5)
        ref.fit(ds.X, ds.y)
    np.testing.assert_allclose(optimum.theta, [*ref.coef_[0], ref.intercept_[0]], atol=1e-6)
    assert np.array_equal(optimum.theta[:-1] == 0.0, ref.coef_[0] == 0.0) and (optimum.theta == 0).sum() > 10
    iris = load_preset("iris")
    model = model_for(iris, l2=0.01)
    optimum = find_optimum(model, iris.X, iris.y)
    ref = LogisticRegression(C=1 / (2 * iris.n * 0.01), tol=1e-12, max_iter=10**5).fit(iris.X, iris.y)
    np.testing.assert_allclose(model.unpack(optimum.theta[None])[0][0], ref.coef_, atol=1e-5)
    probabilities = model.predict_proba(optimum.theta[None], iris.X)[0]
    np.testing.assert_allclose(probabilities, ref.predict_proba(iris.X), atol=1e-6)


def test_a_penalty_makes_separable_data_finite():
    ds = load_preset("logistic-2d")
    assert find_optimum(model_for(ds), ds.X, ds.y).status == "unbounded"
    for penalty in ({"l2": 0.01}, {"l1": 0.01}):
        optimum = find_optimum(model_for(ds, **penalty), ds.X, ds.y)
        assert optimum.status == "finite" and optimum.gradient_norm < 1e-7


def test_the_surface_is_the_penalised_cost_and_lambda_moves_it_cheaply():
    ds = load_preset("iris")
    model = model_for(ds, l2=0.05, l1=0.02)
    start = np.random.default_rng(2).normal(size=model.n_params)
    plane = planes.choose_plane(model, ds.X, ds.y, "params=weight[0,2],weight[1,3]", start, None)
    evaluator = SurfaceEvaluator(model.unpenalised, ds.X, ds.y, threads=1)
    G = 50
    evaluator.evaluate(plane, G)
    assert evaluator.set_penalty(model)  # the same model otherwise: only the penalty is new
    a, b = plane.grid(G)
    cells = plane.point(a[:, None], b[None, :]).reshape(-1, model.n_params)
    np.testing.assert_allclose(evaluator.surface(), model.loss(cells, ds.X, ds.y).reshape(G, G), rtol=1e-11)
    assert not evaluator.set_penalty(model_for(ds, bias=False, l2=0.05))  # another model: a new surface
    evaluator.close()


def test_a_penalised_race_is_torch_optims():
    X, y = _data("logistic", seed=4)
    model = Model("logistic", 3, l2=0.05, l1=0.03)
    specs = [RunSpec("gd", "gd", {"lr": 0.5}), RunSpec("adam", "adam", {"lr": 0.05})]
    race = Race(model, X, y, specs, np.zeros(4))
    race.run_to(steps=150)
    for k, make in enumerate([lambda p: torch.optim.SGD(p, lr=0.5), lambda p: torch.optim.Adam(p, lr=0.05)]):
        theta = torch.zeros(4, dtype=torch.float64, requires_grad=True)
        opt = make([theta])
        for _ in range(150):
            opt.zero_grad()
            _torch_cost(model, theta, X, y).backward()
            opt.step()
        np.testing.assert_allclose(race.theta[k], theta.detach().numpy(), rtol=1e-9, atol=1e-12)


def test_the_session_and_its_files_carry_the_penalty(tmp_path):
    s = make_session("logistic-2d", cooperative=True)
    runs = s.state.runs
    s.apply(m.SetPenalty(l2=0.02))
    settle(s)
    f = frame(s)
    assert f.model.l2 == 0.02 and f.state.runs == runs  # the same runs race on the new cost
    assert f.optimum_status == "finite"  # separable, but the penalty bounds the weights
    cell = f.surface.plane.point(f.surface.a[5], f.surface.b[9])[None]
    assert f.surface.loss[5, 9] == pytest.approx(float(f.model.loss(cell, f.dataset.X, f.dataset.y)[0]), rel=1e-9)
    s.apply(m.SetModel("softmax"))  # another model keeps the penalty
    settle(s)
    assert frame(s).model.kind == "softmax" and frame(s).model.l2 == 0.02
    path = tmp_path / "p.dlab.json"
    files.save(s.state, path)
    assert json.loads(path.read_text())["model"]["l2"] == 0.02 and files.load(path).model == s.state.model
    s.apply(m.SetPenalty(l2=-1.0))
    assert "from 0 to" in s.take_notices()[-1].text and s.state.model.l2 == 0.02  # refused, nothing lost


def test_the_cli_takes_l2_and_l1(capsys):
    args = ["run", "--preset", "line-30", "--opt", "adam:lr=0.1", "--steps", "300"]
    assert main([*args, "--l2", "0.5", "--l1", "0.1"]) == 0
    out = json.loads(capsys.readouterr().out)
    ds = load_preset("line-30")
    run = out["runs"][0]
    theta = np.array([[*np.ravel(run["weight"]), *np.ravel(run["bias"])]])
    assert run["loss"][-1] == pytest.approx(float(Model("linear", 1, l2=0.5, l1=0.1).loss(theta, ds.X, ds.y)[0]),
                                            rel=1e-9)  # `loss` is the penalised cost
    assert main(["analyze", "--preset", "line-30", "--l2", "0.5"]) == 0
    penalised = json.loads(capsys.readouterr().out)["hessian_eigenvalues"]
    assert main(["analyze", "--preset", "line-30"]) == 0
    plain = json.loads(capsys.readouterr().out)["hessian_eigenvalues"]
    assert max(penalised) > max(plain) and min(penalised) > min(plain)  # 2λ on the weight's curvature
    assert main([*args, "--l2", "-1"]) == 2 and "L2 penalty" in capsys.readouterr().err


def test_review_cases_lasso_on_features_flat_directions_empty_classes_and_test_cost():
    from engine.evaluation import held_out_loss
    from engine.features import expanded, fit_features
    from engine.stability import stability

    ds = load_preset("line-30")
    design = expanded(ds, fit_features("poly:6", ds))  # ill-conditioned: L-BFGS-B stops early once
    optimum = find_optimum(model_for(design, l1=0.1), design.X, design.y)
    lasso = Lasso(alpha=0.05, tol=1e-14, max_iter=10**7)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lasso.fit(design.X, design.y)
    np.testing.assert_allclose(optimum.theta, [*lasso.coef_, lasso.intercept_], atol=1e-6)
    # softmax under L2: only the biases' shared shift stays flat, the weights' is curved
    iris = load_preset("iris")
    model = model_for(iris, l2=0.05)
    curved = stability(model, np.zeros(model.n_params), iris.X, iris.y)
    assert curved.flat == 1 and curved.lam_min == pytest.approx(np.sort(curved.eigenvalues)[1])
    # a class with no points: its bias falls without end, penalty or not
    X = np.random.default_rng(0).normal(size=(20, 2))
    with pytest.raises(ValueError, match="no training points"):
        find_optimum(Model("softmax", 2, 3, l2=0.1), X, np.arange(20) % 2)
    # the test cost is the data's alone
    thetas = np.array([[2.0, -1.0], [0.5, 0.3]])
    penalised = Model("linear", 1, l2=1.0)
    np.testing.assert_array_equal(held_out_loss(penalised, thetas, ds), penalised.unpenalised.loss(thetas, ds.X, ds.y))


def test_the_lambda_slider_keeps_the_plane_and_the_surfaces_data_part():
    s = make_session("line-30", cooperative=True)  # two parameters: the exact plane
    serial, evaluator = s.derived.plane_serial, s.derived.evaluator
    for lam in (0.01, 0.1, 1.0):
        s.apply(m.SetPenalty(l2=lam))
        settle(s)
        assert s.derived.plane_serial == serial and s.derived.evaluator is evaluator
        f = frame(s)
        cell = f.surface.plane.point(f.surface.a[3], f.surface.b[4])[None]
        assert f.surface.loss[3, 4] == pytest.approx(float(f.model.loss(cell, f.dataset.X, f.dataset.y)[0]), rel=1e-9)
