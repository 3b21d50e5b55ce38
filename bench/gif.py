"""How long an animated GIF takes to paint and write, and how big it is, at each offered size.

    python bench/gif.py [--preset logistic-2d] [--steps 300] [--seconds 8]

Prints, per size: frames, seconds in all, milliseconds per frame (painting, palette lookup and
encoding), the file's size, and the process's peak resident memory so far (it only grows: a
size that needed more than the ones before raises it). The ratio column compares each size's
time per frame with 640×480's, in one run.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import cli  # noqa: E402
from engine.animation import SIZES, film_of, write_gif  # noqa: E402
from engine.session import Session  # noqa: E402
from engine.session import messages as m  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--preset", default="logistic-2d")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    opts = ["gd:lr=0.5", "momentum:lr=0.1", "adam:lr=0.05", "sgd:lr=0.1,batch=8"]
    argv = ["run", "--preset", args.preset, "--steps", str(args.steps)] + [x for o in opts for x in ("--opt", o)]
    session = Session()
    session.apply(m.OpenSession(cli.state_from_args(cli.build_parser().parse_args(argv))))
    session.apply(m.RunSteps(args.steps))
    film = film_of(session)
    base = None
    print(f"before any export: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"{args.preset}, {len(film.tracks)} runs, {film.total} steps, {args.seconds:g} s film")
    print(f"{'size':>11} {'frames':>6} {'total s':>8} {'ms/frame':>9} {'ratio':>6} {'file KiB':>9} {'peak RSS MiB':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for width, height in SIZES:
            path = Path(folder) / f"{width}x{height}.gif"
            t0 = time.perf_counter()
            n = write_gif(film, path, width, height, args.seconds)
            took = time.perf_counter() - t0
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
            per = 1000 * took / n
            base = base or per
            print(f"{width:>5}×{height:<5} {n:>6} {took:>8.2f} {per:>9.1f} {per / base:>6.2f} "
                  f"{path.stat().st_size / 1024:>9.0f} {peak / 2**20:>12.0f}")


if __name__ == "__main__":
    main()
