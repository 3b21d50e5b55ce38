"""The interface's language: English or Korean, chosen by --lang, View ▸ Language or the system.

The Korean texts live in ``resources/translations/descent_lab_ko.ts`` (compiled to ``.qm`` by
``resources/translations/build.py``); Qt's own ``qtbase_ko.qm`` translates the standard dialogs'
buttons (OK, Cancel, the file dialog). A choice made in View ▸ Language is remembered in the
settings and takes effect at the next start: every widget is built once, in its language.
"""
from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator

from resources import FOLDER

TRANSLATIONS = FOLDER / "translations"
LANGUAGES = ("en", "ko")
LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}  # each in its own language, as menus show them
SETTING = "interface/language"


def system_language() -> str:
    return "ko" if QLocale.system().language() == QLocale.Language.Korean else "en"


def saved_language() -> str | None:
    value = QSettings().value(SETTING)
    return value if value in LANGUAGES else None


def save_language(language: str) -> None:
    QSettings().setValue(SETTING, language)


def chosen_language(asked: str | None = None) -> str:
    """--lang first, then the choice saved from View ▸ Language, then the system's locale."""
    return asked or saved_language() or system_language()


def install_language(app, language: str) -> str:
    """Install the translators for ``language``; returns the language actually shown (English
    when the Korean file is missing)."""
    for old in getattr(app, "_descent_lab_translators", []):
        app.removeTranslator(old)
    app._descent_lab_translators = []  # kept alive: a translator deleted is a translator gone
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return "en"
    ours = QTranslator(app)
    if not ours.load(str(TRANSLATIONS / f"descent_lab_{language}.qm")):
        return "en"
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        app._descent_lab_translators.append(qt)
    app.installTranslator(ours)
    app._descent_lab_translators.append(ours)
    QLocale.setDefault(QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea))
    return language


def restart_arguments(argv: list[str]) -> list[str]:
    """The command line to start again with: the same, without a --lang that would override the
    new choice."""
    out, skip = [], False
    for word in argv:
        if skip:
            skip = False
            continue
        if word == "--lang":
            skip = True
            continue
        if word.startswith("--lang="):
            continue
        out.append(word)
    return out


def choose_language(window, language: str) -> None:
    """View ▸ Language: remember the choice and offer to restart now (asked in both languages:
    the reader may know only the one just chosen)."""
    import sys

    from PySide6.QtWidgets import QApplication, QMessageBox

    from gui.app import restarting

    app = QApplication.instance()
    save_language(language)
    if language == getattr(app, "_descent_lab_language", "en"):
        return
    box = QMessageBox(window)
    box.setWindowTitle("Descent Lab")
    box.setText("Descent Lab will speak {name} after a restart. Restart now?\n"
                "다시 시작하면 {name}(으)로 바뀝니다. 지금 다시 시작할까요?".format(name=LANGUAGE_NAMES[language]))
    now = box.addButton("Restart now · 지금 다시 시작", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Later · 나중에", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not now:
        return
    if window.close():  # asks about unsaved changes first; the user may stay
        restarting(sys.executable, restart_arguments(sys.argv))
