"""Typed reads of a parsed session file, each failing in words that name the field
(``engine.session.files`` reads the format with them)."""
from __future__ import annotations

import math

import numpy as np

from engine.session.state import frozen_vector
from engine.words import translate


class SessionFileError(ValueError):
    """A session file that cannot be opened, in the user's words."""


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


class _Checker:
    """Typed reads of a parsed file, each failing with the field's name."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, words, **values):
        """Raise ``words``, a sentence about this file (its ``{file}`` field), filled with ``values``."""
        raise SessionFileError(words.format(file=self.name, **values))

    def get(self, obj: dict, key: str, kind: type, required: bool = True):
        if key not in obj:
            if required:
                self.fail(translate("Session", '{file}: "{key}" is missing (is the file cut short?).'), key=key)
            return None
        value = obj[key]
        if not isinstance(value, kind):
            self.fail(translate("Session", '{file}: "{key}" has the wrong form.'), key=key)
        return value

    def items(self, obj: dict, key: str, low: int, high: int) -> list:
        value = self.get(obj, key, list)
        if not low <= len(value) <= high:
            self.fail(translate("Session", '{file}: "{key}" must hold {low} to {high} entries, not {count}.'),
                      key=key, low=low, high=high, count=len(value))
        return value

    def choice(self, obj: dict, key: str, allowed, where: str = "", default=None):
        value = obj.get(key, default)
        if value not in allowed:
            if where:
                words = translate("Session", '{file}: {where} "{key}" must be one of {choices}.')
            else:
                words = translate("Session", '{file}: "{key}" must be one of {choices}.')
            self.fail(words, where=where, key=key, choices=", ".join(allowed))
        return value

    def flag(self, obj: dict, key: str, where: str = "", default=None) -> bool:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            if where:
                words = translate("Session", '{file}: {where} "{key}" must be true or false.')
            else:
                words = translate("Session", '{file}: "{key}" must be true or false.')
            self.fail(words, where=where, key=key)
        return value

    def integer(self, obj: dict, key: str, low: int, high: int, where: str = "", default=None) -> int:
        value = obj.get(key, default)
        if not _is_int(value) or not low <= value <= high:
            if where:
                words = translate("Session", '{file}: {where} "{key}" must be a whole number from {low} to {high}.')
            else:
                words = translate("Session", '{file}: "{key}" must be a whole number from {low} to {high}.')
            self.fail(words, where=where, key=key, low=low, high=high)
        return int(value)

    def number(self, obj: dict, key: str, low: float, high: float, where: str = "", default=None) -> float:
        value = obj.get(key, default)
        if not _is_number(value) or not low <= value <= high:
            if where:
                words = translate("Session", '{file}: {where} "{key}" must be a number from {low} to {high}.')
            else:
                words = translate("Session", '{file}: "{key}" must be a number from {low} to {high}.')
            self.fail(words, where=where, key=key, low=f"{low:g}", high=f"{high:g}")
        return float(value)

    def names(self, obj: dict, key: str, low: int, high: int) -> list[str]:
        value = obj.get(key, [])
        if not isinstance(value, list) or not low <= len(value) <= high or not all(
                isinstance(v, str) and len(v) <= 200 for v in value):
            self.fail(translate("Session", '{file}: "{key}" must be a list of {low} to {high} short texts.'),
                      key=key, low=low, high=high)
        return value

    def vector(self, value, key: str, size: int) -> np.ndarray:
        if not isinstance(value, list) or len(value) != size or not all(_is_number(v) for v in value):
            self.fail(translate("Session", '{file}: "{key}" must be {size} finite numbers (one per '
                                           'parameter).'), key=key, size=size)
        return frozen_vector(value)
