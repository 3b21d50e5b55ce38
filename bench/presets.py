"""Switching data sets in the real window, offscreen: how soon the window is consistent again, and
how long a message waits while a big surface is refined.

    QT_QPA_PLATFORM=offscreen python bench/presets.py [--rounds 2] [--presets digits,wine,...]

For each preset (every one by default, each selected ``--rounds`` times from another one) it
prints the time from choosing it to
- "consistent": the first painted frame of the new data, every view on it (a view still
  computing says so; none shows the previous data set),
- "surface": the first painted frame with the new data's surface,
- "settled": the full grid and the optimum done.
Then, on digits, it selects a sample every 20 ms while the full surface is refined and prints
the longest any of those messages waited for its painted answer.

It also prints the process's resident memory after each preset settled and its peak over the
whole run (``ru_maxrss``): issue 12 asks for a peak of at most 400 MB after cycling every preset.

Targets: consistent <= 0.5 s for every preset (digits included); a message never delayed more
than 50 ms by a refine; peak memory <= 400 MB.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QStandardPaths, Qt  # noqa: E402

from engine.data import PRESETS  # noqa: E402
from engine.session import messages as m  # noqa: E402
from gui.app import make_application  # noqa: E402

CONSISTENT_TARGET = 0.5
MESSAGE_TARGET = 0.05
MEMORY_TARGET_MB = 400.0


def rss_mb() -> float:
    """Resident memory now (Linux ``VmRSS``)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def peak_rss_mb() -> float:
    """The most this process has been resident since it started (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def wait_until(app, predicate, timeout: float = 60.0) -> float:
    end = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > end:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.0005)
    return time.perf_counter()


def switch(app, window, name: str) -> dict:
    marks: dict[str, float] = {}

    def on_painted(seq: int, version: int) -> None:
        frame = window._latest
        if frame.dataset is None or frame.source.name != name:
            return
        now = time.perf_counter()
        marks.setdefault("consistent", now)
        if frame.surface is not None:
            marks.setdefault("surface", now)
        if frame.settled:
            marks.setdefault("settled", now)

    window.painted.connect(on_painted)
    t0 = time.perf_counter()
    window.load_preset(name)
    wait_until(app, lambda: "settled" in marks)
    window.painted.disconnect(on_painted)
    result = {key: value - t0 for key, value in marks.items()}
    result["rss"] = rss_mb()
    return result


def message_waits(app, window, count: int = 40) -> tuple[list[float], list[float]]:
    """Select samples every 20 ms while digits refines: each message's wait for the worker's
    answer (a frame showing it) and for that answer on screen."""
    answered: dict[int, float] = {}
    built: dict[int, float] = {}

    def on_frame(frame) -> None:  # runs on the worker thread, the moment the frame is sent
        if frame.selected_sample is not None:
            now = time.perf_counter()
            for sample in range(100, frame.selected_sample + 1):
                built.setdefault(sample, now)

    def on_painted(seq: int, version: int) -> None:
        frame = window._latest
        if frame.selected_sample is not None:  # the samples only grow: one frame answers all before it
            now = time.perf_counter()
            for sample in range(100, frame.selected_sample + 1):
                answered.setdefault(sample, now)

    window.load_preset("line-30")
    wait_until(app, lambda: window._latest.source.name == "line-30" and window._latest.settled)
    window.painted.connect(on_painted)
    window.worker.frame_ready.connect(on_frame, Qt.DirectConnection)
    window.load_preset("digits")
    wait_until(app, lambda: window._latest.source.name == "digits" and window._latest.surface is not None)
    sent = {}
    for k in range(count):
        sample = 100 + k
        sent[sample] = time.perf_counter()
        window.post(m.SelectSample(sample))
        next_send = sent[sample] + 0.02
        while time.perf_counter() < next_send:
            app.processEvents()
            time.sleep(0.0005)
    wait_until(app, lambda: all(s in answered for s in sent), timeout=30)
    refining = not window._latest.settled
    window.painted.disconnect(on_painted)
    window.worker.frame_ready.disconnect(on_frame)
    print(f"  (the refine was {'still running' if refining else 'done'} when the last answer came)")
    return [built[s] - t for s, t in sent.items()], [answered[s] - t for s, t in sent.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--presets", default=",".join(PRESETS))
    args = parser.parse_args(argv)
    QStandardPaths.setTestModeEnabled(True)
    app = make_application([sys.argv[0]])
    from gui.main_window import MainWindow

    window = MainWindow(preset="line-30", restore=False, playing=True)
    window.files.ask_unsaved = lambda: "discard"
    window.show()
    wait_until(app, lambda: window._latest is not None and window._latest.settled)
    names = args.presets.split(",")
    results: dict[str, list[dict]] = {name: [] for name in names}
    for _ in range(args.rounds):
        for name in names:
            results[name].append(switch(app, window, name))
    print(f"{'preset':<14} {'consistent ms':>14} {'surface ms':>11} {'settled ms':>11} {'RSS MB':>7}"
          f"   (worst of {args.rounds})")
    ok = True
    for name in names:
        worst = {key: max(r[key] for r in results[name]) for key in ("consistent", "surface", "settled", "rss")}
        good = worst["consistent"] <= CONSISTENT_TARGET
        ok &= good
        print(f"{name:<14} {1000 * worst['consistent']:>14.0f} {1000 * worst['surface']:>11.0f} "
              f"{1000 * worst['settled']:>11.0f} {worst['rss']:>7.0f}   {'ok' if good else 'MISSED'}")
    peak = peak_rss_mb()
    ok &= peak <= MEMORY_TARGET_MB
    print(f"peak memory after cycling every preset: {peak:.0f} MB (now {rss_mb():.0f} MB; target "
          f"{MEMORY_TARGET_MB:.0f})  {'ok' if peak <= MEMORY_TARGET_MB else 'MISSED'}")
    worker, screen = message_waits(app, window)
    longest = max(worker)
    ok &= longest <= MESSAGE_TARGET
    print(f"a message during digits' refine, answered by the worker: median {1000 * statistics.median(worker):.0f} ms, "
          f"longest {1000 * longest:.0f} ms (target {1000 * MESSAGE_TARGET:.0f})  {'ok' if longest <= MESSAGE_TARGET else 'MISSED'}")
    print(f"  ... and painted: median {1000 * statistics.median(screen):.0f} ms, longest {1000 * max(screen):.0f} ms")
    window.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
