"""The optimum: closed form for least squares, Newton for cross-entropy, directions when unbounded."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.linear_model import LogisticRegression

from engine.data import load_preset
from engine.models import Model
from engine.optimum import find_optimum


def model_for(dataset) -> Model:
    if dataset.task == "regression":
        return Model("linear", dataset.d)
    if dataset.task == "binary" or dataset.n_classes == 2:
        return Model("logistic", dataset.d)
    return Model("softmax", dataset.d, dataset.n_classes)


def sklearn_loss(model: Model, X, y) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf = LogisticRegression(penalty=None, tol=1e-10, max_iter=10000).fit(X, y)
    theta = np.r_[clf.coef_.ravel(), clf.intercept_]
    return float(model.loss(theta[None], X, y)[0])


@pytest.mark.parametrize("preset", ["line-30", "line-3x2", "quiz-scores"])
def test_least_squares_matches_lstsq(preset):
    ds = load_preset(preset)
    model = model_for(ds)
    optimum = find_optimum(model, ds.X, ds.y)
    A = np.hstack([ds.X, np.ones((ds.n, 1))])
    expected = np.linalg.lstsq(A, ds.y, rcond=None)[0]
    assert optimum.status == "finite" and optimum.direction is None
    np.testing.assert_allclose(optimum.theta, expected, rtol=1e-8)
    assert optimum.loss == pytest.approx(np.mean((A @ expected - ds.y) ** 2), rel=1e-12)
    assert optimum.loss == pytest.approx(model.loss(optimum.theta[None], ds.X, ds.y)[0], rel=1e-12)


def test_ridge_zeroes_the_decayed_gradient():
    """torch SGD's weight_decay adds lambda*theta (bias included) to the gradient."""
    ds = load_preset("quiz-scores")
    model = model_for(ds)
    optimum = find_optimum(model, ds.X, ds.y, weight_decay=0.5)
    grad = model.grad(optimum.theta[None], ds.X, ds.y)[0] + 0.5 * optimum.theta
    assert np.linalg.norm(grad) < 1e-8
    assert optimum.loss > find_optimum(model, ds.X, ds.y).loss


@pytest.mark.parametrize("preset", ["blobs", "moons", "circles"])
def test_cross_entropy_optimum_is_no_worse_than_sklearn(preset):
    ds = load_preset(preset)
    model = model_for(ds)
    optimum = find_optimum(model, ds.X, ds.y)
    assert optimum.status == "finite"
    assert optimum.gradient_norm < 1e-8
    assert np.linalg.norm(model.grad(optimum.theta[None], ds.X, ds.y)[0]) < 1e-8
    reference = sklearn_loss(model, ds.X, ds.y)
    assert optimum.loss <= reference * (1 + 1e-6)


def test_overlapping_softmax_data_with_scaled_features_converges():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(500, 5)) * [1, 3, 0.3, 10, 1]
    y = rng.integers(0, 4, 500)
    model = Model("softmax", 5, 4)
    optimum = find_optimum(model, X, y)
    assert optimum.status == "finite"
    assert np.linalg.norm(model.grad(optimum.theta[None], X, y)[0]) < 1e-8
    assert optimum.loss <= sklearn_loss(model, X, y) * (1 + 1e-6)


def assert_falls_along(model: Model, X, y, optimum, start=None):
    assert optimum.status == "unbounded" and optimum.theta is None
    assert np.linalg.norm(optimum.direction) == pytest.approx(1.0)
    start = np.zeros(model.n_params) if start is None else start
    steps = np.array([0.0, 1, 10, 100, 1000])
    losses = model.loss(start + steps[:, None] * optimum.direction, X, y)
    assert np.all(np.diff(losses) < 0) or np.all(np.diff(losses)[:2] < 0)
    assert losses[-1] >= optimum.loss - 1e-9


@pytest.mark.parametrize("preset", ["logistic-line", "logistic-2d", "softmax-8", "wine", "breast-cancer",
                                    "digits"])
def test_separable_presets_are_unbounded(preset):
    ds = load_preset(preset)
    model = model_for(ds)
    optimum = find_optimum(model, ds.X, ds.y)
    assert optimum.loss == pytest.approx(0.0, abs=1e-9)
    assert_falls_along(model, ds.X, ds.y, optimum)


def test_logistic_line_direction_points_to_a_steeper_sigmoid():
    ds = load_preset("logistic-line")
    optimum = find_optimum(Model("logistic", 1), ds.X, ds.y)
    w, b = optimum.direction
    assert w > 0 and abs(b) < w  # the boundary sits between x = -1 and x = 1


def test_separable_blobs_are_unbounded():
    X, y = make_blobs(n_samples=200, centers=[[-5, -5], [5, 5]], cluster_std=1.0, random_state=0)
    model = Model("logistic", 2)
    optimum = find_optimum(model, X, y)
    assert_falls_along(model, X, y, optimum, start=np.array([0.3, -0.2, 1.0]))


