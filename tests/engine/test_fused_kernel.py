"""The fused kernel against the readable per-rule functions (engine/optimizers/rules.py): the
kernel steps a whole race at once, and each row must follow exactly its own rule."""
from __future__ import annotations

import warnings

import numpy as np

from engine.optimizers import RULE_OF, STATE_KEYS, STEP_HYPERS, UPDATE_RULES, OptimizerBank, validate
from tests.engine.test_optimizers import SETTINGS

# --- the fused kernel against the readable per-rule functions -----------------------------------


class ReferenceRuns:
    """Each row stepped on its own by its rule's readable function (``sgd``, ``adam``, ...)."""

    def __init__(self, settings: list[tuple[str, dict]], n_params: int) -> None:
        self.n_params = n_params
        self.rows: list[dict] = []
        for name, hyper in settings:
            self.add(name, hyper)

    def add(self, name: str, hyper: dict, state: dict | None = None) -> None:
        rule = RULE_OF[name]
        hyper = validate(name, hyper)
        if state is None:
            state = {}
            for key in STATE_KEYS[rule]:
                if key == "step":
                    state[key] = np.zeros((1, 1))
                elif key == "has_momentum_buffer":
                    state[key] = np.zeros((1, 1), dtype=bool)
                else:
                    state[key] = np.zeros((1, self.n_params))
            if rule == "adagrad":
                state["state_sum"][:] = hyper["initial_accumulator_value"]
        self.rows.append({"name": name, "rule": rule, "hyper": hyper, "state": state})

    def duplicate(self, k: int) -> None:
        row = self.rows[k]
        self.add(row["name"], row["hyper"], {key: value.copy() for key, value in row["state"].items()})

    def step(self, theta: np.ndarray, grad: np.ndarray, active: np.ndarray) -> np.ndarray:
        new_theta = theta.copy()
        with np.errstate(all="ignore"):
            for k, row in enumerate(self.rows):
                if active[k]:
                    hyper = {key: np.array([[row["hyper"][key]]]) for key in STEP_HYPERS[row["rule"]]}
                    rule = UPDATE_RULES[row["rule"]]
                    param, row["state"] = rule(theta[k : k + 1], grad[k : k + 1], **row["state"], **hyper)
                    new_theta[k] = param[0]
        return new_theta

    def state(self, k: int) -> dict:
        """As ``OptimizerBank.state``: step a float, arrays [P], SGD's buffer only once it exists."""
        state = self.rows[k]["state"]
        result = {key: (float(v[0, 0]) if key == "step" else v[0].copy())
                  for key, v in state.items() if key != "has_momentum_buffer"}
        if "has_momentum_buffer" in state and not state["has_momentum_buffer"][0, 0]:
            del result["momentum_buffer"]
        return result


def least_squares_gradient(theta: np.ndarray, t: int) -> np.ndarray:
    """A mini-batch least-squares gradient for every row (numpy only, deterministic in t)."""
    rng = np.random.default_rng(1000 + t)
    x = np.column_stack([rng.normal(size=(8, theta.shape[1] - 1)), np.ones(8)])
    y = x[:, :-1].sum(axis=1) * 0.7 - 0.4 + 0.3 * rng.normal(size=8)
    with np.errstate(all="ignore"):
        return 2 / len(y) * ((theta @ x.T - y) @ x)


FUSED_EXTRA: list[tuple[str, dict]] = [
    ("rmsprop", {"lr": 0.002, "centered": True, "alpha": 0.4}),
    ("rmsprop", {"lr": 0.002, "centered": True, "alpha": 0.5, "momentum": 0.9}),
    ("sgd", {"lr": 0.01, "momentum": 0.9, "dampening": 1.0}),
    ("adam", {"lr": 0.01, "beta1": 0.0}),
    ("adamw", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1, "beta1": 0.0}),
    ("adagrad", {"lr": 0.05, "lr_decay": 0.05, "initial_accumulator_value": 0.1, "weight_decay": 0.01}),
    ("momentum", {"lr": 50.0}),  # diverges: overflows to inf, then nan
    ("sgd", {"lr": 300.0, "weight_decay": 0.1}),  # diverges
    ("rmsprop", {"alpha": 1.0, "eps": 0.0}),  # v stays 0: g / 0 = inf on the first step
]
DIVERGING = {len(SETTINGS) + 6, len(SETTINGS) + 7, len(SETTINGS) + 8}


