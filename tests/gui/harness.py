"""Real frames for view tests: a synchronous session on a fake clock, no worker, no waiting.

``Bench(preset)`` loads a data set and races a few steps; ``bench.post(message)`` applies what a
view asked for and hands the view the new frame, the way the window would.
"""
from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np

from engine.session import messages as m
from tests.engine.session.helpers import make_session, settle


class Bench:
    def __init__(self, preset: str = "line-30", steps: int = 60, view=None, **messages) -> None:
        self.session = make_session(preset)
        self.view = view
        for message in messages.get("then", ()):
            self.session.apply(message)
        if steps:
            self.session.apply(m.RunSteps(steps))
        settle(self.session)
        self.frame = self.session.frame(force=True)
        if view is not None:
            view.show_frame(self.frame)
            if hasattr(view, "edit_requested"):
                view.edit_requested.connect(self.post)

    def post(self, message) -> None:
        self.session.apply(message)
        settle(self.session)
        self.frame = self.session.frame(force=True)
        if self.view is not None:
            self.view.show_frame(self.frame)

    @property
    def dataset(self):
        return self.frame.dataset


_seq = itertools.count(10_000)


def with_frame(frame, **changes):
    """A copy of a frame with new contents (and a new sequence number, so views repaint)."""
    return replace(frame, seq=next(_seq), **changes)


def with_state(frame, **changes):
    return with_frame(frame, state=frame.state.with_(**changes))


def frozen(values) -> np.ndarray:
    out = np.array(values, dtype=np.float64)
    out.setflags(write=False)
    return out
