"""Race speed: the batched engine against the tutorial style, in one process.

The same 6 optimisers (GD, Momentum, Adagrad, RMSprop, Adam, AdamW) run the same number of
full-batch steps two ways:
- engine:   one Race of 6 runs (one batched forward pass and one optimiser-bank call per step,
            recording every run's training-set cost and parameters at every step);
- tutorial: one nn.Linear + torch.optim loop per optimiser, as the course writes it
            (forward, loss, zero_grad, backward, step).
It prints steps per second per trajectory for each (trajectory-steps per second divided by the
number of trajectories: both produce the same 6 trajectories) and their ratio, best of several repeats
(this machine is shared, so the best repeat is the least disturbed one).

    python bench/race.py [--repeats 5] [--steps 1000]
"""
from __future__ import annotations

import argparse
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from engine import data  # noqa: E402
from engine.models import Model  # noqa: E402
from engine.race import Race, parse_opt_spec  # noqa: E402

SPECS = {
    "gd": ("gd:lr=0.001", lambda p: torch.optim.SGD(p, lr=0.001)),
    "momentum": ("momentum:lr=0.001", lambda p: torch.optim.SGD(p, lr=0.001, momentum=0.9)),
    "adagrad": ("adagrad:lr=0.1", lambda p: torch.optim.Adagrad(p, lr=0.1)),
    "rmsprop": ("rmsprop:lr=0.01", lambda p: torch.optim.RMSprop(p, lr=0.01)),
    "adam": ("adam:lr=0.01", lambda p: torch.optim.Adam(p, lr=0.01)),
    "adamw": ("adamw:lr=0.01", lambda p: torch.optim.AdamW(p, lr=0.01)),
}
DATASETS = ("line-30", "softmax-8", "wine")


def engine_seconds(dataset: data.Dataset, steps: int) -> float:
    kind = "linear" if dataset.task == "regression" else "softmax"
    model = Model(kind, dataset.d, dataset.n_classes if kind == "softmax" else 1)
    runs = [parse_opt_spec(spec, i) for i, (spec, _) in enumerate(SPECS.values())]
    race = Race(model, dataset.X, dataset.y, runs, np.zeros(model.n_params))
    race.step(20)  # warm up
    start = time.perf_counter()
    race.step(steps)
    return time.perf_counter() - start


def tutorial_seconds(dataset: data.Dataset, steps: int) -> float:
    regression = dataset.task == "regression"
    x_train = torch.tensor(dataset.X, dtype=torch.float32)
    y_train = torch.tensor(dataset.y, dtype=torch.float32).unsqueeze(1) if regression else torch.tensor(dataset.y)
    total = 0.0
    for _, make_optimizer in SPECS.values():
        torch.manual_seed(1)
        model = torch.nn.Linear(dataset.d, 1 if regression else dataset.n_classes)
        optimizer = make_optimizer(model.parameters())
        for epoch in range(steps + 20):
            if epoch == 20:  # warm up, then time
                start = time.perf_counter()
            prediction = model(x_train)
            cost = F.mse_loss(prediction, y_train) if regression else F.cross_entropy(prediction, y_train)
            optimizer.zero_grad()
            cost.backward()
            optimizer.step()
        total += time.perf_counter() - start
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()
    k = len(SPECS)
    print(f"{k} optimisers x {args.steps} full-batch steps, best of {args.repeats}; torch threads {torch.get_num_threads()}")
    print(f"{'data set':<10} {'N x D -> C':<14} {'engine steps/s/traj':>20} {'tutorial steps/s/traj':>22} {'ratio':>7}")
    for name in DATASETS:
        dataset = data.load_preset(name)
        engine = min(engine_seconds(dataset, args.steps) for _ in range(args.repeats))
        tutorial = min(tutorial_seconds(dataset, args.steps) for _ in range(args.repeats))
        # Both produce k trajectories of `steps` steps: throughput divided by the trajectories.
        engine_rate = k * args.steps / engine / k
        tutorial_rate = k * args.steps / tutorial / k
        shape = f"{dataset.n}x{dataset.d}->{dataset.n_classes}"
        print(f"{name:<10} {shape:<14} {engine_rate:>20,.0f} {tutorial_rate:>22,.0f} {engine_rate / tutorial_rate:>6.1f}x"
              f"   (one step of all {k}: engine {engine / args.steps * 1e6:.0f} us,"
              f" tutorial {tutorial / args.steps / k * 1e6:.0f} us per optimiser)")


if __name__ == "__main__":
    main()