def test_quasi_separable_data_reports_the_infimum():
    """Iris: setosa separates from the rest, the other two overlap: the cost keeps falling, to > 0."""
    ds = load_preset("iris")
    model = model_for(ds)
    optimum = find_optimum(model, ds.X, ds.y)
    assert 0.01 < optimum.loss < 0.1
    assert_falls_along(model, ds.X, ds.y, optimum)
    # Logistic version: one overlapping pair among separated points.
    X = np.array([[-3.0], [-2.0], [0.0], [0.0], [2.0], [3.0]])
    y = np.array([0, 0, 0, 1, 1, 1])
    optimum = find_optimum(Model("logistic", 1), X, y)
    assert optimum.loss == pytest.approx(2 * np.log(2) / 6, rel=1e-6)  # the two at x = 0 stay at p = 1/2
    assert_falls_along(Model("logistic", 1), X, y, optimum)


def test_weight_decay_makes_separable_data_finite():
    ds = load_preset("logistic-line")
    model = Model("logistic", 1)
    optimum = find_optimum(model, ds.X, ds.y, weight_decay=0.01)
    assert optimum.status == "finite" and optimum.weight_decay == 0.01
    grad = model.grad(optimum.theta[None], ds.X, ds.y)[0] + 0.01 * optimum.theta
    assert np.linalg.norm(grad) < 1e-8
    ds = load_preset("softmax-8")
    model = model_for(ds)
    optimum = find_optimum(model, ds.X, ds.y, weight_decay=1e-3)
    grad = model.grad(optimum.theta[None], ds.X, ds.y)[0] + 1e-3 * optimum.theta
    assert optimum.status == "finite" and np.linalg.norm(grad) < 1e-8


def test_bad_input_is_explained():
    model = Model("logistic", 1)
    with pytest.raises(ValueError, match="no data"):
        find_optimum(model, np.zeros((0, 1)), np.zeros(0))
    with pytest.raises(ValueError, match="class labels"):
        find_optimum(model, np.zeros((2, 1)), np.array([0, 2]))
    with pytest.raises(ValueError, match="weight decay"):
        find_optimum(model, np.zeros((2, 1)), np.array([0, 1]), weight_decay=-1)


@pytest.mark.parametrize("X, y, model", [
    (np.array([[1.0], [2.0], [3.0]]), np.array([1, 1, 1]), Model("logistic", 1)),  # one class only
    (np.array([[1.0, 2.0]]), np.array([0]), Model("logistic", 2)),  # one point
    (np.array([[-1.0], [2.0]]), np.array([0, 1]), Model("logistic", 1, bias=False)),
])
def test_degenerate_separable_data_is_unbounded(X, y, model):
    optimum = find_optimum(model, X, y)
    assert optimum.loss == pytest.approx(0.0, abs=1e-12)
    assert_falls_along(model, X, y, optimum)


def test_a_class_without_samples_is_pushed_down_forever():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(50, 2)), rng.integers(0, 2, 50)  # class 2 never occurs
    model = Model("softmax", 2, 3)
    optimum = find_optimum(model, X, y)
    assert optimum.loss > 0.5  # classes 0 and 1 still overlap
    assert_falls_along(model, X, y, optimum)


def test_weight_decay_optimum_is_a_fixed_point_of_torch_sgd():
    """The decayed optimum is where torch.optim.SGD(weight_decay=lambda) stops moving."""
    torch = pytest.importorskip("torch")
    ds = load_preset("softmax-8")
    model = model_for(ds)
    optimum = find_optimum(model, ds.X, ds.y, weight_decay=0.01)
    layer = torch.nn.Linear(ds.d, ds.n_classes).double()
    weight, bias = model.unpack(optimum.theta[None])
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(weight[0]))
        layer.bias.copy_(torch.from_numpy(bias[0]))
    sgd = torch.optim.SGD(layer.parameters(), lr=1.0, weight_decay=0.01)
    sgd.zero_grad()
    torch.nn.functional.cross_entropy(layer(torch.tensor(ds.X)), torch.tensor(ds.y)).backward()
    sgd.step()
    moved = np.r_[layer.weight.detach().numpy().ravel(), layer.bias.detach().numpy()] - optimum.theta
    assert np.abs(moved).max() < 1e-8


def test_separable_data_with_one_contradiction_reports_the_infimum():
    """Wine plus a copy of sample 0 with another label: no finite optimum, and the infimum is the
    limit of ever weaker L2 penalties (scikit-learn, C = 1e8, on standardised features)."""
    from sklearn.preprocessing import StandardScaler

    ds = load_preset("wine")
    X = np.vstack([ds.X, ds.X[:1]])
    y = np.r_[ds.y, (ds.y[0] + 1) % 3]
    model = model_for(ds)
    optimum = find_optimum(model, X, y)
    assert_falls_along(model, X, y, optimum)
    Xs = StandardScaler().fit_transform(X)
    clf = LogisticRegression(C=1e8, tol=1e-12, max_iter=100_000).fit(Xs, y)
    weak = float(model.loss(np.r_[clf.coef_.ravel(), clf.intercept_][None], Xs, y)[0])
    assert weak * (1 - 1e-5) <= optimum.loss <= weak
