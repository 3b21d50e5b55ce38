"""One function per message type: what each message does to the session.

``HANDLERS`` maps a message's type to its handler (``@handles(Type)``). Handlers compute the new
``SessionState``, set it, and bring the race in line; undoable ones push a step on the history.
A handler refuses a bad request by raising ``ValueError``/``DataError`` with a message in the
user's words; the session turns that into an error notice and nothing changes.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import numpy as np

from engine.data import DataError, Dataset, load_preset, read_csv, standardize
from engine.models import model_for
from engine.optimizers import defaults
from engine.race import RunSpec
from engine.session import files, messages as m, policy
from engine.session.state import (
    SPEED_MAX,
    SPEED_MIN,
    DataSource,
    Limit,
    RunSettings,
    SessionState,
    frozen_vector,
)

HANDLERS: dict[type, Callable] = {}

# What a new data set replaces (undoing it puts all of these back).
LOAD_FIELDS = ("dataset", "source", "model", "runs", "start", "selected_run", "selected_sample", "shown_features",
               "plane", "next_color")


def handles(*types):
    def register(function):
        for kind in types:
            HANDLERS[kind] = function
        return function

    return register


# -- data sets -------------------------------------------------------------------------------------


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
        dataset=dataset, source=source, model=model, runs=runs, start=None,
        selected_run=policy.default_selected_run(specs), selected_sample=policy.default_sample(dataset, base.seed),
        shown_features=shown_for(dataset), plane="auto", next_color=len(runs),
    )


def fresh_runs(specs) -> tuple[RunSettings, ...]:
    """The runs of a new race, coloured from the palette's start."""
    return tuple(RunSettings(spec, policy.run_color(k)) for k, spec in enumerate(specs))


def shown_for(dataset: Dataset) -> tuple[int, int]:
    first, second = policy.default_features(dataset)
    return (first, first) if dataset.task == "regression" else (first, second)


def load(session, dataset: Dataset, source: DataSource, text: str) -> None:
    """A new data set in place of the current one, as one undo step. It leaves the session as
    saved as it was: loading a preset over nothing unsaved loses nothing on closing."""
    before = session.state
    was_saved = not session.unsaved
    session.set_state(fresh_state(session, dataset, source))
    if was_saved:
        session.saved_revision = session.state.revision
    session.push_undo(text, before, session.state, LOAD_FIELDS)
    session.history.seal()
    session.rebuild(forget=True)


@handles(m.LoadPreset)
def _load_preset(session, msg: m.LoadPreset) -> None:
    seed = session.state.seed if msg.seed is None else msg.seed
    dataset = load_preset(msg.name, seed=seed)
    if msg.seed is not None and msg.seed != session.state.seed:
        session.set_state(session.state.with_(seed=msg.seed))
    load(session, dataset, DataSource("preset", msg.name), f"Load {msg.name}")


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
            session.tell("opened", f"Opened {path.name}", path=None if msg.recovered else str(path))
            return
        dataset = read_csv(path)
        dataset.validate_for_training()
    except (DataError, ValueError, OSError) as error:
        session.tell("error", str(error), title="Could not open the file", path=str(path))
        return
    load(session, dataset, DataSource("file", path.name, str(path)), f"Open {path.name}")
    session.tell("opened", f"Opened {path.name}", path=str(path))


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
            text = f"Cannot save {Path(msg.path).name}: {error.strerror or error}." if isinstance(error, OSError) \
                else str(error)
            session.tell("error", text, title="Could not save the session", path=msg.path)
        return
    if msg.autosave:
        session.tell("autosaved", "", path=msg.path)
    else:
        session.saved_revision = session.state.revision
        session.tell("saved", f"Saved {Path(msg.path).name}", path=msg.path)


# -- data edits ------------------------------------------------------------------------------------


def edit(session, dataset: Dataset, text: str, merge=None, selected: int | None | str = "keep") -> None:
    """The current data replaced by an edited copy, as one undo step (a drag merges its moves)."""
    state = session.state
    old = state.dataset
    if old is None:
        raise DataError("There is no data to edit yet.")
    if dataset.d != old.d or dataset.task != old.task:
        raise DataError("an edit keeps the features and the task; load it as a new data set instead")
    sample = _clamped_sample(state.selected_sample, dataset) if selected == "keep" else selected
    new = state.with_(dataset=dataset, data_version=state.data_version + 1, selected_sample=sample)
    session.set_state(new)
    session.push_undo(text, state, new, ("dataset",), merge)
    session.data_changed(old)


