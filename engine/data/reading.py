"""Reading a text file a user chose, without trusting it: the one place files are opened.

- Only regular files: a pipe would block forever, ``/dev/zero`` would fill the memory.
- Bounded: a file larger than ``MAX_BYTES`` is refused before it is read; the rows are read as a
  stream and reading stops one row past what the caller can use, so refusing a huge file costs
  no more than reading its first rows.
- Decoded by what it says it is: a UTF-8 or UTF-16 byte order mark, else UTF-8, else Latin-1
  (a spreadsheet's "CSV" on an old system); NUL bytes without a UTF-16 mark mean it is not text.
- Every problem is a ``DataError`` naming the file, and the row where there is one.
"""
from __future__ import annotations

import codecs
import csv
import io
import os
import stat
from pathlib import Path

from engine.data.dataset import DataError
from engine.words import translate

MAX_BYTES = 256 * 2**20
MAX_CELL = 131_072  # characters in one cell (the csv module's own limit)
SAMPLE_LINES = 50  # lines the delimiter is guessed from
_DELIMITERS = ("\t", ";", ",")


def open_text(path: Path, fname: str, max_bytes: int = MAX_BYTES) -> io.TextIOBase:
    """The file as a text stream, checked as the module says (the caller closes it)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise DataError(translate("Data", "Cannot read {file}: the file does not exist.").format(file=fname)) from None
    except OSError as e:
        raise DataError(translate("Data", "Cannot read {file}: {reason}.").format(
            file=fname, reason=e.strerror or str(e))) from None
    if stat.S_ISDIR(info.st_mode):
        raise DataError(translate("Data", "Cannot read {file}: it is a folder, not a file.").format(file=fname))
    if not stat.S_ISREG(info.st_mode):
        raise DataError(translate("Data", "Cannot read {file}: it is not a regular file (a pipe or a device). Save the "
                                  "data as a CSV file and open that.").format(file=fname))
    if info.st_size > max_bytes:
        raise DataError(translate("Data", "{file} is larger than {size} MB: that is too big for this app.").format(
            file=fname, size=max_bytes // 2**20))
    try:
        raw = open(path, "rb")
    except OSError as e:
        raise DataError(translate("Data", "Cannot read {file}: {reason}.").format(
            file=fname, reason=e.strerror or str(e))) from None
    head = raw.read(65536)
    raw.seek(0)
    encoding = _encoding(head)
    if encoding is None:
        raw.close()
        raise DataError(translate("Data", "Cannot read {file}: it is not a text file. (A spreadsheet? Save it as "
                                  "CSV.)").format(file=fname))
    return io.TextIOWrapper(raw, encoding=encoding, newline="")


def _encoding(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\0" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the end of the sample
            return "latin-1"
    return "utf-8"


def read_rows(path, max_rows: int) -> list[tuple[int, list[str]]]:
    """The non-blank rows as (1-based line number, stripped cells), at most ``max_rows`` + 1 of them
    (one more than fits tells the caller the file is too long)."""
    path = Path(path)
    fname = path.name
    stream = open_text(path, fname)
    try:
        try:
            return _rows(stream, fname, max_rows)
        except UnicodeDecodeError:  # a stray non-UTF-8 byte past the sample: the file is Latin-1
            stream.close()
            stream = io.TextIOWrapper(open(path, "rb"), encoding="latin-1", newline="")
            return _rows(stream, fname, max_rows)
    finally:
        stream.close()


def _rows(stream: io.TextIOBase, fname: str, max_rows: int) -> list[tuple[int, list[str]]]:
    sample = []
    while len(sample) < SAMPLE_LINES:
        line = stream.readline(MAX_CELL * 4)
        if not line:
            break
        if len(line) >= MAX_CELL * 4 and not line.endswith("\n"):
            raise DataError(translate("Data", "{file}, row {row} is longer than {characters} characters: is it really "
                                      "a CSV file?").format(
                file=fname, row=len(sample) + 1, characters=f"{MAX_CELL * 4:,}"))
        if line.strip():
            sample.append(line.rstrip("\r\n"))
    delimiter = sniff_delimiter(sample, fname)
    stream.seek(0)
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    started = 1  # the line the record being read begins on (a quoted cell may span lines)
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((started, [cell.strip() for cell in cells]))
                if len(rows) > max_rows:
                    break
            started = reader.line_num + 1
    except csv.Error as e:
        if "field larger" in str(e):
            raise DataError(translate("Data", "{file}, row {row}: a cell is longer than {characters} characters "
                                      "(is a quote mark \" left open?).").format(
                file=fname, row=started, characters=f"{MAX_CELL:,}")) from None
        raise DataError(translate("Data", "Cannot read {file}, row {row}: {reason} (is a quote mark \" left "
                                  "open?).").format(file=fname, row=started, reason=str(e))) from None
    return rows


def sniff_delimiter(lines: list[str], fname: str = "the file") -> str:
    """Tab, semicolon or comma: the first that splits every sampled line into the same number
    (> 1) of cells; else the one giving the most cells on the first line."""
    if not lines:
        return ","
    counts = {}
    try:
        for d in _DELIMITERS:
            widths = {len(cells) for cells in csv.reader(lines, delimiter=d)}
            if len(widths) == 1 and widths.pop() > 1:
                return d
            counts[d] = len(next(csv.reader(lines[:1], delimiter=d)))
    except csv.Error:  # a cell past the csv module's limit: the reader says where
        return ","
    return max(_DELIMITERS, key=lambda d: counts[d])
