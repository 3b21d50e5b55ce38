"""Filming the race: ``ExportAnimation`` and ``CancelExport``.

The film (``engine.animation.film_of``) is taken on the worker at once, so what is written is
the race as it was when the user asked, whatever happens next. Painting and encoding take
seconds, so they run on the session's export pool (a thread of its own in the app, inline in
tests and on the command line); the cooperative executor waits for it like any slow job, and
the frames carry its progress (``Frame.export_progress``) until a notice says how it ended.
"""
from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from engine.animation import Cancelled, Progress, check_request, film_of, write_gif
from engine.session import messages as m
from engine.session.handlers import handles
from engine.session.jobs import FutureJob
from engine.words import translate, words_of


@dataclass
class Export:
    """The animation being written: its job, its shared progress, where it goes."""

    job: FutureJob | None
    progress: Progress
    path: str


@handles(m.ExportAnimation)
def _export_animation(session, msg: m.ExportAnimation) -> None:
    title = translate("Animation", "Could not export the animation")
    if session.export is not None:
        session.tell("error", translate("Animation", "An animation is being written already: wait for it, or "
                                                     "cancel it first."), title=title, path=msg.path)
        return
    try:
        check_request(msg.width, msg.height, msg.seconds)
        film = film_of(session)
    except ValueError as error:
        session.tell("error", words_of(error), title=title, path=msg.path)
        return
    export = session.export = Export(None, Progress(), msg.path)
    args = (film, msg.path, msg.width, msg.height, msg.seconds, msg.shown, export.progress)
    export.job = FutureJob(session.export_pool, write_gif, args, lambda future: _finished(session, export, future),
                           session.notify)
    session.executor.submit(export.job)


@handles(m.CancelExport)
def _cancel_export(session, msg: m.CancelExport) -> None:
    if session.export is not None:
        session.export.progress.cancel.set()  # the export thread stops before its next frame


def _finished(session, export: Export, future: Future) -> None:
    if session.export is export:
        session.export = None
    name = Path(export.path).name
    error = future.exception()
    if error is None:
        frames = future.result()
        session.tell("info", translate("Animation", "Exported an animation of {frames} frames to {file}").format(
            frames=f"{frames:,}", file=name), path=export.path)
    elif isinstance(error, Cancelled):
        session.tell("info", translate("Animation", "The animation was cancelled: nothing was written."))
    elif isinstance(error, ValueError):
        session.tell("error", words_of(error), title=translate("Animation", "Could not export the animation"))
    elif isinstance(error, OSError):
        session.tell("error", words_of(error), title=translate("Animation", "Could not export the animation"),
                     path=export.path)  # worded by write_whole
    else:
        raise error  # a bug: the worker reports it, and the session keeps everything
    session.mark_frame_wanted()
