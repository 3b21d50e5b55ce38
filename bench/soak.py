"""The window's storm, for minutes: memory and edit latency over a long lesson. By hand, not in CI.

    QT_QPA_PLATFORM=offscreen python bench/soak.py [--minutes 10] [--seed 1] [--presets ...]

The storm of tests/gui/test_storm.py (tests/storm.py: edits, drags, undo/redo, preset and model
switches, optimisers, extreme rates, batch modes, planes, deleting to nothing), sent to the real
window burst by burst; each burst waits until the window has painted a frame holding the
document a mirror session says it must hold. Every 10 s it samples the process's resident
memory (RSS). It prints, per minute, the messages sent, RSS, and the edit -> painted frame
latency of one gesture (a burst of at most 12 messages: median, p95, worst); at the end, RSS
growth after the warm-up (the first two minutes), the slowest bursts, the cost of deleting a
whole data set point by point, and any notice that was an internal error.

The undo history is capped (200 steps, 400 MB of data) as in the app, so memory may grow while
it fills and must then stay flat.
"""
from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from presets import rss_mb  # noqa: E402  (bench/ is this script's folder)
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QStandardPaths  # noqa: E402
from PySide6.QtWidgets import QGraphicsView  # noqa: E402

from engine.session import messages as m  # noqa: E402
from engine.session.state import DEFAULT_SPEED  # noqa: E402
from gui.app import make_application  # noqa: E402
from tests.storm import DocumentSession, Storm, document  # noqa: E402

SAMPLE_EVERY = 10.0  # s between memory samples
WARM_UP = 120.0  # s before memory counts as settled
GESTURE_MESSAGES = 12  # a burst longer than this is not one gesture (the storm's delete-all)
BURST_TIMEOUT = 60.0  # s a burst may take to be painted before the soak calls it a hang


