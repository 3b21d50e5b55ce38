"""A race on a function in the session: messages in, frames out, as for a data set.

The frame's surface is f on the function's own window, the stars its known minima, the runs the
engine's Race step for step; data edits are refused in words and the race goes on; undo brings
the data set back; a session file keeps the formula (read back through the same whitelist).
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from engine.functions import NO_DATA, function_model
from engine.race import Race
from engine.session import files
from engine.session import messages as m
from tests.engine.session.helpers import frame, make_session, settle


def load(session, text: str):
    session.apply(m.LoadFunction(text))
    settle(session)
    return frame(session)


def test_a_named_function_opens_on_its_window_with_its_minima_and_default_race():
    s = make_session("line-30")
    f = load(s, "himmelblau")
    model = function_model("himmelblau")
    assert f.model == model and f.source.kind == "function" and f.source.name == "himmelblau"
    assert [r.label for r in f.runs] == ["GD", "Momentum", "RMSprop", "Adam"]
    np.testing.assert_array_equal(f.state.start_theta, model.default_start)
    surface = f.surface
    assert surface.exact and (surface.a_label, surface.b_label) == ("x", "y")
    assert (surface.a[0], surface.a[-1], surface.b[0], surface.b[-1]) == (-5.0, 5.0, -5.0, 5.0)
    # every cell is f at that (x, y), by the formula itself
    x, y = np.meshgrid(surface.a, surface.b, indexing="ij")
    expected = (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2
    np.testing.assert_allclose(surface.loss, expected, rtol=1e-12, atol=1e-12)
    assert surface.minima_ab == model.minima and len(surface.minima_ab) == 4
    assert f.optimum_status == "finite" and f.optimum_loss == pytest.approx(0.0, abs=1e-12)
    assert f.sample_output is None and f.fit is None and f.regions is None
    assert f.state.view.surface_log  # f >= 0 on its window: log colours show the valleys


def test_the_session_race_is_the_engine_race_and_runs_are_marked_at_a_minimum():
    s = make_session("line-30")
    load(s, "booth")
    s.apply(m.RunSteps(5))
    assert not any(run.at_minimum for run in frame(s).runs)  # five steps from (-8, 8): nowhere near (1, 3)
    s.apply(m.RunSteps(395))
    f = frame(s)
    model = function_model("booth")
    race = Race(model, *NO_DATA, [r.spec for r in f.state.runs], model.default_start)
    race.step(400)
    for k, run in enumerate(f.runs):
        np.testing.assert_array_equal(run.theta, race.theta[k])
        assert run.at_minimum == (model.minimum_reached(race.theta[k]) is not None)
    assert any(run.at_minimum for run in f.runs)


def test_a_saddle_turns_log_colours_off_and_shows_its_negative_curvature():
    s = make_session("line-30")
    f = load(s, "saddle")
    assert not f.state.view.surface_log and not f.state.view.curves_log
    assert f.surface.minima_ab == () and f.optimum_status == "unavailable"
    lam_min, lam_max, _ = f.curvature
    assert (lam_min, lam_max) == pytest.approx((-2.0, 2.0))
    # back on a data set, log colours come back with it
    s.apply(m.LoadPreset("line-30"))
    settle(s)
    assert frame(s).state.view.surface_log


def test_data_edits_are_refused_in_words_and_the_model_stays():
    s = make_session("line-30")
    before = load(s, "rosenbrock")
    for message in (m.ClearData(), m.AddPoint((1.0,), 2.0), m.Standardize(), m.SetModel("linear")):
        s.apply(message)
    notices = [str(n.text) for n in s.take_notices()]
    assert any("has no data points" in text for text in notices)
    after = frame(s)
    assert after.model == before.model and after.dataset == before.dataset
    assert after.message is None


def test_undo_brings_the_data_set_back_and_redo_the_function():
    s = make_session("line-30")
    load(s, "rastrigin")
    s.apply(m.Undo())
    settle(s)
    f = frame(s)
    assert f.source.name == "line-30" and f.model.kind == "linear" and f.surface.minima_ab == ()
    s.apply(m.Redo())
    settle(s)
    f = frame(s)
    assert f.model == function_model("rastrigin") and len(f.surface.minima_ab) == 1


def test_a_typed_formula_races_and_a_bad_one_is_refused_keeping_the_race():
    s = make_session("line-30")
    f = load(s, "sin(x) * cos(y) + 0.1*(x^2 + y^2)")
    assert f.model.name == "" and f.model.formula == "sin(x) * cos(y) + 0.1*(x**2 + y**2)"
    assert f.optimum_status == "unavailable" and not f.state.view.surface_log  # sin·cos dips below 0
    s.apply(m.LoadFunction("__import__('os')"))
    notices = s.take_notices()
    assert notices and notices[-1].kind == "error" and "is not a function a formula may use" in str(notices[-1].text)
    assert frame(s).model == f.model


def test_a_session_file_keeps_the_function_its_window_start_and_clip(tmp_path):
    s = make_session("line-30")
    load(s, "quadratic:100")
    s.apply(m.SetStart(np.array([3.0, -1.0])))
    s.apply(m.SetClip(2.5))
    settle(s)
    path = tmp_path / "q.dlab.json"
    files.save(s.state, path)
    saved = json.loads(path.read_text())
    assert "dataset" not in saved
    assert saved["function"] == {"name": "quadratic:100", "formula": "0.5*(x**2 + 100.0*y**2)",
                                 "domain": [[-5.0, 5.0], [-5.0, 5.0]]}
    assert saved["clip"] == 2.5
    state = files.load(path)
    assert state.model == s.state.model and state.clip == 2.5
    np.testing.assert_array_equal(state.start_theta, [3.0, -1.0])
    # a file whose formula is hostile is refused by the same reader a typed one goes through
    saved["function"] = {"name": "", "formula": "().__class__", "domain": [[-1, 1], [-1, 1]]}
    path.write_text(json.dumps(saved))
    with pytest.raises(files.SessionFileError, match="is not allowed in a formula"):
        files.load(path)


def test_clipping_is_a_new_race_from_the_start():
    s = make_session("line-30")
    load(s, "rosenbrock")
    s.apply(m.RunSteps(50))
    s.apply(m.SetClip(1.0))
    assert s.race.clip == 1.0 and s.race.t == 0
    s.apply(m.SetClip(None))
    assert s.race.clip is None
    s.apply(m.SetClip(-1.0))
    assert "above 0" in str(s.take_notices()[-1].text) and s.race.clip is None


def test_gd_on_mse_carries_its_predicted_envelope_and_the_race_stays_under_it():
    s = make_session("line-30")
    s.apply(m.RunSteps(300))
    f = frame(s)
    gd = next(run for run in f.runs if run.optimizer == "gd")
    rate, excess, optimum = gd.envelope
    from engine.optimum import find_optimum
    from engine.stability import stability

    ds = f.dataset
    eigenvalues = stability(f.model, f.state.start_theta, ds.X, ds.y).eigenvalues
    rho = max(abs(1 - gd.hyper["lr"] * eigenvalues))
    assert rate == pytest.approx(rho**2, rel=1e-12)
    assert optimum == pytest.approx(find_optimum(f.model, ds.X, ds.y).loss, rel=1e-12)
    k = np.arange(len(gd.loss_history))
    bound = optimum + excess * rate**k
    assert gd.loss_history[0] == pytest.approx(bound[0], rel=1e-12)
    assert np.all(gd.loss_history <= bound * (1 + 1e-9))
    # momentum, the adaptive runs and a cross-entropy get none: no such simple rule
    assert all(run.envelope is None for run in f.runs if run.optimizer != "gd")
    s.apply(m.LoadPreset("logistic-2d"))
    settle(s)
    assert all(run.envelope is None for run in frame(s).runs)
