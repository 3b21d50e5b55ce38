"""The function lab's engine: named functions and typed formulas, raced, against torch.optim.

Every optimiser on every named function is stepped 500 times by a Race and by torch.optim on a
float64 parameter whose gradient torch.autograd takes: the paths agree to 1e-9. Typed formulas
are read through a whitelist; hostile ones are refused with a sentence that says why.
"""
from __future__ import annotations

import numpy as np
import pytest
import torch

from engine.functions import NAMED_FUNCTIONS, NO_DATA, ExpressionError, function_model, parse_expression
from engine.optimizers import OPTIMIZERS, torch_equivalent
from engine.race import Race, RunSpec, clip_grad_norm

STEPS = 500
# (optimiser, hyper) pairs that every function races; the learning rates are scaled per function
RUNS = [("gd", {}), ("sgd", {}), ("momentum", {}), ("momentum", {"nesterov": True}), ("adagrad", {}),
        ("rmsprop", {}), ("adam", {}), ("adam", {"amsgrad": True}), ("adamw", {"weight_decay": 0.05})]
# a rate per function at which the plain-gradient runs stay finite for 500 steps
GRADIENT_LR = {"rosenbrock": 1e-3, "beale": 1e-3, "himmelblau": 5e-3, "booth": 1e-2, "rastrigin": 1e-3,
               "ackley": 1e-2, "saddle": 1e-3, "monkey-saddle": 5e-5, "quadratic": 1e-2}
ADAPTIVE_LR = 0.01


@pytest.fixture(autouse=True, scope="module")
def one_torch_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def specs_for(name: str) -> list[RunSpec]:
    out = []
    for i, (optimizer, hyper) in enumerate(RUNS):
        lr = ADAPTIVE_LR if optimizer in ("adagrad", "rmsprop", "adam", "adamw") else GRADIENT_LR[name]
        out.append(RunSpec(f"{optimizer}-{i}", optimizer, {"lr": lr, **hyper}))
    assert {s.optimizer for s in out} == set(OPTIMIZERS)
    return out


def torch_path(model, spec: RunSpec, start, steps: int, clip: float | None = None) -> np.ndarray:
    """The oracle: torch.optim on a float64 leaf, f by the same formula, grad by autograd."""
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    class_name, kwargs = torch_equivalent(spec.optimizer, spec.hyper)
    optimizer = getattr(torch.optim, class_name)([p], **kwargs)
    path = [p.detach().numpy().copy()]
    for _ in range(steps):
        optimizer.zero_grad()
        model.expression(p[0], p[1]).backward()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_([p], clip)
        optimizer.step()
        path.append(p.detach().numpy().copy())
    return np.array(path)


@pytest.fixture(scope="module")
def torch_paths() -> dict[str, list[np.ndarray]]:
    """Every run of RUNS on every named function, in torch.optim: run k is one optimiser whose
    parameter groups are the functions (each its own [2] leaf and learning rate), and each
    function is evaluated once a step on its runs' points stacked, then autograd."""
    names = list(NAMED_FUNCTIONS)
    models = [function_model(name) for name in names]
    specs = [specs_for(name) for name in names]
    leaves = [[torch.tensor(m.default_start, dtype=torch.float64, requires_grad=True) for m in models]
              for _ in RUNS]  # leaves[k][f]
    optimizers = []
    for k in range(len(RUNS)):
        class_name, kwargs = torch_equivalent(specs[0][k].optimizer, specs[0][k].hyper)
        groups = [{"params": [leaves[k][f]], "lr": specs[f][k].hyper["lr"]} for f in range(len(names))]
        optimizers.append(getattr(torch.optim, class_name)(groups, **{**kwargs, "lr": groups[0]["lr"]}))
    history = [[[leaves[k][f].detach().numpy().copy()] for f in range(len(names))] for k in range(len(RUNS))]
    for _ in range(STEPS):
        for optimizer in optimizers:
            optimizer.zero_grad()
        total = 0.0
        for f, model in enumerate(models):
            points = torch.stack([leaves[k][f] for k in range(len(RUNS))])
            total = total + model.expression(points[:, 0], points[:, 1]).sum()
        total.backward()
        for k, optimizer in enumerate(optimizers):
            optimizer.step()
            for f in range(len(names)):
                history[k][f].append(leaves[k][f].detach().numpy().copy())
    return {name: [np.array(history[k][f]) for k in range(len(RUNS))] for f, name in enumerate(names)}


