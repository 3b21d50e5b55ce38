"""CSV import and export: a file a student made in a spreadsheet, read or refused in their words.

Any problem raises ``DataError`` naming the file, row and column; nothing is half-loaded.
"""
from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import numpy as np

from engine.data.dataset import MAX_CLASSES, MAX_ROWS, TASKS, DataError, Dataset
from engine.data.reading import MAX_BYTES, read_rows
from engine.data.writing import write_whole
from engine.words import translate

__all__ = ["MAX_BYTES", "read_csv", "write_csv"]
# CSV

_INTEGER = re.compile(r"[+-]?\d+")


def read_csv(path, target: str | int | None = None, task: str | None = None) -> Dataset:
    """A Dataset from a CSV file (delimiter , ; or tab; header row optional).

    ``target`` names the target column, or gives its index (default: the last column; negative
    indices count from the end). Without ``task`` it is inferred from the target column: values
    written with a decimal point or exponent are measurements (regression); whole numbers with 2
    distinct values are binary, 3 to 20 multiclass, more than 20 regression; names (e.g. "setosa")
    are classes. Class labels are renumbered 0..C-1 in sorted order, keeping the originals as
    class names. Any problem raises DataError naming the file, row and column; nothing is
    half-loaded.
    """
    path = Path(path)
    fname = path.name
    if task is not None and task not in TASKS:
        raise DataError(f"unknown task {task!r}: choose one of {', '.join(TASKS)}")
    rows = read_rows(path, MAX_ROWS + 1)  # a header and the most data rows
    if not rows:
        raise DataError(translate("Data", "{file} is empty: there is no data in it.").format(file=fname))

    has_header = _looks_like_header(rows)
    width = len(rows[0][1])
    if has_header:
        names = [cell or f"column {j + 1}" for j, cell in enumerate(rows[0][1])]
        data = rows[1:]
    else:
        names = None
        data = rows
    if width < 2:
        raise DataError(translate("Data", "{file} has only one column: it needs at least one feature column and a "
                                  "target column.").format(file=fname))
    for line, cells in data:
        if len(cells) != width:
            where = {"file": fname, "row": line, "values": len(cells), "width": width}
            if has_header:
                text = translate("Data", "{file}, row {row}: {values} values, but the header has {width}.").format(
                    **where)
            else:
                text = translate("Data", "{file}, row {row}: {values} values, but row {first} has {width}.").format(
                    **where, first=rows[0][0])
            raise DataError(text)
    if len(data) > MAX_ROWS:
        raise DataError(translate("Data", "{file} has more than {rows} rows: that is too many for this app.").format(
            file=fname, rows=f"{MAX_ROWS:,}"))
    if len(data) == 1:
        raise DataError(translate("Data", "{file} has 1 data row: it needs at least 2.").format(file=fname))
    if len(data) < 2:
        raise DataError(translate("Data", "{file} has {rows} data rows: it needs at least 2.").format(
            file=fname, rows=len(data)))

    t = _target_column(target, names, width, fname)
    feature_cols = [j for j in range(width) if j != t]
    if names is None:
        feature_names = tuple(f"x{i + 1}" for i in range(len(feature_cols)))
        target_name = "y"
        col_label = {j: translate("Data", "column {number}").format(number=j + 1) for j in range(width)}
    else:
        feature_names = tuple(names[j] for j in feature_cols)
        target_name = names[t]
        col_label = {j: translate("Data", "column {number} ({name})").format(number=j + 1, name=repr(names[j]))
                     for j in range(width)}

    X = np.empty((len(data), len(feature_cols)), dtype=np.float64)
    for r, (line, cells) in enumerate(data):
        for c, j in enumerate(feature_cols):
            X[r, c] = _number(cells[j], fname, line, col_label[j])

    y, task, class_names = _targets(data, t, task, fname, col_label[t])
    return Dataset(path.stem, X, y, task, feature_names, class_names, target_name)


def write_csv(dataset: Dataset, path) -> None:
    """Write a header (feature names, target name) and one row per point; floats in repr form
    and class labels by name, so ``read_csv`` gives the same data back. The file is replaced
    only once it is completely written."""
    path = Path(path)
    fname = path.name
    bad = ~np.isfinite(dataset.X)
    if bad.any():
        row, col = (int(v) for v in np.argwhere(bad)[0])
        raise DataError(translate("Data", "Cannot save {file}: {column} in row {row} is not a finite number.").format(
            file=fname, column=dataset.feature_names[col], row=row + 1))
    if dataset.task == "regression" and not np.isfinite(dataset.y).all():
        row = int(np.argwhere(~np.isfinite(dataset.y))[0, 0])
        raise DataError(translate("Data", "Cannot save {file}: {column} in row {row} is not a finite number.").format(
            file=fname, column=dataset.target_name, row=row + 1))
    if dataset.task == "regression":
        targets = [repr(float(v)) for v in dataset.y]
    else:
        targets = [dataset.class_names[int(v)] for v in dataset.y]
    def write(stream) -> None:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow([*dataset.feature_names, dataset.target_name])
        for values, label in zip(dataset.X, targets):
            writer.writerow([*(repr(float(v)) for v in values), label])

    write_whole(path, write, DataError, newline="")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return "_" not in cell


def _looks_like_header(rows: list[tuple[int, list[str]]]) -> bool:
    """The first row is a header if it has a non-numeric cell where the second row has a number
    (so a first data row with a class name as target is not mistaken for a header)."""
    first = rows[0][1]
    if len(rows) == 1:
        return not all(_is_number(c) for c in first)
    second = rows[1][1]
    if all(c and not _is_number(c) for c in first):
        return True
    return any(c and not _is_number(c) and j < len(second) and _is_number(second[j]) for j, c in enumerate(first))


