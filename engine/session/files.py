"""Session files (``.dlab.json``): a ``SessionState`` as versioned JSON, and back, checked.

The data is inline (a session made from a CSV opens when the CSV is gone). Reading never runs
anything from the file (no pickle, no eval): it parses JSON and checks every field, its type
and its range; a truncated, hostile, oversized or future-version file raises ``SessionFileError``
with a message a student understands, and nothing is changed. ``docs/session-format.md``
documents the format.
"""
from __future__ import annotations

import dataclasses
import json
import re
import stat
from pathlib import Path

import numpy as np

from engine.data import MAX_CLASSES, MAX_ROWS, TASKS, DataError, Dataset
from engine.data.writing import write_whole
from engine.features import expanded, fit_features
from engine.functions import function_dataset, function_model, is_function
from engine.models import COSTS, KINDS, MAX_PENALTY, model_for
from engine.optimizers import OPTIMIZERS
from engine.race import MAX_UPDATES, SHUFFLE_RNGS, RunSpec
from engine.session.file_checks import SessionFileError, _Checker, _is_int, _is_number
from engine.session.planes import parse_plane
from engine.session.state import (
    CURVES_Y,
    LIMIT_UNITS,
    MAX_RUNS,
    SPEED_MAX,
    SPEED_MIN,
    DataSource,
    Limit,
    RunSettings,
    SessionState,
    ViewSettings,
)
from engine.words import translate, words_of

FORMAT = "descent-lab-session"
VERSION = 1
SUFFIX = ".dlab.json"
MAX_BYTES = 50 * 2**20
MAX_FEATURES = 10_000
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


def is_session_file(path) -> bool:
    """A ``.dlab.json`` name, or a ``.json`` file (sessions renamed by hand) that begins with ``{``."""
    name = Path(path).name.lower()
    if name.endswith(SUFFIX):
        return True
    if not name.endswith(".json"):
        return False
    try:
        with open(path, "rb") as f:
            return f.read(64).lstrip().startswith(b"{")
    except OSError:
        return False


# -- writing ---------------------------------------------------------------------------------------


def to_json(state: SessionState) -> dict:
    ds = state.dataset
    if ds is None or state.model is None:
        raise SessionFileError(translate("Session", "There is no data yet: nothing to save."))
    if not np.all(np.isfinite(ds.X)):
        raise SessionFileError(translate("Session", "Cannot save: a feature is not a finite number (NaN or infinity): "
                                         "change or delete that point first."))
    if not np.all(np.isfinite(ds.y)):
        raise SessionFileError(translate("Session", "Cannot save: a target is not a finite number (NaN or infinity): "
                                         "change or delete that point first."))
    model = state.model
    if is_function(model):  # the formula, not a data set: the engine reads it back as typed
        what = {"function": {"name": model.name, "formula": model.formula, "domain": [list(r) for r in model.domain]}}
    else:
        what = {"dataset": {
            "name": ds.name, "task": ds.task, "feature_names": list(ds.feature_names),
            "class_names": list(ds.class_names), "target_name": ds.target_name,
            "X": ds.X.tolist(), "y": ds.y.tolist(),
        } | ({"test_rows": np.flatnonzero(ds.test_mask).tolist()} if ds.has_test else {})}
    return {
        "format": FORMAT,
        "version": VERSION,
        **what,
        "source": {"kind": state.source.kind, "name": state.source.name, "path": state.source.path},
        "model": {"kind": state.model.kind, "bias": state.model.bias, "cost": state.model.cost,
                  **({"l2": state.model.l2, "l1": state.model.l1} if state.model.penalised else {})},
        "runs": [
            {"label": r.spec.label, "optimizer": r.spec.optimizer, "hyper": dict(r.spec.hyper), "batch": r.spec.batch,
             "shuffle": r.spec.shuffle, "drop_last": r.spec.drop_last, "color": r.color, "visible": r.visible}
            for r in state.runs
        ],
        "start": None if state.start is None else state.start.tolist(),
        "seed": state.seed,
        "shuffle_rng": state.shuffle_rng,
        "clip": state.clip,
        "speed": state.speed,
        "limit": {"count": state.limit.count, "unit": state.limit.unit},
        "restart_on_edit": state.restart_on_edit,
        "plane": state.plane,
        "selection": {"run": state.selected_run, "sample": state.selected_sample,
                      "features": list(state.shown_features)},
        "threshold": state.threshold,
        "view": {"surface_log": state.view.surface_log, "curves_log": state.view.curves_log,
                 "curves_epochs": state.view.curves_epochs, "curves_y": state.view.curves_y,
                 "both_costs": state.view.both_costs, "images": state.view.images},
        "next_color": state.next_color,
    } | ({"features": state.features.to_json()} if state.features is not None else {})


