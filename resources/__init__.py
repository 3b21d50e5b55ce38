"""Descent Lab's resources: the icon, the .desktop file, a Hangul font subset, translations.

A package only so that a regular (non-editable) install carries these files beside gui/."""
from pathlib import Path

FOLDER = Path(__file__).resolve().parent  # the one place the app finds its resources (no Qt here)
