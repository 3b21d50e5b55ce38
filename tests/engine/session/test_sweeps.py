"""Sweeps from the session: every entry is the single run at that setting, the critical rate
and the (lr, β) boundary are the Hessian's, progress is reported and a cancel stops it."""
from __future__ import annotations

import numpy as np
import pytest

from engine.race import Race, RunSpec
from engine.session import messages as m
from engine.stability import stability
from engine.sweeps import SweepCancelled, SweepProgress, request_of
from engine.sweeps import run as run_sweep
from tests.engine.session.helpers import frame, make_session, settle


def test_a_rate_sweep_from_the_window_is_each_rate_raced_alone():
    s = make_session("line-30")
    f = frame(s)
    gd = next(k for k, run in enumerate(f.runs) if run.optimizer == "gd")
    s.apply(m.RunSweep(gd, 1e-5, 1e-2, 7, 150))
    settle(s)
    result = frame(s).sweep
    assert result is not None and result.request.kind == "rates" and len(result.request.rates) == 7
    ds = f.dataset
    for lr, final, diverged in zip(result.request.rates, result.final_loss, result.diverged):
        race = Race(f.model, ds.X, ds.y, [RunSpec("one", "gd", {"lr": lr})], f.state.start_theta)
        race.run_to(steps=150)
        assert final == pytest.approx(race.loss_history(0)[-1], rel=1e-9) and diverged == (race.diverged_at[0] >= 0)
    lam = stability(f.model, f.state.start_theta, ds.X, ds.y).lam_max
    assert result.lam_max == pytest.approx(lam, rel=1e-12) and result.critical_lr == pytest.approx(2 / lam)
    rates = np.array(result.request.rates)
    assert not result.diverged[rates < 0.9 * result.critical_lr].any()
    assert result.diverged[rates > 1.1 * result.critical_lr].all()
    # a new data set: the sweep of the old one is not shown
    s.apply(m.AddPoint((3.0,), 50.0))
    settle(s)
    assert frame(s).sweep is None


def test_the_phase_map_converges_inside_the_boundary_and_diverges_outside():
    s = make_session("line-30")
    s.apply(m.Standardize())
    settle(s)
    f = frame(s)
    k = next(k for k, run in enumerate(f.runs) if run.optimizer == "momentum")
    s.apply(m.RunSweep(k, 0.05, 20.0, 12, 300, betas=(0.0, 0.9, 6)))
    settle(s)
    result = frame(s).sweep
    assert result.final_loss.shape == (6, 12) and result.request.kind == "phase"
    lr = np.array(result.request.rates)[None, :]
    beta = np.array(result.request.betas)[:, None]
    inside = lr * result.lam_max < 0.9 * 2 * (1 + beta)
    outside = lr * result.lam_max > 1.1 * 2 * (1 + beta)
    assert inside.any() and outside.any()
    assert not result.diverged[inside].any() and result.diverged[outside].all()
    assert (result.steps_to_target[inside & (lr * result.lam_max > 0.5)] > 0).all()


def test_progress_and_cancel():
    from engine.data import load_preset
    from engine.models import model_for

    ds = load_preset("blobs")
    model = model_for(ds)
    request = request_of(RunSpec("gd", "gd", {"lr": 0.1}), 1e-3, 1.0, 20, 400)
    progress = SweepProgress()
    result = run_sweep(request, model, ds.X, ds.y, np.zeros(model.n_params), progress=progress)
    assert progress.fraction == 1.0 and result.final_loss.shape == (20,)
    progress = SweepProgress()
    progress.cancel.set()
    with pytest.raises(SweepCancelled):
        run_sweep(request, model, ds.X, ds.y, np.zeros(model.n_params), progress=progress)


@pytest.mark.parametrize("args, says", [
    ((1e-3, 1e-1, 0, 100), "1 to 100"),
    ((1e-1, 1e-3, 5, 100), "positive"),
    ((1e-3, 1e-1, 5, 0), "1 to 100,000 steps"),
])
def test_bad_requests_are_refused_in_words(args, says):
    s = make_session("line-30")
    s.apply(m.RunSweep(0, *args))
    notices = s.take_notices()
    assert notices and notices[-1].kind == "error" and says in str(notices[-1].text)
    s.apply(m.RunSweep(3, 1e-3, 1e-1, 5, 10, betas=(0.0, 0.9, 5)))  # Adam has no heavy-ball map
    assert "for momentum" in str(s.take_notices()[-1].text)
