"""Build the one-folder app with PyInstaller, then check that what was built really works.

    python packaging/build.py              build dist/descent-lab/ for this system, then check it
    python packaging/build.py --check-only check an existing build

The checks start the built program as a user's double-click would not let us (no display here):
``--version``; a headless ``run`` whose JSON must match the source's; and the window itself,
offscreen, in English and in Korean, rendered to a PNG that must have the asked size and show a
picture (not one flat colour). Exit code 0 only when every check passes.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYINSTALLER = "pyinstaller==6.22.3"
RUN = ["run", "--preset", "line-30", "--opt", "gd:lr=0.001", "--opt", "adam:lr=0.1", "--steps", "50"]


def program(dist: Path) -> Path:
    if sys.platform == "darwin":
        return dist / "Descent Lab.app" / "Contents" / "MacOS" / "descent-lab"
    return dist / "descent-lab" / ("descent-lab.exe" if os.name == "nt" else "descent-lab")


def build(dist: Path, work: Path) -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", PYINSTALLER], check=True)
    env = dict(os.environ)
    if sys.platform in ("win32", "darwin"):
        env["DESCENT_LAB_ICON"] = str(draw_icon(work, ".ico" if sys.platform == "win32" else ".icns"))
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(dist),
                    "--workpath", str(work), str(ROOT / "packaging" / "descent-lab.spec")],
                   check=True, cwd=ROOT, env=env)


def draw_icon(work: Path, suffix: str) -> Path:
    """The app's SVG icon as the picture Windows (.ico) or macOS (.icns) wants: drawn by Qt at
    512 pixels, written by Pillow at every size those formats hold."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(["build"])  # noqa: F841  (Qt needs one to paint)
    image = QImage(512, 512, QImage.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    QSvgRenderer(str(ROOT / "resources" / "descent-lab.svg")).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    import io

    out = work / f"descent-lab{suffix}"
    work.mkdir(parents=True, exist_ok=True)
    sizes = [(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
    Image.open(io.BytesIO(bytes(data))).save(out, sizes=sizes)
    return out


def check(dist: Path) -> list[str]:
    exe = program(dist)
    if not exe.exists():
        return [f"no program at {exe}: build first"]
    failures = []
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def started(*args, timeout=180) -> subprocess.CompletedProcess:
        return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=timeout, env=env)

    from engine import __version__

    version = started("--version")
    if version.returncode != 0 or __version__ not in version.stdout:
        failures.append(f"--version: exit {version.returncode}, {version.stdout!r} {version.stderr[-400:]!r}")
    built = started(*RUN)
    source = subprocess.run([sys.executable, str(ROOT / "main.py"), *RUN], capture_output=True, text=True, cwd=ROOT)
    if built.returncode != 0 or json.loads(built.stdout or "{}") != json.loads(source.stdout):
        failures.append(f"run: exit {built.returncode}, differs from the source's, {built.stderr[-400:]!r}")
    with tempfile.TemporaryDirectory() as folder:
        for lang in ("en", "ko"):
            shot = Path(folder) / f"{lang}.png"
            window = started("--lang", lang, "--preset", "logistic-2d", "--steps", "30", "--screenshot", str(shot),
                             "--size", "1024x768")
            problem = _picture_problem(shot, (1024, 768))
            if window.returncode != 0 or problem:
                failures.append(f"window ({lang}): exit {window.returncode}, {problem}, {window.stderr[-400:]!r}")
            elif lang == "ko":
                kept = dist / "screenshot-ko.png"
                kept.write_bytes(shot.read_bytes())  # to look at
    return failures


def _picture_problem(path: Path, size: tuple[int, int]) -> str | None:
    if not path.exists():
        return "no screenshot written"
    from PIL import Image

    with Image.open(path) as image:
        if image.size != size:
            return f"screenshot is {image.size}, not {size}"
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    if colours is not None and len(colours) < 50:
        return f"screenshot shows only {len(colours)} colours: the window did not paint"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check-only", action="store_true")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if not args.check_only:
        build(args.dist, args.work)
    failures = check(args.dist)
    for failure in failures:
        print(f"build.py: FAILED {failure}", file=sys.stderr)
    if not failures:
        size = sum(f.stat().st_size for f in (args.dist / "descent-lab").rglob("*") if f.is_file())
        print(f"build.py: {program(args.dist)} works ({size / 2**20:.0f} MB in all)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