def dumps(state: SessionState) -> str:
    """Indented JSON, each row of numbers on one line (a person can read it; a diff stays small)."""
    return _encode(to_json(state), 0) + "\n"


def save(state: SessionState, path) -> None:
    """Write the file whole, then put it in place: a crash mid-write never leaves half a session."""
    text = dumps(state)
    write_whole(path, lambda stream: stream.write(text), SessionFileError)


def _encode(value, depth: int) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        pad = "  " * (depth + 1)
        items = [f"{pad}{json.dumps(k)}: {_encode(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"
    if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        pad = "  " * (depth + 1)
        rows = [pad + json.dumps(v, separators=(", ", ": ")) for v in value]
        return "[\n" + ",\n".join(rows) + "\n" + "  " * depth + "]"
    return json.dumps(value, separators=(", ", ": "), allow_nan=False)


# -- reading ---------------------------------------------------------------------------------------


def load(path) -> SessionState:
    path = Path(path)
    name = path.name
    try:
        info = path.stat()
    except FileNotFoundError:
        raise SessionFileError(translate("Session", "Cannot open {file}: the file does not exist.").format(
            file=name)) from None
    except OSError as error:
        raise SessionFileError(translate("Session", "Cannot open {file}: {reason}.").format(
            file=name, reason=error.strerror or str(error))) from None
    if stat.S_ISDIR(info.st_mode):
        raise SessionFileError(translate("Session", "Cannot open {file}: it is a folder, not a file.").format(
            file=name))
    if not stat.S_ISREG(info.st_mode):
        raise SessionFileError(translate("Session", "Cannot open {file}: it is not a regular file.").format(file=name))
    if info.st_size > MAX_BYTES:
        raise SessionFileError(_too_big(name))
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as error:
        raise SessionFileError(translate("Session", "Cannot open {file}: {reason}.").format(
            file=name, reason=error.strerror or str(error))) from None
    if len(raw) > MAX_BYTES:
        raise SessionFileError(_too_big(name))
    return loads(raw, name)


def _too_big(name: str):
    return translate("Session", "Cannot open {file}: it is larger than {size} MB, too big for a session.").format(
        file=name, size=MAX_BYTES // 2**20)


def loads(raw: bytes | str, name: str = "the session") -> SessionState:
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise SessionFileError(translate("Session", "{file} is not a Descent Lab session (it is not UTF-8 "
                                         "text).").format(file=name)) from None
    try:
        obj = json.loads(text, parse_constant=_no_constant)
    except (json.JSONDecodeError, RecursionError) as error:
        if isinstance(error, json.JSONDecodeError):
            words = translate("Session", "{file} is damaged or not a Descent Lab session: it is not valid JSON (line "
                                         "{line}).").format(file=name, line=error.lineno)
        else:
            words = translate("Session", "{file} is damaged or not a Descent Lab session: it is not valid "
                                         "JSON.").format(file=name)
        raise SessionFileError(words) from None
    except ValueError as error:
        raise SessionFileError(translate("Session", "{file}: {reason}.").format(
            file=name, reason=words_of(error))) from None
    return from_json(obj, name)


def _no_constant(token: str):
    raise ValueError(translate("Session", "{token} is not a number a session may hold").format(token=token))


def from_json(obj, name: str = "the session") -> SessionState:
    """The state a parsed file describes; SessionFileError naming the first thing wrong."""
    check = _Checker(name)
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise SessionFileError(translate("Session", "{file} is not a Descent Lab session.").format(file=name))
    version = obj.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SessionFileError(translate("Session", "{file} is damaged: its format version is missing.").format(
            file=name))
    if version > VERSION:
        raise SessionFileError(translate("Session", "{file} was saved by a newer Descent Lab (session format "
                                         "{version}); this version opens format {opens}. Update Descent Lab to open "
                                         "it.").format(file=name, version=version, opens=VERSION))
    try:
        if "function" in obj:
            model = _function(check, check.get(obj, "function", dict))
            dataset = function_dataset(model)
        else:
            dataset = _dataset(check, check.get(obj, "dataset", dict))
            model_obj = check.get(obj, "model", dict)
            kind = check.choice(model_obj, "kind", KINDS, "model")
            bias = check.flag(model_obj, "bias", "model")
            cost = check.choice(model_obj, "cost", COSTS, "model") if "cost" in model_obj else None
            expansion = _features(check, obj.get("features"), dataset)
            l2 = check.number(model_obj, "l2", 0.0, MAX_PENALTY, "model", default=0.0)
            l1 = check.number(model_obj, "l1", 0.0, MAX_PENALTY, "model", default=0.0)
            model = model_for(expanded(dataset, expansion), kind, bias, cost, l2, l1)
        runs = tuple(_run(check, r, i) for i, r in enumerate(check.items(obj, "runs", 1, MAX_RUNS)))
        if len({r.label for r in runs}) != len(runs):
            raise SessionFileError(translate("Session", "{file}: two runs have the same label.").format(file=name))
        start = obj.get("start")
        if start is not None:
            start = check.vector(start, "start", model.n_params)
        source_obj = check.get(obj, "source", dict, required=False) or {}
        source = DataSource(str(source_obj.get("kind", "session"))[:20], str(source_obj.get("name", dataset.name))[:200],
                            None if source_obj.get("path") is None else str(source_obj.get("path"))[:4096])
        limit_obj = check.get(obj, "limit", dict, required=False) or {}
        limit = Limit(check.integer(limit_obj, "count", 0, MAX_UPDATES, "limit", default=10_000),
                      check.choice(limit_obj, "unit", LIMIT_UNITS, "limit", default="steps"))
        plane = obj.get("plane", "auto")
        if not isinstance(plane, str) or len(plane) > 500:
            raise SessionFileError(translate("Session", '{file}: the plane must be a short text such as '
                                             '"auto".').format(file=name))
        parse_plane(plane)
        selection = check.get(obj, "selection", dict, required=False) or {}
        selected_run = check.integer(selection, "run", 0, len(runs) - 1, "selection", default=0)
        sample = selection.get("sample")
        if sample is not None:
            sample = check.integer(selection, "sample", 0, max(dataset.n - 1, 0), "selection")
        features = selection.get("features", [0, min(1, dataset.d - 1)]) if dataset.d else [0, 0]
        if (not isinstance(features, list) or len(features) != 2
                or not all(_is_int(f) and 0 <= f < max(dataset.d, 1) for f in features)):
            raise SessionFileError(translate("Session", "{file}: the shown features must be two feature numbers "
                                             "from 0 to {last}.").format(file=name, last=dataset.d - 1))
        view_obj = check.get(obj, "view", dict, required=False) or {}
        view = ViewSettings(**{key: check.flag(view_obj, key, "view", default=getattr(ViewSettings(), key))
                               for key in ("surface_log", "curves_log", "curves_epochs", "both_costs", "images")},
                            curves_y=check.choice(view_obj, "curves_y", CURVES_Y, "view", default="cost"))
        return SessionState(
            dataset=dataset, source=source, model=model, runs=runs, start=start,
            seed=check.integer(obj, "seed", 0, 2**32 - 1, default=0),
            shuffle_rng=check.choice(obj, "shuffle_rng", SHUFFLE_RNGS, default="generator"),
            clip=None if obj.get("clip") is None else check.number(obj, "clip", 1e-12, 1e12),
            speed=check.number(obj, "speed", SPEED_MIN, SPEED_MAX, default=300.0),
            limit=limit, restart_on_edit=check.flag(obj, "restart_on_edit", default=False),
            selected_run=selected_run, selected_sample=sample, shown_features=(int(features[0]), int(features[1])),
            plane=plane, threshold=check.number(obj, "threshold", 0.0, 1.0, default=0.5), view=view,
            next_color=check.integer(obj, "next_color", 0, 10**6, default=len(runs)),
            features=None if "function" in obj else expansion,
        )
    except SessionFileError:
        raise
    except (DataError, ValueError) as error:
        raise SessionFileError(translate("Session", "{file}: {reason}").format(
            file=name, reason=words_of(error))) from None


def _features(check: _Checker, d, dataset: Dataset):
    """The feature expansion with its standardisation as saved (the numbers the weights mean)."""
    if d is None:
        return None
    if not isinstance(d, dict) or not isinstance(d.get("text"), str):
        check.fail(translate("Session", '{file}: "features" must say its expansion, e.g. {{"text": "poly:3", '
                                        '"mean": [..], "std": [..]}}.'))
    fitted = fit_features(d["text"], dataset)  # checks the kind, the degree and the inputs
    mean, std = d.get("mean"), d.get("std")
    if not (isinstance(mean, list) and isinstance(std, list) and len(mean) == len(std) == dataset.d
            and all(_is_number(v) for v in mean + std) and all(v > 0 for v in std)):
        check.fail(translate("Session", "{file}: the features' mean and std must be one finite number per input, "
                                        "the std above 0."))
    values = [np.array(v, dtype=np.float64) for v in (mean, std)]
    for v in values:
        v.setflags(write=False)
    return dataclasses.replace(fitted, mean=values[0], std=values[1])


def _dataset(check: _Checker, d: dict) -> Dataset:
    task = check.choice(d, "task", TASKS, "dataset")
    X = d.get("X")
    y = d.get("y")
    if not isinstance(X, list) or not isinstance(y, list):
        check.fail(translate("Session", "{file}: the data set's X and y must be lists of numbers."))
    if len(X) > MAX_ROWS:
        check.fail(translate("Session", "{file}: the data set has more than {rows} rows, too many for this "
                                        "app."), rows=f"{MAX_ROWS:,}")
    if len(X) != len(y):
        check.fail(translate("Session", "{file}: the data set has {rows} rows of features but {targets} "
                                        "targets."), rows=len(X), targets=len(y))
    names = check.names(d, "feature_names", 1, MAX_FEATURES)
    width = len(names)
    for i, row in enumerate(X):
        if not isinstance(row, list) or len(row) != width or not all(_is_number(v) for v in row):
            check.fail(translate("Session", "{file}: row {row} of the data must be {width} finite numbers."),
                       row=i + 1, width=width)
    if not all(_is_number(v) for v in y):
        check.fail(translate("Session", "{file}: every target must be a finite number."))
    classes = check.names(d, "class_names", 0, MAX_CLASSES) if task != "regression" else ()
    name = d.get("name", "session")
    target = d.get("target_name", "y")
    if not isinstance(name, str) or not isinstance(target, str):
        check.fail(translate("Session", "{file}: the data set's name and target name must be texts."))
    array = np.array(X, dtype=np.float64).reshape(len(X), width)
    test = d.get("test_rows")
    mask = None
    if test is not None:
        if not isinstance(test, list) or not all(_is_int(i) and 0 <= i < len(X) for i in test) \
                or len(set(test)) != len(test) or len(test) >= max(len(X), 1):
            check.fail(translate("Session", "{file}: the test rows must be different row numbers from 0 to "
                                            "{last}, leaving at least one row to train on."), last=len(X) - 1)
        mask = np.zeros(len(X), dtype=bool)
        mask[np.array(test, dtype=np.int64)] = True
    return Dataset(name[:200], array, np.array(y, dtype=np.float64), task, tuple(names), tuple(classes), target[:200],
                   test=mask)


def _function(check: _Checker, d: dict):
    """The function a session races on: a named one by its name, else the formula, read by
    the same whitelist as a typed one (a file is never run)."""
    name, formula, domain = d.get("name", ""), d.get("formula"), d.get("domain")
    if not isinstance(name, str) or not isinstance(formula, str):
        check.fail(translate("Session", "{file}: the function needs its name and formula as texts."))
    if (not isinstance(domain, list) or len(domain) != 2
            or not all(isinstance(r, list) and len(r) == 2 and all(_is_number(v) for v in r) for r in domain)):
        check.fail(translate("Session", "{file}: the function's window must be [[x from, x to], [y from, y to]]."))
    return function_model(name or formula, domain=tuple(tuple(float(v) for v in r) for r in domain))


def _run(check: _Checker, r, i: int) -> RunSettings:
    number = i + 1
    where = translate("Session", "run {number}").format(number=number)
    if not isinstance(r, dict):
        check.fail(translate("Session", "{file}: run {number} must be an object."), number=number)
    label = r.get("label")
    if not isinstance(label, str) or not 0 < len(label) <= 60:
        check.fail(translate("Session", "{file}: run {number} needs a label of 1 to 60 characters."),
                   number=number)
    optimizer = check.choice(r, "optimizer", OPTIMIZERS, where)
    hyper = r.get("hyper", {})
    if not isinstance(hyper, dict) or not all(isinstance(k, str) for k in hyper):
        check.fail(translate("Session", "{file}: run {number}'s hyper-parameters must be an object of "
                                        "numbers."), number=number)
    batch = r.get("batch")
    if batch is not None and not (_is_int(batch) and 1 <= batch <= MAX_ROWS):
        check.fail(translate("Session", "{file}: run {number}'s batch must be null (full batch) or a whole number "
                                        "from 1."), number=number)
    spec = RunSpec(label, optimizer, hyper, batch, check.flag(r, "shuffle", where, default=True),
                   check.flag(r, "drop_last", where, default=False))
    color = r.get("color", "#0072B2")
    if not isinstance(color, str) or not _COLOR.fullmatch(color):
        check.fail(translate("Session", "{file}: run {number}'s colour must be written #rrggbb."), number=number)
    return RunSettings(spec, color, check.flag(r, "visible", where, default=True))
