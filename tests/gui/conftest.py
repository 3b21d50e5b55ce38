import pytest


@pytest.fixture(autouse=True)
def no_blocking_questions(monkeypatch):
    """A window closed with unsaved changes would wait for an answer forever in a headless test:
    answer "discard" (a test that cares sets its own answer), and never offer old autosaves."""
    from gui.session_files import SessionFiles

    monkeypatch.setattr(SessionFiles, "_ask_unsaved", lambda self: "discard")
    monkeypatch.setattr(SessionFiles, "_ask_restore", lambda self, path: False)


def _shown(qtbot, view, width: int, height: int):
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    return view


@pytest.fixture
def data_view(qtbot):
    from gui.views.data_view import DataView

    return _shown(qtbot, DataView(), 620, 520)


@pytest.fixture
def surface_view(qtbot):
    from gui.views.surface_view import SurfaceView

    return _shown(qtbot, SurfaceView(), 640, 520)


@pytest.fixture
def probability_view(qtbot):
    from gui.views.probability_view import ProbabilityView

    return _shown(qtbot, ProbabilityView(), 520, 380)


@pytest.fixture
def curves_view(qtbot):
    from gui.views.curves_view import CurvesView

    return _shown(qtbot, CurvesView(), 560, 380)
