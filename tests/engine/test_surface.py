"""The loss surface: every cell equals the model's own cost there; planes, ranges and edits."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from engine.data import load_preset
from engine.models import Model
from engine.optimum import find_optimum
from engine.surface import (
    Plane,
    SurfaceEvaluator,
    default_plane,
    exact_plane,
    fit_ranges,
    optimum_plane,
    params_plane,
    pca_plane,
)


def model_for(dataset) -> Model:
    if dataset.task == "regression":
        return Model("linear", dataset.d)
    if dataset.task == "binary" or dataset.n_classes == 2:
        return Model("logistic", dataset.d)
    return Model("softmax", dataset.d, dataset.n_classes)


def random_data(kind: str, n: int, d: int, classes: int = 3, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * 2 + 1
    if kind == "linear":
        y = X @ rng.normal(size=d) + rng.normal(size=n)
        return Model("linear", d), X, y
    if kind == "logistic":
        return Model("logistic", d), X, rng.integers(0, 2, n)
    return Model("softmax", d, classes), X, rng.integers(0, classes, n)


def trajectories_for(model: Model, start, seed: int = 0):
    rng = np.random.default_rng(seed)
    steps = rng.normal(scale=0.3, size=(3, 20, model.n_params)).cumsum(axis=1)
    return {f"run{k}": np.vstack([start, start + steps[k]]) for k in range(3)}


def assert_cells_match(model, X, y, plane, G, surface, seed=0, cells=40):
    """Random cells of the surface against a direct Model.loss at the same theta: 1e-10 relative.

    Where the cross-entropy is tiny (all points far on the right side), Model.loss's own
    softplus(z) - y*z loses digits to cancellation (about eps * |z|): there the allowance is that
    rounding floor, 1e-14 * the mean |logit|, and no more.
    """
    a, b = plane.grid(G)
    rng = np.random.default_rng(seed)
    i = np.r_[0, G - 1, rng.integers(0, G, cells)]
    j = np.r_[G - 1, 0, rng.integers(0, G, cells)]
    thetas = plane.point(a[i], b[j])
    direct = model.loss(thetas, X, y)
    floor = 0.0 if model.kind == "linear" else 1e-14 * np.abs(model.logits(thetas, X)).max(axis=2).mean(axis=1)
    np.testing.assert_array_less(np.abs(surface[i, j] - direct), 1e-10 * np.abs(direct) + floor + 1e-300)


def planes_for(model: Model, X, y, seed: int = 0):
    rng = np.random.default_rng(seed)
    start = rng.normal(size=model.n_params)
    optimum = find_optimum(model, X, y, weight_decay=1e-3).theta
    runs = trajectories_for(model, start, seed)
    names = model.param_names()
    planes = [
        default_plane(model, start, optimum, runs),
        fit_ranges(params_plane(model, names[0], names[-1], optimum), [start, optimum]),
        fit_ranges(optimum_plane(start, optimum, seed=seed), [start, optimum]),
        fit_ranges(pca_plane(runs), np.vstack(list(runs.values()))),
    ]
    if model.n_params == 2:
        planes.append(exact_plane(model, ((-3.0, 4.0), (-2.0, 5.0))))
    return planes


# -- values -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["linear", "logistic", "softmax"])
@pytest.mark.parametrize("n", [1, 30, 400])
def test_surface_equals_model_loss_on_every_plane_kind(kind, n):
    model, X, y = random_data(kind, n, 3, seed=n)
    evaluator = SurfaceEvaluator(model, X, y)
    for plane in planes_for(model, X, y, seed=n):
        G = 57
        surface = evaluator.evaluate(plane, G)
        assert surface.shape == (G, G)
        assert_cells_match(model, X, y, plane, G, surface, seed=n)


@pytest.mark.parametrize("preset", ["line-30", "quiz-scores", "logistic-line", "logistic-2d", "softmax-8",
                                    "wine", "iris", "breast-cancer"])
def test_surface_on_presets(preset):
    ds = load_preset(preset)
    model = model_for(ds)
    evaluator = SurfaceEvaluator(model, ds.X, ds.y)
    for plane in planes_for(model, ds.X, ds.y):
        surface = evaluator.evaluate(plane, 50)
        assert_cells_match(model, ds.X, ds.y, plane, 50, surface)


def test_two_parameter_surface_axes_are_weight_and_bias():
    ds = load_preset("line-30")
    model = Model("linear", 1)
    plane = exact_plane(model, ((-1.0, 2.0), (-3.0, 3.0)))
    assert (plane.a_label, plane.b_label, plane.kind) == ("w", "b", "exact")
    surface = SurfaceEvaluator(model, ds.X, ds.y).evaluate(plane, 50)
    a, b = plane.grid(50)
    np.testing.assert_array_equal(plane.point(a[7], b[30]), [a[7], b[30]])
    direct = np.mean((ds.X[:, 0] * a[7] + b[30] - ds.y) ** 2)
    assert surface[7, 30] == pytest.approx(direct, rel=1e-12)  # row = weight, column = bias


def test_extreme_logits_take_the_stable_path():
    """Cells whose logits reach thousands (breast-cancer features are in the hundreds) stay exact."""
    ds = load_preset("breast-cancer")
    model = Model("logistic", ds.d)
    rng = np.random.default_rng(3)
    plane = Plane(np.zeros(model.n_params), rng.normal(size=model.n_params), rng.normal(size=model.n_params),
                  (-5.0, 5.0), (-5.0, 5.0))
    surface = SurfaceEvaluator(model, ds.X, ds.y).evaluate(plane, 50)
    assert np.all(np.isfinite(surface))
    assert_cells_match(model, ds.X, ds.y, plane, 50, surface)
    softmax = Model("softmax", 4, 3)
    ds = load_preset("iris")
    plane = Plane(np.zeros(15), rng.normal(size=15) * 100, rng.normal(size=15) * 100, (-5.0, 5.0), (-5.0, 5.0))
    surface = SurfaceEvaluator(softmax, ds.X, ds.y).evaluate(plane, 50)
    assert_cells_match(softmax, ds.X, ds.y, plane, 50, surface)


# -- incremental edits --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["linear", "logistic", "softmax"])
def test_thousand_point_edits_equal_a_full_recompute(kind):
    model, X, y = random_data(kind, 200, 2, seed=7)
    rng = np.random.default_rng(11)
    evaluator = SurfaceEvaluator(model, X, y)
    start = rng.normal(size=model.n_params)
    plane = fit_ranges(optimum_plane(start, find_optimum(model, X, y, 1e-2).theta), [start])
    evaluator.evaluate(plane, 50)
    X, y = X.copy(), y.copy()
    for step in range(1000):
        action = rng.integers(0, 10)
        new_x = rng.normal(size=2) * 2
        new_y = rng.normal() if kind == "linear" else rng.integers(0, model.n_classes if kind == "softmax" else 2)
        if action == 0:
            surface = evaluator.add_point(new_x, new_y)
            X, y = np.vstack([X, new_x]), np.append(y, new_y)
        elif action == 1 and len(y) > 5:
            i = rng.integers(len(y))
            surface = evaluator.remove_point(i)
            X, y = np.delete(X, i, axis=0), np.delete(y, i)
        else:
            i = rng.integers(len(y))
            surface = evaluator.update_point(i, X[i], y[i], new_x, new_y)
            X[i], y[i] = new_x, new_y
    full = SurfaceEvaluator(model, X, y).evaluate(plane, 50)
    np.testing.assert_allclose(surface, full, rtol=1e-9, atol=0)
    np.testing.assert_allclose(evaluator.set_data(X, y), full, rtol=1e-12, atol=0)


def test_edits_far_out_on_the_plane_stay_exact():
    """Logits in the hundreds (raw breast-cancer features): the pivoted and direct forms."""
    ds = load_preset("breast-cancer")
    model = Model("logistic", ds.d)
    rng = np.random.default_rng(4)
    plane = Plane(np.zeros(model.n_params), rng.normal(size=model.n_params), rng.normal(size=model.n_params),
                  (-3.0, 3.0), (-3.0, 3.0))
    X, y = ds.X[:100].copy(), ds.y[:100].copy()
    evaluator = SurfaceEvaluator(model, X, y)
    evaluator.evaluate(plane, 50)
    for i in range(20):
        new_x = ds.X[100 + i]
        surface = evaluator.update_point(i, X[i], y[i], new_x, 1 - y[i])
        X[i], y[i] = new_x, 1 - y[i]
    surface = evaluator.add_point(ds.X[200], ds.y[200])
    X, y = np.vstack([X, ds.X[200]]), np.append(y, ds.y[200])
    np.testing.assert_allclose(surface, SurfaceEvaluator(model, X, y).evaluate(plane, 50), rtol=1e-9)
    assert_cells_match(model, X, y, plane, 50, surface)


@pytest.mark.parametrize("kind", ["linear", "logistic"])
def test_a_point_dragged_far_off_and_back_leaves_the_surface_exact(kind):
    """Subtracting a huge sample's cost would leave only the rounding of the rest (the storm found
    a cell 2.8e-5 off after a drag to x = 5e13): the evaluator sums afresh, or asks for a recompute."""
    model, X, y = random_data(kind, 30, 1, seed=3)
    plane = fit_ranges(default_plane(model, np.zeros(model.n_params)), [np.zeros(model.n_params)])
    evaluator = SurfaceEvaluator(model, X, y)
    evaluator.evaluate(plane, 50)
    far = 5e13 if kind == "linear" else 1e9
    path = [X[0], X[0] + far, X[0] + 3 * far, X[0]]  # a drag: far, farther, then home
    for old, new in zip(path, path[1:]):
        surface = evaluator.update_point(0, old, y[0], new, y[0])
    truth = SurfaceEvaluator(model, X, y).evaluate(plane, 50)
    if kind == "linear":  # resummed at once (O(n))
        np.testing.assert_allclose(surface, truth, rtol=1e-10, atol=0)
    else:  # a full cross-entropy grid: the caller recomputes it
        assert surface is None or np.allclose(surface, truth, rtol=1e-10, atol=0)
        assert evaluator.evaluate(plane, 50) is not None
        np.testing.assert_allclose(evaluator.evaluate(plane, 50), truth, rtol=1e-12)


def test_update_point_refuses_a_stale_old_point():
    model, X, y = random_data("logistic", 20, 2)
    evaluator = SurfaceEvaluator(model, X, y)
    assert evaluator.update_point(0, X[0], y[0], X[0] + 1, y[0]) is None  # nothing evaluated yet
    with pytest.raises(ValueError, match="out of step"):
        evaluator.update_point(0, X[0], y[0], X[0], y[0])


# -- planes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", ["optimum", "pca", "params"])
def test_points_on_the_plane_project_back_to_their_coordinates(make):
    model = Model("softmax", 4, 3)
    rng = np.random.default_rng(5)
    start, optimum = rng.normal(size=15), rng.normal(size=15)
    if make == "optimum":
        plane = optimum_plane(start, optimum)
    elif make == "pca":
        plane = pca_plane(trajectories_for(model, start))
    else:
        plane = params_plane(model, "weight[1,2]", "bias[0]", start)
    a, b = rng.normal(size=30) * 3, rng.normal(size=30) * 3
    pa, pb, distance = plane.project(plane.point(a, b))
    np.testing.assert_allclose(pa, a, atol=1e-10)
    np.testing.assert_allclose(pb, b, atol=1e-10)
    np.testing.assert_allclose(distance, 0, atol=1e-10)
    normal = rng.normal(size=15)
    basis = np.linalg.qr(np.stack([plane.u, plane.v], axis=1))[0]
    normal -= basis @ (basis.T @ normal)
    _, _, distance = plane.project(plane.point(1.0, 2.0) + normal)
    assert distance[0] == pytest.approx(np.linalg.norm(normal))


def test_optimum_plane_puts_start_at_zero_and_optimum_at_one():
    rng = np.random.default_rng(0)
    start, optimum = rng.normal(size=9), rng.normal(size=9)
    plane = optimum_plane(start, optimum, seed=4)
    a, b, _ = plane.project(np.stack([start, optimum]))
    np.testing.assert_allclose(a, [0, 1], atol=1e-12)
    np.testing.assert_allclose(b, [0, 0], atol=1e-12)
    assert abs(plane.u @ plane.v) < 1e-12 and np.linalg.norm(plane.v) == pytest.approx(np.linalg.norm(plane.u))
    again = optimum_plane(start, optimum, seed=4)
    np.testing.assert_array_equal(plane.v, again.v)  # seeded
    same = optimum_plane(start, start)  # already at the optimum: still a real plane
    assert np.linalg.norm(same.u) > 0 and abs(same.u @ same.v) < 1e-12


def test_optimum_plane_follows_the_falling_direction_when_unbounded():
    ds = load_preset("logistic-2d")
    model = Model("logistic", 2)
    optimum = find_optimum(model, ds.X, ds.y)
    assert optimum.status == "unbounded"
    start = np.zeros(3)
    plane = default_plane(model, start, optimum)
    np.testing.assert_allclose(plane.u / np.linalg.norm(plane.u), optimum.direction)
    surface = SurfaceEvaluator(model, ds.X, ds.y).evaluate(plane, 50)
    b0 = np.argmin(np.abs(plane.grid(50)[1]))
    assert np.all(np.diff(surface[:, b0])[25:] < 0)  # downhill along +a


def test_pca_plane_handles_degenerate_trajectories():
    P = 6
    one = np.ones((1, P))
    line = np.outer(np.linspace(0, 1, 10), np.arange(P)) + 1
    for runs in ([one], [one, one], [line], {"a": line, "b": line[::-1]}):
        plane = pca_plane(runs)
        assert np.linalg.norm(plane.u) == pytest.approx(1) and np.linalg.norm(plane.v) == pytest.approx(1)
        assert abs(plane.u @ plane.v) < 1e-12
    plane = pca_plane([line])
    assert plane.u @ (line[-1] - line[0]) > 0  # oriented along the run
    a, b, distance = plane.project(line)
    np.testing.assert_allclose(distance, 0, atol=1e-10)
    with pytest.raises(ValueError):
        pca_plane([])


def test_pca_plane_spans_two_dimensional_trajectories():
    rng = np.random.default_rng(2)
    basis = np.linalg.qr(rng.normal(size=(20, 2)))[0]
    points = rng.normal(size=(50, 2)) * [5, 1] @ basis.T + 3
    plane = pca_plane([points])
    _, _, distance = plane.project(points)
    np.testing.assert_allclose(distance, 0, atol=1e-9)


def test_ranges_hold_start_optimum_and_trajectories():
    model = Model("softmax", 4, 3)
    rng = np.random.default_rng(8)
    start, optimum = rng.normal(size=15), rng.normal(size=15) * 3
    runs = trajectories_for(model, start)
    plane = default_plane(model, start, optimum, runs)
    points = np.vstack([start, optimum, *runs.values()])
    a, b, _ = plane.project(points)
    assert plane.a_range[0] < a.min() and a.max() < plane.a_range[1]
    assert plane.b_range[0] < b.min() and b.max() < plane.b_range[1]
    exact = default_plane(Model("linear", 1), [0.0, 0.0], [2.0, -1.0])
    assert exact.kind == "exact"
    assert exact.a_range[0] < 0 < 2 < exact.a_range[1] and exact.b_range[0] < -1 < 0 < exact.b_range[1]


def test_ranges_never_collapse():
    plane = exact_plane(Model("linear", 1))
    fitted = fit_ranges(plane, (np.array([3.0, 3.0]), np.array([0.0, 0.0])))
    assert fitted.a_range[0] < 3 < fitted.a_range[1] and fitted.b_range[1] - fitted.b_range[0] > 0.5
    with pytest.raises(ValueError, match="low to high"):
        plane.with_ranges((1.0, 1.0))


def test_params_plane_axes_are_the_parameters_themselves():
    model = Model("softmax", 4, 3)
    anchor = np.arange(15.0)
    plane = params_plane(model, "weight[1,2]", "bias[2]", anchor)
    i, j = model.param_index("weight[1,2]"), model.param_index("bias[2]")
    a, b, d = plane.project(anchor)
    assert (a[0], b[0], d[0]) == (anchor[i], anchor[j], 0.0)
    theta = plane.point(-1.5, 2.5)
    assert theta[i] == -1.5 and theta[j] == 2.5
    np.testing.assert_array_equal(np.delete(theta, [i, j]), np.delete(anchor, [i, j]))
    with pytest.raises(ValueError, match="no parameter"):
        params_plane(model, "weight[9,9]", "bias[0]", anchor)


def test_grid_size_is_checked():
    plane = exact_plane(Model("linear", 1))
    assert len(plane.grid(50)[0]) == 50 and len(plane.grid(400)[1]) == 400
    for bad in (49, 401, 100.5):
        with pytest.raises(ValueError, match="grid size"):
            plane.grid(bad)


def test_engine_surface_never_imports_qt():
    code = (
        "import sys, engine.surface, engine.optimum, engine.surface_cli; "
        "bad = [m for m in sys.modules if m.startswith(('PySide', 'pyqtgraph', 'PyQt'))]; "
        "sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


# -- the command line's JSON ------------------------------------------------------------------


def test_surface_json_for_a_two_parameter_model():
    from engine.surface_cli import surface_json

    ds = load_preset("line-30")
    out = surface_json(ds, Model("linear", 1), grid=50)
    assert set(out) == {"plane", "loss", "optimum"}
    assert set(out["plane"]) == {"origin", "u", "v", "a", "b"}
    assert out["plane"]["u"] == [1.0, 0.0] and out["plane"]["v"] == [0.0, 1.0]
    assert len(out["loss"]) == 50 and len(out["loss"][0]) == 50
    a, b = out["plane"]["a"], out["plane"]["b"]
    direct = np.mean((ds.X[:, 0] * a[3] + b[40] - ds.y) ** 2)
    assert out["loss"][3][40] == pytest.approx(direct, rel=1e-12)  # row = weight, column = bias
    optimum = out["optimum"]
    assert set(optimum) == {"status", "weight", "bias", "loss", "direction"}
    assert optimum["status"] == "finite" and optimum["direction"] is None
    assert len(optimum["weight"]) == 1 and len(optimum["weight"][0]) == 1 and len(optimum["bias"]) == 1
    assert a[0] < optimum["weight"][0][0] < a[-1] and b[0] < optimum["bias"][0] < b[-1]


def test_surface_json_unbounded_and_params_plane():
    from engine.surface_cli import surface_json

    out = surface_json(load_preset("logistic-line"), Model("logistic", 1), grid=50)
    assert out["optimum"]["status"] == "unbounded"
    assert out["optimum"]["weight"] is None and len(out["optimum"]["direction"]) == 2
    ds = load_preset("iris")
    model = Model("softmax", 4, 3)
    runs = {"sgd": np.linspace(np.zeros(15), np.arange(15.0) / 10, 12)}
    out = surface_json(ds, model, grid=50, plane="params=weight[0,1],bias[2]", at="run=sgd",
                       trajectories=runs, ranges="-1:1,-2:3")
    assert out["plane"]["a"][0] == -1 and out["plane"]["b"][-1] == 3
    origin = np.array(out["plane"]["origin"])
    held = np.delete(np.arange(15), [model.param_index("weight[0,1]"), model.param_index("bias[2]")])
    np.testing.assert_allclose(origin[held], runs["sgd"][-1][held])
    out = surface_json(ds, model, grid=50, plane="pca", trajectories=runs)
    assert len(out["loss"]) == 50


@pytest.mark.parametrize("call, message", [
    (lambda m: m.parse_range("1:0,0:1"), "low to high"),
    (lambda m: m.parse_range("0:1"), "a0:a1,b0:b1"),
    (lambda m: m.parse_range("0:x,0:1"), "two numbers"),
    (lambda m: m.parse_plane("params=weight[0,0]"), "two parameters"),
    (lambda m: m.parse_plane("sideways"), "params=NAME,NAME, optimum or pca"),
    (lambda m: m.parse_at("middle"), "start, optimum or run=LABEL"),
    (lambda m: m.surface_json(load_preset("wine"), Model("softmax", 13, 3), grid=50, plane="pca"), "--opt"),
    (lambda m: m.surface_json(load_preset("wine"), Model("softmax", 13, 3), grid=50,
                              plane="params=weight[0,0],bias[0]", at="optimum"), "no finite optimum"),
    (lambda m: m.surface_json(load_preset("line-30"), Model("linear", 1), grid=20), "grid size"),
])
def test_surface_cli_errors_say_what_to_do(call, message):
    from engine import surface_cli

    with pytest.raises(ValueError, match=message.replace("[", r"\[")):
        call(surface_cli)
    assert surface_cli.parse_plane("params=weight[0,1], bias[2]") == ("params", ("weight[0,1]", "bias[2]"))
    assert surface_cli.parse_range("-1:2.5,0:1e3") == ((-1.0, 2.5), (0.0, 1000.0))
    assert surface_cli.parse_at("run=adam 1") == ("run", "adam 1")


def test_one_parameter_model_has_an_exact_plane():
    model = Model("logistic", 1, bias=False)
    X, y = np.array([[-1.0], [2.0], [1.0]]), np.array([0, 1, 0])
    plane = default_plane(model, [0.5], find_optimum(model, X, y))
    surface = SurfaceEvaluator(model, X, y).evaluate(plane, 50)
    assert plane.kind == "exact" and np.allclose(surface, surface[:, :1])  # b changes nothing
    assert_cells_match(model, X, y, plane, 50, surface)


def test_unbounded_plane_reaches_where_the_cost_has_fallen():
    from engine.surface import falling_stretch

    ds = load_preset("wine")
    model = Model("softmax", 13, 3)
    optimum = find_optimum(model, ds.X, ds.y)
    start = np.zeros(model.n_params)
    stretch = falling_stretch(model, ds.X, ds.y, start, optimum.direction)
    plane = default_plane(model, start, optimum, stretch=stretch)
    first, there = model.loss(np.stack([plane.point(0, 0), plane.point(1, 0)]), ds.X, ds.y)
    assert there <= 0.2 * first + 1e-12  # 80 % of the way down to the infimum, 0
    a, _, _ = plane.project(start + stretch * optimum.direction)
    assert a[0] == pytest.approx(1.0) and plane.a_range[1] > 1


def test_pca_plane_of_a_long_race_is_quick_and_spans_it():
    rng = np.random.default_rng(6)
    basis = np.linalg.qr(rng.normal(size=(200, 2)))[0]
    t = np.linspace(0, 1, 20_000)[:, None]
    run = np.hstack([t * 4, np.sin(6 * t)]) @ basis.T
    plane = pca_plane({"long": run, "short": run[:10]})
    _, _, distance = plane.project(run[::997])
    np.testing.assert_allclose(distance, 0, atol=1e-8)
