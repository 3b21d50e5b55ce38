"""What model, run, view and race messages do: each changes the state and, where it can, the
running race in place (a learning rate, a batch size), so the runs keep their places."""
from __future__ import annotations

import dataclasses

import numpy as np

from engine.functions import is_function
from engine.models import model_for
from engine.optimizers import defaults
from engine.race import RunSpec, check_clip
from engine.session import messages as m
from engine.session import policy
from engine.session.data_handlers import fresh_runs
from engine.session.handlers import handles
from engine.session.state import MAX_RUNS, SPEED_MAX, SPEED_MIN, Limit, frozen_vector
from engine.shuffling import check_shuffle_rng

# -- model and runs --------------------------------------------------------------------------------


@handles(m.SetModel)
def _set_model(session, msg: m.SetModel) -> None:
    state = session.state
    if state.dataset is None or is_function(state.model):  # a function is its own model
        return
    model = model_for(state.design, msg.kind, msg.bias, msg.cost, state.model.l2, state.model.l1)
    if model == state.model:
        return
    if (model.kind, model.bias) == (state.model.kind, state.model.bias):  # the cost alone: the same runs race on it
        session.set_state(session.state.with_(model=model))
        session.rebuild(forget=True)
        return
    specs = policy.default_runs(state.design, model, recipe=state.features is None)
    runs = fresh_runs(specs)
    session.set_state(session.state.with_(model=model, runs=runs, start=None, plane="auto", next_color=len(runs),
                                          selected_run=policy.default_selected_run(specs)))
    session.rebuild(forget=True)


@handles(m.SetPenalty)
def _set_penalty(session, msg: m.SetPenalty) -> None:
    state = session.state
    if state.dataset is None or is_function(state.model):
        raise ValueError("A penalty needs a model with weights: a function has none.")
    model = dataclasses.replace(state.model, l2=float(msg.l2), l1=float(msg.l1))  # checked by Model
    if model == state.model:
        return
    session.set_state(state.with_(model=model))
    session.rebuild()  # the runs start again on the new cost; the surface keeps the data's part


@handles(m.CompareWeightDecay)
def _compare_weight_decay(session, msg: m.CompareWeightDecay) -> None:
    """Loshchilov and Hutter's point, on the user's data: with Adam an L2 term is rescaled per
    parameter by 1/√v̂, so large-gradient weights are barely decayed; AdamW decays them all alike."""
    state = session.state
    if state.dataset is None or is_function(state.model):
        raise ValueError("Weight decay pulls a model's weights toward 0: a function has none.")
    decay = float(msg.decay)
    adam = next((r.spec for r in state.runs if r.spec.optimizer in ("adam", "adamw")), None)
    lr = adam.hyper["lr"] if adam is not None else 0.05
    specs = (RunSpec("Adam", "adam", {**defaults("adam"), "lr": lr}),
             RunSpec("Adam + L2", "adam", {**defaults("adam"), "lr": lr, "weight_decay": decay}),
             RunSpec("AdamW", "adamw", {**defaults("adamw"), "lr": lr, "weight_decay": decay}))
    runs = fresh_runs(specs)
    session.set_state(state.with_(runs=runs, next_color=len(runs), selected_run=2))
    session.rebuild()


@handles(m.SetRuns)
def _set_runs(session, msg: m.SetRuns) -> None:
    if not msg.runs:
        raise ValueError("A race needs at least one run.")
    if len(msg.runs) > MAX_RUNS:
        raise ValueError(f"A race holds at most {MAX_RUNS} runs, not {len(msg.runs)}.")
    runs = tuple(session.run_settings(spec) for spec in msg.runs)
    session.set_state(session.state.with_(runs=runs, selected_run=min(session.state.selected_run, len(runs) - 1)))
    session.rebuild()


def _run(session, k: int):
    runs = session.state.runs
    if not 0 <= k < len(runs):
        raise ValueError(f"there is no run {k + 1}: the race has {len(runs)}")
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
    if session.race is None:
        session.rebuild()
        return
    session.race.restart_run(msg.run, spec)  # the other runs keep their places
    session.converged_at[msg.run] = -1
    session.apply_stops()


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
    _room_for_one_more(runs)
    spec = msg.spec
    if spec is None:  # SGD in batches of one, at the rate that suits GD on this data (Adam's diverges)
        state = session.state
        lr = 0.01
        if state.dataset is not None:
            lr = policy.default_runs(state.design, state.model, recipe=state.features is None)[0].hyper["lr"]
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


def _room_for_one_more(runs) -> None:
    if len(runs) >= MAX_RUNS:
        raise ValueError(f"A race holds at most {MAX_RUNS} runs: remove one before adding another.")


@handles(m.RemoveRun)
def _remove_run(session, msg: m.RemoveRun) -> None:
    _run(session, msg.run)
    runs = session.state.runs
    if len(runs) <= 1:
        raise ValueError("A race needs at least one run: add another before removing this one.")
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
    _room_for_one_more(runs)
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
    if session.race is not None:
        session.derived.follow_runs(session.race, session.state.model, now=True)  # where they went


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


@handles(m.SetShuffleRng)
def _set_shuffle_rng(session, msg: m.SetShuffleRng) -> None:
    """A new order of the mini-batches is a new race: from the start, as a new seed is."""
    if check_shuffle_rng(msg.rng) != session.state.shuffle_rng:
        session.set_state(session.state.with_(shuffle_rng=msg.rng))
        session.rebuild()


@handles(m.SetRestartOnEdit)
def _set_restart_on_edit(session, msg: m.SetRestartOnEdit) -> None:
    session.set_state(session.state.with_(restart_on_edit=bool(msg.on)))


@handles(m.ShowInspector)
def _show_inspector(session, msg: m.ShowInspector) -> None:
    session.set_state(session.state.with_(inspecting=bool(msg.on)))


@handles(m.InspectUpdate)
def _inspect_update(session, msg: m.InspectUpdate) -> None:
    update = None if msg.update is None else max(1, int(msg.update))
    session.set_state(session.state.with_(inspected_update=update))


@handles(m.SetClip)
def _set_clip(session, msg: m.SetClip) -> None:
    clip = check_clip(msg.clip)
    if clip != session.state.clip:
        session.set_state(session.state.with_(clip=clip))
        session.rebuild()


@handles(m.SetLimit)
def _set_limit(session, msg: m.SetLimit) -> None:
    session.set_state(session.state.with_(limit=Limit(msg.count, msg.unit)))
    session.apply_stops()

