"""Sentences the engine says to the user, written in English, that a window can show in Korean.

The engine imports no Qt, so it cannot translate; it can only say *which* sentence it means. A
``Words`` is the English text (a ``str``: the CLI prints it, tests compare it) that also keeps
its template and values, so the window looks the template up in its translation and fills the
values in (``gui/words.py``). It is written as the window writes its own texts,
``translate(context, template).format(**values)``: ``translate`` is spelled as Qt's so that
``pyside6-lupdate`` finds every template of the engine as it finds the window's ``tr()`` calls
(one catalogue, ``resources/translations/descent_lab_ko.ts``; lupdate sees only a call with two
literal arguments, hence ``.format`` rather than keyword arguments).
"""
from __future__ import annotations


class Words(str):
    """English text that remembers how it was made: ``context``, ``template`` and ``values``."""

    context: str
    template: str
    values: dict

    def __new__(cls, context: str, template: str, values: dict) -> Words:
        self = super().__new__(cls, template.format(**values) if values else template)
        self.context, self.template, self.values = context, template, values
        return self

    def format(self, *args, **values) -> Words:  # noqa: A003 - str.format, keeping the template
        if args:
            raise TypeError("Words.format takes named fields only: the translation may reorder them")
        return Words(self.context, self.template, {**self.values, **values})

    def __reduce__(self):  # pickled (a process pool) as what it is, not as a plain str
        return (Words, (self.context, self.template, self.values))


def translate(context: str, template: str) -> Words:
    """The sentence ``template`` of ``context``; ``.format(name=value)`` fills its fields in."""
    return Words(context, template, {})


def words_of(error: BaseException) -> str:
    """An exception's message, keeping its ``Words`` when it was raised with one (``str(error)``
    would make it a plain str)."""
    if len(error.args) == 1 and isinstance(error.args[0], Words):
        return error.args[0]
    return str(error)
