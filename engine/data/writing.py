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
from typing import IO

from engine.words import translate


def write_whole(path, write: Callable[[IO], None], error: type[Exception], newline: str = "\n",
                binary: bool = False) -> None:
    """Call ``write`` on a UTF-8 text stream (``binary``: a byte stream), then put what it wrote
    at ``path``, readable as any file the user saves (the temporary file is private at first)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    name = path.name
    if path.is_dir():
        raise error(translate("Files", "Cannot save {file}: there is a folder of that name. Choose another name.")
                    .format(file=name))
    if not folder.is_dir():
        raise error(translate("Files", "Cannot save {file}: the folder {folder} does not exist.").format(
            file=name, folder=str(folder)))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise error(_cannot(name, e, folder)) from None
    try:
        stream = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline=newline)
        with stream:
            write(stream)
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise error(_cannot(name, e, folder)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cannot(name: str, e: OSError, folder: Path):
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return translate("Files", "Cannot save {file}: this app may not write in {folder}. Save it somewhere else "
                                  "(your Documents folder).").format(file=name, folder=str(folder))
    if e.errno == errno.ENOSPC:
        return translate("Files", "Cannot save {file}: the disk is full. Free some space, or save it somewhere "
                                  "else.").format(file=name)
    return translate("Files", "Cannot save {file}: {reason}.").format(file=name, reason=e.strerror or str(e))


def _read_umask() -> int:
    """The process's umask (read once, at import: setting it to read it is not thread-safe)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
