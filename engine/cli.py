"""The headless command line: the same engine the window uses, printing JSON.

    python main.py run (--preset NAME | --data FILE.csv [--target COL] [--task T])
                       [--model linear|logistic|softmax] [--no-bias] [--standardize]
                       [--opt SPEC]... (--epochs E | --steps S) [--seed N]
                       [--init zeros|torch|start=v1,v2,...]
    python main.py surface ... (see engine/surface_cli.py)

Bad arguments or data: one line on stderr, exit code 2, no traceback.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Sequence

import numpy as np

from engine import data
from engine.models import KIND_OF_TASK, Model
from engine.race import Race, RunSpec, initial_theta, parse_opt_spec


class UsageError(Exception):
    """A bad command line or bad data: reported in one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage over several lines; we want one
        raise UsageError(message)


def _add_data_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--preset", choices=data.PRESETS, metavar="NAME", help="a shipped data set")
    source.add_argument("--data", metavar="FILE.csv", help="a CSV file")
    parser.add_argument("--target", help="the CSV's target column (name or index; default: the last)")
    parser.add_argument("--task", choices=data.TASKS, help="regression, binary or multiclass (default: inferred)")
    parser.add_argument("--model", choices=("linear", "logistic", "softmax"), help="default: from the task")
    parser.add_argument("--no-bias", action="store_true", help="a model without bias")
    parser.add_argument("--standardize", action="store_true", help="standardise every feature to mean 0, std 1")
    parser.add_argument("--seed", type=int, default=0, help="seed for generated data, init and shuffling")
    parser.add_argument("--init", default="zeros", help="zeros | torch | start=v1,v2,... (default zeros)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="descent-lab", description="Descent Lab's headless engine: prints JSON.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = commands.add_parser("run", help="race optimisers and print their losses and parameters")
    _add_data_arguments(run)
    run.add_argument("--opt", action="append", default=[], metavar="SPEC",
                     help="name:key=value,... e.g. adam:lr=0.1,batch=8 (repeat for a race)")
    length = run.add_mutually_exclusive_group(required=True)
    length.add_argument("--epochs", type=int, help="passes over the data for every run")
    length.add_argument("--steps", type=int, help="updates for every run")
    try:
        from engine import surface_cli
    except ImportError:  # the surface engine is optional for the run command
        surface_cli = None
    if surface_cli is not None:
        surface = commands.add_parser("surface", help="the loss over a plane of parameters, and the optimum")
        _add_data_arguments(surface)
        surface.add_argument("--opt", action="append", default=[], metavar="SPEC",
                             help="runs whose trajectories define --plane pca or --at run=LABEL")
        surface_cli.add_surface_arguments(surface)
    return parser


def load_dataset(args) -> data.Dataset:
    if args.preset:
        dataset = data.load_preset(args.preset, seed=args.seed)
    else:
        dataset = data.read_csv(args.data, target=_target(args.target), task=args.task)
    if args.standardize:
        dataset = data.standardize(dataset)[0]
    return dataset


def _target(text: str | None):
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return text


def build_model(args, dataset: data.Dataset) -> Model:
    kind = args.model or KIND_OF_TASK[dataset.task]
    if kind == "logistic" and dataset.task != "binary":
        raise UsageError(f"logistic regression needs two classes; {dataset.name} is {dataset.task}")
    if kind == "softmax" and dataset.task == "regression":
        raise UsageError(f"softmax regression needs classes; {dataset.name} is a regression data set")
    n_classes = dataset.n_classes if kind == "softmax" else 1
    return Model(kind, dataset.d, n_classes, bias=not args.no_bias)


def parse_init(text: str, model: Model, seed: int) -> np.ndarray:
    if text.startswith("start="):
        try:
            values = [float(v) for v in text[len("start="):].split(",")]
        except ValueError:
            raise UsageError(f"--init {text!r}: the start must be numbers separated by commas") from None
        return initial_theta(model, values)
    return initial_theta(model, text, seed)


def parse_runs(specs: Sequence[str]) -> list[RunSpec]:
    runs = [parse_opt_spec(text, i) for i, text in enumerate(specs or ["gd"])]
    labels = [r.label for r in runs]
    if len(set(labels)) != len(labels):
        raise UsageError("two runs have the same label: give them label=... in --opt")
    return runs


def run_command(args) -> dict:
    dataset = load_dataset(args)
    dataset.validate_for_training()
    model = build_model(args, dataset)
    start = parse_init(args.init, model, args.seed)
    runs = parse_runs(args.opt)
    race = Race(model, dataset.X, dataset.y, runs, start, seed=args.seed)
    length = args.epochs if args.epochs is not None else args.steps
    if length is None or length < 0:
        raise UsageError("--epochs/--steps must be 0 or more")
    if args.epochs is not None:
        race.stop_at[:] = args.epochs * race._batches_per_epoch()
    else:
        race.stop_at[:] = args.steps
    while race.active.any():
        race.step(min(1000, int((race.stop_at - race.steps)[race.active].max())))
    return {
        "dataset": {"name": dataset.name, "n": dataset.n, "d": dataset.d, "task": dataset.task},
        "runs": [_run_json(race, k) for k in range(race.k)],
    }


def _run_json(race: Race, k: int) -> dict:
    spec = race.runs[k]
    weight, bias = race.model.unpack(race.theta[k][None])
    diverged = race.diverged_at[k] >= 0
    return {
        "label": spec.label,
        "optimizer": spec.optimizer,
        "hyper": spec.hyper,
        "batch": int(race._size[k]),
        "steps": int(race.steps[k]),
        "loss": [_finite_or_none(v) for v in race.loss_history(k)],
        "weight": weight[0].tolist(),
        "bias": bias[0].tolist() if race.model.bias else None,
        "status": "diverged" if diverged else "ok",
        "diverged_at": int(race.diverged_at[k]) if diverged else None,
    }


def _finite_or_none(value: float):
    return float(value) if math.isfinite(value) else None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        if args.command == "run":
            result = run_command(args)
        else:
            from engine import surface_cli

            dataset = load_dataset(args)
            dataset.validate_for_training()
            model = build_model(args, dataset)
            start = parse_init(args.init, model, args.seed)
            result = surface_cli.run_surface(args, dataset, model, start, parse_runs(args.opt) if args.opt else [])
    except (UsageError, ValueError, OSError) as error:  # DataError is a ValueError
        print(f"descent-lab: error: {error}", file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, allow_nan=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
