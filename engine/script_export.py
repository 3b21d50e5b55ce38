"""A session's runs as a standalone PyTorch script, written the way the course writes it.

The data as tensors, ``nn.Linear``, the cost from ``torch.nn.functional``, ``torch.optim`` with the
run's hyper-parameters, and for mini-batch runs a ``DataLoader`` seeded as the app shuffles
(``engine/race.py``: the same batches, epoch after epoch). Run as it is, the script prints for each
run a line ``step {i} cost {c:.10g}`` every k steps (at most 100 lines; the full training-set cost
after i updates, as the app's ``loss[i]``) and at the end the final weight and bias, so a student
can check it against the app's numbers. Its comments are in the interface's language (``shown``
words them: the window's translation, or English); the printed lines never change.
"""
from __future__ import annotations

import numpy as np

from engine.functions import is_function
from engine.optimizers.hypers import torch_equivalent
from engine.race import Race
from engine.words import translate

COSTS = {
    "linear": ("F.mse_loss(model(x)[:, 0], y)", translate("Script", "linear regression, mean squared error (MSE)")),
    "logistic": ("F.binary_cross_entropy(torch.sigmoid(model(x)[:, 0]), y)",
                 translate("Script", "logistic regression, binary cross-entropy")),
    "softmax": ("F.cross_entropy(model(x), y)", translate("Script", "softmax regression, cross-entropy")),
    "logistic-mse": ("F.mse_loss(torch.sigmoid(model(x)[:, 0]), y)",
                     translate("Script", "logistic regression trained on MSE of the sigmoid (not convex)")),
}


def _tensor(values: np.ndarray, integer: bool = False) -> str:
    if integer:
        return f"torch.tensor({np.asarray(values, dtype=np.int64).tolist()})"
    return f"torch.tensor({np.asarray(values, dtype=np.float64).tolist()!r})"


