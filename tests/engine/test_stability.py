"""The Hessian and what it says about learning rates: torch.autograd is the oracle for the Hessian,
and the engine's own race shows the critical rates are where convergence turns into divergence."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from engine import data
from engine.cli import main as cli_main
from engine.models import Model
from engine.race import Race, RunSpec
from engine.stability import hessian, stability


def torch_hessian(model: Model, theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    x = torch.tensor(X, dtype=torch.float64)
    out, d = model.n_outputs, model.n_features

    def cost(flat):
        weight = flat[: out * d].reshape(out, d)
        bias = flat[out * d:] if model.bias else None
        z = F.linear(x, weight, bias)
        if model.kind == "linear":
            return F.mse_loss(z[:, 0], torch.tensor(y, dtype=torch.float64))
        if model.kind == "logistic":
            return F.binary_cross_entropy_with_logits(z[:, 0], torch.tensor(y, dtype=torch.float64))
        return F.cross_entropy(z, torch.tensor(y, dtype=torch.int64))

    return torch.autograd.functional.hessian(cost, torch.tensor(theta, dtype=torch.float64)).numpy()


@pytest.mark.parametrize("preset, kind, bias", [
    ("line-30", "linear", True), ("line-30", "linear", False), ("logistic-2d", "logistic", True),
    ("breast-cancer", "logistic", False), ("softmax-8", "softmax", True), ("iris", "softmax", True),
])
def test_the_hessian_is_torch_autograds(preset, kind, bias):
    ds = data.load_preset(preset)
    model = Model(kind, ds.d, ds.n_classes if kind == "softmax" else 1, bias)
    theta = np.random.default_rng(3).normal(scale=0.3, size=model.n_params)
    ours, oracle = hessian(model, theta, ds.X, ds.y), torch_hessian(model, theta, ds.X, ds.y)
    np.testing.assert_allclose(ours, oracle, rtol=1e-10, atol=1e-12 * np.abs(oracle).max())


def test_for_mse_the_hessian_is_two_over_n_xtx_everywhere():
    ds = data.load_preset("line-30")
    model = Model("linear", ds.d)
    Xt = np.hstack([ds.X, np.ones((ds.n, 1))])
    for theta in (np.zeros(2), np.array([3.0, -7.0])):
        np.testing.assert_allclose(hessian(model, theta, ds.X, ds.y), 2.0 / ds.n * Xt.T @ Xt, rtol=1e-13)


def final_loss(ds, model, spec: RunSpec, steps: int) -> float:
    race = Race(model, ds.X, ds.y, [spec], np.zeros(model.n_params))
    race.run_to(steps=steps)
    return float(race.loss_history(0)[-1])


@pytest.mark.parametrize("optimizer, beta", [("gd", None), ("momentum", 0.9), ("momentum", 0.5)])
def test_the_critical_learning_rate_is_where_the_race_starts_to_diverge(optimizer, beta):
    ds = data.load_preset("line-30")
    model = Model("linear", ds.d)
    s = stability(model, np.zeros(2), ds.X, ds.y)
    critical = s.critical_lr_gd() if beta is None else s.critical_lr_momentum(beta)
    start = final_loss(ds, model, RunSpec("gd", "gd", {"lr": 1e-9}), 0)
    hyper = {} if beta is None else {"momentum": beta}
    below = final_loss(ds, model, RunSpec("a", optimizer, {"lr": 0.97 * critical, **hyper}), 2000)
    above = final_loss(ds, model, RunSpec("b", optimizer, {"lr": 1.03 * critical, **hyper}), 2000)
    assert below < start and not above < 1e6 * start  # calm below, exploding (or overflowed) above


def test_the_best_constant_settings_balance_the_slowest_and_the_fastest_direction():
    ds = data.standardize(data.load_preset("quiz-scores"))[0]  # κ ≈ 7e6 raw: heavy ball's transient needs ~1e4 steps
    model = Model("linear", ds.d)
    s = stability(model, np.zeros(model.n_params), ds.X, ds.y)
    lr = s.best_gd_lr()
    assert abs(1 - lr * s.lam_min) == pytest.approx(abs(1 - lr * s.lam_max), rel=1e-12)
    hb_lr, hb_beta = s.best_heavy_ball()
    kappa = s.condition_number
    assert hb_beta == pytest.approx(((kappa**0.5 - 1) / (kappa**0.5 + 1)) ** 2)
    assert hb_lr == pytest.approx(4.0 / (s.lam_min**0.5 + s.lam_max**0.5) ** 2)
    # heavy ball at its best converges faster than GD at its best
    hb = final_loss(ds, model, RunSpec("hb", "momentum", {"lr": hb_lr, "momentum": hb_beta}), 200)
    gd = final_loss(ds, model, RunSpec("gd", "gd", {"lr": lr}), 200)
    best = float(np.linalg.lstsq(np.hstack([ds.X, np.ones((ds.n, 1))]), ds.y, rcond=None)[1][0] / ds.n)
    assert hb - best < gd - best


def test_a_softmax_has_flat_directions_that_do_not_count_in_kappa():
    ds = data.load_preset("iris")
    model = Model("softmax", ds.d, ds.n_classes)
    s = stability(model, np.zeros(model.n_params), ds.X, ds.y)
    assert s.flat == ds.d + 1  # every class's weights and biases shifted alike change no probability
    assert s.lam_min > 0 and np.isfinite(s.condition_number)


def test_cli_analyze_prints_the_issue_s_json(capsys):
    assert cli_main(["analyze", "--preset", "line-30", "--momentum", "0.9", "--momentum", "0.5"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"hessian_eigenvalues", "condition_number", "critical_lr", "optimal"}
    lo, hi = out["hessian_eigenvalues"]
    assert out["condition_number"] == pytest.approx(hi / lo)
    assert out["critical_lr"]["gd"] == pytest.approx(2 / hi)
    assert out["critical_lr"]["momentum"] == {"0.9": pytest.approx(3.8 / hi), "0.5": pytest.approx(3.0 / hi)}
    assert out["optimal"]["gd_lr"] == pytest.approx(2 / (lo + hi))
    assert set(out["optimal"]["heavy_ball"]) == {"lr", "momentum"}


def test_cli_analyze_at_an_optimum_that_does_not_exist_says_why(capsys):
    assert cli_main(["analyze", "--preset", "logistic-2d", "--at", "optimum"]) == 2
    assert "no finite optimum" in capsys.readouterr().err
    assert cli_main(["analyze", "--preset", "moons", "--at", "optimum"]) == 0  # overlapping classes: a finite one
    at_optimum = json.loads(capsys.readouterr().out)
    assert cli_main(["analyze", "--preset", "moons"]) == 0
    at_start = json.loads(capsys.readouterr().out)
    assert at_optimum["at"] == "optimum" and at_start["at"] == "start"
    assert at_optimum["lambda_max"] < at_start["lambda_max"]  # p(1 - p) is largest at p = 1/2, the zero start


def test_each_full_batch_run_of_gd_or_momentum_carries_its_critical_rate_in_the_frame():
    from engine.session import messages as m
    from tests.engine.session.helpers import frame, make_session

    session = make_session("line-30")
    session.apply(m.SetRuns((RunSpec("gd", "gd", {"lr": 0.001}), RunSpec("hb", "momentum", {"lr": 0.001}),
                             RunSpec("wd", "sgd", {"lr": 0.001, "weight_decay": 0.5}),
                             RunSpec("mini", "gd", {"lr": 0.001}, batch=4), RunSpec("adam", "adam", {"lr": 0.1}),
                             RunSpec("nag", "sgd", {"lr": 0.001, "momentum": 0.9, "nesterov": True}))))
    ds = session.state.dataset
    lam = stability(Model("linear", 1), np.zeros(2), ds.X, ds.y).lam_max
    gd, hb, wd, mini, adam, nag = (run.critical_lr for run in frame(session).runs)
    assert gd == pytest.approx(2 / lam) and hb == pytest.approx(3.8 / lam) and wd == pytest.approx(2 / (lam + 0.5))
    assert mini is None and adam is None and nag is None  # no simple rule there: no mark rather than a wrong one
    session.apply(m.AddPoint((40.0,), 5.0))  # new data, a new Hessian
    assert frame(session).runs[0].critical_lr != pytest.approx(gd)


def test_the_frame_carries_the_hessian_and_standardising_shows_kappa_fall():
    from engine.session import messages as m
    from tests.engine.session.helpers import frame, make_session

    session = make_session(None)
    session.apply(m.LoadDataset(data.load_preset("wine")))  # raw: the window's wine opens standardised
    lam_min, lam_max, flat = frame(session).curvature
    ds = session.state.dataset
    s = stability(session.state.model, session.state.start_theta, ds.X, ds.y)
    assert (lam_min, lam_max, flat) == (s.lam_min, s.lam_max, s.flat) and flat == ds.d + 1
    session.apply(m.Standardize())
    lo, hi, _ = frame(session).curvature
    assert hi / lo < 1e-3 * (lam_max / lam_min)  # the long narrow valley turns round


def test_data_that_leave_a_direction_without_curvature_have_an_infinite_kappa(capsys, tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("x1,x2,y\n" + "".join(f"{v},{v},{2 * v + 0.5}\n" for v in range(8)), encoding="utf-8")
    ds = data.read_csv(str(path))
    s = stability(Model("linear", 2), np.zeros(3), ds.X, ds.y)
    assert s.flat == 0 and s.lam_min == 0.0 and s.condition_number == float("inf")
    assert cli_main(["analyze", "--data", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["condition_number"] is None and out["critical_lr"]["gd"] == pytest.approx(2 / s.lam_max)
