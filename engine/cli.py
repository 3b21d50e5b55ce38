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
from engine.features import expanded
from engine.functions import NAMED_FUNCTIONS, function_dataset, function_model, is_function
from engine.models import COSTS, KINDS, Model, model_for
from engine.race import MAX_UPDATES, SHUFFLE_RNGS, Race, RunSpec, check_clip, initial_theta, parse_opt_spec


class UsageError(Exception):
    """A bad command line or bad data: reported in one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage over several lines; we want one
        if message.endswith("required: command"):
            message = ("say what to do: run, surface, analyze, sweep, export-script or export-gif "
                       "(add --help to any for its options)")
        raise UsageError(message)


def _add_data_arguments(parser: argparse.ArgumentParser, session: bool = False) -> None:
    source = parser.add_mutually_exclusive_group(required=not session)
    source.add_argument("--preset", choices=data.PRESETS, metavar="NAME", help="a shipped data set")
    source.add_argument("--data", metavar="FILE.csv", help="a CSV file")
    source.add_argument("--function", metavar="NAME_OR_FORMULA",
                        help="race on a function of (x, y) instead of data: "
                             f"{', '.join(NAMED_FUNCTIONS)} (quadratic:K for condition number K), "
                             "or a formula such as '(1 - x)**2 + 100*(y - x**2)**2'")
    if session:
        source.add_argument("--session", metavar="FILE.dlab.json", help="a saved session: data, model, runs, start, seed")
    parser.add_argument("--target", help="the CSV's target column (name or index; default: the last)")
    parser.add_argument("--task", choices=data.TASKS, help="regression, binary or multiclass (default: inferred)")
    parser.add_argument("--model", choices=KINDS, help="default: from the task")
    parser.add_argument("--cost", choices=COSTS, help="what the model is trained on: cross-entropy, or mse "
                                                      "(for logistic, MSE on the sigmoid: not convex); "
                                                      "default: the model's own")
    parser.add_argument("--no-bias", action="store_true", help="a model without bias")
    parser.add_argument("--l2", type=float, default=0.0, metavar="LAMBDA",
                        help="add LAMBDA * sum of the weights squared to the cost (ridge; the bias is not penalised)")
    parser.add_argument("--l1", type=float, default=0.0, metavar="LAMBDA",
                        help="add LAMBDA * sum of the weights' absolute values to the cost (lasso; not the bias)")
    parser.add_argument("--standardize", action="store_true",
                        help="standardise every feature to mean 0, std 1 (over the training rows when a test set "
                             "is held out)")
    parser.add_argument("--test-fraction", type=float, default=None, metavar="F",
                        help="hold out this fraction of the rows (0 to 0.5) as a test set, stratified for classes: "
                             "the runs train on the rest")
    parser.add_argument("--features", metavar="poly:D|cross:D",
                        help="expand the inputs: poly:D, the powers 1..D of one standardised input (polynomial "
                             "regression); cross:D, every monomial of two standardised inputs up to degree D")
    parser.add_argument("--split-seed", type=int, default=None, metavar="N",
                        help="seed of the train/test split (default: --seed)")
    parser.add_argument("--seed", type=int, default=None, help="seed for generated data, init and shuffling (default 0)")
    parser.add_argument("--init", default=None, help="zeros | torch | start=v1,v2,... (default zeros)")
    parser.add_argument("--start", metavar="X,Y", help="with --function: where the runs start (default: the "
                                                        "function's own start)")
    parser.add_argument("--clip", type=float, metavar="C", help="clip every run's gradient to norm C, as "
                                                                  "torch.nn.utils.clip_grad_norm_ (default: no clipping)")


def _add_race_arguments(parser) -> None:
    """What ``run`` and ``export-script`` both read: the data (or a session), the runs, the length."""
    _add_data_arguments(parser, session=True)
    parser.add_argument("--opt", action="append", default=[], metavar="SPEC",
                        help="name:key=value,... e.g. adam:lr=0.1,batch=8 (repeat for a race)")
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--epochs", type=int, help="passes over the data for every run")
    length.add_argument("--steps", type=int, help="updates for every run")
    parser.add_argument("--shuffle-rng", choices=SHUFFLE_RNGS, default=None,
                        help="where shuffled mini-batches draw their order: each run's own "
                             "torch.Generator().manual_seed(seed) (default), or torch's global generator after "
                             "torch.manual_seed(seed) and nn.Linear, as a DataLoader without a generator does")
    parser.add_argument("--threshold", type=float, default=None, metavar="T",
                        help="classification: add each run's accuracy and confusion (two classes: also precision "
                             "and recall) on the training and test rows, at this threshold on P(class 1) (default 0.5)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="descent-lab", description="Descent Lab's headless engine: prints JSON.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = commands.add_parser("run", help="race optimisers and print their losses and parameters")
    _add_race_arguments(run)
    run.add_argument("--save-session", metavar="FILE.dlab.json", help="also write the session these arguments describe")
    script = commands.add_parser("export-script", help="write the runs as a standalone PyTorch script")
    _add_race_arguments(script)
    script.add_argument("-o", "--output", metavar="FILE.py", help="write the script here (default: print it)")
    gif = commands.add_parser("export-gif", help="film the race as an animated GIF")
    _add_race_arguments(gif)
    gif.add_argument("-o", "--output", required=True, metavar="FILE.gif", help="write the animation here")
    gif.add_argument("--size", default="800x600", metavar="WxH",
                     help="in pixels, 320x240 to 1920x1080 (default 800x600)")
    gif.add_argument("--seconds", type=float, default=8.0, help="how long the film lasts (default 8)")
    from engine import surface_cli

    surface = commands.add_parser("surface", help="the loss over a plane of parameters, and the optimum")
    _add_data_arguments(surface)
    surface.add_argument("--opt", action="append", default=[], metavar="SPEC",
                         help="runs whose trajectories define --plane pca or --at run=LABEL")
    surface_cli.add_surface_arguments(surface)
    from engine import analyze_cli

    analyze = commands.add_parser("analyze", help="the Hessian: which learning rates converge, and the best ones")
    _add_data_arguments(analyze)
    analyze_cli.add_analyze_arguments(analyze)
    from engine import sweep_cli

    sweep = commands.add_parser("sweep", help="one optimiser at many learning rates: final cost against the rate")
    _add_data_arguments(sweep)
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
    if getattr(args, "function", None):
        return function_model_start(args)
    if getattr(args, "start", None) is not None:
        raise UsageError("--start is where a --function race starts; for data, use --init start=v1,v2,...")
    dataset = load_dataset(args)
    dataset.training.validate_for_training()
    model = build_model(args, expanded(dataset, _features(args, dataset)))
    return dataset, model, parse_init(args.init, model, _seed(args))


def _features(args, dataset):
    from engine.features import fit_features

    return fit_features(getattr(args, "features", None), dataset)


def training_model_start(args) -> tuple[data.Dataset, Model, np.ndarray]:
    """``data_model_start`` as the model sees it, training rows only: what ``surface``, ``analyze``
    and ``sweep`` fit."""
    dataset, model, start = data_model_start(args)
    return expanded(dataset, _features(args, dataset)).training, model, start


def state_from_args(args):
    """The session the command line describes (data, model, runs, start, seed, length)."""
    from engine.session.data_handlers import state_for
    from engine.session.state import DataSource, Limit, SessionState, frozen_vector

    dataset, model, start = data_model_start(args)
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
        state = state.with_(features=_features(args, dataset))
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


def run_state(state, threshold: float | None = None) -> dict:
    """Race a session's runs to its limit: what ``run`` prints. Ctrl-C stops the race where it
    is: the runs so far are printed, with ``"interrupted": true``."""
    training = state.training  # held-out rows are never trained on (and the features expanded)
    race = Race(state.model, training.X, training.y, state.specs, state.start_theta, seed=state.seed,
                shuffle_rng=state.shuffle_rng, clip=state.clip)
    interrupted = False
    try:
        race.run_to(**{state.limit.unit: state.limit.count})
    except KeyboardInterrupt:
        interrupted = True
    ds = state.dataset
    if is_function(state.model):
        model = state.model
        result = {"function": {"name": model.name or None, "formula": model.formula,
                               "domain": [list(r) for r in model.domain], "minima": [list(p) for p in model.minima]},
                  "runs": [_function_run_json(race, k) for k in range(race.k)]}
    else:
        result = {"dataset": {"name": ds.name, "n": ds.n, "d": ds.d, "task": ds.task},
                  "runs": [_run_json(race, k) for k in range(race.k)]}
        _add_evaluation(result, race, state.design, threshold)
        if state.features is not None:
            f = state.features
            result["features"] = {"text": f.text, "names": list(f.names), "mean": f.mean.tolist(),
                                  "std": f.std.tolist()}
    if state.clip is not None:
        result["clip"] = state.clip
    if interrupted:
        result["interrupted"] = True
    return result


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


def _add_evaluation(result: dict, race: Race, ds, threshold: float | None) -> None:
    """With a test set: each run's ``test_loss`` (one per ``loss``) and the ``split``; with a
    threshold or a test set, on classes: each run's ``metrics`` on the training and test rows."""
    from engine.evaluation import held_out_loss, run_metrics

    if ds.has_test:
        for k, run in enumerate(result["runs"]):
            run["test_loss"] = [finite_or_none(v) for v in held_out_loss(race.model, race.history(k).theta, ds.testing)]
        result["split"] = {"train_index": np.flatnonzero(~ds.test_mask).tolist(),
                           "test_index": np.flatnonzero(ds.test_mask).tolist()}
    if ds.is_classification and (threshold is not None or ds.has_test):
        for run, entry in zip(result["runs"], run_metrics(race.model, race.theta, ds, 0.5 if threshold is None
                                                          else threshold)):
            run["metrics"] = entry


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
        "loss": [finite_or_none(v) for v in race.loss_history(k)],
        "weight": weight[0].tolist(),
        "bias": bias[0].tolist() if race.model.bias else None,
        "status": "diverged" if diverged else "ok",
        "diverged_at": int(race.diverged_at[k]) if diverged else None,
    } | ({"history_stride": int(race._stride)} if race._stride > 1 else {})