def _clamped_sample(i: int | None, dataset: Dataset) -> int | None:
    if dataset.n == 0:
        return None
    if i is None:
        return 0
    return min(i, dataset.n - 1)


@handles(m.AddPoint)
def _add_point(session, msg: m.AddPoint) -> None:
    edit(session, _data(session).with_point(msg.x, msg.y), "Add point")


@handles(m.MovePoint)
def _move_point(session, msg: m.MovePoint) -> None:
    merge = None if msg.drag is None else ("drag", msg.drag, msg.index)
    edit(session, _data(session).moved(msg.index, msg.x, msg.y), "Move point", merge)


@handles(m.RemovePoint)
def _remove_point(session, msg: m.RemovePoint) -> None:
    ds = _data(session)
    selected = session.state.selected_sample
    if selected is not None and selected == msg.index:
        selected = None
    elif selected is not None and selected > msg.index:
        selected -= 1
    edit(session, ds.without(msg.index), "Remove point", selected=selected)


@handles(m.ClearData)
def _clear(session, msg: m.ClearData) -> None:
    ds = _data(session)
    if ds.n:
        edit(session, dataclasses.replace(ds, X=np.empty((0, ds.d)), y=ds.y[:0]), "Clear data")


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
    fresh = fresh_state(session, scaled, before.source)
    new = before.with_(dataset=scaled, data_version=fresh.data_version, runs=fresh.runs, start=None,
                       next_color=fresh.next_color)
    session.set_state(new)
    session.push_undo("Standardize features", before, new, ("dataset", "runs", "start", "next_color"))
    session.history.seal()
    session.rebuild(forget=True)


def _data(session) -> Dataset:
    if session.state.dataset is None:
        raise DataError("There is no data to edit yet.")
    return session.state.dataset


@handles(m.Undo, m.Redo)
def _undo_redo(session, msg) -> None:
    step = session.history.undo() if isinstance(msg, m.Undo) else session.history.redo()
    if step is None:
        return
    values = step.before if isinstance(msg, m.Undo) else step.after
    old = session.state
    changes = dict(values)
    if "dataset" in changes:
        changes["data_version"] = old.data_version + 1
        ds = changes["dataset"]
        if "selected_sample" not in changes and ds is not None:
            changes["selected_sample"] = _clamped_sample(old.selected_sample, ds)
    session.set_state(old.with_(**changes))
    session.history.seal()
    if "start" in changes:
        session.plane_start = session.state.start_theta
    session.reconcile(old)


# -- model and runs --------------------------------------------------------------------------------


@handles(m.SetModel)
def _set_model(session, msg: m.SetModel) -> None:
    state = session.state
    if state.dataset is None:
        return
    model = model_for(state.dataset, msg.kind, msg.bias)
    if model == state.model:
        return
    specs = policy.default_runs(state.dataset, model)
    runs = fresh_runs(specs)
    session.set_state(session.state.with_(model=model, runs=runs, start=None, plane="auto", next_color=len(runs),
                                          selected_run=policy.default_selected_run(specs)))
    session.rebuild(forget=True)


@handles(m.SetRuns)
def _set_runs(session, msg: m.SetRuns) -> None:
    if not msg.runs:
        raise ValueError("a race needs at least one run")
    runs = tuple(session.run_settings(spec) for spec in msg.runs)
    session.set_state(session.state.with_(runs=runs, selected_run=min(session.state.selected_run, len(runs) - 1)))
    session.rebuild()


def _run(session, k: int):
    runs = session.state.runs
    if not 0 <= k < len(runs):
        raise IndexError(f"there is no run {k + 1}: the race has {len(runs)}")
    return runs[k]


def _replace_run(session, k: int, settings) -> None:
    runs = list(session.state.runs)
    runs[k] = settings
    session.set_state(session.state.with_(runs=tuple(runs)))


