"""Application start-up: the QApplication, icon, fonts, translations, the window, screenshots.

    python main.py [FILE.dlab.json | FILE.csv] [--preset NAME | --function F] [--steps N] [--screenshot FILE.png] [--speed S]

The window is shown before anything heavy is imported: the engine imports scikit-learn only
when a preset needs it (on the worker thread) and torch only for a torch-style start, so the
first frame of ``line-30`` is on screen well within a second.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from gui.language import LANGUAGES, chosen_language, install_language
from resources import FOLDER


def _tr(text: str) -> str:
    """The command line's texts: read before the application (and its translation) exists, so
    they stay English, as the headless commands' are."""
    return QCoreApplication.translate("App", text)

RESOURCES = FOLDER
ORGANIZATION = "Descent Lab"
APPLICATION = "Descent Lab"
KOREAN_FAMILIES = ("Noto Sans CJK KR", "Noto Sans KR", "Source Han Sans KR", "NanumGothic", "Nanum Gothic",
                   "NanumBarunGothic", "Malgun Gothic", "Apple SD Gothic Neo", "UnDotum", "Baekmuk Gulim")



class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line and exit code 2, as the headless commands do
        print(f"descent-lab: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The window's options, every one checked before a thread or a window exists."""
    from engine import __version__
    from engine.data import PRESETS
    from engine.race import MAX_UPDATES

    parser = _Parser(prog="descent-lab", formatter_class=argparse.RawDescriptionHelpFormatter, description=_tr(
        "Descent Lab: watch optimisers race over the live loss surface of your data."), epilog=_tr(
        "headless commands (no window; they print JSON):\n"
        "  descent-lab run ...       race optimisers on a data set (descent-lab run --help)\n"
        "  descent-lab surface ...   the loss surface over two parameters (descent-lab surface --help)\n"
        "  descent-lab analyze ...   the Hessian: which learning rates converge (descent-lab analyze --help)\n"
        "  descent-lab sweep ...     one optimiser at many learning rates (descent-lab sweep --help)\n"
        "  descent-lab export-script ...   the runs as a standalone PyTorch script\n"
        "  descent-lab export-gif ...      the race filmed as an animated GIF (descent-lab export-gif --help)"))
    parser.add_argument("--version", action="version", version=f"Descent Lab {__version__}")
    parser.add_argument("file", nargs="?", help=_tr("a session (.dlab.json) or a data set (.csv) to open"))
    parser.add_argument("--preset", default="line-30", choices=PRESETS, metavar="NAME",
                        help=_tr("the data set to open (default line-30)"))
    parser.add_argument("--function", metavar="NAME_OR_FORMULA", default=None,
                        help=_tr("race on a function instead: rosenbrock, beale, himmelblau, booth, rastrigin, "
                                 "ackley, saddle, monkey-saddle, quadratic:K, or a formula in x and y"))
    parser.add_argument("--steps", type=int, default=None, help=_tr("with --screenshot: steps to run first"))
    parser.add_argument("--screenshot", metavar="FILE.png", help=_tr("render the window to FILE and exit"))
    parser.add_argument("--speed", type=int, default=None, help=_tr("steps per second (1 to 10 000)"))
    parser.add_argument("--size", default="1440x920", help=_tr("window size for --screenshot, WxH"))
    parser.add_argument("--presentation", action="store_true",
                        help=_tr("start in presentation mode (larger text and lines, for a projector)"))
    parser.add_argument("--install-desktop", action="store_true",
                        help=_tr("Linux: add Descent Lab to the applications menu and open .dlab.json files with it"))
    parser.add_argument("--uninstall-desktop", action="store_true",
                        help=_tr("Linux: remove what --install-desktop wrote"))
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help=_tr("the interface's language: ko (한국어) or en (default: as chosen in View ▸ "
                                 "Language, else the system's)"))
    args = parser.parse_args(argv)
    if args.steps is not None and not 0 <= args.steps <= MAX_UPDATES:
        parser.error(_tr("--steps must be from 0 to {most}, not {n}").format(most=f"{MAX_UPDATES:,}", n=args.steps))
    if args.speed is not None and not 1 <= args.speed <= 10_000:
        parser.error(_tr("--speed must be from 1 to 10 000 steps a second, not {n}").format(n=args.speed))
    width, _, height = args.size.lower().partition("x")
    if not (width.isdigit() and height.isdigit() and 200 <= int(width) <= 10_000 and 200 <= int(height) <= 10_000):
        parser.error(_tr("--size {size!r}: write the window's width and height in pixels, e.g. 1024x768")
                     .format(size=args.size))
    args.size = (int(width), int(height))
    if args.function is not None:  # said now, in one line, not as a window stuck on "Loading…"
        from engine.functions import function_model

        try:
            function_model(args.function)
        except ValueError as error:
            parser.error(f"--function: {error}")
    if args.screenshot is not None:
        folder = Path(args.screenshot).expanduser().resolve().parent
        if not folder.is_dir():
            parser.error(_tr("cannot write {file}: the folder {folder} does not exist").format(
                file=args.screenshot, folder=folder))
        if not os.access(folder, os.W_OK):
            parser.error(_tr("cannot write {file}: the folder {folder} is not writable").format(
                file=args.screenshot, folder=folder))
    return args


