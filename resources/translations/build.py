"""Refresh the Korean catalogue from the source and compile it: the only way the .qm is made.

    python resources/translations/build.py            update descent_lab_ko.ts, then write descent_lab_ko.qm
    python resources/translations/build.py --check    exit 1 if a text of the source has no translation

``pyside6-lupdate`` collects every ``tr()`` and ``QCoreApplication.translate()`` of ``gui/`` and
every ``translate()`` of ``engine/`` (``engine/words.py``: the engine's sentences) into the .ts,
keeping the translations already there and dropping texts the code no longer has; a translator
fills in the new ones (Qt Linguist, or any editor: they are marked ``type="unfinished"``);
``pyside6-lrelease`` compiles the .ts into the .qm the app loads.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LANGUAGES = ("ko",)


def sources() -> list[Path]:
    return sorted(p for folder in ("gui", "engine") for p in (ROOT / folder).rglob("*.py"))


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease next to this Python (a venv need not be on PATH)."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"build.py: {name} not found: install PySide6 (pip install -e .)")
    return found


def catalogue(language: str) -> Path:
    return HERE / f"descent_lab_{language}.ts"


def update(ts: Path, out: Path | None = None) -> Path:
    """Run lupdate over the source into ``out`` (default: the catalogue itself)."""
    out = out or ts
    if out != ts and ts.exists():
        shutil.copyfile(ts, out)
    subprocess.run([tool("pyside6-lupdate"), *map(str, sources()), "-no-obsolete", "-locations", "none",
                    "-ts", str(out)], check=True, capture_output=True, text=True)
    return out


def unfinished(ts: Path) -> list[str]:
    """The source texts with no translation yet."""
    missing = []
    for message in ElementTree.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished") or \
                not (translation.text or "").strip():
            missing.append(message.findtext("source"))
    return missing


def compile_qm(ts: Path) -> Path:
    qm = ts.with_suffix(".qm")
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True, text=True)
    return qm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail if a text lacks a translation")
    args = parser.parse_args(argv)
    failed = False
    for language in LANGUAGES:
        ts = catalogue(language)
        if args.check:
            import tempfile

            with tempfile.TemporaryDirectory() as folder:
                missing = unfinished(update(ts, Path(folder) / ts.name))
        else:
            missing = unfinished(update(ts))
            compile_qm(ts)
        for text in missing:
            print(f"{ts.name}: no translation for {text!r}", file=sys.stderr)
        failed |= bool(missing)
        print(f"{ts.name}: {len(missing)} text(s) without a translation")
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
