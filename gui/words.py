"""The engine's sentences in the interface's language (see ``engine/words.py``)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from engine.words import Words


def shown(text) -> str:
    """``text`` as the user should read it: a ``Words`` translated and filled in (its values
    translated too when they are ``Words``), any other text as it is."""
    if not isinstance(text, Words):
        return "" if text is None else str(text)
    template = QCoreApplication.translate(text.context, text.template)
    if not text.values:
        return template
    values = {key: shown(value) if isinstance(value, Words) else value for key, value in text.values.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):  # a translation that lost a field: English beats nothing
        return str(text)
