"""The storm on the session alone (no Qt, a fake clock): thousands of seeded messages, each frame
checked against the engine, and undoing everything brings the start back.

The window's storm (tests/gui/test_storm.py) checks the wiring; this one checks the numbers, so
it can afford to look at every frame.
"""
from __future__ import annotations

import numpy as np
import pytest

from engine.models import MODELS_FOR_TASK
from engine.session import CooperativeExecutor, Session, derived, history
from engine.session import messages as m
from tests.engine.session.helpers import FakeClock, assert_surface_of, frame
from tests.storm import DeferredPool, Storm

BURSTS = 450  # about 1,200 messages, then about 700 undos


def check_frame(s, f) -> None:
    """What any frame must satisfy, whatever came before it."""
    state, ds, model = s.state, f.dataset, f.model
    assert f.state is state and ds is state.dataset and model is state.model
    assert model.kind in MODELS_FOR_TASK[ds.task] and model.n_features == ds.d
    if ds.is_classification:
        assert model.n_outputs in (1, ds.n_classes) and (model.kind == "softmax") == (model.n_outputs > 1)
    assert len(f.runs) == len(state.runs) >= 1
    assert 0 <= f.selected_run < len(f.runs)
    assert f.selected_sample is None or 0 <= f.selected_sample < ds.n
    assert all(0 <= i < ds.d for i in state.shown_features)
    if s.race is None or s.message is not None:
        return
    assert s.race.k == len(f.runs) == len(s.converged_at)
    for k, run in enumerate(f.runs):
        assert run.label == state.runs[k].label and run.theta.shape == (model.n_params,)
        assert run.loss_history.shape == (len(run.history_steps),) if run.history_steps is not None else True
        if run.status != "diverged" and ds.n:
            with np.errstate(all="ignore"):
                true = float(model.loss(run.theta[None], ds.X, ds.y)[0])
            if np.isfinite(true):  # every run shows its cost on the data as it is now
                assert run.loss == pytest.approx(true, rel=1e-9, abs=1e-12), (k, run.label, run.status)
        assert run.steps <= max(s.race.steps.max(), 0)


def rest(s, pool) -> None:
    """The hand rests: the helper thread's optima come in and the session finishes its work."""
    for _ in range(1000):
        s.clock.tick(1.0)
        pool.flush()
        s.advance()
        if not s.executor.pending and not s.derived.busy() and not pool.waiting:
            s.advance()
            return
    raise AssertionError("the session never settled")


def test_a_storm_of_messages_keeps_every_frame_true_and_undo_all_restores_the_start(monkeypatch):
    monkeypatch.setattr(history, "MAX_STEPS", 10**6)  # forgetting old steps is tested on its own
    monkeypatch.setattr(derived, "SURFACE_GRID", 60)  # cells are checked one by one: 60 is plenty
    # On the fake clock every solve looks free and would be found inline; in the app most go to
    # the helper thread (timed there): send them to the pool, whose answers come when the hand rests.
    monkeypatch.setattr(derived, "OPTIMUM_INLINE", -1.0)
    pool = DeferredPool()  # optima arrive when the hand rests, as from the app's helper thread
    s = Session(clock=FakeClock(), executor=CooperativeExecutor(), pool=pool)
    s.apply(m.Play(False))
    s.apply(m.LoadPreset("line-30"))
    rest(s, pool)
    start_data, start_source = s.state.dataset, s.state.source
    storm = Storm(seed=20261202)
    notices = []
    surfaces_checked = 0
    for b in range(BURSTS):
        for message in storm.burst(s.state):
            s.apply(message)  # an exception here is a bug: refusals come back as notices
            notices += s.take_notices()
            check_frame(s, frame(s))
        if b % 25 == 24:  # now and then let the hand rest and check the slow work too
            rest(s, pool)
            f = frame(s)
            check_frame(s, f)
            if f.surface is not None and f.dataset.n and not f.surface.preview:
                assert_surface_of(f)
                surfaces_checked += 1
        else:
            s.advance()
    assert storm.edits > 500 and surfaces_checked > 10
    errors = [n.text for n in notices if n.kind == "error"]
    assert errors, "the storm sends refusable messages: some must have been refused"
    assert all("Error" not in text and "Traceback" not in text and len(text) < 300 for text in errors), errors
    end_data = s.state.dataset
    undone = 0
    while s.history.undo_text is not None:
        s.apply(m.Undo())
        undone += 1
    assert undone > 100
    assert s.state.dataset == start_data and s.state.source == start_source
    check_frame(s, frame(s))
    for _ in range(undone):  # the redo list also holds what the storm undid and never redid
        s.apply(m.Redo())
    assert s.state.dataset == end_data
    check_frame(s, frame(s))
