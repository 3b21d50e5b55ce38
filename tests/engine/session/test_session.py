"""The session replayed message by message, its frames compared with direct engine calls."""
from __future__ import annotations

import numpy as np
import pytest

from engine.data import load_preset
from engine.models import Model, model_for
from engine.optimum import find_optimum
from engine.race import Race, RunSpec
from engine.session import messages as m
from engine.session.policy import default_runs
from tests.engine.session.helpers import assert_surface_of, frame, make_session, settle


def test_a_preset_opens_with_its_default_race_surface_and_optimum():
    s = make_session("line-30")
    f = frame(s)
    ds = load_preset("line-30")
    assert f.dataset == ds and f.source.name == "line-30"
    assert f.model == model_for(ds)
    assert [r.label for r in f.runs] == ["GD", "Momentum", "RMSprop", "Adam"]
    assert f.selected_run == 3  # Adam
    assert f.surface_status == "ready" and f.surface.loss.shape == (200, 200) and f.surface.exact
    assert_surface_of(f, ds)
    optimum = find_optimum(f.model, ds.X, ds.y)
    assert f.optimum_status == "finite" and f.optimum_current
    assert f.optimum_loss == pytest.approx(optimum.loss, rel=1e-12)
    np.testing.assert_allclose(f.surface.optimum_ab, optimum.theta, rtol=1e-12)
    assert f.settled and f.message is None


def test_the_race_is_the_engine_race_step_for_step():
    s = make_session("blobs")
    s.apply(m.RunSteps(37))
    f = frame(s)
    ds = load_preset("blobs")
    race = Race(f.model, ds.X, ds.y, default_runs(ds, f.model), np.zeros(f.model.n_params), seed=0)
    race.step(37)
    assert f.step == 37
    for k, run in enumerate(f.runs):
        np.testing.assert_array_equal(run.theta, race.theta[k])
        np.testing.assert_array_equal(run.loss_history, race.loss_history(k))
        assert run.steps == 37 and run.status == "paused"


def test_playing_steps_at_the_speed_of_the_clock():
    s = make_session("line-30")
    s.apply(m.SetSpeed(200))
    s.apply(m.Play(True))
    s.clock.tick(0.05)
    s.advance()
    assert frame(s).step == 10
    s.clock.tick(0.1)
    s.advance()
    assert frame(s).step == 30
    s.apply(m.Play(False))
    s.clock.tick(1.0)
    s.advance()
    assert frame(s).step == 30


def test_editing_while_paused_updates_losses_and_status_at_once():
    s = make_session("line-30")
    s.apply(m.RunSteps(50))
    before = frame(s)
    ds = before.dataset
    s.apply(m.MovePoint(3, (4.0,), 40.0))
    f = frame(s)
    moved = ds.moved(3, [4.0], 40.0)
    assert f.dataset == moved and f.data_version == before.data_version + 1
    for run in f.runs:
        assert run.steps == 50  # the race goes on from where it was
        assert run.loss == pytest.approx(float(f.model.loss(run.theta[None], moved.X, moved.y)[0]), rel=1e-12)
        assert run.loss != pytest.approx(before.runs[0].loss)
    assert_surface_of(f, moved)
    # the optimum follows the edit: the curve's dashed line and the star are the new data's
    assert f.optimum_current and f.optimum_loss == pytest.approx(find_optimum(f.model, moved.X, moved.y).loss)