def korean_font_family() -> str | None:
    """A font that has Hangul: one bundled in resources/fonts (any .ttf/.otf there is loaded), else
    one installed on the system (Noto Sans CJK KR from fonts-noto-cjk, Nanum, ...); None if none."""
    for path in sorted((RESOURCES / "fonts").glob("*.[ot]tf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families = QFontDatabase.applicationFontFamilies(font_id)
            if families:
                return families[0]
    installed = QFontDatabase.families()
    for wanted in KOREAN_FAMILIES:
        if wanted in installed:
            return wanted
    for family in installed:
        if "CJK" in family or "Nanum" in family:
            return family
    return None


def setup_fonts(app: QApplication) -> None:
    """Keep the platform font and add a Hangul font after it as a fallback family."""
    family = korean_font_family()
    if family is None:
        return
    font = app.font()
    font.setFamilies([font.family(), family])
    app.setFont(font)


def make_application(argv: list[str] | None = None, language: str | None = None) -> QApplication:
    """The QApplication, once: settings' names, icon, the interface's language (``language``, else
    the saved choice, else the system's), and a Hangul font."""
    # The worker thread runs numpy in many small calls; every Qt call of the GUI thread releases
    # and retakes the GIL, and by default waits up to 5 ms to get it back. 1 ms keeps painting
    # smooth while the race runs.
    sys.setswitchinterval(0.001)
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("descent-lab")
    icon = RESOURCES / "descent-lab.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    app._descent_lab_language = install_language(app, chosen_language(language))
    setup_fonts(app)
    return app


def take_screenshot(window, path: str, steps: int, on_done) -> None:
    """Run ``steps`` steps, wait for a settled frame (full surface, optimum known), render the
    whole window (works offscreen) to ``path`` and call ``on_done(ok)``."""
    from engine.session import messages as m

    state = {"asked": False}

    def on_painted(seq: int, data_version: int) -> None:
        frame = window._latest
        if frame is None or frame.dataset is None or frame.data_version == 0:
            return
        if not state["asked"]:
            state["asked"] = True
            if steps > frame.state.limit.count:
                window.post(m.SetLimit(steps, "steps"))
            window.post(m.RunSteps(steps))
            return
        if frame.step < steps and not frame.message and not frame.finished:
            return
        if not frame.settled and not frame.message:
            return
        window.painted.disconnect(on_painted)
        QTimer.singleShot(50, finish)

    def finish() -> None:
        window.scheduler.paint_all_now()  # the status bar and the race panel too: nothing stale
        QApplication.processEvents()
        image = window.grab()
        ok = image.save(path)
        on_done(ok)

    window.painted.connect(on_painted)


_restart: list = []


def restarting(program: str, arguments: list[str]) -> None:
    """Start ``program arguments`` once this app has quit (View ▸ Language)."""
    _restart[:] = [program, arguments]


def run_app(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    app = make_application([sys.argv[0]], args.lang)
    from gui.main_window import MainWindow

    screenshot = args.screenshot is not None
    speed = args.speed if args.speed is not None else None
    kwargs = {} if speed is None else {"speed": max(1, min(speed, 10000))}
    window = MainWindow(preset=args.preset, restore=not screenshot, playing=not screenshot, open_path=args.file,
                        offer_restore=not screenshot and args.file is None and args.function is None,
                        function=args.function, **kwargs)
    if args.presentation:
        window.set_presentation(True)
    if screenshot:
        window.fit_screen = False  # the size asked for, whatever the screen
        # the steps it races change an opened file: closing must not wait for "save changes?"
        window.files.ask_unsaved = lambda: "discard"
        window.resize(*args.size)
        result = {"code": 1}

        def done(ok: bool) -> None:
            result["code"] = 0 if ok else 1
            if not ok:
                print(f"descent-lab: could not write {args.screenshot}", file=sys.stderr)
            window.close()
            app.quit()

        take_screenshot(window, args.screenshot, args.steps if args.steps is not None else 200, done)
        QTimer.singleShot(120_000, lambda: done(False))  # never hang a script
        window.show()
        app.exec()
        return result["code"]
    window.show()
    code = app.exec()
    if _restart:
        from PySide6.QtCore import QProcess

        QProcess.startDetached(_restart[0], _restart[1])
    return code
