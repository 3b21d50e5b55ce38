"""The batched closed-form losses and gradients against torch.nn.functional and autograd."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from engine.models import Model

RTOL = 1e-10


def _data(kind, n=40, d=3, classes=4, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * 2
    if kind == "linear":
        y = X @ rng.normal(size=d) + rng.normal(size=n)
    else:
        y = rng.integers(0, classes if kind == "softmax" else 2, size=n)
    return X, y


def _torch_loss(model, theta, X, y, weights=None):
    """The same cost written with torch.nn.functional, the oracle."""
    t = torch.tensor(theta, requires_grad=True)
    W = t[: model.n_weights].reshape(model.n_outputs, model.n_features)
    b = t[model.n_weights :] if model.bias else torch.zeros(model.n_outputs, dtype=torch.float64)
    z = F.linear(torch.tensor(X), W, b)
    reduction = "mean" if weights is None else "none"
    if model.kind == "linear":
        per = F.mse_loss(z[:, 0], torch.tensor(y, dtype=torch.float64), reduction=reduction)
    elif model.kind == "logistic":
        per = F.binary_cross_entropy_with_logits(z[:, 0], torch.tensor(y, dtype=torch.float64), reduction=reduction)
    else:
        per = F.cross_entropy(z, torch.tensor(y), reduction=reduction)
    loss = per if weights is None else (per * torch.tensor(weights)).sum()
    loss.backward()
    return loss.item(), t.grad.numpy()


@pytest.mark.parametrize("kind,classes", [("linear", 1), ("logistic", 1), ("softmax", 4)])
@pytest.mark.parametrize("bias", [True, False])
def test_loss_and_grad_match_torch(kind, classes, bias):
    X, y = _data(kind)
    model = Model(kind, X.shape[1], classes, bias=bias)
    theta = np.random.default_rng(1).normal(size=(7, model.n_params)) * 3
    loss, grad = model.loss_and_grad(theta, X, y)
    assert loss.shape == (7,) and grad.shape == (7, model.n_params)
    for k in range(7):
        ref_loss, ref_grad = _torch_loss(model, theta[k], X, y)
        np.testing.assert_allclose(loss[k], ref_loss, rtol=RTOL)
        np.testing.assert_allclose(grad[k], ref_grad, rtol=RTOL, atol=1e-13)
    np.testing.assert_allclose(model.loss(theta, X, y), loss, rtol=0)
    np.testing.assert_allclose(model.grad(theta, X, y), grad, rtol=0)


@pytest.mark.parametrize("kind,classes", [("linear", 1), ("logistic", 1), ("softmax", 3)])
def test_per_run_sample_weights_give_each_run_its_minibatch(kind, classes):
    """A row of weights 1/b on b samples is the mean over that mini-batch: what a race uses."""
    X, y = _data(kind, n=12, classes=3)
    model = Model(kind, X.shape[1], classes)
    theta = np.random.default_rng(2).normal(size=(3, model.n_params))
    weights = np.zeros((3, 12))
    weights[0, [1, 5]] = 0.5
    weights[1, 7] = 1.0
    weights[2] = 1 / 12
    loss, grad = model.loss_and_grad(theta, X, y, weights)
    for k in range(3):
        ref_loss, ref_grad = _torch_loss(model, theta[k], X, y, weights[k])
        np.testing.assert_allclose(loss[k], ref_loss, rtol=RTOL)
        np.testing.assert_allclose(grad[k], ref_grad, rtol=RTOL, atol=1e-13)
    full, _ = model.loss_and_grad(theta, X, y, weights, full_loss=True)
    np.testing.assert_allclose(full, model.loss(theta, X, y), rtol=1e-14)


def test_logistic_is_stable_for_huge_logits():
    """|z| in the thousands: no overflow, no NaN, and the same value as torch."""
    X = np.array([[-3000.0], [-1000.0], [2.0], [1000.0], [4000.0]])
    y = np.array([1, 0, 1, 1, 0])
    model = Model("logistic", 1)
    theta = np.array([[1.0, 0.5], [-2.0, 0.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss, grad = model.loss_and_grad(theta, X, y)
        proba = model.predict_proba(theta, X)
    assert np.all(np.isfinite(loss)) and np.all(np.isfinite(grad))
    assert np.all((proba >= 0) & (proba <= 1))
    for k in range(2):
        ref_loss, ref_grad = _torch_loss(model, theta[k], X, y)
        np.testing.assert_allclose(loss[k], ref_loss, rtol=RTOL)
        np.testing.assert_allclose(grad[k], ref_grad, rtol=RTOL)


def test_softmax_is_stable_for_huge_logits():
    X = np.array([[1000.0, -2000.0], [-3000.0, 5.0]])
    y = np.array([0, 2])
    model = Model("softmax", 2, 3)
    theta = np.random.default_rng(3).normal(size=(2, model.n_params))
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss, grad = model.loss_and_grad(theta, X, y)
    for k in range(2):
        ref_loss, ref_grad = _torch_loss(model, theta[k], X, y)
        np.testing.assert_allclose(loss[k], ref_loss, rtol=RTOL)
        np.testing.assert_allclose(grad[k], ref_grad, rtol=RTOL)


def test_predict_proba_matches_torch():
    X, y = _data("softmax", classes=3)
    model = Model("softmax", 3, 3)
    theta = np.random.default_rng(4).normal(size=(2, model.n_params))
    proba = model.predict_proba(theta, X)
    assert proba.shape == (2, len(X), 3)
    for k in range(2):
        W = torch.tensor(theta[k, :9]).reshape(3, 3)
        b = torch.tensor(theta[k, 9:])
        ref = F.softmax(F.linear(torch.tensor(X), W, b), dim=1).numpy()
        np.testing.assert_allclose(proba[k], ref, rtol=1e-12)
    np.testing.assert_array_equal(model.predict(theta, X), proba.argmax(-1))
    logistic = Model("logistic", 3)
    theta = np.random.default_rng(5).normal(size=(1, 4))
    ref = torch.sigmoid(torch.tensor(X) @ torch.tensor(theta[0, :3]) + theta[0, 3]).numpy()
    np.testing.assert_allclose(logistic.predict_proba(theta, X)[0], ref, rtol=1e-12)


def test_tutorial_low_level_cross_entropy_equals_f_cross_entropy():
    """The tutorial's hand-written cost (one-hot by scatter, explicit log) and F.cross_entropy
    give the same number, and so does the engine."""
    x_train = torch.tensor([[1, 2, 1, 1], [2, 1, 3, 2], [3, 1, 3, 4], [4, 1, 5, 5],
                            [1, 7, 5, 5], [1, 2, 5, 6], [1, 6, 6, 6], [1, 7, 7, 7]], dtype=torch.float64)
    y_train = torch.tensor([2, 2, 2, 1, 1, 1, 0, 0])
    torch.manual_seed(1)
    W = torch.randn(4, 3, dtype=torch.float64)
    b = torch.randn(3, dtype=torch.float64)
    hypothesis = F.softmax(x_train.matmul(W) + b, dim=1)
    y_one_hot = torch.zeros_like(hypothesis).scatter_(1, y_train.unsqueeze(1), 1)
    low_level = (y_one_hot * -torch.log(hypothesis)).sum(dim=1).mean()
    high_level = F.cross_entropy(x_train.matmul(W) + b, y_train)
    assert abs(low_level.item() - high_level.item()) < 1e-12
    model = Model("softmax", 4, 3)
    theta = model.pack(W.T.numpy()[None], b.numpy()[None])  # tutorial's W is [in, out]
    engine = model.loss(theta, x_train.numpy(), y_train.numpy())[0]
    np.testing.assert_allclose(engine, low_level.item(), rtol=1e-12)


def test_parameter_layout_is_nn_linear():
    model = Model("softmax", 2, 3)
    assert model.param_names() == ["weight[0,0]", "weight[0,1]", "weight[1,0]", "weight[1,1]",
                                   "weight[2,0]", "weight[2,1]", "bias[0]", "bias[1]", "bias[2]"]
    layer = torch.nn.Linear(2, 3).double()
    theta = np.concatenate([layer.weight.detach().numpy().ravel(), layer.bias.detach().numpy()])[None]
    X = np.random.default_rng(0).normal(size=(5, 2))
    np.testing.assert_allclose(model.logits(theta, X)[0], layer(torch.tensor(X)).detach().numpy(), rtol=1e-13)
    assert Model("linear", 3, bias=False).n_params == 3
    with pytest.raises(ValueError, match="parameter"):
        model.param_index("weight[5,5]")
    with pytest.raises(ValueError):
        Model("logistic", 2, 3)
