"""What data messages do: new data sets, files, point edits, undo and redo.

Undoable changes push a step on the session's history with the fields they change; undo puts
those fields back and ``Session.reconcile`` brings the race in line with them.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from engine.data import DataError, Dataset, load_preset, read_csv, standardize
from engine.data.split import hold_out
from engine.exports import write_race_csv
from engine.features import expanded, fit_features
from engine.functions import (
    function_dataset,
    function_is_positive,
    function_model,
    is_function,
)
from engine.models import model_for
from engine.session import files, policy
from engine.session import messages as m
from engine.session.handlers import handles
from engine.session.state import DataSource, RunSettings, SessionState, frozen_vector
from engine.words import translate, words_of

# What a new data set replaces (undoing it puts all of these back).
LOAD_FIELDS = ("dataset", "source", "model", "runs", "start", "seed", "selected_run", "selected_sample",
               "shown_features", "plane", "next_color", "view", "features")


def fresh_state(session, dataset: Dataset, source: DataSource, base: SessionState | None = None) -> SessionState:
    """The state a new data set starts with: its default model and runs, the rest kept from ``base``."""
    base = base or session.state
    model = model_for(dataset)
    new = state_for(dataset, source, model, policy.default_runs(dataset, model), base)
    return new.with_(data_version=session.state.data_version + 1)


def state_for(dataset: Dataset, source: DataSource, model, specs, base: SessionState | None = None) -> SessionState:
    """A state racing ``specs`` on ``dataset`` with the choices the app makes for a new data set
    (the sample and features shown first, the automatic plane); the rest from ``base``."""
    base = base or SessionState()
    runs = fresh_runs(specs)
    return base.with_(
        dataset=dataset, source=source, model=model, runs=runs, start=None, features=None,
        selected_run=policy.default_selected_run(specs), selected_sample=policy.default_sample(dataset, base.seed),
        shown_features=shown_for(dataset), plane="auto", next_color=len(runs),
        view=dataclasses.replace(base.view, images=policy.default_images(dataset)),
    )


def fresh_runs(specs) -> tuple[RunSettings, ...]:
    """The runs of a new race, coloured from the palette's start."""
    return tuple(RunSettings(spec, policy.run_color(k)) for k, spec in enumerate(specs))


def shown_for(dataset: Dataset) -> tuple[int, int]:
    first, second = policy.default_features(dataset)
    return (first, first) if dataset.task == "regression" else (first, second)


def load(session, dataset: Dataset, source: DataSource, text: str, seed: int | None = None) -> None:
    """A new data set in place of the current one, as one undo step. It leaves the session as
    saved as it was: loading a preset over nothing unsaved loses nothing on closing."""
    before = session.state
    was_saved = not session.unsaved
    base = before if seed is None else before.with_(seed=seed)
    if is_function(before.model):  # a function may have turned log scales off: data get them back
        base = base.with_(view=dataclasses.replace(base.view, surface_log=True, curves_log=True))
    session.set_state(fresh_state(session, dataset, source, base))
    if was_saved:
        session.saved_revision = session.state.revision
    if before.dataset is not None:  # the first data set of a session: nothing to go back to
        session.push_undo(text, before, session.state, LOAD_FIELDS)
        session.history.seal()
    session.rebuild(forget=True)


def opened_preset(name: str, seed: int) -> Dataset:
    """A course data set as the window opens it: prepared as its tutorial does (policy's
    PRESET_RECIPES: a test set held out, standardised over the training rows), else as it is."""
    dataset = load_preset(name, seed=seed)
    recipe = policy.PRESET_RECIPES.get(name)
    if recipe is not None:
        dataset = hold_out(dataset, recipe["test_fraction"], seed)
        if recipe["standardize"]:
            dataset = standardize(dataset)[0]
    return dataset


@handles(m.LoadPreset)
def _load_preset(session, msg: m.LoadPreset) -> None:
    seed = session.state.seed if msg.seed is None else int(msg.seed)
    dataset = opened_preset(msg.name, seed)
    recipe = policy.PRESET_RECIPES.get(msg.name)
    load(session, dataset, DataSource("preset", msg.name), f"Load {msg.name}", seed=seed)
    if recipe is not None:
        session.tell("info", translate("Session", "{name} opens as the course runs it: {test} % of the points held "
                                                  "out as a test set (drawn hollow), and standardised").format(
            name=msg.name, test=round(100 * recipe["test_fraction"])))


