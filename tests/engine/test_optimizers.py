"""engine.optimizers against torch.optim (torch 2.13, float64): the same runs, side by side.

Every run starts from the same θ and is fed the gradient of the same mini-batch at its own θ, so
any difference in an update rule grows over the 500 steps instead of washing out.
"""
from __future__ import annotations

import inspect
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from engine.optimizers import (
    OPTIMIZERS,
    PSEUDOCODE,
    OptimizerBank,
    defaults,
    torch_equivalent,
    validate,
)

RTOL = 1e-6
ATOL = 1e-12


@pytest.fixture(autouse=True, scope="module")
def one_torch_thread():
    """Tiny tensors: extra threads only contend with the other processes (10x slower under load)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)

# Mixed kinds and mixed hyper-parameters, all stepped in one bank.
SETTINGS: list[tuple[str, dict]] = [
    ("gd", {"lr": 0.05}),
    ("sgd", {}),
    ("sgd", {"lr": 0.05}),
    ("momentum", {}),
    ("momentum", {"lr": 0.02}),
    ("sgd", {"lr": 0.02, "momentum": 0.9, "dampening": 0.3}),
    ("sgd", {"lr": 0.02, "momentum": 0.8, "nesterov": True}),
    ("sgd", {"lr": 0.05, "weight_decay": 0.1}),
    ("momentum", {"lr": 0.01, "momentum": 0.5, "weight_decay": 0.05, "nesterov": True}),
    ("adagrad", {}),
    ("adagrad", {"lr": 0.2, "lr_decay": 0.01}),
    ("adagrad", {"lr": 0.1, "initial_accumulator_value": 0.5}),
    ("adagrad", {"lr": 0.1, "weight_decay": 0.1, "eps": 1e-6}),
    ("rmsprop", {}),
    ("rmsprop", {"lr": 0.005, "centered": True}),
    ("rmsprop", {"lr": 0.002, "momentum": 0.9}),
    ("rmsprop", {"lr": 0.01, "weight_decay": 0.1, "alpha": 0.9}),
    ("rmsprop", {"lr": 0.003, "centered": True, "momentum": 0.5, "weight_decay": 0.01}),
    ("adam", {}),
    ("adam", {"lr": 0.02, "amsgrad": True}),
    ("adam", {"lr": 0.02, "weight_decay": 0.1}),
    ("adam", {"lr": 0.01, "beta1": 0.5, "beta2": 0.9}),
    ("adam", {"lr": 0.02, "amsgrad": True, "weight_decay": 0.05, "beta1": 0.8}),
    ("adamw", {}),
    ("adamw", {"lr": 0.02, "weight_decay": 0.5}),
    ("adamw", {"lr": 0.02, "amsgrad": True, "beta2": 0.99}),
    ("adamw", {"lr": 0.01, "betas": (0.95, 0.9), "eps": 1e-6}),
]


# --- two problems, gradients by torch autograd --------------------------------------------------


class Problem:
    """A mean loss over a deterministic sequence of mini-batches; ``gradient`` is batched over K."""

    n_samples = 40
    batch_size = 8

    def __init__(self, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.batches = [rng.choice(self.n_samples, self.batch_size, replace=False) for _ in range(600)]
        self.theta0 = rng.normal(size=self.n_params)
        self.make_data(rng)

    def gradient(self, theta: np.ndarray, t: int) -> np.ndarray:
        theta = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
        batch = torch.from_numpy(self.batches[t % len(self.batches)])
        self.losses(theta, batch).sum().backward()
        return theta.grad.numpy()


class LeastSquares(Problem):
    n_features = 3
    n_params = n_features + 1

    def make_data(self, rng: np.random.Generator) -> None:
        x = rng.normal(size=(self.n_samples, self.n_features))
        y = x @ np.array([1.5, -2.0, 0.5]) + 0.3 + 0.5 * rng.normal(size=self.n_samples)
        self.x, self.y = torch.from_numpy(x), torch.from_numpy(y)

    def losses(self, theta: torch.Tensor, batch: torch.Tensor) -> torch.Tensor:
        z = self.x[batch] @ theta[:, :-1].T + theta[:, -1]  # [B, K]
        return ((z - self.y[batch, None]) ** 2).mean(0)


class SoftmaxRegression(Problem):
    n_features, n_classes = 2, 3
    n_params = n_classes * n_features + n_classes

    def make_data(self, rng: np.random.Generator) -> None:
        y = rng.integers(0, self.n_classes, self.n_samples)
        centres = np.array([[0.0, 1.0], [1.0, -1.0], [-1.0, -0.5]])
        x = centres[y] + 0.9 * rng.normal(size=(self.n_samples, self.n_features))
        self.x, self.y = torch.from_numpy(x), torch.from_numpy(y)

    def losses(self, theta: torch.Tensor, batch: torch.Tensor) -> torch.Tensor:
        k, n_w = theta.shape[0], self.n_classes * self.n_features
        weight = theta[:, :n_w].reshape(k, self.n_classes, self.n_features)
        logits = torch.einsum("nf,kcf->knc", self.x[batch], weight) + theta[:, None, n_w:]
        target = self.y[batch].repeat(k)
        per_sample = F.cross_entropy(logits.reshape(-1, self.n_classes), target, reduction="none")
        return per_sample.reshape(k, -1).mean(1)


PROBLEMS = [LeastSquares(0), SoftmaxRegression(1)]


# --- the same runs in torch ---------------------------------------------------------------------


def torch_optimizer(name: str, hyper: dict, param: torch.Tensor) -> torch.optim.Optimizer:
    class_name, kwargs = torch_equivalent(name, hyper)
    return getattr(torch.optim, class_name)([param], **kwargs)


class TorchRuns:
    """K torch parameters, each with its own torch.optim optimiser."""

    def __init__(self, settings: list[tuple[str, dict]], theta0: np.ndarray) -> None:
        self.settings = settings
        self.params = [torch.tensor(theta0, dtype=torch.float64) for _ in settings]
        self.optimizers = [torch_optimizer(n, h, p) for (n, h), p in zip(settings, self.params)]

    @property
    def theta(self) -> np.ndarray:
        return torch.stack(self.params).numpy().copy()

    def step(self, grad: np.ndarray, active: np.ndarray | None = None) -> None:
        for k, (param, optimizer) in enumerate(zip(self.params, self.optimizers)):
            if active is None or active[k]:
                param.grad = torch.from_numpy(grad[k].copy())
                optimizer.step()

    def fresh_optimizer(self, k: int) -> None:
        name, hyper = self.settings[k]
        self.optimizers[k] = torch_optimizer(name, hyper, self.params[k])


def start(settings: list[tuple[str, dict]], problem: Problem) -> tuple[OptimizerBank, np.ndarray, TorchRuns]:
    bank = OptimizerBank([n for n, _ in settings], [h for _, h in settings], problem.n_params)
    theta = np.tile(problem.theta0, (len(settings), 1))
    return bank, theta, TorchRuns(settings, problem.theta0)


def run(
    bank: OptimizerBank, theta: np.ndarray, runs: TorchRuns, problem: Problem, steps: int, first: int = 0
) -> np.ndarray:
    for t in range(first, first + steps):
        theta = bank.step(theta, problem.gradient(theta, t))
        runs.step(problem.gradient(runs.theta, t))
    return theta


def assert_state_matches_torch(bank: OptimizerBank, runs: TorchRuns) -> None:
    for k, optimizer in enumerate(runs.optimizers):
        ours = bank.state(k)
        theirs = optimizer.state[runs.params[k]]
        assert set(theirs) <= {"sum" if key == "state_sum" else key for key in ours}, bank.names[k]
        for key, value in theirs.items():
            mine = ours["state_sum" if key == "sum" else key]
            np.testing.assert_allclose(mine, value.numpy(), rtol=RTOL, atol=ATOL, err_msg=f"{k} {key}")


# --- agreement with torch -----------------------------------------------------------------------


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: type(p).__name__)
def test_500_steps_match_torch(problem: Problem) -> None:
    bank, theta, runs = start(SETTINGS, problem)
    theta = run(bank, theta, runs, problem, 500)
    assert np.all(np.linalg.norm(theta - problem.theta0, axis=1) > 1e-2), "every run should move"
    for k, (name, hyper) in enumerate(SETTINGS):
        np.testing.assert_allclose(
            theta[k], runs.theta[k], rtol=RTOL, atol=ATOL, err_msg=f"row {k}: {name} {hyper}"
        )
    assert_state_matches_torch(bank, runs)


def test_gradients_are_not_constant() -> None:
    problem = PROBLEMS[0]
    theta = problem.theta0[None, :]
    assert not np.allclose(problem.gradient(theta, 0), problem.gradient(theta, 1))


def test_defaults_are_torchs() -> None:
    for name in OPTIMIZERS:
        class_name, kwargs = torch_equivalent(name, {})
        signature = inspect.signature(getattr(torch.optim, class_name)).parameters
        expected = {key: signature[key].default for key in kwargs}
        if name == "momentum":
            expected["momentum"] = 0.9
        assert kwargs == expected, name
    assert defaults("adamw")["weight_decay"] == 1e-2
    assert defaults("adam") == {
        "lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False
    }


# --- active rows, hyper-parameter changes, reset, select and concat -----------------------------


def test_inactive_rows_are_frozen_exactly() -> None:
    problem = PROBLEMS[1]
    bank, theta, runs = start(SETTINGS, problem)
    rng = np.random.default_rng(5)
    for t in range(150):
        active = rng.random(len(SETTINGS)) < 0.6
        before = [bank.state(k) for k in range(len(bank))]
        new_theta = bank.step(theta, problem.gradient(theta, t), active)
        runs.step(problem.gradient(runs.theta, t), active)
        assert np.array_equal(new_theta[~active], theta[~active])
        for k in np.flatnonzero(~active):
            after = bank.state(k)
            assert after.keys() == before[k].keys()
            for key in after:
                assert np.array_equal(after[key], before[k][key]), (k, key)
        theta = new_theta
    np.testing.assert_allclose(theta, runs.theta, rtol=RTOL, atol=ATOL)
    assert_state_matches_torch(bank, runs)


def test_step_returns_a_new_array() -> None:
    bank = OptimizerBank(["sgd"], [{}], 2)
    theta = np.ones((1, 2))
    new_theta = bank.step(theta, np.ones((1, 2)))
    assert new_theta is not theta and np.array_equal(theta, np.ones((1, 2)))


CHANGES = [  # (step, row, key, value): applied to the bank and to torch's param_group
    (100, None, "lr", "halve"),
    (150, 1, "momentum", 0.9),  # sgd gains momentum: its buffer starts at that step's gradient
    (200, 1, "nesterov", True),
    (200, 5, "dampening", 0.0),
    (200, 7, "weight_decay", 0.0),
    (200, 10, "lr_decay", 0.1),
    (200, 15, "momentum", 0.0),
    (200, 16, "alpha", 0.5),
    (200, 21, "beta1", 0.99),
    (200, 22, "beta2", 0.95),
    (200, 24, "weight_decay", 0.0),
    (200, 26, "eps", 1e-3),
]


def test_set_hyper_mid_run_matches_torch_param_group_change() -> None:
    problem = PROBLEMS[0]
    bank, theta, runs = start(SETTINGS, problem)
    for t in range(300):
        for when, row, key, value in CHANGES:
            if when != t:
                continue
            for k in range(len(bank)) if row is None else [row]:
                new = bank.hyper(k)[key] / 2 if value == "halve" else value
                bank.set_hyper(k, key, new)
                group = runs.optimizers[k].param_groups[0]
                if key in ("beta1", "beta2"):
                    betas = list(group["betas"])
                    betas[key == "beta2"] = new
                    group["betas"] = tuple(betas)
                else:
                    group[key] = new
        theta = run(bank, theta, runs, problem, 1, first=t)
    assert bank.hyper(0)["lr"] == 0.025
    assert bank.hyper(1) == {**defaults("sgd"), "lr": 0.0005, "momentum": 0.9, "nesterov": True}
    np.testing.assert_allclose(theta, runs.theta, rtol=RTOL, atol=ATOL)
    assert_state_matches_torch(bank, runs)


def test_set_hyper_validates_and_keeps_the_old_value() -> None:
    bank = OptimizerBank(["sgd", "adam"], [{}, {}], 3)
    with pytest.raises(ValueError, match="nesterov"):
        bank.set_hyper(0, "nesterov", True)  # no momentum yet
    with pytest.raises(ValueError, match="beta1"):
        bank.set_hyper(1, "beta1", 1.0)
    with pytest.raises(ValueError, match="allowed: lr, beta1, beta2, eps, weight_decay, amsgrad"):
        bank.set_hyper(1, "momentum", 0.9)
    bank.set_hyper(1, "betas", np.array([0.5, 0.6]))
    assert (bank.hyper(1)["beta1"], bank.hyper(1)["beta2"]) == (0.5, 0.6)
    bank.set_hyper(1, "betas", (0.9, 0.999))
    assert bank.hyper(0) == defaults("sgd") and bank.hyper(1) == defaults("adam")


def test_reset_restarts_rows_like_a_fresh_torch_optimizer() -> None:
    problem = PROBLEMS[1]
    bank, theta, runs = start(SETTINGS, problem)
    theta = run(bank, theta, runs, problem, 100)
    rows = [3, 11, 14, 19, 25]  # momentum, adagrad (accumulator restarts at 0.5), rmsprop, adam, adamw
    bank.reset(rows)
    for k in rows:
        runs.fresh_optimizer(k)
        assert bank.state(k).get("step", 0.0) == 0.0
    assert np.array_equal(bank.state(11)["state_sum"], np.full(problem.n_params, 0.5))
    assert "momentum_buffer" not in bank.state(3)
    theta = run(bank, theta, runs, problem, 100, first=100)
    np.testing.assert_allclose(theta, runs.theta, rtol=RTOL, atol=ATOL)

    bank.reset()
    assert all(bank.state(k).get("step", 0.0) == 0.0 for k in range(len(bank)))


def test_select_and_concat_keep_state() -> None:
    problem = PROBLEMS[0]
    bank, theta, runs = start(SETTINGS, problem)
    theta = run(bank, theta, runs, problem, 100)
    snapshot = [bank.state(k) for k in range(len(bank))]

    rows = [19, 6, 15, 15]  # adam, nesterov sgd, rmsprop with momentum, and that one duplicated
    joined = bank.select(rows[:2]).concat(bank.select(np.array(rows[2:])))
    assert joined.names == [SETTINGS[k][0] for k in rows]
    assert [joined.hyper(i) for i in range(4)] == [bank.hyper(k) for k in rows]
    sub_theta = theta[rows]
    for t in range(100, 200):
        sub_theta = joined.step(sub_theta, problem.gradient(sub_theta, t))
        runs.step(problem.gradient(runs.theta, t))
        assert np.array_equal(sub_theta[2], sub_theta[3])
    np.testing.assert_allclose(sub_theta[:3], runs.theta[rows[:3]], rtol=RTOL, atol=ATOL)

    for k in range(len(bank)):  # the original bank did not move
        for key, value in bank.state(k).items():
            assert np.array_equal(value, snapshot[k][key])

    mask = np.zeros(len(bank), dtype=bool)
    mask[[0, 18]] = True
    assert bank.select(mask).names == ["gd", "adam"]
    with pytest.raises(ValueError, match="parameters"):
        bank.concat(OptimizerBank(["sgd"], [{}], problem.n_params + 1))


def test_an_empty_bank_and_adding_a_run() -> None:
    empty = OptimizerBank([], [], 3)
    assert empty.step(np.zeros((0, 3)), np.zeros((0, 3))).shape == (0, 3)
    bank = empty.concat(OptimizerBank(["adam"], [{"lr": 0.1}], 3))
    assert bank.names == ["adam"] and bank.hyper(0)["lr"] == 0.1


def test_shapes_are_checked() -> None:
    bank = OptimizerBank(["sgd", "adam"], [{}, {}], 3)
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        bank.step(np.zeros((2, 2)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="active"):
        bank.step(np.zeros((2, 3)), np.zeros((2, 3)), active=np.ones(3, dtype=bool))
    with pytest.raises(ValueError, match="hyper-parameter sets"):
        OptimizerBank(["sgd", "adam"], [{}], 3)


def test_a_diverging_run_goes_to_inf_quietly() -> None:
    bank = OptimizerBank(["sgd", "adam"], [{"lr": 1e300}, {}], 2)
    theta = np.full((2, 2), 1e300)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(3):
            theta = bank.step(theta, theta)
    assert not np.isfinite(theta[0]).all()


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, hyper, message",
    [
        ("sgd", {"lr": -0.1}, "sgd: lr must be >= 0, got -0.1"),
        ("adam", {"beta1": 1.5}, r"adam: beta1 must be in \[0, 1\), got 1.5"),
        ("adamw", {"beta2": 1.0}, r"adamw: beta2 must be in \[0, 1\)"),
        ("adam", {"betas": (0.9, -0.1)}, "beta2"),
        ("adam", {"betas": 0.9}, "betas must be a pair"),
        ("adam", {"eps": -1e-8}, "eps must be >= 0"),
        ("rmsprop", {"eps": -1.0}, "eps"),
        ("momentum", {"momentum": -0.5}, "momentum: momentum must be >= 0"),
        ("rmsprop", {"momentum": -0.5}, "momentum"),
        ("rmsprop", {"alpha": 1.5}, "alpha"),
        ("sgd", {"dampening": 2.0}, "dampening"),
        ("adagrad", {"lr_decay": -1.0}, "lr_decay"),
        ("adagrad", {"initial_accumulator_value": -1.0}, "initial_accumulator_value"),
        ("adagrad", {"weight_decay": -1.0}, "weight_decay"),
        ("sgd", {"nesterov": True}, "nesterov needs momentum > 0"),
        ("momentum", {"nesterov": True, "dampening": 0.1}, "nesterov.*dampening"),
        ("adam", {"momentum": 0.9}, "unknown hyper-parameter 'momentum'; allowed: lr, beta1"),
        ("sgd", {"betas": (0.9, 0.99)}, "unknown hyper-parameter 'betas'"),
        ("sgd", {"lr": "fast"}, "lr must be a number"),
        ("sgd", {"lr": float("nan")}, "lr must be a finite number"),
        ("sgd", {"lr": True}, "lr must be a number"),
        ("adam", {"amsgrad": "yes"}, "amsgrad must be True or False"),
        ("rmsprop", {"centered": 2}, "centered must be True or False"),
    ],
)
def test_invalid_hyper_parameters_are_named(name: str, hyper: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate(name, hyper)
    with pytest.raises(ValueError, match=message):
        OptimizerBank([name], [hyper], 2)


def test_unknown_optimiser_lists_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown optimiser 'adan'.*gd, sgd, momentum"):
        validate("adan", {})


def test_validate_fills_defaults_and_converts_types() -> None:
    assert validate("adam", {"lr": 1, "amsgrad": 1, "betas": [0.5, 0.6]}) == {
        **defaults("adam"), "lr": 1.0, "beta1": 0.5, "beta2": 0.6, "amsgrad": True
    }
    assert type(validate("sgd", {"lr": np.float32(0.5)})["lr"]) is float
    assert validate("momentum", {}) == {**defaults("sgd"), "momentum": 0.9}


# --- what the explanation panel quotes, and the Qt-free engine ----------------------------------


def test_every_optimiser_quotes_its_pseudocode() -> None:
    assert set(PSEUDOCODE) == set(OPTIMIZERS)
    assert "m̂ ← m / (1 − β₁ᵗ)" in PSEUDOCODE["adam"]
    assert PSEUDOCODE["adamw"].splitlines()[2] == "θ ← θ − γ·λ·θ"
    assert all(text.strip() for text in PSEUDOCODE.values())


def test_engine_optimizers_does_not_import_qt() -> None:
    code = (
        "import sys, engine.optimizers\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'PyQt5', 'PyQt6')]\n"
        "assert not bad, bad\n"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)
