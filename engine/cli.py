"""The headless command line: the same engine the window uses, printing JSON.

    python main.py run (--preset NAME | --data FILE.csv [--target COL] [--task T] | --session FILE)
                       [--model linear|logistic|softmax] [--cost cross-entropy|mse] [--no-bias] [--standardize]
                       [--opt SPEC]... (--epochs E | --steps S) [--seed N]
                       [--init zeros|torch|start=v1,v2,...] [--save-session FILE]
    python main.py surface ... (see engine/surface_cli.py)
    python main.py export-script (--session FILE | the run arguments) [-o FILE.py]
    python main.py export-gif (--session FILE | the run arguments) -o FILE.gif [--size WxH] [--seconds S]
    python main.py analyze (--preset NAME | --data FILE.csv ...) [--at start|optimum] (engine/analyze_cli.py)
    python main.py sweep (--preset NAME | --data FILE.csv ...) --opt SPEC --lr LO:HI:K (--steps S | --epochs E)

Arguments become a ``SessionState`` first, which is what is raced and what ``--save-session``
writes; ``--session`` reads one back. So the same arguments and the same session print the same
JSON. Bad arguments or data: one line on stderr, exit code 2, no traceback.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Sequence

import numpy as np

from engine import data
from engine.cli_arguments import add_data_arguments, add_race_arguments
from engine.features import expanded, fit_features
from engine.functions import (
    function_dataset,
    function_model,
    is_function,
)
from engine.models import Model, model_for
from engine.race import (
    MAX_UPDATES,
    RunSpec,
    check_clip,
    initial_theta,
    parse_opt_spec,
)
from engine.run_output import finite_or_none, run_state  # noqa: F401  (analyze, sweep)


class UsageError(Exception):
    """A bad command line or bad data: reported in one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage over several lines; we want one
        if message.endswith("required: command"):
            message = ("say what to do: run, surface, analyze, sweep, export-script or export-gif "
                       "(add --help to any for its options)")
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="descent-lab", description="Descent Lab's headless engine: prints JSON.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = commands.add_parser("run", help="race optimisers and print their losses and parameters")
    add_race_arguments(run)
    run.add_argument("--save-session", metavar="FILE.dlab.json", help="also write the session these arguments describe")
    script = commands.add_parser("export-script", help="write the runs as a standalone PyTorch script")
    add_race_arguments(script)
    script.add_argument("-o", "--output", metavar="FILE.py", help="write the script here (default: print it)")
    gif = commands.add_parser("export-gif", help="film the race as an animated GIF")
    add_race_arguments(gif)
    gif.add_argument("-o", "--output", required=True, metavar="FILE.gif", help="write the animation here")
    gif.add_argument("--size", default="800x600", metavar="WxH",
                     help="in pixels, 320x240 to 1920x1080 (default 800x600)")
    gif.add_argument("--seconds", type=float, default=8.0, help="how long the film lasts (default 8)")
    from engine import surface_cli

    surface = commands.add_parser("surface", help="the loss over a plane of parameters, and the optimum")
    add_data_arguments(surface)
    surface.add_argument("--opt", action="append", default=[], metavar="SPEC",
                         help="runs whose trajectories define --plane pca or --at run=LABEL")
    surface_cli.add_surface_arguments(surface)
    from engine import analyze_cli

    analyze = commands.add_parser("analyze", help="the Hessian: which learning rates converge, and the best ones")
    add_data_arguments(analyze)
    analyze_cli.add_analyze_arguments(analyze)
    from engine import sweep_cli

    sweep = commands.add_parser("sweep", help="one optimiser at many learning rates: final cost against the rate")
    add_data_arguments(sweep)
    sweep_cli.add_sweep_arguments(sweep)
    return parser


def load_dataset(args) -> data.Dataset:
    if not (args.preset or args.data):
        raise UsageError("say which data to use: --preset NAME, --data FILE.csv, --function NAME or "
                         "--session FILE.dlab.json")
    if args.preset and (args.target is not None or args.task):
        raise UsageError("--target and --task describe a CSV file's columns: use them with --data, not --preset")
    if args.preset:
        dataset = data.load_preset(args.preset, seed=_seed(args))
    else:
        dataset = data.read_csv(args.data, target=_target(args.target), task=args.task)
    if args.test_fraction is not None or args.split_seed is not None:
        from engine.data.split import hold_out

        split_seed = _seed(args) if args.split_seed is None else args.split_seed
        dataset = hold_out(dataset, args.test_fraction or 0.0, split_seed)
    if args.standardize:
        dataset = data.standardize(dataset)[0]
    return dataset


def _seed(args) -> int:
    if args.seed is None:
        return 0
    if not 0 <= args.seed < 2**32:
        raise UsageError(f"--seed must be a whole number from 0 to {2**32 - 1}, not {args.seed}")
    return args.seed


def _target(text: str | None):
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return text


def build_model(args, dataset: data.Dataset) -> Model:
    try:
        return model_for(dataset, args.model, bias=not args.no_bias, cost=args.cost, l2=args.l2, l1=args.l1)
    except ValueError as error:
        raise UsageError(str(error)) from None