def report_every(steps: int) -> int:
    """k such that the steps 0, k, 2k, ... up to ``steps`` make at most 100 lines."""
    return max(1, -(-steps // 99))


def pytorch_script(state, shown=str) -> str:
    model, ds = state.model, state.dataset
    if ds is not None and not is_function(model):  # what the app trains on: the training rows, features expanded
        ds = state.training
    if model.kind == "function":
        raise ValueError(translate("Script", "A PyTorch script is written for a data set's model; a race on a "
                                             "function has none to write."))
    weight, bias = model.unpack(np.asarray(state.start_theta, dtype=np.float64)[None])
    cost, cost_name = COSTS["logistic-mse" if model.sigmoid_mse else model.kind]
    integer_y = model.kind == "softmax"
    # each run's length by the race's own rule (epochs of its own batches, the update cap)
    race = Race(model, ds.X, ds.y, state.specs, state.start_theta, seed=state.seed, shuffle_rng=state.shuffle_rng)
    lengths = race.limit_steps(**{state.limit.unit: state.limit.count})
    global_rng = state.shuffle_rng == "global" and any(
        spec.batch is not None and spec.batch < ds.n and spec.shuffle for spec in state.specs)
    if global_rng:  # as the course's scripts: seed torch, build nn.Linear, and a DataLoader with no generator
        build = [f"    torch.manual_seed({int(state.seed)})  # "
                 + shown(translate("Script", "the DataLoaders shuffle with the global generator")),
                 f"    model = nn.Linear({model.n_features}, {model.n_outputs}, bias={model.bias}, "
                 "dtype=torch.float32).double()"]
    else:
        build = [f"    model = nn.Linear({model.n_features}, {model.n_outputs}, bias={model.bias})"]
    lines = [
        '"""' + shown(translate("Script", "{name}: {model} with {runs} optimiser(s), in plain PyTorch.").format(
            name=ds.name, model=cost_name, runs=len(state.specs))),
        "",
        shown(translate("Script", "Written by Descent Lab. Run it: python this_file.py")),
        shown(translate("Script", "Each run prints the cost on the whole training set every few steps, then its "
                                  "weight and bias.")),
        '"""',
        "import torch",
        "import torch.nn as nn",
        "import torch.nn.functional as F",
        "from torch.utils.data import DataLoader, TensorDataset",
        "",
        "torch.set_default_dtype(torch.float64)  # " + shown(translate("Script", "the app computes in float64")),
        "",
        "# " + shown(translate("Script", "the data: {n} samples, {d} feature(s) ({features}), target {target}").format(
            n=ds.n, d=ds.d, features=", ".join(ds.feature_names), target=ds.target_name)),
        f"x_train = {_tensor(ds.X)}",
        f"y_train = {_tensor(ds.y, integer_y)}",
        "",
        "# " + shown(translate("Script", "every run starts from the same point")),
        f"start_weight = {_tensor(weight[0])}",
        f"start_bias = {_tensor(bias[0]) if model.bias else 'None'}",
        "",
        "",
        "def cost_of(model, x, y):",
        f"    return {cost}{_penalty(model)}",
        "",
        "",
        "def new_model():",
        *build,
        "    with torch.no_grad():",
        "        model.weight.copy_(start_weight)",
        "        if start_bias is not None:",
        "            model.bias.copy_(start_bias)",
        "    return model",
        "",
        "",
        "def report(step, model, every, steps):",
        "    if step % every == 0 or step == steps:",
        "        with torch.no_grad():",
        "            print(f\"step {step} cost {cost_of(model, x_train, y_train).item():.10g}\")",
        "",
    ]
    for spec, steps in zip(state.specs, lengths.tolist()):
        class_name, kwargs = torch_equivalent(spec.optimizer, spec.hyper)
        every = report_every(steps)
        arguments = ", ".join(f"{key}={value!r}" for key, value in kwargs.items())
        mini = spec.batch is not None and spec.batch < ds.n
        lines += [
            "",
            f"# -- {spec.label}: torch.optim.{class_name}, "
            + shown(translate("Script", "mini-batches of {batch}, {steps} steps").format(batch=spec.batch, steps=steps)
                    if mini else translate("Script", "the whole data set at every step (full batch), {steps} "
                                                     "steps").format(steps=steps)),
            f"print(\"run {spec.label}\")",
            "model = new_model()",
            f"optimizer = torch.optim.{class_name}(model.parameters(), {arguments})",
            f"steps, every = {steps}, {every}",
            "report(0, model, every, steps)",
        ]
        if mini:
            lines += [
                f"loader = DataLoader(TensorDataset(x_train, y_train), batch_size={spec.batch}, "
                f"shuffle={spec.shuffle}, drop_last={spec.drop_last}"
                + (")" if global_rng else ","),
                *([] if global_rng
                  else [f"                    generator=torch.Generator().manual_seed({int(state.seed)}))"]),
                "step = 0",
                "while step < steps:",
                "    for x_batch, y_batch in loader:  # " + shown(translate("Script", "one epoch")),
                "        optimizer.zero_grad()",
                "        cost_of(model, x_batch, y_batch).backward()",
                "        optimizer.step()",
                "        step += 1",
                "        report(step, model, every, steps)",
                "        if step == steps:",
                "            break",
            ]
        else:
            lines += [
                "for step in range(1, steps + 1):",
                "    optimizer.zero_grad()",
                "    cost_of(model, x_train, y_train).backward()",
                "    optimizer.step()",
                "    report(step, model, every, steps)",
            ]
        lines += [
            "print(\"weight\", model.weight.detach().tolist())",
            "print(\"bias\", model.bias.detach().tolist() if model.bias is not None else None)",
        ]
    return "\n".join(lines) + "\n"


def _penalty(model) -> str:
    """The weight penalty as the script adds it to the cost (the bias is not penalised)."""
    terms = ""
    if model.l2:
        terms += f" + {model.l2!r} * model.weight.pow(2).sum()"
    if model.l1:
        terms += f" + {model.l1!r} * model.weight.abs().sum()"
    return terms
