"""Data edits as undo commands: each changes the document, undo and redo restore it exactly."""
import numpy as np
import pytest

from engine.data import DataError, Dataset
from gui.commands import AddPoint, ClearData, MovePoint, RemovePoint, ReplaceDataset, new_drag_id
from gui.document import DataDocument


def same(a: Dataset, b: Dataset) -> bool:
    return (
        a.task == b.task
        and a.X.shape == b.X.shape
        and np.array_equal(a.X, b.X)
        and np.array_equal(a.y, b.y)
        and a.class_names == b.class_names
        and a.feature_names == b.feature_names
    )


@pytest.fixture
def doc(qapp):
    ds = Dataset("logistic-2d", [[1, 2], [2, 3], [3, 1], [4, 3], [5, 3], [6, 2]], [0, 0, 0, 1, 1, 1], "binary")
    return DataDocument(ds)


@pytest.fixture
def reg_doc(qapp):
    return DataDocument(Dataset("line", np.arange(1.0, 6.0), [1.0, 2.0, 2.9, 4.2, 5.0], "regression"))


def test_document_emits_and_versions(doc):
    seen = []
    doc.dataset_changed.connect(lambda ds, v: seen.append((ds, v)))
    ds = doc.dataset
    doc.set_dataset(ds)
    assert seen == [(ds, 1)] and doc.version == 1


def test_add_point_and_undo_redo(doc):
    start = doc.dataset
    doc.undo_stack.push(AddPoint(doc, [7.0, 1.5], 1))
    assert doc.dataset.n == 7
    assert np.array_equal(doc.dataset.X[-1], [7.0, 1.5]) and doc.dataset.y[-1] == 1
    after = doc.dataset
    doc.undo_stack.undo()
    assert same(doc.dataset, start)
    doc.undo_stack.redo()
    assert same(doc.dataset, after)


def test_move_point_keeps_class_and_undoes(doc):
    start = doc.dataset
    doc.undo_stack.push(MovePoint(doc, 2, [3.5, 0.5]))
    assert np.array_equal(doc.dataset.X[2], [3.5, 0.5]) and doc.dataset.y[2] == 0
    assert np.array_equal(doc.dataset.X[1], start.X[1])
    doc.undo_stack.undo()
    assert same(doc.dataset, start)


def test_move_point_in_regression_changes_target(reg_doc):
    reg_doc.undo_stack.push(MovePoint(reg_doc, 0, [1.5], 3.0))
    assert reg_doc.dataset.X[0, 0] == 1.5 and reg_doc.dataset.y[0] == 3.0


def test_remove_point_and_undo(doc):
    start = doc.dataset
    doc.undo_stack.push(RemovePoint(doc, 0))
    assert doc.dataset.n == 5 and np.array_equal(doc.dataset.X[0], start.X[1])
    doc.undo_stack.undo()
    assert same(doc.dataset, start)
    doc.undo_stack.redo()
    assert doc.dataset.n == 5


def test_clear_and_undo(doc):
    start = doc.dataset
    doc.undo_stack.push(ClearData(doc))
    assert doc.dataset.n == 0 and doc.dataset.d == 2 and doc.dataset.class_names == start.class_names
    doc.undo_stack.undo()
    assert same(doc.dataset, start)


def test_replace_dataset(doc, reg_doc):
    start = doc.dataset
    doc.undo_stack.push(ReplaceDataset(doc, reg_doc.dataset, "Load line"))
    assert doc.undo_stack.undoText() == "Load line"
    assert doc.dataset is reg_doc.dataset
    doc.undo_stack.undo()
    assert doc.dataset is start


def test_a_drag_is_one_undo_step(doc):
    start = doc.dataset
    doc.undo_stack.push(AddPoint(doc, [0.0, 0.0], 1))
    after_add = doc.dataset
    versions = []
    doc.dataset_changed.connect(lambda ds, v: versions.append(v))
    drag = new_drag_id()
    for t in np.linspace(0, 1, 12):
        doc.undo_stack.push(MovePoint(doc, 6, [t, 2 * t], drag_id=drag))
    assert len(versions) == 12  # every intermediate position reached the document
    assert doc.undo_stack.count() == 2  # the add, and one merged move
    assert np.array_equal(doc.dataset.X[6], [1.0, 2.0])
    doc.undo_stack.undo()
    assert same(doc.dataset, after_add)
    doc.undo_stack.undo()
    assert same(doc.dataset, start)
    doc.undo_stack.redo()
    doc.undo_stack.redo()
    assert np.array_equal(doc.dataset.X[6], [1.0, 2.0])


def test_two_drags_are_two_steps(doc):
    for _ in range(2):
        drag = new_drag_id()
        for t in (0.1, 0.2, 0.3):
            doc.undo_stack.push(MovePoint(doc, 0, [t, t], drag_id=drag))
    assert doc.undo_stack.count() == 2


def test_loading_a_preset_clears_history(doc, reg_doc):
    doc.undo_stack.push(RemovePoint(doc, 0))
    doc.load_dataset(reg_doc.dataset)
    assert doc.undo_stack.count() == 0 and doc.dataset is reg_doc.dataset


def test_bad_edit_raises_before_the_stack(doc):
    with pytest.raises((DataError, IndexError)):
        RemovePoint(doc, 99)
    assert doc.undo_stack.count() == 0
