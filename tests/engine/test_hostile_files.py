"""Property tests: whatever bytes a file holds, reading it either gives a data set (or session)
that is whole and usable, or raises the one error type the window turns into a message. Never
an IndexError, a UnicodeError or a numpy warning escaping to the student."""
import json
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import data
from engine.session import files
from engine.session.state import SessionState

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# cells a spreadsheet or a typo produces: numbers in many spellings, names, quotes, blanks
CELL = st.one_of(
    st.integers(-10**6, 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", " ", "nan", "inf", "-inf", "1e400", "1_0", "0x1F", "1,5", "٣", "１", "a", "cat",
                     "\"", "\"\"", "'", "#", "\\", "없음", "yes", "NULL", "1.2.3", "--1", "+", "e5", "\t"]),
    st.text(min_size=0, max_size=6),
)
ROW = st.lists(CELL, min_size=0, max_size=6)
DELIMITER = st.sampled_from([",", ";", "\t", "|"])
NEWLINE = st.sampled_from(["\n", "\r\n", "\r"])


NUMBER = st.one_of(st.integers(-99, 99).map(str), st.floats(-1e6, 1e6, allow_nan=False).map(repr))
LABEL = st.sampled_from(["0", "1", "2", "cat", "dog", "고양이"])


@st.composite
def csv_texts(draw) -> str:
    """Half the time a random grid of cells; else a well-formed table with a few cells spoilt, so
    both the refusals and the data sets that are read get exercised."""
    delimiter, newline = draw(DELIMITER), draw(NEWLINE)
    if draw(st.booleans()):
        rows = draw(st.lists(ROW, min_size=0, max_size=12))
    else:
        d, n = draw(st.integers(1, 3)), draw(st.integers(1, 12))
        target = draw(st.sampled_from([NUMBER, LABEL]))
        rows = [[f"x{j}" for j in range(d)] + ["y"]] if draw(st.booleans()) else []
        rows += [draw(st.lists(NUMBER, min_size=d, max_size=d)) + [draw(target)] for _ in range(n)]
        for _ in range(draw(st.integers(0, 2))):
            row = draw(st.integers(0, len(rows) - 1))
            col = draw(st.integers(0, len(rows[row])))
            if draw(st.booleans()):
                rows[row][col:col + 1] = [draw(CELL)]
            else:
                del rows[row][col:col + 1]
    return newline.join(delimiter.join(row) for row in rows) + draw(st.sampled_from(["", newline]))


def read(tmp_path, raw: bytes, **kwargs):
    path = tmp_path / "student.csv"
    path.write_bytes(raw)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning would reach the terminal: count it as a failure
        try:
            return data.read_csv(path, **kwargs)
        except data.DataError as error:
            assert "student.csv" in str(error) or "task" in str(error), error
            assert "\n" not in str(error).strip()
            return None


def assert_whole(ds: data.Dataset) -> None:
    assert ds.n >= 2 and ds.d >= 1
    assert ds.X.shape == (ds.n, ds.d) and np.isfinite(ds.X).all()
    assert ds.y.shape == (ds.n,) and np.isfinite(ds.y).all()
    assert len(ds.feature_names) == ds.d
    if ds.is_classification:
        assert set(np.unique(ds.y).astype(int)) <= set(range(len(ds.class_names)))


@SETTINGS
@given(text=csv_texts(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp949"]))
def test_any_csv_text_is_read_whole_or_refused_in_words(tmp_path, text, encoding):
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        raw = text.encode("utf-8")
    ds = read(tmp_path, raw)
    if ds is not None:
        assert_whole(ds)


@SETTINGS
@given(raw=st.binary(max_size=400))
def test_any_bytes_are_read_whole_or_refused_in_words(tmp_path, raw):
    ds = read(tmp_path, raw)
    if ds is not None:
        assert_whole(ds)


@SETTINGS
@given(text=csv_texts(), task=st.sampled_from([None, *data.TASKS]), target=st.sampled_from([None, 0, -1, 3, "y"]))
def test_any_task_and_target_are_read_or_refused_in_words(tmp_path, text, task, target):
    ds = read(tmp_path, text.encode(), task=task, target=target)
    if ds is not None:
        assert_whole(ds)
        assert task is None or ds.task == task


# -- session files ----------------------------------------------------------------------------------

def a_session() -> dict:
    from engine.race import RunSpec
    from engine.session.data_handlers import state_for
    from engine.models import model_for

    ds = data.load_preset("logistic-2d")
    from engine.session.state import DataSource

    state = state_for(ds, DataSource("preset", "logistic-2d"), model_for(ds),
                      [RunSpec("adam-1", "adam", {"lr": 0.1}), RunSpec("sgd-2", "sgd", {"lr": 0.5}, 8)],
                      SessionState())
    return json.loads(files.dumps(state))


VALID = a_session()
JUNK = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(), st.text(max_size=8),
                 st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


def paths(obj, prefix=()):
    """Every (path to a value) in a JSON tree, so a test can spoil any one of them."""
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj[:3]):
            yield from paths(v, (*prefix, i))


PATHS = [p for p in paths(VALID) if p]


def spoiled(path, junk, delete: bool) -> dict:
    doc = json.loads(json.dumps(VALID))
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = junk
    return doc


def load_or_refuse(text: str):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return files.loads(text, "lesson.dlab.json")
        except files.SessionFileError as error:
            assert "lesson.dlab.json" in str(error), error
            return None


def test_the_valid_session_reads_back():
    assert isinstance(load_or_refuse(json.dumps(VALID)), SessionState)


@SETTINGS
@given(path=st.sampled_from(PATHS), junk=JUNK, delete=st.booleans())
def test_a_session_with_one_spoiled_field_is_read_or_refused_in_words(path, junk, delete):
    state = load_or_refuse(json.dumps(spoiled(path, junk, delete)))
    if state is not None:  # what was accepted must be something the app can race
        state.dataset.validate_for_training()
        assert state.start_theta.shape == (state.model.n_params,)
        assert all(spec.label for spec in state.specs)


@SETTINGS
@given(raw=st.binary(max_size=300))
def test_any_bytes_as_a_session_are_refused_in_words(raw):
    assert load_or_refuse(raw) is None


@pytest.mark.parametrize("cut", [1, 10, 100, 0.5, -1])
def test_a_truncated_session_is_refused(cut):
    text = files.dumps(files.from_json(VALID))
    n = int(len(text) * cut) if isinstance(cut, float) else cut if cut > 0 else len(text) - 2
    assert load_or_refuse(text[:n]) is None


@pytest.mark.parametrize("path,junk", [
    (("source",), True),  # was an AttributeError
    (("dataset", "y", 0), 9.223372036854776e18),  # was a RuntimeWarning and a wrapped-around class
    (("dataset", "y", 0), -1.0),
    (("runs", 0, "hyper", "lr"), float("nan")),
    (("start",), [1e309, 0, 0]),
])
def test_spoils_found_by_the_property_tests_are_refused(path, junk):
    assert load_or_refuse(json.dumps(spoiled(path, junk, False))) is None