def assert_bank_matches_reference(bank: OptimizerBank, theta: np.ndarray, ref: ReferenceRuns,
                                  ref_theta: np.ndarray, rtol: float = 1e-12) -> float:
    """Agreement to rtol (relative to each row's largest magnitude); returns the worst relative error."""
    worst = 0.0
    for k in range(len(bank)):
        pairs = [("theta", theta[k], ref_theta[k])]
        ours, theirs = bank.state(k), ref.state(k)
        assert ours.keys() == theirs.keys(), (k, ours.keys(), theirs.keys())
        pairs += [(key, np.atleast_1d(ours[key]), np.atleast_1d(theirs[key])) for key in ours]
        for key, mine, expected in pairs:
            if k in DIVERGING:  # huge, inf or nan, and the same
                np.testing.assert_allclose(mine, expected, rtol=rtol, atol=0, equal_nan=True, err_msg=f"{k} {key}")
                continue
            scale = max(np.abs(expected).max(), 1e-300)
            error = np.abs(mine - expected).max() / scale
            worst = max(worst, error)
            assert error <= rtol, f"row {k} ({bank.names[k]} {bank.hyper(k)}) {key}: {error:.2e}"
    return worst


def test_fused_bank_equals_the_per_rule_functions() -> None:
    """Mixed settings, idle rows, rows added and duplicated mid-run, hyper-parameter changes and
    three diverging rows (no warning, nothing leaks): the fused kernel reproduces every rule's
    readable function to 1e-12 (Adam's m and centered RMSprop's g_avg are not lerp: ulps apart)."""
    n_params = 5
    settings = SETTINGS + FUSED_EXTRA
    bank = OptimizerBank([n for n, _ in settings], [h for _, h in settings], n_params)
    ref = ReferenceRuns(settings, n_params)
    theta = np.tile(np.linspace(-1.0, 1.5, n_params), (len(settings), 1))
    ref_theta = theta.copy()
    rng = np.random.default_rng(7)
    worst = 0.0
    for t in range(300):
        if t == 100:  # a fresh momentum row (first step b ← g), a fresh Nesterov row, two forks
            added = [("momentum", {"lr": 0.01, "dampening": 0.5}), ("adam", {"lr": 0.05}),
                     ("sgd", {"lr": 0.01, "momentum": 0.8, "nesterov": True, "weight_decay": 0.1})]
            forks = [3, 17]  # momentum and centered RMSprop with momentum, state included
            bank = bank.concat(OptimizerBank([n for n, _ in added], [h for _, h in added], n_params))
            bank = bank.concat(bank.select(forks))
            for name, hyper in added:
                ref.add(name, hyper)
            for k in forks:
                ref.duplicate(k)
            start = np.linspace(0.5, -0.5, n_params)
            theta = np.vstack([theta, np.tile(start, (len(added), 1)), theta[forks]])
            ref_theta = np.vstack([ref_theta, np.tile(start, (len(added), 1)), ref_theta[forks]])
        if t == 150:
            for k, key, value in [(1, "momentum", 0.9), (15, "momentum", 0.0), (14, "centered", False),
                                  (24, "lr", 0.05), (21, "betas", (0.8, 0.95)), (10, "lr_decay", 0.2)]:
                bank.set_hyper(k, key, value)
                ref.rows[k]["hyper"] = bank.hyper(k)
        active = rng.random(len(bank)) < 0.8
        if t % 10 == 0:
            active[:] = True
        if 100 <= t < 105:
            active[len(settings)] = False  # the new momentum row idles first: b ← g comes later
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            theta = bank.step(theta, least_squares_gradient(theta, t), active)
        ref_theta = ref.step(ref_theta, least_squares_gradient(ref_theta, t), active)
        if t % 50 == 49:
            worst = max(worst, assert_bank_matches_reference(bank, theta, ref, ref_theta))
    assert all(not np.isfinite(theta[k]).all() for k in DIVERGING), "the diverging rows should diverge"
    assert all(np.isfinite(theta[k]).all() for k in range(len(bank)) if k not in DIVERGING)
    print(f"worst relative difference {worst:.1e}")
