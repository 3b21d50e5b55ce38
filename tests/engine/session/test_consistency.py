"""Sequences of messages that once left the session inconsistent, each checked against the engine."""
from __future__ import annotations

import numpy as np
import pytest

from engine.data import load_preset
from engine.race import Race, RunSpec
from engine.session import files
from engine.session import messages as m
from engine.session.policy import default_runs
from tests.engine.session.helpers import frame, make_session, settle


def _true_loss(f, k: int) -> float:
    return float(f.model.loss(f.runs[k].theta[None], f.dataset.X, f.dataset.y)[0])


def test_a_stopped_run_shows_its_cost_on_edited_data_and_goes_on_from_there():
    s = make_session("line-30")
    s.apply(m.SetBatch(1, 1))
    s.apply(m.SetLimit(1, "epochs"))  # GD stops after 1 update, Momentum (batches of 1) after 30
    s.apply(m.RunSteps(100))
    s.apply(m.MovePoint(3, (4.0,), 40.0))
    f = frame(s)
    assert f.runs[0].steps == 1 and f.runs[0].status == "stopped"
    for k in range(4):
        assert f.runs[k].loss == pytest.approx(_true_loss(f, k), rel=1e-12)
        assert f.runs[k].loss_history[-1] == f.runs[k].loss
    s.apply(m.SetLimit(10_000, "steps"))
    s.apply(m.RunSteps(5))
    f = frame(s)
    gd = f.runs[0]
    assert gd.steps == 6 and gd.loss == pytest.approx(_true_loss(f, 0), rel=1e-12)
    assert gd.history_steps[-1] == 6  # the curve's x is the run's own updates
    a, b, _ = f.surface.plane.project(gd.theta[None])
    np.testing.assert_allclose(gd.path_ab[-1], (a[0], b[0]), atol=1e-9)


def test_a_paused_settled_session_makes_no_frames():
    s = make_session("line-30")
    frame(s)
    for version in range(5):  # the window saying it painted is not a change to show
        s.painted(version)
        s.clock.tick(0.1)
        s.advance()
        assert s.frame() is None
    assert s.wait() is None


def test_waiting_for_the_next_frame_is_not_a_busy_loop():
    s = make_session("line-30")
    frame(s)
    s.apply(m.SelectSample(4))
    assert s.frame(force=True) is not None  # the answer goes at once...
    s.apply(m.SelectSample(5))
    assert s.frame() is None  # ...but two frames are a frame's time apart
    wait = s.wait()
    assert wait is not None and 0 < wait <= 1 / 60 + 1e-9  # the worker sleeps until then, it does not spin


def test_the_selected_run_stays_in_range_and_the_file_reopens(tmp_path):
    s = make_session("line-30")
    s.apply(m.AddRun())
    s.apply(m.SelectRun(4))
    s.apply(m.Standardize())
    assert frame(s).selected_run < len(frame(s).runs)
    s.apply(m.AddRun())
    s.apply(m.AddRun())
    s.apply(m.SelectRun(5))
    s.apply(m.Undo())
    f = frame(s)
    assert 0 <= f.selected_run < len(f.runs) and len(f.runs) == 5
    path = tmp_path / "s.dlab.json"
    s.apply(m.SaveSession(str(path)))
    assert files.load(path).selected_run == f.selected_run


@pytest.mark.parametrize("selected,expected", [(0, 0), (29, None), (3, 3)])
def test_removing_the_last_point_by_a_negative_index(selected, expected):
    s = make_session("line-30")
    s.apply(m.SelectSample(selected))
    s.apply(m.RemovePoint(-1))
    f = frame(s)
    assert f.dataset.n == 29 and f.selected_sample == expected


def test_redo_comes_back_to_the_state_before_the_undo():
    s = make_session("line-30")
    s.apply(m.LoadPreset("logistic-2d"))
    s.apply(m.SetModel("logistic", False))
    s.apply(m.Undo())
    assert frame(s).dataset.name == "line-30"
    s.apply(m.Redo())
    assert frame(s).model.bias is False and frame(s).dataset.name == "logistic-2d"
    s.apply(m.NewSession())
    s.apply(m.SetLimit(100, "epochs"))
    s.apply(m.SetSeed(3))
    s.apply(m.Undo())
    s.apply(m.Redo())
    assert frame(s).state.limit.count == 100 and frame(s).state.seed == 3


def test_convergence_is_measured_from_the_start_the_race_has_now():
    s = make_session("line-30")
    optimum = s.derived.optimum.theta
    s.apply(m.SetStart(tuple(optimum)))
    s.apply(m.SetSeed(1))
    s.apply(m.SetStart((0.0, 0.0)))
    s.apply(m.SetRuns((RunSpec("GD", "gd", {"lr": 0.002}),)))
    s.apply(m.SetLimit(30_000))
    s.apply(m.RunSteps(30_000))
    f = frame(s)
    assert f.runs[0].status == "converged" and f.runs[0].converged_at < 30_000
    assert f.runs[0].steps == f.runs[0].converged_at  # held where it arrived


