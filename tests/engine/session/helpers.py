"""A session on a fake clock and a synchronous executor: messages in, frames out, no Qt, no waits."""
from __future__ import annotations

import numpy as np

from engine.session import CooperativeExecutor, Session
from engine.session import messages as m


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t

    def tick(self, seconds: float) -> None:
        self.t += seconds


def make_session(preset: str | None = "line-30", cooperative: bool = False, playing: bool = False) -> Session:
    session = Session(clock=FakeClock(), executor=CooperativeExecutor() if cooperative else None)
    session.apply(m.Play(playing))
    if preset is not None:
        session.apply(m.LoadPreset(preset))
        settle(session)
    return session


def settle(session: Session) -> None:
    """Let the hand rest (the clock past the idle time) and give the session turns until it is done."""
    for _ in range(1000):
        session.clock.tick(1.0)
        session.advance()
        if not session.executor.pending and not session.derived.busy():
            session.advance()
            return
    raise AssertionError("the session never settled")


def frame(session: Session):
    out = session.frame(force=True)
    assert out is not None
    return out


def direct_loss(frame, i: int, j: int, dataset=None) -> float:
    """The cost at surface cell (i, j), straight from the model on the frame's (or given) data."""
    s = frame.surface
    ds = dataset or frame.state.training  # the surface is the cost of the rows the runs train on
    theta = s.plane.point(s.a[i], s.b[j])
    return float(frame.model.loss(theta[None, :], ds.X, ds.y)[0])


def assert_surface_of(frame, dataset=None, cells=((0, 0), (17, 23), (-1, -1))) -> None:
    s = frame.surface
    G = len(s.a)
    for i, j in cells:
        i, j = i % G, j % G
        assert np.isclose(s.loss[i, j], direct_loss(frame, i, j, dataset), rtol=1e-9, atol=1e-12), (i, j)