def test_a_run_that_converged_stops_there_and_the_race_pauses_when_all_are_done():
    s = make_session("line-30")
    s.apply(m.SetRuns((RunSpec("fast", "gd", {"lr": 0.002}), RunSpec("wild", "gd", {"lr": 1.0}))))
    s.apply(m.Play(True))
    s.apply(m.SetSpeed(10_000))
    for _ in range(200):
        s.clock.tick(0.1)
        s.advance()
        if not s.racing:
            break
    f = frame(s)
    fast, wild = f.runs
    assert wild.status == "diverged" and wild.diverged_at is not None
    assert fast.status == "converged" and fast.converged_at == fast.steps
    grad = f.model.grad(fast.theta[None], f.dataset.X, f.dataset.y)[0]
    grad0 = f.model.grad(np.zeros((1, 2)), f.dataset.X, f.dataset.y)[0]
    assert np.linalg.norm(grad) <= 1e-6 * np.linalg.norm(grad0)
    assert f.finished and not f.playing and f.state.playing  # standing still; the wish to play stays
    steps = fast.steps
    s.clock.tick(1.0)
    s.advance()
    assert frame(s).runs[0].status == "converged" and frame(s).runs[0].steps == steps  # sticky
    s.apply(m.MovePoint(0, (1.0,), 3.0))  # a new landscape: the run may move again, and does
    assert frame(s).runs[0].status == "running" and frame(s).playing
    s.apply(m.RunSteps(5))
    assert frame(s).runs[0].steps == steps + 5
    s.apply(m.LoadPreset("wine"))  # a new race after a finished one plays at once
    assert frame(s).playing


def test_the_first_data_set_is_not_an_undo_step():
    s = make_session("line-30")
    assert frame(s).undo_text is None
    s.apply(m.Undo())
    assert frame(s).dataset.name == "line-30" and frame(s).surface is not None
    s.apply(m.SetModel("linear", False))
    s.apply(m.Undo())  # a model change is not undoable: nothing falls through to an empty session
    assert frame(s).dataset is not None and frame(s).message is None


def test_the_step_limit_stops_every_run_and_play_starts_again():
    s = make_session("logistic-2d")
    s.apply(m.SetLimit(40, "steps"))
    s.apply(m.Play(True))
    s.apply(m.SetSpeed(10_000))
    s.clock.tick(0.5)
    s.advance()
    f = frame(s)
    assert f.step == 40 and f.finished and not f.playing
    assert {r.status for r in f.runs} <= {"stopped", "converged", "diverged"}
    s.apply(m.Play(True))
    assert frame(s).step == 0 and frame(s).playing
    s.apply(m.SetLimit(3, "epochs"))
    s.apply(m.SetBatch(0, 2))  # 6 points in batches of 2: 3 updates an epoch
    s.clock.tick(1.0)
    s.advance()
    assert frame(s).runs[0].steps == 9


def test_a_point_of_a_new_class_grows_the_softmax_model():
    s = make_session("blobs")
    assert frame(s).model.n_classes == 3
    s.apply(m.AddPoint((0.0, 0.0), 3))
    f = frame(s)
    assert f.dataset.n_classes == 4 and f.model.n_classes == 4 and f.model.n_params == 12
    assert f.message is None and all(run.theta.shape == (12,) for run in f.runs)
    settle(s)
    f = frame(s)
    assert f.surface is not None and f.surface_status == "ready"
    assert_surface_of(f)
    assert f.regions.proba.shape[-1] == 4
    s.apply(m.Undo())
    f = frame(s)
    assert f.dataset.n_classes == 3 and f.model.n_classes == 3 and f.runs[0].theta.shape == (9,)


def test_softmax_on_two_classes_draws_regions_curves_and_probabilities():
    for preset in ("logistic-2d", "logistic-line"):
        s = make_session(preset)
        s.apply(m.SetModel("softmax", True))
        settle(s)
        s.apply(m.RunSteps(20))
        f = frame(s)
        assert f.model.kind == "softmax" and f.model.n_classes == 2
        assert f.sample_output.shape == (4, 2)
        np.testing.assert_allclose(f.sample_output.sum(axis=1), 1.0)
        if f.dataset.d == 2:
            assert f.regions is not None and f.regions.proba.shape == (100, 100, 2)
        else:
            assert f.fit is not None and f.fit.y.shape[0] == 4
            theta = f.runs[1].theta
            x = f.fit.x[7]
            p = f.model.predict_proba(theta[None], np.array([[x]]))[0, 0, 1]
            assert f.fit.y[1, 7] == pytest.approx(p, rel=1e-12)