def _target_column(target, names, width: int, fname: str) -> int:
    if target is None:
        return width - 1
    if isinstance(target, (int, np.integer)) and not isinstance(target, bool):
        if not -width <= target < width:
            raise DataError(translate("Data", "{file} has {width} columns: there is no target column number "
                                      "{number}.").format(file=fname, width=width, number=target))
        return int(target) % width
    if isinstance(target, str):
        if names is None:
            raise DataError(translate("Data", "{file} has no header row, so there is no column named {name}: choose "
                                      "the target column by number.").format(file=fname, name=repr(target)))
        matches = [j for j, n in enumerate(names) if n == target]
        if not matches:
            matches = [j for j, n in enumerate(names) if n.casefold() == target.strip().casefold()]
        if not matches:
            raise DataError(translate("Data", "{file} has no column named {name}: its columns are {columns}.").format(
                file=fname, name=repr(target), columns=", ".join(names)))
        if len(matches) > 1:
            raise DataError(translate("Data", "{file} has {count} columns named {name}: choose the target by "
                                      "number.").format(file=fname, count=len(matches), name=repr(target)))
        return matches[0]
    raise DataError(f"the target column must be a name or a number, not {target!r}")


def _number(cell: str, fname: str, line: int, column: str) -> float:
    where = {"file": fname, "row": line, "column": column}
    if not cell:
        raise DataError(translate("Data", "{file}, row {row}, {column} is empty: every cell needs a number.").format(
            **where))
    if not _is_number(cell):
        if re.fullmatch(r"[+-]?\d+,\d+", cell):
            text = translate("Data", "{file}, row {row}, {column}: {cell} is not a number (use a dot for decimals).")
        elif re.search(r"[^\W\d_]", cell):
            text = translate("Data", "{file}, row {row}, {column}: {cell} is not a number (only the target column may "
                                     "hold names).")
        else:
            text = translate("Data", "{file}, row {row}, {column}: {cell} is not a number.")
        raise DataError(text.format(**where, cell=repr(cell)))
    value = float(cell)
    if not math.isfinite(value):
        raise DataError(translate("Data", "{file}, row {row}, {column}: {cell} is not a finite number.").format(
            **where, cell=repr(cell)))
    return value


def _targets(data, t: int, task: str | None, fname: str, column: str) -> tuple[np.ndarray, str, tuple[str, ...]]:
    """(y, task, class names) from the target column's cells."""
    cells = [(line, cells[t]) for line, cells in data]
    for line, cell in cells:
        if not cell:
            raise DataError(translate("Data", "{file}, row {row}, {column} is empty: every point needs a "
                                      "target.").format(file=fname, row=line, column=column))
    text_cell = next(((line, c) for line, c in cells if not _is_number(c)), None)
    if text_cell is None:
        values = np.array([_number(c, fname, line, column) for line, c in cells])
        integral = all(_INTEGER.fullmatch(c) for _, c in cells)
    else:
        values = None
        integral = False
    inferred = task is None
    if task is None and text_cell is not None:
        numbers = sum(_is_number(c) for _, c in cells)
        if numbers >= len(cells) / 2:  # a column of numbers with a typo is not a set of classes
            line, c = text_cell
            raise DataError(translate("Data", "{file}, row {row}, {column}: {cell} stands among numbers. Fix that "
                                      "cell, or say what the column holds (command line: --task regression, binary "
                                      "or multiclass).").format(file=fname, row=line, column=column, cell=repr(c)))
    if task is None:
        if text_cell is not None:
            task = "classification"
        elif not integral:
            task = "regression"
        else:
            k = len(np.unique(values))
            task = "binary" if k <= 2 else "multiclass" if k <= MAX_CLASSES else "regression"
    if task == "regression":
        if text_cell is not None:
            line, c = text_cell
            raise DataError(translate("Data", "{file}, row {row}, {column}: {cell} is not a number, and a regression "
                                      "target must be numbers.").format(file=fname, row=line, column=column,
                                                                        cell=repr(c)))
        return values, task, ()

    if text_cell is None:
        if not np.all(values == np.round(values)):
            line, c = next((line, c) for (line, c), v in zip(cells, values) if v != round(v))
            raise DataError(translate("Data", "{file}, row {row}, {column}: {cell} is not a class label (use whole "
                                      "numbers or names for classes).").format(file=fname, row=line, column=column,
                                                                               cell=repr(c)))
        labels = sorted({int(v) for v in values})
        index = {v: i for i, v in enumerate(labels)}
        y = np.array([index[int(v)] for v in values], dtype=np.int64)
        class_names = tuple(str(v) for v in labels)
    else:
        class_names = tuple(sorted({c for _, c in cells}))
        index = {c: i for i, c in enumerate(class_names)}
        y = np.array([index[c] for _, c in cells], dtype=np.int64)
    k = len(class_names)
    if k < 2:
        if inferred and text_cell is None:
            text = translate("Data", "{file}, {column}: every row has the class {label}; a classifier needs at least "
                                     "two classes (to fit these numbers instead, choose the regression task).")
        else:
            text = translate("Data", "{file}, {column}: every row has the class {label}; a classifier needs at least "
                                     "two classes.")
        raise DataError(text.format(file=fname, column=column, label=repr(class_names[0])))
    if k > MAX_CLASSES:
        raise DataError(translate("Data", "{file}, {column}: {count} different classes; this app handles at most "
                                  "{most}.").format(file=fname, column=column, count=k, most=MAX_CLASSES))
    if task == "classification":
        task = "binary" if k == 2 else "multiclass"
    elif task == "binary" and k != 2:
        raise DataError(translate("Data", "{file}, {column}: {count} different classes, but a binary task has exactly "
                                  "2.").format(file=fname, column=column, count=k))
    return y, task, class_names
