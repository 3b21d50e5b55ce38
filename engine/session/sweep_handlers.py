"""Sweeps in the window: ``RunSweep`` and ``CancelSweep``.

A sweep (engine/sweeps.py) races K learning rates, or momentum's (lr, β) grid, for the selected
run's optimiser on the data as they are when asked. It runs on the session's export pool (a
thread of its own in the app, inline in tests), the frames carry its progress, and its result
(``Frame.sweep``) stays until the next sweep, a new data set or model; cancelling keeps the last.
"""
from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass

from engine.session import messages as m
from engine.session.handlers import handles
from engine.session.jobs import FutureJob
from engine.sweeps import SweepCancelled, SweepProgress, request_of
from engine.sweeps import run as run_sweep
from engine.words import translate, words_of


@dataclass
class SweepJob:
    job: FutureJob | None
    progress: SweepProgress
    key: tuple  # the model and data it was raced on: a result for other data is not shown


def sweep_key(state) -> tuple:
    return (state.model, state.data_version, state.start_theta.tobytes(), state.seed, state.clip)


@handles(m.RunSweep)
def _run_sweep(session, msg: m.RunSweep) -> None:
    title = translate("Sweep", "Could not sweep")
    state, race = session.state, session.race
    if session.sweeping is not None:
        session.tell("error", translate("Sweep", "A sweep is running already: wait for it, or cancel it first."),
                     title=title)
        return
    if race is None or session.message is not None or not 0 <= msg.run < len(state.runs):
        session.tell("error", translate("Sweep", "There is no race to sweep yet."), title=title)
        return
    try:
        request = request_of(state.runs[msg.run].spec, msg.lo, msg.hi, msg.count, msg.steps, msg.betas)
    except ValueError as error:
        session.tell("error", words_of(error), title=title)
        return
    opt = session.derived.optimum
    optimum_loss = float(opt.loss) if opt is not None and session.derived.optimum_current(state) else None
    ds = state.training
    sweep = session.sweeping = SweepJob(None, SweepProgress(), sweep_key(state))
    args = (request, state.model, ds.X, ds.y, state.start_theta, state.seed, optimum_loss, sweep.progress, state.clip)
    sweep.job = FutureJob(session.export_pool, run_sweep, args, lambda future: _finished(session, sweep, future),
                          session.notify)
    session.executor.submit(sweep.job)


@handles(m.CancelSweep)
def _cancel_sweep(session, msg: m.CancelSweep) -> None:
    if session.sweeping is not None:
        session.sweeping.progress.cancel.set()


def _finished(session, sweep: SweepJob, future: Future) -> None:
    if session.sweeping is sweep:
        session.sweeping = None
    error = future.exception()
    if error is None:
        session.sweep_result = (sweep.key, future.result())
    elif isinstance(error, SweepCancelled):
        session.tell("info", translate("Sweep", "The sweep was cancelled."))
    elif isinstance(error, ValueError):
        session.tell("error", words_of(error), title=translate("Sweep", "Could not sweep"))
    else:
        raise error
    session.mark_frame_wanted()