def test_an_empty_data_set_and_one_class_say_why_and_drawing_again_resumes():
    s = make_session("logistic-2d", playing=True)
    s.apply(m.ClearData())
    f = frame(s)
    assert "empty" in f.message and not f.playing and f.surface is None and f.surface_status == "none"
    s.apply(m.AddPoint((1.0, 1.0), 0))
    assert "one class" in frame(s).message.lower()
    s.apply(m.AddPoint((3.0, 3.0), 1))
    settle(s)
    f = frame(s)
    assert f.message is None and f.playing and f.surface is not None
    for _ in range(3):
        s.apply(m.Undo())
    f = frame(s)
    assert f.dataset.n == 6 and f.message is None


def test_undo_brings_back_the_edited_data_after_a_preset_switch():
    s = make_session("line-30")
    s.apply(m.MovePoint(0, (1.0,), 9.0, drag=1))
    s.apply(m.MovePoint(0, (1.0,), 12.0, drag=1))  # one drag: one undo step
    edited = frame(s).dataset
    s.apply(m.SetHyper(0, "lr", 0.0005))
    s.apply(m.LoadPreset("wine"))
    settle(s)
    assert frame(s).dataset.name == "wine" and frame(s).undo_text == "Load wine"
    s.apply(m.Undo())
    settle(s)
    f = frame(s)
    assert f.dataset == edited and f.source.name == "line-30" and f.model.kind == "linear"
    assert f.runs[0].hyper["lr"] == 0.0005  # the runs as they were when wine was loaded
    s.apply(m.Undo())
    assert frame(s).dataset == load_preset("line-30")
    s.apply(m.Redo())
    s.apply(m.Redo())
    assert frame(s).dataset.name == "wine"


def test_selecting_digits_gives_a_consistent_frame_before_the_surface_is_done():
    s = make_session("wine", cooperative=True)
    s.apply(m.SelectSample(171))
    s.apply(m.LoadPreset("digits"))
    f = frame(s)  # before any slow work has run
    ds = load_preset("digits")
    assert f.dataset == ds and f.model == model_for(ds)
    assert f.surface is None and f.surface_status == "computing" and not f.settled
    assert f.optimum_status == "computing"
    assert f.selected_sample == 0 and f.sample_output.shape == (4, 10)
    assert f.regions is not None and f.regions.proba.shape[-1] == 10
    assert all(run.theta.shape == (650,) for run in f.runs)


def test_undoing_a_new_class_on_emptied_data_shrinks_the_softmax_again():
    """Found by the storm: with no points there is no race, and undo skipped the model check,
    leaving a 4-output softmax on 3-class data (the next edit then crashed the surface)."""
    s = make_session("blobs")
    s.apply(m.ClearData())
    s.apply(m.AddPoint((0.0, 0.0), 3.0))  # the first point of a fourth class
    assert s.state.model.n_classes == 4
    s.apply(m.Undo())
    assert s.state.dataset.n == 0 and s.state.dataset.n_classes == 3
    assert s.state.model == Model("softmax", 2, 3)
    s.apply(m.Redo())
    assert s.state.model.n_classes == 4
    s.apply(m.Undo())
    s.apply(m.AddPoint((1.0, 1.0), 2.0))  # and editing goes on: a race and a surface again
    s.apply(m.AddPoint((-1.0, 0.0), 0.0))
    settle(s)
    f = s.frame(force=True)
    assert f.model.n_classes == 3 and f.surface is not None and not s.take_notices()


def test_a_race_holds_at_most_64_runs_and_says_so():
    """The storm added runs without end (the soak slowed 3x over 6 minutes): one cap for the
    window, the command line and session files."""
    from engine.session.state import MAX_RUNS

    s = make_session("line-30")
    while len(s.state.runs) < MAX_RUNS:
        s.apply(m.DuplicateRun(0) if len(s.state.runs) % 2 else m.AddRun())
    assert not s.take_notices()
    for message in (m.AddRun(), m.DuplicateRun(3)):
        s.apply(message)
        notice = s.take_notices()[-1]
        assert notice.kind == "error" and "at most 64 runs" in notice.text
    assert len(s.state.runs) == MAX_RUNS and s.race.k == MAX_RUNS
