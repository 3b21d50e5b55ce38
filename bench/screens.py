"""Real-window screenshots under Xvfb, as a projector or a laptop screen shows the app.

    python bench/screens.py [--out /tmp/screens] [--sizes 1024x768,1280x720,1920x1080] [--langs en,ko]

For each screen size and language: a virtual X screen of that size (xvfb-run), the app started as
a user starts it (no --size: it picks its own window size and layout for the screen), a few
seconds of racing, then the whole screen grabbed (ImageMagick's ``import``) and the app closed
with Ctrl+Q. Needs: apt-get install -y xvfb xdotool imagemagick libxcb-cursor0 libxcb-icccm4
libxcb-keysyms1. Look at every picture: nothing clipped, overlapping or stale.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SESSION = r"""
python="$1"; out="$2"; lang="$3"
"$python" main.py --lang "$lang" --preset logistic-2d &
app=$!
for i in $(seq 1 60); do xdotool search --name "Descent Lab" >/dev/null 2>&1 && break; sleep 0.5; done
sleep 2
xdotool key space; sleep 5; xdotool key space; sleep 1
import -window root "$out"
xdotool search --name "Descent Lab" windowactivate --sync key ctrl+q 2>/dev/null; sleep 2
kill $app 2>/dev/null; wait $app 2>/dev/null
true
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("/tmp/screens"))
    parser.add_argument("--sizes", default="1024x768,1280x720,1920x1080")
    parser.add_argument("--langs", default="en,ko")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    import tempfile

    home = tempfile.mkdtemp(prefix="screens-home-")  # a first start: no saved settings, no autosave
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"} | {"HOME": home}
    for size in args.sizes.split(","):
        for lang in args.langs.split(","):
            shot = args.out / f"{size}-{lang}.png"
            subprocess.run(["xvfb-run", "-a", "-s", f"-screen 0 {size}x24", "bash", "-c", SESSION, "screens",
                            sys.executable, str(shot), lang], cwd=ROOT, env=env, timeout=180, check=False)
            print(shot, "ok" if shot.exists() else "MISSING")
    return 0


if __name__ == "__main__":
    sys.exit(main())
