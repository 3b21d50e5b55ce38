import pytest


@pytest.fixture(autouse=True)
def no_blocking_questions(monkeypatch):
    """A window closed with unsaved changes would wait for an answer forever in a headless test:
    answer "discard" (a test that cares sets its own answer), and never offer old autosaves."""
    from gui.session_files import SessionFiles

    monkeypatch.setattr(SessionFiles, "_ask_unsaved", lambda self: "discard")
    monkeypatch.setattr(SessionFiles, "_ask_restore", lambda self, path: False)