@handles(m.LoadFunction)
def _load_function(session, msg: m.LoadFunction) -> None:
    """A function in place of the data: its own window, start and runs (the choices the app
    makes for it), one undo step as a new data set is."""
    try:
        model = function_model(msg.text)
    except ValueError as error:
        session.tell("error", words_of(error), title=translate("Session", "Cannot race on this function"))
        return
    before = session.state
    was_saved = not session.unsaved
    specs = policy.default_runs(None, model)
    dataset = function_dataset(model)
    new = state_for(dataset, DataSource("function", model.title), model, specs, before)
    # log colours show a deep valley (Rosenbrock's floor), but hide values below 0 (a saddle's)
    positive = function_is_positive(model)
    view = dataclasses.replace(new.view, surface_log=positive, curves_log=positive)
    new = new.with_(data_version=before.data_version + 1, start=frozen_vector(model.default_start),
                    selected_sample=None, view=view)
    session.set_state(new)
    if was_saved:
        session.saved_revision = session.state.revision
    if before.dataset is not None:
        session.push_undo(f"Load {model.title}", before, session.state, LOAD_FIELDS)
        session.history.seal()
    session.plane_start = session.state.start_theta
    session.rebuild(forget=True)


@handles(m.LoadDataset)
def _load_dataset(session, msg: m.LoadDataset) -> None:
    load(session, msg.dataset, msg.source, msg.text)


@handles(m.OpenFile)
def _open_file(session, msg: m.OpenFile) -> None:
    path = Path(msg.path)
    try:
        if files.is_session_file(path):
            state = files.load(path)
            _open_state(session, state, str(path))
            if not msg.recovered:
                session.saved_revision = session.state.revision
            session.tell("opened", translate("Session", "Opened {file}").format(file=path.name),
                         path=None if msg.recovered else str(path))
            return
        dataset = read_csv(path)
        dataset.validate_for_training()
    except (DataError, ValueError, OSError) as error:
        session.tell("error", words_of(error), title=translate("Session", "Could not open the file"), path=str(path))
        return
    load(session, dataset, DataSource("file", path.name, str(path)), f"Open {path.name}")
    session.tell("opened", translate("Session", "Opened {file}").format(file=path.name), path=str(path))


@handles(m.OpenSession)
def _open_session(session, msg: m.OpenSession) -> None:
    _open_state(session, msg.state, msg.path)
    session.saved_revision = session.state.revision


def _open_state(session, state: SessionState, path: str | None) -> None:
    before = session.state
    new = dataclasses.replace(state, data_version=before.data_version + 1, revision=before.revision + 1,
                              playing=before.playing)
    session.set_state(new)
    fields = [f for f in SessionState.__dataclass_fields__ if f not in ("data_version", "revision", "playing")]
    session.push_undo(f"Open {Path(path).name}" if path else "Open session", before, session.state, fields)
    session.history.seal()
    session.plane_start = session.state.start_theta
    session.rebuild(forget=True)


@handles(m.NewSession)
def _new_session(session, msg: m.NewSession) -> None:
    before = session.state
    blank = SessionState(data_version=before.data_version, revision=before.revision, speed=before.speed,
                         view=before.view)
    dataset = load_preset(msg.preset, seed=0)
    new = fresh_state(session, dataset, DataSource("preset", msg.preset), base=blank)
    session.set_state(dataclasses.replace(new, revision=before.revision + 1))
    fields = [f for f in SessionState.__dataclass_fields__ if f not in ("data_version", "revision", "playing")]
    session.push_undo("New session", before, session.state, fields)
    session.history.seal()
    session.plane_start = session.state.start_theta
    session.rebuild(forget=True)
    session.saved_revision = session.state.revision


@handles(m.MarkSaved)
def _mark_saved(session, msg: m.MarkSaved) -> None:
    session.saved_revision = session.state.revision