def test_another_optimiser_restarts_only_its_run():
    s = make_session("line-30")
    s.apply(m.RunSteps(200))
    s.apply(m.SetOptimizer(1, "adagrad"))
    f = frame(s)
    assert [r.steps for r in f.runs] == [200, 0, 200, 200]
    assert f.runs[1].optimizer == "adagrad" and f.runs[1].hyper["lr"] == 1e-3
    np.testing.assert_array_equal(f.runs[1].theta, np.zeros(2))
    s.apply(m.RunSteps(10))
    f = frame(s)
    ds = load_preset("line-30")
    fresh = Race(f.model, ds.X, ds.y, [RunSpec("Adagrad", "adagrad", {"lr": 1e-3})], np.zeros(2))
    fresh.step(10)
    np.testing.assert_allclose(f.runs[1].theta, fresh.theta[0], rtol=1e-12)
    assert f.runs[0].steps == 210


def test_an_outlier_added_mid_race_is_not_a_divergence():
    s = make_session("line-30")
    s.apply(m.RunSteps(10))
    s.apply(m.AddPoint((15.0,), 2e5))
    s.apply(m.RunSteps(1))
    assert [r.status for r in frame(s).runs] == ["paused"] * 4


def test_a_preset_drawn_with_another_seed_undoes_with_its_seed():
    s = make_session("blobs")
    saved = not frame(s).unsaved
    s.apply(m.LoadPreset("blobs", seed=7))
    f = frame(s)
    assert f.state.seed == 7 and f.dataset == load_preset("blobs", seed=7)
    assert f.unsaved is not saved  # as saved as before: loading over a saved session loses nothing
    s.apply(m.Undo())
    assert frame(s).state.seed == 0 and frame(s).dataset == load_preset("blobs")


def test_standardizing_keeps_the_model_and_rates_for_it():
    s = make_session("breast-cancer")
    s.apply(m.SetModel("softmax", True))
    s.apply(m.Standardize())
    f = frame(s)
    assert f.model.kind == "softmax"
    assert [r.hyper["lr"] for r in f.runs] == [spec.hyper["lr"] for spec in default_runs(f.dataset, f.model)]


def test_a_cleared_selection_stays_cleared_through_edits():
    s = make_session("line-30")
    s.apply(m.SelectSample(None))
    s.apply(m.MovePoint(2, (3.0,), 4.0))
    s.apply(m.Undo())
    assert frame(s).selected_sample is None
    s.apply(m.ClearData())
    s.apply(m.AddPoint((1.0,), 1.0))
    assert frame(s).selected_sample == 0  # drawing again after a clear shows the first point


def test_after_many_messages_the_frame_agrees_with_itself():
    s = make_session("blobs")
    sequence = [m.AddRun(), m.RunSteps(20), m.DuplicateRun(4), m.RemoveRun(0), m.SetOptimizer(2, "adamw"),
                m.AddPoint((0.0, 0.0), 3), m.Undo(), m.Redo(), m.SetBatch(1, 16), m.SetLimit(3, "epochs"),
                m.RunSteps(500), m.RemovePoint(0), m.Standardize(), m.Undo(), m.SelectRun(9), m.ClearData(),
                m.Undo(), m.SetModel("softmax", False)]
    for message in sequence:
        s.apply(message)
        settle(s)
        f = frame(s)
        assert len(f.runs) == len(f.state.runs)
        if s.race is not None:
            assert s.race.k == len(f.runs) == len(s.converged_at)
            assert all(run.theta.shape == (f.model.n_params,) for run in f.runs)
            if f.sample_output is not None:
                assert len(f.sample_output) == len(f.runs)
        assert 0 <= f.selected_run < len(f.runs)
        assert f.selected_sample is None or 0 <= f.selected_sample < f.dataset.n


def test_a_limit_in_epochs_that_outgrows_the_update_cap_stops_runs_at_the_cap_and_says_so():
    """The soak found a limit of 10,000 epochs crash the session once a run raced batches of 1 on
    1,000 points (10,000,000 updates): the window must cap the run and tell, not fail inside."""
    from engine.race import MAX_UPDATES

    s = make_session("line-3x2")
    s.take_notices()
    s.apply(m.SetLimit(10_000, "epochs"))
    assert not s.take_notices()  # full-batch runs: 10,000 updates each
    label = s.state.runs[0].spec.label
    s.apply(m.SetBatch(0, 1))
    stops = s.race.stop_at
    assert stops[0] == MAX_UPDATES and stops[1] == 10_000
    notices = s.take_notices()
    assert [n.kind for n in notices] == ["info"]
    assert f"10,000 epochs would be more than {MAX_UPDATES:,} updates for {label}: they stop" in notices[0].text
    s.apply(m.StepOnce())  # the convergence check applies the stops again: told once, not every time
    assert not s.take_notices()
