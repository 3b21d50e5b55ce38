"""Saving a file the user named: the one place files are written.

A file is written whole to a hidden temporary file beside the target and then moved over it,
so a crash, a full disk or a pulled USB stick never leaves half a file where the user's was.
Every failure becomes one sentence a student understands (the folder is missing, the name is a
folder, no permission, the disk is full) raised as the caller's error class.
"""
from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO


def write_whole(path, write: Callable[[TextIO], None], error: type[Exception], newline: str = "\n") -> None:
    """Call ``write`` on a UTF-8 text stream, then put what it wrote at ``path``."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise error(f"Cannot save {path.name}: there is a folder of that name. Choose another name.")
    if not folder.is_dir():
        raise error(f"Cannot save {path.name}: the folder {folder} does not exist.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise error(f"Cannot save {path.name}: {_reason(e, folder)}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as stream:
            write(stream)
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise error(f"Cannot save {path.name}: {_reason(e, folder)}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _reason(e: OSError, folder: Path) -> str:
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"this app may not write in {folder}. Save it somewhere else (your Documents folder)."
    if e.errno == errno.ENOSPC:
        return "the disk is full. Free some space, or save it somewhere else."
    return f"{e.strerror or e}."