@handles(m.SaveSession)
def _save(session, msg: m.SaveSession) -> None:
    try:
        files.save(session.state, msg.path)
    except (OSError, ValueError) as error:
        if not msg.autosave:  # an autosave that fails is tried again at the next change
            text = _cannot_save(msg.path, error)
            session.tell("error", text, title=translate("Session", "Could not save the session"), path=msg.path)
        return
    if msg.autosave:
        session.tell("autosaved", "", path=msg.path)
    else:
        session.saved_revision = session.state.revision
        session.tell("saved", translate("Session", "Saved {file}").format(file=Path(msg.path).name), path=msg.path)


def _cannot_save(path: str, error: Exception) -> str:
    if isinstance(error, OSError):
        return translate("Session", "Cannot save {file}: {reason}.").format(
            file=Path(path).name, reason=error.strerror or str(error))
    return words_of(error)


@handles(m.ExportRace)
def _export_race(session, msg: m.ExportRace) -> None:
    race = session.race
    if race is None:
        session.tell("error", translate("Session", "There is no race to export yet."),
                     title=translate("Session", "Could not export"), path=msg.path)
        return
    try:
        rows = write_race_csv(race, [run.label for run in session.state.runs], msg.what, msg.path, ValueError)
    except (OSError, ValueError) as error:
        session.tell("error", _cannot_save(msg.path, error), title=translate("Session", "Could not export"),
                     path=msg.path)
        return
    session.tell("info", translate("Session", "Exported {rows} steps to {file}").format(
        rows=f"{rows:,}", file=Path(msg.path).name), path=msg.path)


# -- data edits ------------------------------------------------------------------------------------


def edit(session, dataset: Dataset, text: str, merge=None, selected: int | None | str = "keep") -> None:
    """The current data replaced by an edited copy, as one undo step (a drag merges its moves)."""
    state = session.state
    old = state.dataset
    if old is None:
        raise DataError("There is no data to edit yet.")
    _refuse_on_function(state)
    if dataset.d != old.d or dataset.task != old.task:
        raise DataError("an edit keeps the features and the task; load it as a new data set instead")
    sample = _clamped_sample(state.selected_sample, dataset, old) if selected == "keep" else selected
    new = state.with_(dataset=dataset, data_version=state.data_version + 1, selected_sample=sample)
    session.set_state(new)
    session.push_undo(text, state, new, ("dataset",), merge)
    session.data_changed(old)


def _clamped_sample(i: int | None, dataset: Dataset, before: Dataset | None = None) -> int | None:
    """The selection after an edit: kept, moved into range, or the first point when there was
    nothing to select before (a cleared data set drawn again)."""
    if dataset.n == 0:
        return None
    if i is None:
        return 0 if before is not None and before.n == 0 else None
    return min(i, dataset.n - 1)


@handles(m.AddPoint)
def _add_point(session, msg: m.AddPoint) -> None:
    edit(session, _data(session).with_point(msg.x, msg.y, test=msg.test), "Add test point" if msg.test else "Add point")


@handles(m.SetFeatures)
def _set_features(session, msg: m.SetFeatures) -> None:
    """Expand the inputs (poly:D, cross:D) or go back to them: a model of another size on another
    scale, so the race starts afresh from zeros with the default runs for it (as standardising
    does); the standardisation is fitted now, on the training rows, and kept while points are
    edited. One undo step."""
    state = session.state
    ds = _data(session)
    _refuse_on_function(state)
    features = fit_features(msg.text, ds)
    if features == state.features:
        return
    design = expanded(ds, features)
    model = model_for(design, state.model.kind, state.model.bias, state.model.cost, state.model.l2, state.model.l1)
    specs = policy.default_runs(design, model, recipe=features is None)
    runs = fresh_runs(specs)
    new = state.with_(features=features, model=model, start=None, plane="auto", runs=runs, next_color=len(runs),
                      selected_run=policy.default_selected_run(specs), data_version=state.data_version + 1)
    session.set_state(new)
    text = f"Features {features.text}" if features is not None else "No feature expansion"
    session.push_undo(text, state, new, ("features", "model", "start", "plane", "runs", "next_color", "selected_run"))
    session.history.seal()
    session.plane_start = new.start_theta
    session.rebuild(forget=True)