@pytest.mark.parametrize("name", list(NAMED_FUNCTIONS))
def test_every_optimiser_on_every_named_function_matches_torch_optim(name, torch_paths):
    model = function_model(name)
    specs = specs_for(name)
    race = Race(model, *NO_DATA, specs, model.default_start)
    race.run_to(steps=STEPS)
    assert (race.diverged_at < 0).all(), f"{name}: a run diverged, so the comparison is short"
    for k, spec in enumerate(specs):
        expected = torch_paths[name][k]
        got = race.trajectory(k)
        assert got.shape == expected.shape
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9, err_msg=f"{name}: {spec.label}")
        f = model.expression(torch.tensor(expected[-1, 0]), torch.tensor(expected[-1, 1])).item()
        assert race.loss_history(k)[-1] == pytest.approx(f, rel=1e-12, abs=1e-12)
    moved = np.linalg.norm(race.theta - np.asarray(model.default_start), axis=1)
    assert (moved > 1e-3).all(), "every run must have gone somewhere for the test to mean anything"


def test_gradient_clipping_is_torchs_clip_grad_norm():
    model = function_model("rosenbrock")
    # (rates at which the runs do not reach the minimum's neighbourhood, where a clipped
    # run is chaotic: a last-bit difference in Adam's update grows to 1e-2 in 100 steps)
    specs = [RunSpec("gd", "gd", {"lr": 0.005}), RunSpec("adam", "adam", {"lr": 0.01}),
             RunSpec("momentum", "momentum", {"lr": 0.002})]
    race = Race(model, *NO_DATA, specs, model.default_start, clip=1.0)
    race.run_to(steps=200)
    assert (race.diverged_at < 0).all()
    # the first GD step is lr times a gradient of norm 1 (from one of norm 232)
    assert np.linalg.norm(race.trajectory(0)[1] - race.trajectory(0)[0]) == pytest.approx(0.005, rel=1e-6)
    for k, spec in enumerate(specs):
        np.testing.assert_allclose(race.trajectory(k), torch_path(model, spec, model.default_start, 200, clip=1.0),
                                   rtol=0, atol=1e-9)
    # without clipping, GD at lr 0.01 blows up from this start: the clip is what keeps it
    wild = Race(model, *NO_DATA, [RunSpec("gd", "gd", {"lr": 0.01})], model.default_start)
    wild.run_to(steps=200)
    assert wild.diverged_at[0] >= 0
    g = np.array([[3.0, 4.0], [0.3, 0.4]])
    np.testing.assert_allclose(clip_grad_norm(g, 1.0), [[3 / (5 + 1e-6), 4 / (5 + 1e-6)], [0.3, 0.4]], rtol=1e-15)


@pytest.mark.parametrize("name", list(NAMED_FUNCTIONS))
def test_known_minima_are_minima(name):
    """Each listed minimum has zero gradient, the function's lowest value there (0 for all but
    the saddles, which have none), and higher values around it."""
    model = function_model(name)
    if not model.minima:
        assert name in ("saddle", "monkey-saddle")
        return
    points = np.array(model.minima)
    f, g = model.loss_and_grad(points)
    np.testing.assert_allclose(f, 0.0, atol=1e-9)
    if name != "ackley":  # Ackley's minimum is the tip of a cone: no gradient there
        np.testing.assert_allclose(g, 0.0, atol=1e-4)  # Himmelblau's three are given to 6 decimals
    ring = points[:, None, :] + 1e-2 * np.stack([np.cos(np.arange(8)), np.sin(np.arange(8))], axis=1)
    assert (model.loss(ring.reshape(-1, 2)) > 0).all()
    (x0, x1), (y0, y1) = model.domain
    assert ((points[:, 0] > x0) & (points[:, 0] < x1) & (points[:, 1] > y0) & (points[:, 1] < y1)).all()


def test_gradient_is_autograds_on_random_points_of_a_typed_formula():
    model = function_model("sin(x) * exp(-y**2) + 0.1*x^2 + atan2(y, 1 + x**2) + softplus(x*y) + max(x, y)")
    rng = np.random.default_rng(0)
    points = rng.uniform(-2, 2, size=(50, 2))
    f, g = model.loss_and_grad(points)
    for (x, y), fk, gk in zip(points, f, g):
        p = torch.tensor([x, y], dtype=torch.float64, requires_grad=True)
        value = (torch.sin(p[0]) * torch.exp(-p[1] ** 2) + 0.1 * p[0] ** 2 + torch.atan2(p[1], 1 + p[0] ** 2)
                 + torch.nn.functional.softplus(p[0] * p[1]) + torch.maximum(p[0], p[1]))
        value.backward()
        assert fk == pytest.approx(value.item(), rel=1e-14)
        np.testing.assert_allclose(gk, p.grad.numpy(), rtol=1e-13, atol=1e-15)