@handles(m.SetHyper)
def _set_hyper(session, msg: m.SetHyper) -> None:
    settings = _run(session, msg.run)
    spec = settings.spec
    new_spec = dataclasses.replace(spec, hyper={**spec.hyper, msg.key: msg.value})  # validated by RunSpec
    if new_spec == spec:
        return
    _replace_run(session, msg.run, dataclasses.replace(settings, spec=new_spec))
    if session.race is not None:
        session.race.set_hyper(msg.run, msg.key, new_spec.hyper[msg.key])
        session.converged_at[msg.run] = -1  # another rate: the run may move again
        session.apply_stops()


@handles(m.SetOptimizer)
def _set_optimizer(session, msg: m.SetOptimizer) -> None:
    settings = _run(session, msg.run)
    old = settings.spec
    if old.optimizer == msg.optimizer:
        return
    hyper = dict(defaults(msg.optimizer))
    if "lr" in old.hyper:
        hyper["lr"] = old.hyper["lr"]
    label = policy.label_for(msg.optimizer, [r.label for i, r in enumerate(session.state.runs) if i != msg.run])
    spec = RunSpec(label, msg.optimizer, hyper, old.batch, old.shuffle, old.drop_last)
    _replace_run(session, msg.run, dataclasses.replace(settings, spec=spec))
    session.rebuild()


@handles(m.SetBatch)
def _set_batch(session, msg: m.SetBatch) -> None:
    settings = _run(session, msg.run)
    old = settings.spec
    spec = dataclasses.replace(old, batch=msg.batch, shuffle=old.shuffle if msg.shuffle is None else msg.shuffle,
                               drop_last=old.drop_last if msg.drop_last is None else msg.drop_last)
    if spec == old:
        return
    _replace_run(session, msg.run, dataclasses.replace(settings, spec=spec))
    if session.race is not None:
        session.race.set_batch(msg.run, spec.batch, spec.shuffle, spec.drop_last)
        session.converged_at[msg.run] = -1
        session.apply_stops()


@handles(m.SetVisible)
def _set_visible(session, msg: m.SetVisible) -> None:
    _replace_run(session, msg.run, dataclasses.replace(_run(session, msg.run), visible=bool(msg.visible)))


@handles(m.AddRun)
def _add_run(session, msg: m.AddRun) -> None:
    runs = session.state.runs
    spec = msg.spec
    if spec is None:
        lr = runs[-1].spec.hyper.get("lr", 0.01) if runs else 0.01
        spec = RunSpec(policy.label_for("sgd", [r.label for r in runs]), "sgd", {**defaults("sgd"), "lr": lr}, batch=1)
    elif spec.label in {r.label for r in runs}:
        spec = dataclasses.replace(spec, label=policy.label_for(spec.optimizer, [r.label for r in runs], spec.label))
    settings = session.run_settings(spec)
    session.set_state(session.state.with_(runs=runs + (settings,)))
    if session.race is not None:
        session.race.add_run(spec)
        session.converged_at = np.append(session.converged_at, -1)
        session.apply_stops()
    else:
        session.rebuild()


@handles(m.RemoveRun)
def _remove_run(session, msg: m.RemoveRun) -> None:
    _run(session, msg.run)
    runs = session.state.runs
    if len(runs) <= 1:
        raise ValueError("a race needs at least one run: add another before removing this one")
    kept = runs[: msg.run] + runs[msg.run + 1:]
    selected = session.state.selected_run
    selected = selected - 1 if selected > msg.run else min(selected, len(kept) - 1)
    session.set_state(session.state.with_(runs=kept, selected_run=selected))
    if session.race is not None:
        session.race.remove_run(msg.run)
        session.converged_at = np.delete(session.converged_at, msg.run)
        session.builder.clear()
        session.apply_stops()


@handles(m.DuplicateRun)
def _duplicate_run(session, msg: m.DuplicateRun) -> None:
    settings = _run(session, msg.run)
    runs = session.state.runs
    label = policy.label_for(settings.spec.optimizer, [r.label for r in runs], settings.label)
    copy = session.run_settings(dataclasses.replace(settings.spec, label=label), visible=settings.visible)
    session.set_state(session.state.with_(runs=runs + (copy,)))
    if session.race is not None:
        session.race.duplicate_run(msg.run, label)
        session.converged_at = np.append(session.converged_at, session.converged_at[msg.run])
        session.apply_stops()
    else:
        session.rebuild()


