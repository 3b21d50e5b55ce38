"""The options ``main.py`` reads about the data, the model and the race: one definition each,
shared by run, surface, analyze, sweep, export-script and export-gif."""
from __future__ import annotations

import argparse

from engine import data
from engine.functions import NAMED_FUNCTIONS
from engine.models import COSTS, KINDS
from engine.race import SHUFFLE_RNGS


def add_data_arguments(parser: argparse.ArgumentParser, session: bool = False) -> None:
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


def add_race_arguments(parser) -> None:
    """What ``run`` and ``export-script`` both read: the data (or a session), the runs, the length."""
    add_data_arguments(parser, session=True)
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