def _function_run_json(race: Race, k: int) -> dict:
    """A run on a function: its steps and costs as for data, its point (x, y) now, the path it
    took (one [x, y] per entry of ``loss``) and which known minimum it reached, and when."""
    spec, model = race.runs[k], race.model
    diverged = race.diverged_at[k] >= 0
    path = race.trajectory(k)
    reached, reached_at = None, None
    for row, point in enumerate(path):
        index = model.minimum_reached(point)
        if index is not None:
            reached, reached_at = index, int(race.history_steps(k)[row])
            break
    return {
        "label": spec.label,
        "optimizer": spec.optimizer,
        "hyper": spec.hyper,
        "steps": int(race.steps[k]),
        "loss": [finite_or_none(v) for v in race.loss_history(k)],
        "theta": [finite_or_none(v) for v in race.theta[k]],
        "path": [[finite_or_none(x), finite_or_none(y)] for x, y in path],
        "status": "diverged" if diverged else "ok",
        "diverged_at": int(race.diverged_at[k]) if diverged else None,
        "reached_minimum": None if reached is None else list(model.minima[reached]),
        "reached_at": reached_at,
    } | ({"history_stride": int(race._stride)} if race._stride > 1 else {})


def finite_or_none(value: float):
    return float(value) if math.isfinite(value) else None


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