def test_a_formula_in_one_variable_has_a_zero_gradient_in_the_other():
    f, g = function_model("x**2").loss_and_grad(np.array([[3.0, 5.0]]))
    assert f[0] == 9.0 and g.tolist() == [[6.0, 0.0]]


@pytest.mark.parametrize("text, says", [
    ("__import__('os').system('echo hi')", "is not a function a formula may use"),
    ("().__class__.__bases__[0].__subclasses__()", "is not a function a formula may use"),
    ("().__class__", "is not allowed in a formula"),
    ("x.real", "is not allowed in a formula"),
    ("lambda x: x", "is not allowed in a formula"),
    ("[t for t in (1, 2)]", "is not allowed in a formula"),
    ("x[0]", "is not allowed in a formula"),
    ("open('f')", "is not a function a formula may use"),
    ("sin(x, y)", "sin takes 1 value"),
    ("exp(x=1)", "exp takes 1 value"),
    ("x ** 1000", "The power 1000 is too large"),
    ("x ** (9 ** 9)", "is too large"),
    ("9 ** 9 ** 9 + x", "has no finite value"),
    ("2 ** 100000 * y", "has no finite value"),
    ("x + 1/0", "has no finite value"),
    ("x if y else 1", "is not allowed in a formula"),
    ("x < y", "is not allowed in a formula"),
    ("x % 3", "The operator % is not allowed"),
    ("'x' * 9", "is not a number"),
    ("z + x", "'z' is unknown"),
    ("sin + x", "sin is a function"),
    ("(x + y", "cannot be read"),
    ("+".join(["x"] * 100), "is too long (399 parts)"),
    ("x" * 501, "at most 500"),
    ("", "Type a formula"),
    ("42", "does not use x or y"),
])
def test_hostile_or_broken_formulas_are_refused_in_words(text, says):
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text)
    assert says in str(caught.value)


def test_a_formula_never_reaches_eval(monkeypatch):
    """The formula is built from the syntax tree: eval and exec are never called (compile is,
    by ast.parse itself, with the flag that returns only the tree)."""
    import builtins

    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    expression = parse_expression("(1 - x)^2 + 100*(y - x^2)^2")
    assert expression(torch.tensor(1.0), torch.tensor(1.0)).item() == 0.0


def test_quadratic_condition_number_and_settings():
    model = function_model("quadratic:100")
    assert model.title == "quadratic:100"
    _, g = model.loss_and_grad(np.array([[1.0, 1.0]]))
    assert g.tolist() == [[1.0, 100.0]]  # Hessian diag(1, κ)
    assert function_model("quadratic").formula == "0.5*(x**2 + 10.0*y**2)"
    for bad in ("quadratic:0.5", "quadratic:abc", "quadratic:1e9"):
        with pytest.raises(ValueError, match="condition number"):
            function_model(bad)
    with pytest.raises(ValueError, match="takes no setting"):
        function_model("rosenbrock:3")


def test_reaching_a_minimum_and_the_divergence_rule():
    model = function_model("himmelblau")
    assert model.minimum_reached((3.001, 2.0)) == 0
    assert model.minimum_reached((-2.8, 3.13)) == 1
    assert model.minimum_reached((0.0, 0.0)) is None
    # a formula that starts below 0 and rises a little is not "diverged" (its limit is a
    # millionfold rise in size), and one that falls without end stops when it is no longer finite
    rise = function_model("-exp(-(x**2 + y**2))")
    race = Race(rise, *NO_DATA, [RunSpec("gd", "gd", {"lr": 3.0})], (0.3, 0.3))
    race.run_to(steps=50)
    assert race.diverged_at[0] < 0
    fall = function_model("saddle")
    race = Race(fall, *NO_DATA, [RunSpec("gd", "gd", {"lr": 0.5})], fall.default_start)
    race.run_to(steps=5000)
    assert 0 < race.diverged_at[0] < 5000
    assert np.isfinite(race.theta[0]).all()
