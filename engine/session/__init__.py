"""The session: everything between the engine and the views, in one Qt-free home.

The flow: a gesture in the window → a message (``messages``) → ``Session.apply`` (``handlers``)
changes the one ``SessionState`` (``state``) and the race built from it → derived state
(``derived``: optimum, plane, surface) is recomputed by one rule, slow parts as jobs on an
injected executor (``jobs``) → the race steps as the injected clock says (``pacing``) → a
``Frame`` (``frames``, built by ``snapshot``) goes to the views. Undo is ``history``; session
files are ``files``; the choices the app makes for the user are ``policy`` and ``planes``.
"""
from engine.session.frames import FitFrame, Frame, OtherCostFrame, RegionFrame, RunFrame, SurfaceFrame
from engine.session.jobs import CooperativeExecutor, InlinePool, SynchronousExecutor
from engine.session.session import Notice, Session
from engine.session.state import DataSource, Limit, RunSettings, SessionState, ViewSettings

__all__ = [
    "CooperativeExecutor", "DataSource", "FitFrame", "Frame", "InlinePool", "Limit", "Notice", "RegionFrame",
    "OtherCostFrame", "RunFrame", "RunSettings", "Session", "SessionState", "SurfaceFrame", "SynchronousExecutor", "ViewSettings",
]