@handles(m.SetStart)
def _set_start(session, msg: m.SetStart) -> None:
    model = session.state.model
    theta = np.asarray(msg.theta, dtype=np.float64).reshape(-1)
    if model is None or theta.shape != (model.n_params,) or not np.all(np.isfinite(theta)):
        return
    session.set_state(session.state.with_(start=frozen_vector(theta)))
    session.reset_race()
    if msg.final:
        session.plane_start = session.state.start_theta


@handles(m.SetPlane)
def _set_plane(session, msg: m.SetPlane) -> None:
    from engine.session.planes import parse_plane

    parse_plane(msg.spec)
    if msg.spec == "pca":
        session.pca_request += 1
    session.set_state(session.state.with_(plane=msg.spec))


# -- what is shown ---------------------------------------------------------------------------------


@handles(m.SelectSample)
def _select_sample(session, msg: m.SelectSample) -> None:
    ds = session.state.dataset
    if msg.index is not None and (ds is None or not 0 <= int(msg.index) < ds.n):
        return
    session.set_state(session.state.with_(selected_sample=None if msg.index is None else int(msg.index)))


@handles(m.SelectRun)
def _select_run(session, msg: m.SelectRun) -> None:
    if 0 <= msg.run < len(session.state.runs):
        session.set_state(session.state.with_(selected_run=int(msg.run)))


@handles(m.ShowFeatures)
def _show_features(session, msg: m.ShowFeatures) -> None:
    ds = session.state.dataset
    if ds is not None and 0 <= msg.x < ds.d and 0 <= msg.y < ds.d:
        session.set_state(session.state.with_(shown_features=(int(msg.x), int(msg.y))))


@handles(m.SetThreshold)
def _set_threshold(session, msg: m.SetThreshold) -> None:
    t = float(msg.threshold)
    if not 0.0 <= t <= 1.0:
        raise ValueError(f"the threshold is a probability from 0 to 1, not {t:g}")
    session.set_state(session.state.with_(threshold=t))


@handles(m.SetView)
def _set_view(session, msg: m.SetView) -> None:
    session.set_state(session.state.with_(view=msg.view))


# -- the race --------------------------------------------------------------------------------------


@handles(m.Play)
def _play(session, msg: m.Play) -> None:
    on = bool(msg.on)
    if on and session.finished:
        session.reset_race()  # like a player at the end of the film: play starts it again
    session.set_state(session.state.with_(playing=on))
    session.pacer.restart()


@handles(m.StepOnce)
def _step_once(session, msg: m.StepOnce) -> None:
    session.set_state(session.state.with_(playing=False))
    session.step(1)


@handles(m.RunSteps)
def _run_steps(session, msg: m.RunSteps) -> None:
    n = int(msg.n)
    if n < 0:
        raise ValueError(f"the number of steps must be 0 or more, not {n}")
    session.step(n)


@handles(m.Reset)
def _reset(session, msg: m.Reset) -> None:
    session.reset_race()


@handles(m.SetSpeed)
def _set_speed(session, msg: m.SetSpeed) -> None:
    session.set_state(session.state.with_(speed=min(max(float(msg.steps_per_second), SPEED_MIN), SPEED_MAX)))


@handles(m.SetSeed)
def _set_seed(session, msg: m.SetSeed) -> None:
    seed = int(msg.seed)
    if not 0 <= seed < 2**32:
        raise ValueError(f"the seed must be a whole number from 0 to {2**32 - 1}, not {seed}")
    if seed != session.state.seed:
        session.set_state(session.state.with_(seed=seed))
        session.rebuild()


@handles(m.SetRestartOnEdit)
def _set_restart_on_edit(session, msg: m.SetRestartOnEdit) -> None:
    session.set_state(session.state.with_(restart_on_edit=bool(msg.on)))


@handles(m.SetLimit)
def _set_limit(session, msg: m.SetLimit) -> None:
    session.set_state(session.state.with_(limit=Limit(msg.count, msg.unit)))
    session.apply_stops()


@handles(m.EditPainted)
def _edit_painted(session, msg: m.EditPainted) -> None:
    session.pacer.painted(msg.version)