def parse_init(text: str | None, model: Model, seed: int) -> np.ndarray:
    text = text or "zeros"
    if text.startswith("start="):
        try:
            values = [float(v) for v in text[len("start="):].split(",")]
        except ValueError:
            raise UsageError(f"--init {text!r}: the start must be numbers separated by commas") from None
        return initial_theta(model, values)
    return initial_theta(model, text, seed)


def parse_runs(specs: Sequence[str]) -> list[RunSpec]:
    from engine.session.state import MAX_RUNS

    if len(specs) > MAX_RUNS:
        raise UsageError(f"{len(specs)} --opt runs: a race holds at most {MAX_RUNS}")
    runs = [parse_opt_spec(text, i) for i, text in enumerate(specs or ["gd"])]
    labels = [r.label for r in runs]
    if len(set(labels)) != len(labels):
        raise UsageError("two runs have the same label: give them label=... in --opt")
    return runs


def _length(args) -> tuple[str, int] | None:
    for unit in ("steps", "epochs"):
        value = getattr(args, unit, None)
        if value is not None:
            if value < 0:
                raise UsageError("--epochs/--steps must be 0 or more")
            if unit == "steps" and value > MAX_UPDATES:
                raise UsageError(f"--steps {value:,} is more than this app races: at most {MAX_UPDATES:,} updates per run")
            return unit, value
    return None


def function_model_start(args):
    """``--function``: the function, its placeholder data set and the start (``--start x,y``, or
    its own); the data set's options mean nothing for it."""
    given = [flag for flag, value in (("--model", args.model), ("--cost", args.cost), ("--no-bias", args.no_bias),
                                      ("--target", args.target),
                                      ("--task", args.task), ("--standardize", args.standardize),
                                      ("--init", args.init), ("--test-fraction", args.test_fraction is not None),
                                      ("--features", args.features), ("--l2", args.l2), ("--l1", args.l1),
                                      ("--split-seed", args.split_seed is not None)) if value]
    if given:
        raise UsageError(f"--function races on the function itself: drop {', '.join(given)}"
                         + (" (use --start X,Y for where it starts)" if "--init" in given else ""))
    model = function_model(args.function)
    start = model.default_start
    if args.start is not None:
        try:
            start = [float(v) for v in args.start.split(",")]
        except ValueError:
            raise UsageError(f"--start {args.start!r}: give two numbers x,y separated by a comma") from None
        if len(start) != 2 or not all(math.isfinite(v) for v in start):
            raise UsageError(f"--start {args.start!r}: give two finite numbers x,y")
    return function_dataset(model), model, np.array(start, dtype=np.float64)


def data_model_start(args) -> tuple[data.Dataset, Model, np.ndarray]:
    """What ``surface``, ``analyze`` and ``sweep`` read: the data (trainable), the model, the start."""
    return _data_model_start(args)[:3]


def _data_model_start(args):
    """``data_model_start`` and the feature expansion it fitted (None: the inputs as they are)."""
    if getattr(args, "function", None):
        return (*function_model_start(args), None)
    if getattr(args, "start", None) is not None:
        raise UsageError("--start is where a --function race starts; for data, use --init start=v1,v2,...")
    dataset = load_dataset(args)
    dataset.training.validate_for_training()
    features = fit_features(getattr(args, "features", None), dataset)
    model = build_model(args, expanded(dataset, features))
    return dataset, model, parse_init(args.init, model, _seed(args)), features


def training_model_start(args) -> tuple[data.Dataset, Model, np.ndarray]:
    """``data_model_start`` as the model sees it, training rows only: what ``surface``, ``analyze``
    and ``sweep`` fit."""
    dataset, model, start, features = _data_model_start(args)
    return expanded(dataset, features).training, model, start


def state_from_args(args):
    """The session the command line describes (data, model, runs, start, seed, length)."""
    from engine.session.data_handlers import state_for
    from engine.session.state import DataSource, Limit, SessionState, frozen_vector

    dataset, model, start, features = _data_model_start(args)
    seed = _seed(args)
    runs = parse_runs(args.opt)
    length = _length(args)
    if length is None:
        raise UsageError("one of the arguments --epochs --steps is required")
    unit, count = length
    if args.function:
        source = DataSource("function", model.title)
    else:
        source = DataSource("preset", args.preset) if args.preset else DataSource("file", dataset.name, args.data)
    try:
        clip = check_clip(args.clip)
    except ValueError as error:
        raise UsageError(f"--clip: {error}") from None
    state = state_for(dataset, source, model, runs, SessionState(seed=seed, shuffle_rng=args.shuffle_rng or "generator",
                                                                 limit=Limit(count, unit), clip=clip))
    keep_start = np.any(start) or is_function(model)
    if not is_function(model):
        state = state.with_(features=features)
    return state.with_(start=frozen_vector(start) if keep_start else None,
                       selected_sample=None if is_function(model) else state.selected_sample)


