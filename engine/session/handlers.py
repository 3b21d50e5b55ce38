"""One function per message type: what each message does to the session.

``HANDLERS`` maps a message's type to its handler, registered with ``@handles(Type)`` in
``data_handlers`` (data sets, files, edits, undo), ``race_handlers`` (model, runs, what is
shown, the race) and ``animation_handlers`` (the race filmed as a GIF). Handlers compute the new
``SessionState``, set it, and bring the race in line; a bad request raises ``ValueError`` or
``DataError`` in the user's words, which the session turns into an error notice, and nothing
changes.
"""
from __future__ import annotations

from collections.abc import Callable

HANDLERS: dict[type, Callable] = {}


def handles(*types):
    def register(function):
        for kind in types:
            HANDLERS[kind] = function
        return function

    return register


def all_handlers() -> dict[type, Callable]:
    """Every handler (importing the modules that register them, on first use)."""
    from engine.session import animation_handlers, data_handlers, race_handlers, sweep_handlers  # noqa: F401

    return HANDLERS
