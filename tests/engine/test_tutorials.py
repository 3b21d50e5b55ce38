"""Recipes A, C (also with a DataLoader), E and F of the curriculum, run through the CLI, print the same costs and
parameters as the tutorial code run with plain torch. The reference is computed here by running
that torch code (in float64, so the comparison can be tight), never from remembered numbers."""
import json

import numpy as np
import torch
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

from engine import cli, data

RTOL = 1e-9


def run_cli(capsys, *argv):
    assert cli.main(["run", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def _tensors(name):
    dataset = data.load_preset(name)
    return torch.tensor(dataset.X), torch.tensor(dataset.y)


def test_recipe_a_simple_linear_regression(capsys):
    x_train, y_train = _tensors("line-30")
    W = torch.zeros(1, requires_grad=True, dtype=torch.float64)
    b = torch.zeros(1, requires_grad=True, dtype=torch.float64)
    optimizer = optim.SGD([W, b], lr=0.001)
    nb_epochs = 10000
    printed = {}
    for epoch in range(nb_epochs + 1):
        hypothesis = x_train[:, 0] * W + b
        cost = torch.mean((hypothesis - y_train) ** 2)
        if epoch % 1000 == 0:
            printed[epoch] = cost.item()
        if epoch == nb_epochs:
            break
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
    out = run_cli(capsys, "--preset", "line-30", "--opt", "gd:lr=0.001", "--epochs", str(nb_epochs))
    run = out["runs"][0]
    assert run["steps"] == nb_epochs and len(run["loss"]) == nb_epochs + 1
    for epoch, cost in printed.items():
        np.testing.assert_allclose(run["loss"][epoch], cost, rtol=RTOL)
    np.testing.assert_allclose(run["weight"], [[W.item()]], rtol=RTOL)
    np.testing.assert_allclose(run["bias"], [b.item()], rtol=RTOL)


def test_recipe_c_quiz_scores_low_level_and_nn_linear(capsys):
    x_train, y_train = _tensors("quiz-scores")
    W = torch.zeros((3, 1), requires_grad=True, dtype=torch.float64)
    b = torch.zeros(1, requires_grad=True, dtype=torch.float64)
    optimizer = optim.SGD([W, b], lr=1e-5)
    costs = []
    for epoch in range(20 + 1):
        hypothesis = x_train.matmul(W) + b
        cost = torch.mean((hypothesis[:, 0] - y_train) ** 2)
        costs.append(cost.item())
        if epoch == 20:
            break
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
    run = run_cli(capsys, "--preset", "quiz-scores", "--opt", "gd:lr=1e-5", "--epochs", "20")["runs"][0]
    np.testing.assert_allclose(run["loss"], costs, rtol=RTOL)
    np.testing.assert_allclose(run["weight"], W.detach().numpy().T, rtol=RTOL)
    np.testing.assert_allclose(run["bias"], b.detach().numpy(), rtol=RTOL)

    # the nn.Linear(3, 1) version with torch.manual_seed(1), 2000 epochs
    torch.manual_seed(1)
    model = torch.nn.Linear(3, 1).double()
    optimizer = optim.SGD(model.parameters(), lr=1e-5)
    costs = []
    for epoch in range(2000 + 1):
        cost = F.mse_loss(model(x_train)[:, 0], y_train)
        costs.append(cost.item())
        if epoch == 2000:
            break
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
    run = run_cli(capsys, "--preset", "quiz-scores", "--opt", "gd:lr=1e-5", "--epochs", "2000",
                  "--init", "torch", "--seed", "1")["runs"][0]
    np.testing.assert_allclose(run["loss"][::100], costs[::100], rtol=RTOL)
    np.testing.assert_allclose(run["weight"], model.weight.detach().numpy(), rtol=RTOL)
    np.testing.assert_allclose(run["bias"], model.bias.detach().numpy(), rtol=RTOL)


def test_recipe_c_with_a_dataloader_batch_size_2_shuffled(capsys):
    """The tutorial's mini-batch version: torch.manual_seed(1), nn.Linear(3, 1), a DataLoader with
    batch_size=2, shuffle=True and no generator, 21 epochs (range(nb_epochs + 1)). It prints each
    batch's cost before its update; the engine's history holds the whole set's cost after every
    update, and its final parameters: both agree with the tutorial's only if every batch is the same."""
    x_train, y_train = _tensors("quiz-scores")
    torch.manual_seed(1)
    model = torch.nn.Linear(3, 1).double()  # initialised in float32, as the tutorial's
    optimizer = optim.SGD(model.parameters(), lr=1e-5)
    dataloader = DataLoader(TensorDataset(x_train, y_train), batch_size=2, shuffle=True)
    printed, whole = [], [F.mse_loss(model(x_train)[:, 0], y_train).item()]
    for epoch in range(20 + 1):
        for x_batch, y_batch in dataloader:
            cost = F.mse_loss(model(x_batch)[:, 0], y_batch)
            printed.append(cost.item())
            optimizer.zero_grad()
            cost.backward()
            optimizer.step()
            with torch.no_grad():
                whole.append(F.mse_loss(model(x_train)[:, 0], y_train).item())
    run = run_cli(capsys, "--preset", "quiz-scores", "--opt", "sgd:lr=1e-5,batch=2", "--epochs", "21",
                  "--init", "torch", "--seed", "1", "--shuffle-rng", "global")["runs"][0]
    assert run["steps"] == 63 == len(printed)
    np.testing.assert_allclose(run["loss"], whole, rtol=RTOL)
    np.testing.assert_allclose(run["weight"], model.weight.detach().numpy(), rtol=RTOL)
    np.testing.assert_allclose(run["bias"], model.bias.detach().numpy(), rtol=RTOL)
    # and the default (a DataLoader seeded by its own generator) is a different, equally valid order
    own = run_cli(capsys, "--preset", "quiz-scores", "--opt", "sgd:lr=1e-5,batch=2", "--epochs", "21",
                  "--init", "torch", "--seed", "1")["runs"][0]
    assert not np.allclose(own["loss"], whole, rtol=1e-6)


def test_recipe_e_logistic_regression_2d(capsys):
    x_train, y_train = _tensors("logistic-2d")
    y_train = y_train.double().unsqueeze(1)
    torch.manual_seed(1)
    W = torch.zeros((2, 1), requires_grad=True, dtype=torch.float64)
    b = torch.zeros(1, requires_grad=True, dtype=torch.float64)
    optimizer = optim.SGD([W, b], lr=1)
    costs = []
    for epoch in range(1000 + 1):
        hypothesis = torch.sigmoid(x_train.matmul(W) + b)
        cost = F.binary_cross_entropy(hypothesis, y_train)
        costs.append(cost.item())
        if epoch == 1000:
            break
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
    run = run_cli(capsys, "--preset", "logistic-2d", "--opt", "gd:lr=1", "--epochs", "1000", "--seed", "1")["runs"][0]
    np.testing.assert_allclose(run["loss"], costs, rtol=RTOL)
    np.testing.assert_allclose(run["weight"], W.detach().numpy().T, rtol=RTOL)
    np.testing.assert_allclose(run["bias"], b.detach().numpy(), rtol=RTOL)
    prediction = (torch.sigmoid(x_train.matmul(W) + b) >= 0.5).double()
    assert (prediction == y_train).double().mean().item() == 1.0


def test_recipe_f_softmax_regression(capsys):
    x_train, y_train = _tensors("softmax-8")
    torch.manual_seed(1)
    model = torch.nn.Linear(4, 3).double()
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    printed = {}
    for epoch in range(1000 + 1):
        cost = F.cross_entropy(model(x_train), y_train)
        if epoch % 100 == 0:
            printed[epoch] = cost.item()
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
    # the tutorial's loop runs epochs 0..1000 inclusive: 1001 updates
    run = run_cli(capsys, "--preset", "softmax-8", "--opt", "gd:lr=0.1", "--epochs", "1001",
                  "--init", "torch", "--seed", "1")["runs"][0]
    for epoch, cost in printed.items():
        np.testing.assert_allclose(run["loss"][epoch], cost, rtol=RTOL)
    np.testing.assert_allclose(run["weight"], model.weight.detach().numpy(), rtol=RTOL)
    np.testing.assert_allclose(run["bias"], model.bias.detach().numpy(), rtol=RTOL)