def state_from_session(args):
    from dataclasses import replace

    from engine.session import files
    from engine.session.state import Limit

    given = [flag for flag, value in (("--opt", args.opt), ("--model", args.model), ("--cost", args.cost),
                                      ("--init", args.init),
                                      ("--seed", args.seed), ("--target", args.target), ("--task", args.task),
                                      ("--no-bias", args.no_bias), ("--standardize", args.standardize),
                                      ("--start", args.start), ("--clip", args.clip is not None),
                                      ("--test-fraction", args.test_fraction is not None),
                                      ("--features", args.features), ("--l2", args.l2), ("--l1", args.l1),
                                      ("--split-seed", args.split_seed is not None)) if value]
    if given:
        raise UsageError(f"--session already holds the data, model, runs and seed: drop {', '.join(given)}")
    state = files.load(args.session)
    length = _length(args)
    if length is not None:
        state = replace(state, limit=Limit(length[1], length[0]))
    if args.shuffle_rng is not None:
        state = replace(state, shuffle_rng=args.shuffle_rng)
    state.dataset.validate_for_training()
    return state


def state_of(args):
    """The session ``run`` and ``export-script`` describe: ``--session FILE`` or the arguments."""
    return state_from_session(args) if getattr(args, "session", None) else state_from_args(args)


def run_command(args) -> dict:
    state = state_of(args)
    if getattr(args, "save_session", None):
        from engine.session import files

        files.save(state, args.save_session)
    threshold = getattr(args, "threshold", None)
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise UsageError(f"--threshold must be from 0 to 1, not {threshold}")
    return run_state(state, threshold)


def export_script_command(args) -> int:
    """``export-script``: the script on stdout, or in ``--output`` (one line says where)."""
    from engine.data.writing import write_whole
    from engine.script_export import pytorch_script

    text = pytorch_script(state_of(args))
    if not args.output:
        sys.stdout.write(text)
        return 0
    write_whole(args.output, lambda stream: stream.write(text), OSError)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def export_gif_command(args) -> int:
    """``export-gif``: the race raced to its limit, as the window would show it, then filmed."""
    from engine.session import Session
    from engine.session import messages as m

    size = args.size.lower().replace("×", "x").split("x")
    try:
        width, height = (int(v) for v in size)
    except ValueError:
        raise UsageError(f"--size {args.size!r}: give it as WIDTHxHEIGHT, e.g. 800x600") from None
    session = Session()
    session.apply(m.OpenSession(state_of(args)))
    if session.race is not None:  # a fresh race: every run raced to its limit
        session.apply(m.RunSteps(int(session.race.stop_at.max())))
    session.apply(m.ExportAnimation(args.output, width, height, args.seconds))
    for notice in session.take_notices():
        if notice.kind == "error":
            raise UsageError(str(notice.text))
        if notice.path == args.output:
            print(f"wrote {args.output}: {notice.text}", file=sys.stderr)
    return 0


# Options whose value may begin with "-" (a range, a start): argparse would take it for an option.
_VALUE_OPTIONS = ("--range", "--init", "--opt", "--target", "--plane", "--at", "--start", "--function")


def _join_values(argv: list[str]) -> list[str]:
    """``--range -1:3,-2:2`` as ``--range=-1:3,-2:2``, the form argparse reads."""
    out, i = [], 0
    while i < len(argv):
        token = argv[i]
        if token in _VALUE_OPTIONS and i + 1 < len(argv) and argv[i + 1].startswith("-") \
                and not argv[i + 1].startswith("--"):
            out.append(f"{token}={argv[i + 1]}")
            i += 2
        else:
            out.append(token)
            i += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    import warnings

    argv = _join_values(list(sys.argv[1:] if argv is None else argv))
    try:
        # a run that blows up is a lesson, not a warning: its status says "diverged"
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            args = build_parser().parse_args(argv)
            if args.command == "run":
                result = run_command(args)
            elif args.command == "export-script":
                return export_script_command(args)
            elif args.command == "export-gif":
                return export_gif_command(args)
            elif args.command == "sweep":
                from engine import sweep_cli

                result = sweep_cli.run_sweep(args, *training_model_start(args), _seed(args), _length(args))
            elif args.command == "analyze":
                from engine import analyze_cli

                result = analyze_cli.run_analyze(args, *training_model_start(args))
            else:
                from engine import surface_cli

                result = surface_cli.run_surface(args, *training_model_start(args),
                                                 parse_runs(args.opt) if args.opt else [])
    except (UsageError, ValueError, OSError) as error:  # DataError and SessionFileError are ValueErrors
        print(f"descent-lab: error: {_one_line(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("descent-lab: interrupted before any run had started", file=sys.stderr)
        return 130
    try:
        json.dump(result, sys.stdout, allow_nan=False)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        return 0
    if result.get("interrupted"):
        steps = max((run["steps"] for run in result["runs"]), default=0)
        print(f"descent-lab: interrupted at step {steps:,}: the runs as they were are printed above", file=sys.stderr)
        return 130
    return 0


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 400 else text[:399] + "…"


if __name__ == "__main__":
    sys.exit(main())
