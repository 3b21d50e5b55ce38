"""The step inspector: each logged update taken apart reproduces the step the race took, and its
quantities are torch.optim's own state (m, v, step) after that step."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from engine.data import load_preset
from engine.functions import NO_DATA, function_model
from engine.models import model_for
from engine.optimizers import torch_equivalent
from engine.race import Race, RunSpec
from engine.step_inspector import explain, explain_all

SPECS = [RunSpec("gd", "gd", {"lr": 0.01, "weight_decay": 0.1}), RunSpec("mom", "momentum", {"lr": 0.005}),
         RunSpec("nest", "momentum", {"lr": 0.005, "nesterov": True, "momentum": 0.8}),
         RunSpec("adagrad", "adagrad", {"lr": 0.3, "lr_decay": 0.01}),
         RunSpec("rms", "rmsprop", {"lr": 0.01, "centered": True, "momentum": 0.5}),
         RunSpec("rms-plain", "rmsprop", {"lr": 0.01, "weight_decay": 0.01}),
         RunSpec("adam", "adam", {"lr": 0.1, "amsgrad": True, "weight_decay": 0.01}),
         RunSpec("adamw", "adamw", {"lr": 0.1, "weight_decay": 0.1})]


def test_every_rule_rebuilt_from_the_log_is_the_step_the_race_took():
    ds = load_preset("blobs")
    model = model_for(ds)
    specs = [RunSpec(s.label, s.optimizer, s.hyper, batch=16) for s in SPECS]
    race = Race(model, ds.X, ds.y, specs, np.zeros(model.n_params), seed=3)
    race.keep_step_log()
    race.step(60)
    for k in range(race.k):
        for update in (1, 2, 30, 59):
            report = explain(race, k, update)
            assert report is not None and report.update == update and report.optimizer == specs[k].optimizer
            np.testing.assert_allclose(report.step, report.taken, rtol=1e-12, atol=1e-15)
            assert len(report.batch) == 16  # the samples of that mini-batch
        last = explain(race, k)
        assert last.update == 60
        np.testing.assert_allclose(last.theta + last.taken, race.theta[k], rtol=0, atol=0)


def test_the_numbers_are_torch_optims_state_step_by_step():
    model = function_model("himmelblau")
    start = model.default_start
    for spec in SPECS:
        race = Race(model, *NO_DATA, [spec], start)
        race.keep_step_log()
        race.step(25)
        p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
        class_name, kwargs = torch_equivalent(spec.optimizer, spec.hyper)
        optimizer = getattr(torch.optim, class_name)([p], **kwargs)
        for update in range(1, 26):
            optimizer.zero_grad()
            model.expression(p[0], p[1]).backward()
            grad = p.grad.numpy().copy()
            before = p.detach().numpy().copy()
            optimizer.step()
            report = explain(race, 0, update)
            assert report is not None, f"{spec.label} stopped at {race.steps[0]}"
            values = {line.formula.split(" ")[0]: line.value for line in report.lines}
            np.testing.assert_allclose(report.theta, before, rtol=1e-12)
            raw = next(line.value for line in report.lines if line.formula == "g ← ∇L(θ)")
            np.testing.assert_allclose(raw, grad, rtol=1e-12)  # torch's p.grad: before weight decay
            torch_state = optimizer.state[p]
            for name, symbol in (("exp_avg", "m"), ("exp_avg_sq", "v"), ("square_avg", "v"), ("sum", "sum"),
                                 ("max_exp_avg_sq", "v_max"), ("grad_avg", "g_ave")):
                if name in torch_state and symbol in values:
                    np.testing.assert_allclose(values[symbol], torch_state[name].numpy(), rtol=1e-12, atol=1e-300,
                                               err_msg=f"{spec.label} {symbol} at {update}")
            if spec.optimizer in ("momentum",) and "momentum_buffer" in torch_state:
                np.testing.assert_allclose(values["b"], torch_state["momentum_buffer"].numpy(), rtol=1e-12)
            np.testing.assert_allclose(report.step, p.detach().numpy() - before, rtol=1e-9, atol=1e-15)


def test_gradient_step_and_the_rest_split_the_step():
    model = function_model("rosenbrock")
    race = Race(model, *NO_DATA, [RunSpec("mom", "momentum", {"lr": 0.001})], model.default_start)
    race.keep_step_log()
    race.step(10)
    report = explain(race, 0, 10)
    g = report.lines[0].value
    np.testing.assert_allclose(report.gradient_step, -0.001 * g, rtol=1e-15)
    np.testing.assert_allclose(report.gradient_step + report.extra, report.step, rtol=1e-15)
    first = explain(race, 0, 1)
    assert "first step" in first.lines[1].note and np.allclose(first.extra, 0.0)


def test_step_k_across_runs_and_what_the_log_does_not_have():
    model = function_model("booth")
    race = Race(model, *NO_DATA, SPECS[:3], model.default_start)
    assert explain(race, 0) is None  # no log kept
    race.keep_step_log()
    race.step(5)
    reports = explain_all(race, 3)
    assert [r.update for r in reports] == [3, 3, 3] and {r.race_step for r in reports} == {3}
    assert explain(race, 0, 6) is None and explain(race, 5, 1) is None
    race.add_run(RunSpec("late", "adam", {"lr": 0.1}))  # the log starts afresh with the new rows
    assert explain(race, 0, 3) is None
    race.step(2)
    assert explain(race, 3, 2).race_step == 7
    assert race.log.capacity >= 50


def test_a_big_model_keeps_fewer_steps_within_the_budget():
    ds = load_preset("digits")
    model = model_for(ds)
    race = Race(model, ds.X, ds.y, [RunSpec("a", "adam", {"lr": 0.01}, batch=64)] * 1 +
                [RunSpec("b", "momentum", {"lr": 0.01}, batch=64)], np.zeros(model.n_params))
    race.keep_step_log()
    log = race.log
    floats = sum(a.size for a in (log.theta, log.grad, *log.state.values()))
    assert floats <= 4_000_000 + 2 * model.n_params * 50 and log.capacity < 2000
    race.step(3)
    assert explain(race, 1, 3) is not None
