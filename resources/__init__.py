"""Descent Lab's resources: the icon, the .desktop file, a Hangul font subset, translations.

A package only so that a regular (non-editable) install carries these files beside gui/."""
