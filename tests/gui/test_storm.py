"""The storm on the whole window: a seeded student hammering it (tests/storm.py), through the real
worker thread and paint scheduler.

A mirror session (Qt-free, fed the same messages) knows what the document must be after each
burst; the window must paint a frame of exactly that document before the next burst. At the end
the painted frame, the title and the race panel agree with the mirror, no notice is an internal
error, and undoing everything brings back the data the window opened with.
"""
from __future__ import annotations

import numpy as np

from engine.session import history
from engine.session import messages as m
from engine.session.state import DEFAULT_SPEED
from tests.gui.test_main_window import make_window
from tests.storm import DocumentSession, Storm, document

BURSTS = 160  # about 450 messages, each burst answered by a painted frame, then the undo of them all
TIMEOUT = 20_000


def same_document(a, b) -> bool:
    """Two states hold the same document (the window's mailbox merges a drag's moves, so the
    counts of messages, revision and data version, may differ; the document may not)."""
    return document(a) == document(b)


def mirror_session() -> DocumentSession:
    """What the window's worker is told at start, applied to a session that keeps the document."""
    s = DocumentSession()
    for message in (m.SetSpeed(int(DEFAULT_SPEED)), m.Play(False), m.LoadPreset("line-30"), m.MarkSaved()):
        s.apply(message)
    return s


def test_a_storm_on_the_window_is_painted_burst_by_burst_and_undone_to_the_start(qtbot, monkeypatch):
    monkeypatch.setattr(history, "MAX_STEPS", 10**6)  # the same for both sessions: nothing forgotten
    win = make_window(qtbot)
    notices = []
    win.worker.notice.connect(notices.append)
    mirror = mirror_session()
    start_data = mirror.state.dataset
    assert same_document(win._latest.state, mirror.state)

    shown = {}  # the frame the views painted last (while racing, newer ones keep arriving)
    win.scheduler.painted.connect(lambda seq, version: shown.update(frame=win.scheduler.latest))

    def painted_as(expected) -> None:
        qtbot.waitUntil(lambda: "frame" in shown and same_document(shown["frame"].state, expected), timeout=TIMEOUT)

    storm = Storm(seed=7)
    sent = 0
    for b in range(BURSTS):
        for message in storm.burst(mirror.state):
            mirror.apply(message)
            win.post(message)
            sent += 1
        mirror.take_notices()
        painted_as(mirror.state)  # every burst's last edit on screen before the next burst
    assert storm.edits > 150 and sent > 350

    final = win._latest
    qtbot.waitUntil(lambda: win.windowTitle().startswith(final.state.source.name or "Descent Lab"), timeout=TIMEOUT)
    assert len(final.runs) == len(mirror.state.runs)
    assert win.worker.session.state is final.state or same_document(win.worker.session.state, final.state)

    undone = 0
    while mirror.history.undo_text is not None:
        mirror.apply(m.Undo())
        win.post(m.Undo())
        undone += 1
        if undone % 20 == 0:
            painted_as(mirror.state)
    painted_as(mirror.state)
    assert undone > 50 and win._latest.state.dataset == start_data
    assert np.array_equal(win._latest.dataset.X, start_data.X)

    internal = [n.text for n in notices if "went wrong" in n.text]
    assert not internal, internal
    errors = [n.text for n in notices if n.kind == "error"]
    assert errors and all("Error" not in t and "Traceback" not in t for t in errors), errors[:5]
    win.close()
    assert not win.engine.thread.isRunning()
