"""Data sets: the course presets, scikit-learn's shipped sets and generators, CSV import/export.

- ``dataset``: the immutable ``Dataset``, its edits, standardisation and the train/test split;
- ``presets``: the course's data sets and scikit-learn's, opened in milliseconds (``shipped``);
- ``csv_io``:  CSV files read and written, every problem named by file, row and column.

Everything here is pure: loading a preset or a file returns a new ``Dataset`` or raises
``DataError`` with a message a student understands; nothing global changes.
"""
from engine.data.csv_io import MAX_BYTES, read_csv, write_csv
from engine.data.dataset import (
    MAX_CLASSES,
    MAX_ROWS,
    TASKS,
    DataError,
    Dataset,
    split_indices,
    standardize,
    train_test_split,
)
from engine.data.presets import PRESET_INFO, PRESET_PARAMS, PRESETS, load_preset

__all__ = [
    "MAX_BYTES", "MAX_CLASSES", "MAX_ROWS", "PRESETS", "PRESET_INFO", "PRESET_PARAMS", "TASKS", "DataError",
    "Dataset", "load_preset", "read_csv", "split_indices", "standardize", "train_test_split", "write_csv",
]
