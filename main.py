"""Descent Lab's entry point.

    python main.py                      the window (options: --preset NAME --steps N --screenshot F.png)
    python main.py run ...              the headless engine: race optimisers, print JSON
    python main.py surface ...          the headless engine: a loss surface, print JSON
"""
from __future__ import annotations

import sys

HEADLESS_COMMANDS = ("run", "surface")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in HEADLESS_COMMANDS:
        from engine.cli import main as cli_main  # no Qt imported on this path

        return cli_main(argv)
    from gui.app import run_app

    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