@handles(m.SetSplit)
def _set_split(session, msg: m.SetSplit) -> None:
    ds = _data(session)
    seed = session.state.seed if msg.seed is None else int(msg.seed)
    held = hold_out(ds, msg.fraction, seed)
    if held.test is None and ds.test is None:
        return
    edit(session, held, "Hold out a test set" if held.has_test else "No test set")


@handles(m.MovePoint)
def _move_point(session, msg: m.MovePoint) -> None:
    merge = None if msg.drag is None else ("drag", msg.drag, msg.index)
    edit(session, _data(session).moved(msg.index, msg.x, msg.y), "Move point", merge)


@handles(m.RemovePoint)
def _remove_point(session, msg: m.RemovePoint) -> None:
    ds = _data(session)
    index = int(msg.index)
    if not -ds.n <= index < ds.n:
        raise DataError(f"point {index} does not exist: the data set has {ds.n} points")
    index %= ds.n
    selected = session.state.selected_sample
    if selected is not None and selected == index:
        selected = None
    elif selected is not None and selected > index:
        selected -= 1
    edit(session, ds.without(index), "Remove point", selected=selected)


@handles(m.ClearData)
def _clear(session, msg: m.ClearData) -> None:
    ds = _data(session)
    if ds.n:
        edit(session, dataclasses.replace(ds, X=np.empty((0, ds.d)), y=ds.y[:0], test=None), "Clear data")


@handles(m.EditData)
def _edit_data(session, msg: m.EditData) -> None:
    edit(session, msg.dataset, msg.text)


@handles(m.Standardize)
def _standardize(session, msg: m.Standardize) -> None:
    """A new scale: the rates that suited the raw values do not suit it, so the race starts
    afresh with the defaults for it (undo brings the raw values and the old runs back)."""
    ds = _data(session)
    if ds.n < 2:
        raise DataError("Standardizing needs at least two points.")
    scaled = standardize(ds)[0]
    suffix = " (standardized)"
    if not ds.name.endswith(suffix):
        scaled = dataclasses.replace(scaled, name=ds.name + suffix)
    before = session.state
    features = fit_features(before.features.text, scaled) if before.features is not None else None
    design = expanded(scaled, features)
    model = model_for(design, before.model.kind, before.model.bias, before.model.cost, before.model.l2,
                      before.model.l1)
    specs = policy.default_runs(design, model, recipe=features is None)
    runs = fresh_runs(specs)
    new = before.with_(dataset=scaled, data_version=before.data_version + 1, runs=runs, start=None, features=features,
                       next_color=len(runs), selected_run=policy.default_selected_run(specs))
    session.set_state(new)
    session.push_undo("Standardize features", before, session.state,
                      ("dataset", "features", "model", "runs", "start", "next_color", "selected_run"))
    session.history.seal()
    session.rebuild(forget=True)


def _data(session) -> Dataset:
    if session.state.dataset is None:
        raise DataError("There is no data to edit yet.")
    _refuse_on_function(session.state)
    return session.state.dataset


def _refuse_on_function(state: SessionState) -> None:
    if is_function(state.model):
        raise DataError(translate("Session", "A race on a function has no data points: load a data set to edit "
                                             "points."))


@handles(m.Undo, m.Redo)
def _undo_redo(session, msg) -> None:
    step = session.history.undo() if isinstance(msg, m.Undo) else session.history.redo()
    if step is None:
        return
    old = session.state
    if isinstance(msg, m.Undo):  # redo comes back to this, changes made after the step included
        step.after = {field: getattr(old, field) for field in step.before}
    values = step.before if isinstance(msg, m.Undo) else step.after
    changes = dict(values)
    if "dataset" in changes or "features" in changes:  # the data the model sees changed
        changes["data_version"] = old.data_version + 1
    if "dataset" in changes:
        ds = changes["dataset"]
        if "selected_sample" not in changes and ds is not None:
            changes["selected_sample"] = _clamped_sample(old.selected_sample, ds, old.dataset)
    session.set_state(old.with_(**changes))
    session.history.seal()
    if "start" in changes:
        session.plane_start = session.state.start_theta
    session.reconcile(old)