def percentile(values, q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def census(window) -> Counter:
    """Live objects by kind: Python types, the window's Qt children, each scene's items."""
    gc.collect()
    counts = Counter(type(o).__name__ for o in gc.get_objects())
    counts["<Qt children>"] = len(window.findChildren(QObject))
    for scene in {view.scene() for view in window.findChildren(QGraphicsView)}:
        counts[f"<items of {type(scene).__name__}@{id(scene) % 10000}>"] = len(scene.items())
    return counts


def grown(before: Counter, after: Counter, top: int = 8) -> str:
    """What grew, leaving out Qt wrapper types: the census's own findChildren makes a Python
    wrapper for every internal widget of a combo or spin box, and these outlive the race
    panel's rebuilt rows (+40 a census, while the window's real children stayed flat)."""
    deltas = sorted(((after[k] - before.get(k, 0), k) for k in after
                     if not (k.startswith("Q") and k[1:2].isupper())), reverse=True)[:top]
    return ", ".join(f"{k} {d:+d}" for d, k in deltas if d > 0) or "nothing"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--presets", default=None, help="comma-separated (default: all but digits)")
    parser.add_argument("--census", action="store_true",
                        help="each minute, count Python objects by type, Qt objects and scene items, and print "
                             "what grew since the warm-up (slower)")
    args = parser.parse_args(argv)
    QStandardPaths.setTestModeEnabled(True)  # leave the user's settings and autosaves alone
    app = make_application([sys.argv[0]])
    from gui.main_window import MainWindow

    window = MainWindow(preset="line-30", restore=False, playing=False)
    window.files.ask_unsaved = lambda: "discard"
    window.resize(1024, 768)
    window.show()
    notices = {"count": 0, "internal": []}  # not the notices themselves: the census would count them

    def on_notice(notice) -> None:
        notices["count"] += 1
        if "went wrong" in notice.text:
            notices["internal"].append(notice.text)

    window.worker.notice.connect(on_notice)
    shown = {}
    window.scheduler.painted.connect(lambda seq, version: shown.update(frame=window.scheduler.latest))
    mirror = DocumentSession()
    for message in (m.SetSpeed(int(DEFAULT_SPEED)), m.Play(False), m.LoadPreset("line-30"), m.MarkSaved()):
        mirror.apply(message)
    storm = Storm(args.seed, presets=args.presets.split(",") if args.presets else None)

    def wait_painted(expected) -> float:
        t0 = time.perf_counter()
        while not ("frame" in shown and document(shown["frame"].state) == expected):
            if time.perf_counter() - t0 > BURST_TIMEOUT:
                raise TimeoutError(f"a burst was not painted within {BURST_TIMEOUT:.0f} s")
            app.processEvents()
            # what app.exec() does between events: without it, deleteLater() never deletes (the
            # race panel's old rows looked like a leak of 600 widgets)
            QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
            time.sleep(0.0005)
        return time.perf_counter() - t0

    wait_painted(document(mirror.state))
    start = time.perf_counter()
    end = start + args.minutes * 60.0
    samples = [(0.0, rss_mb())]
    next_sample = start + SAMPLE_EVERY
    minute, latencies, sent = 1, [], 0
    all_latencies = []
    baseline = None  # the census at the end of the warm-up
    print(f"{'minute':>6} {'messages':>8} {'RSS MB':>7} {'median ms':>9} {'p95 ms':>7} {'worst ms':>8}")
    slowest = []  # (seconds, what the burst was, the document it reached)
    mass = []  # (seconds, messages) of the bursts that delete a whole data set
    while time.perf_counter() < end:
        burst = storm.burst(mirror.state)
        for message in burst:
            mirror.apply(message)
            window.post(message)
            sent += 1
        mirror.take_notices()
        seconds = wait_painted(document(mirror.state))
        if len(burst) > GESTURE_MESSAGES:  # deleting everything, one point at a time
            mass.append((seconds, len(burst)))
        else:
            latencies.append(seconds)
        st = mirror.state
        slowest.append((seconds, " ".join(sorted({type(x).__name__ for x in burst})),
                        f"{st.dataset.name} n={st.dataset.n} {st.model.kind if st.model else '-'} runs={len(st.runs)}"))
        slowest = sorted(slowest, reverse=True)[:5]
        now = time.perf_counter()
        if now >= next_sample:
            samples.append((now - start, rss_mb()))
            next_sample += SAMPLE_EVERY
        if now - start >= minute * 60.0:
            all_latencies += latencies
            print(f"{minute:>6} {sent:>8} {samples[-1][1]:>7.0f} {statistics.median(latencies) * 1000:>9.1f} "
                  f"{percentile(latencies, 0.95) * 1000:>7.1f} {max(latencies) * 1000:>8.1f}", flush=True)
            if args.census:
                counts = census(window)
                if minute * 60.0 >= WARM_UP and baseline is None:
                    baseline = counts
                elif baseline is not None:
                    print("        grew since warm-up:", grown(baseline, counts), flush=True)
            minute, latencies = minute + 1, []
    all_latencies += latencies
    settled = [mb for t, mb in samples if t >= WARM_UP] or [samples[-1][1]]
    internal = notices["internal"]
    print(f"\n{sent} messages in {args.minutes:g} min; bursts painted: median "
          f"{statistics.median(all_latencies) * 1000:.1f} ms, p95 {percentile(all_latencies, 0.95) * 1000:.1f} ms, "
          f"worst {max(all_latencies) * 1000:.1f} ms")
    print(f"RSS: start {samples[0][1]:.0f} MB, after warm-up {settled[0]:.0f} MB, end {samples[-1][1]:.0f} MB, "
          f"peak {max(mb for _, mb in samples):.0f} MB; growth after warm-up {settled[-1] - settled[0]:+.0f} MB")
    if mass:
        worst = max(mass)
        print(f"deleting a whole data set ({len(mass)} times): worst {worst[0] * 1000:.0f} ms for {worst[1]} "
              f"removals, {1000 * sum(t for t, _ in mass) / sum(n for _, n in mass):.1f} ms a removal")
    print("slowest bursts:")
    for seconds, kinds, where in slowest:
        print(f"  {seconds * 1000:8.1f} ms  {kinds:<28} {where}")
    print(f"notices: {notices['count']}, internal errors: {len(internal)}")
    for text in internal[:5]:
        print("  ", text)
    window.close()
    return 1 if internal else 0


if __name__ == "__main__":
    sys.exit(main())
