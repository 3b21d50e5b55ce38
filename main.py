"""Descent Lab's entry point.

    python main.py                      the window (options: --preset NAME --steps N --screenshot F.png)
    python main.py run ...              the headless engine: race optimisers, print JSON
    python main.py surface ...          the headless engine: a loss surface, print JSON
    python main.py analyze ...          the Hessian: critical and best learning rates, print JSON
    python main.py sweep ...            one optimiser at many learning rates, print JSON
    python main.py export-script ...    the runs as a standalone PyTorch script
    python main.py export-gif ...       the race filmed as an animated GIF
    python main.py --version | --help
"""
from __future__ import annotations

import sys

HEADLESS_COMMANDS = ("run", "surface", "analyze", "sweep", "export-script", "export-gif")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in HEADLESS_COMMANDS:
        from engine.cli import main as cli_main  # no Qt imported on this path

        return cli_main(argv)
    if argv and _looks_like_a_command(argv[0]):
        print(f"descent-lab: error: unknown command {argv[0]!r}: choose {', '.join(HEADLESS_COMMANDS)} (see --help), or give a "
              ".dlab.json or .csv file to open", file=sys.stderr)
        return 2
    if "--version" in argv:  # before any Qt import: it must work where no window can open
        from engine import __version__

        print(f"Descent Lab {__version__}")
        return 0
    if {"--install-desktop", "--uninstall-desktop"} & set(argv):  # no window, no Qt
        from gui.desktop import main as desktop_main

        return desktop_main(argv)
    if not {"-h", "--help"} & set(argv):
        from gui.system_check import check_window_libraries

        problem = check_window_libraries()
        if problem:  # Qt would abort with a core dump naming one library; name them all
            print(problem, file=sys.stderr)
            return 1
    from gui.app import run_app

    return run_app(argv)


def _looks_like_a_command(word: str) -> bool:
    """A bare word that is neither an option nor a file: a mistyped command, not a file to open."""
    from pathlib import Path

    return not word.startswith("-") and "." not in Path(word).name and not Path(word).exists()


if __name__ == "__main__":
    sys.exit(main())
