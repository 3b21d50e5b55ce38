"""engine.data: the course's data sets verbatim, CSV import/export, splits and immutable edits."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from engine.data import (
    PRESET_INFO,
    PRESET_PARAMS,
    PRESETS,
    DataError,
    Dataset,
    load_preset,
    read_csv,
    split_indices,
    standardize,
    train_test_split,
    write_csv,
)

# ---------------------------------------------------------------------------------------------
# Presets

EXPECTED = {  # name: (N, D, task, classes)
    "line-30": (30, 1, "regression", 1),
    "line-3x2": (1000, 1, "regression", 1),
    "quiz-scores": (5, 3, "regression", 1),
    "logistic-line": (6, 1, "binary", 2),
    "logistic-2d": (6, 2, "binary", 2),
    "softmax-8": (8, 4, "multiclass", 3),
    "wine": (178, 13, "multiclass", 3),
    "digits": (1797, 64, "multiclass", 10),
    "breast-cancer": (569, 30, "binary", 2),
    "iris": (150, 4, "multiclass", 3),
    "blobs": (300, 2, "multiclass", 3),
    "moons": (200, 2, "binary", 2),
    "circles": (200, 2, "binary", 2),
}


def test_preset_list_is_the_published_one():
    assert PRESETS == tuple(EXPECTED)
    assert set(PRESET_INFO) == set(PRESETS)
    assert all(isinstance(v, str) and v and "\n" not in v for v in PRESET_INFO.values())


@pytest.mark.parametrize("name", PRESETS)
def test_preset_shape_task_and_classes(name):
    n, d, task, k = EXPECTED[name]
    data = load_preset(name)
    assert (data.name, data.n, data.d, data.task, data.n_classes) == (name, n, d, task, k)
    assert data.X.dtype == np.float64 and np.isfinite(data.X).all()
    assert len(data.feature_names) == d
    if task == "regression":
        assert data.y.dtype == np.float64
    else:
        assert data.y.dtype == np.int64
        assert set(np.unique(data.y)) == set(range(k))  # every class is present
    assert not data.X.flags.writeable and not data.y.flags.writeable


def test_line_30_verbatim():
    data = load_preset("line-30")
    np.testing.assert_array_equal(data.X[:, 0], np.arange(1, 31))
    y = [0.94, 1.98, 2.88, 3.92, 3.96, 4.55, 5.64, 6.3, 7.44, 9.1,
         8.46, 9.5, 10.67, 11.16, 14, 11.83, 14.4, 14.25, 16.2, 16.32,
         17.46, 19.8, 18, 21.34, 22, 22.5, 24.57, 26.04, 21.6, 28.8]
    assert data.y.tolist() == y
    assert data.feature_names == ("x",) and data.target_name == "y"


def test_quiz_scores_verbatim():
    data = load_preset("quiz-scores")
    assert data.X.tolist() == [[73, 80, 75], [93, 88, 93], [89, 91, 90], [96, 98, 100], [73, 66, 70]]
    assert data.y.tolist() == [152, 185, 180, 196, 142]
    assert len(set(data.feature_names)) == 3


def test_logistic_sets_verbatim():
    line = load_preset("logistic-line")
    assert line.X[:, 0].tolist() == [-5, -3, -1, 1, 3, 5]
    assert line.y.tolist() == [0, 0, 0, 1, 1, 1]
    plane = load_preset("logistic-2d")
    assert plane.X.tolist() == [[1, 2], [2, 3], [3, 1], [4, 3], [5, 3], [6, 2]]
    assert plane.y.tolist() == [0, 0, 0, 1, 1, 1]


def test_softmax_8_verbatim():
    data = load_preset("softmax-8")
    assert data.X.tolist() == [[1, 2, 1, 1], [2, 1, 3, 2], [3, 1, 3, 4], [4, 1, 5, 5],
                               [1, 7, 5, 5], [1, 2, 5, 6], [1, 6, 6, 6], [1, 7, 7, 7]]
    assert data.y.tolist() == [2, 2, 2, 1, 1, 1, 0, 0]


def test_sklearn_sets_match_sklearn_with_real_names():
    from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine

    for name, loader in (("wine", load_wine), ("digits", load_digits), ("iris", load_iris)):
        bunch = loader()
        data = load_preset(name)
        np.testing.assert_array_equal(data.X, bunch.data)
        np.testing.assert_array_equal(data.y, bunch.target)
        assert data.feature_names == tuple(map(str, bunch.feature_names))
        assert data.class_names == tuple(map(str, bunch.target_names))
    assert load_preset("iris").class_names == ("setosa", "versicolor", "virginica")
    assert load_preset("digits").feature_names[9] == "pixel_1_1"
    # breast cancer: class 1 is "malignant", the case a screening flags (sklearn has it as 0)
    bunch, cancer = load_breast_cancer(), load_preset("breast-cancer")
    np.testing.assert_array_equal(cancer.X, bunch.data)
    assert cancer.class_names == ("benign", "malignant")
    assert [cancer.class_names[c] for c in cancer.y] == [str(bunch.target_names[t]) for t in bunch.target]


def test_cached_sets_come_back_as_fresh_equal_datasets():
    a, b = load_preset("wine"), load_preset("wine")
    assert a == b and a is not b and a.X is not b.X
    assert not a.X.flags.writeable


def test_line_3x2_is_the_torch_recipe_and_leaves_the_global_seed_alone():
    torch.manual_seed(123)
    before = torch.rand(3)
    torch.manual_seed(123)
    data = load_preset("line-3x2", seed=7)
    assert torch.equal(torch.rand(3), before)  # the global generator was not touched

    torch.manual_seed(7)
    x = torch.randn(1000)
    noise = torch.randn(1000)
    y = 3 * x + 2 + noise
    np.testing.assert_array_equal(data.X[:, 0], x.numpy())
    np.testing.assert_array_equal(data.y, y.numpy())
    # the fit is close to the true line
    w, b = np.polyfit(data.X[:, 0], data.y, 1)
    assert abs(w - 3) < 0.15 and abs(b - 2) < 0.15

    small = load_preset("line-3x2", seed=7, n_samples=50)
    torch.manual_seed(7)
    x = torch.randn(50)
    np.testing.assert_array_equal(small.X[:, 0], x.numpy())


@pytest.mark.parametrize("name", ["line-3x2", "blobs", "moons", "circles"])
def test_generators_are_seeded(name):
    a, b, c = load_preset(name, seed=1), load_preset(name, seed=1), load_preset(name, seed=2)
    assert a == b
    assert not np.array_equal(a.X, c.X)
    assert load_preset(name, n_samples=40).n == 40


def test_generator_settings():
    assert load_preset("blobs", n_classes=2).task == "binary"
    five = load_preset("blobs", n_classes=5, n_samples=100)
    assert (five.task, five.n_classes, five.n) == ("multiclass", 5, 100)
    # noise actually changes the spread
    tight, loose = load_preset("moons", noise=0.0), load_preset("moons", noise=0.5)
    assert np.allclose(np.hypot(tight.X[tight.y == 0, 0], tight.X[tight.y == 0, 1]), 1.0)
    assert not np.allclose(np.hypot(loose.X[loose.y == 0, 0], loose.X[loose.y == 0, 1]), 1.0)
    assert load_preset("circles", n_classes=2).n_classes == 2
    for key, value in PRESET_PARAMS["blobs"].items():
        assert load_preset("blobs", **{key: value}) == load_preset("blobs")


@pytest.mark.parametrize("kwargs, words", [
    ({"name": "mnist"}, "unknown data set"),
    ({"name": "wine", "n_samples": 10}, "no n samples"),
    ({"name": "moons", "n_classes": 3}, "no n classes"),
    ({"name": "blobs", "n_classes": 21}, "number of classes"),
    ({"name": "blobs", "n_samples": 1}, "number of points"),
    ({"name": "moons", "noise": -1.0}, "noise"),
    ({"name": "moons", "seed": -1}, "seed"),
])
def test_bad_preset_requests(kwargs, words):
    name = kwargs.pop("name")
    with pytest.raises(DataError, match=words):
        load_preset(name, **kwargs)


def test_presets_are_never_standardised():
    assert load_preset("wine").X[:, 4].mean() > 90  # magnesium in mg/l, as shipped
    assert load_preset("quiz-scores").X.min() == 66

# ---------------------------------------------------------------------------------------------
# standardize and train_test_split


def test_standardize_is_explicit_and_keeps_constant_columns():
    data = Dataset("d", [[1.0, 5.0, 10.0], [2.0, 5.0, 20.0], [3.0, 5.0, 60.0]], [0.5, 1.5, 2.5], "regression")
    scaled, mean, std = standardize(data)
    np.testing.assert_allclose(scaled.X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(scaled.X[:, [0, 2]].std(axis=0), 1)
    assert std[1] == 1.0 and (scaled.X[:, 1] == 0).all()
    np.testing.assert_allclose(mean, [2.0, 5.0, 30.0])
    np.testing.assert_allclose(scaled.X * std + mean, data.X)
    assert scaled.y is not data.y and np.array_equal(scaled.y, data.y)
    assert data.X[0, 0] == 1.0  # the original is unchanged
    wine, _, _ = standardize(load_preset("wine"))
    np.testing.assert_allclose(wine.X.std(axis=0), 1)
    with pytest.raises(DataError, match="empty"):
        standardize(Dataset("e", np.empty((0, 2)), [], "regression"))


def test_train_test_split_is_seeded_disjoint_and_complete():
    data = load_preset("wine")
    train, test = train_test_split(data, 0.2, seed=3)
    assert (train.n, test.n) == (142, 36)
    assert train.class_names == test.class_names == data.class_names
    rows = {tuple(r) for r in data.X}
    assert len(rows) == data.n  # wine rows are distinct, so rows identify points
    train_rows, test_rows = {tuple(r) for r in train.X}, {tuple(r) for r in test.X}
    assert not train_rows & test_rows and train_rows | test_rows == rows
    again, _ = train_test_split(data, 0.2, seed=3)
    other, _ = train_test_split(data, 0.2, seed=4)
    assert again == train and other != train
    tr, te = split_indices(data.n, 0.2, 3)
    np.testing.assert_array_equal(train.X, data.X[tr])
    np.testing.assert_array_equal(test.y, data.y[te])
    assert sorted(np.concatenate([tr, te]).tolist()) == list(range(data.n))
    # tiny sets still get one point on each side
    tiny_train, tiny_test = train_test_split(load_preset("logistic-line"), 0.01)
    assert (tiny_train.n, tiny_test.n) == (5, 1)
    for bad in (0.0, 1.0, -0.5):
        with pytest.raises(DataError, match="fraction"):
            train_test_split(data, bad)

# ---------------------------------------------------------------------------------------------
# Immutable edits and validate_for_training


def test_edits_return_new_datasets_and_leave_the_original():
    data = load_preset("logistic-2d")
    X0, y0 = data.X.copy(), data.y.copy()

    added = data.with_point([7.0, 1.0], 1)
    assert added.n == 7 and added.X[-1].tolist() == [7.0, 1.0] and added.y[-1] == 1
    moved = data.moved(2, [3.5, 1.5])
    assert moved.X[2].tolist() == [3.5, 1.5] and moved.y[2] == 0
    relabelled = data.moved(-1, [6, 2], y=0)
    assert relabelled.y[-1] == 0
    removed = data.without(0)
    assert removed.n == 5 and removed.X[0].tolist() == [2, 3]
    assert data.without([0, 1]).n == 4

    for new in (added, moved, relabelled, removed):
        assert new is not data and new.class_names == data.class_names
        assert not new.X.flags.writeable
    np.testing.assert_array_equal(data.X, X0)
    np.testing.assert_array_equal(data.y, y0)
    with pytest.raises(ValueError):
        data.X[0, 0] = 99.0


def test_edit_checks():
    data = load_preset("logistic-2d")
    with pytest.raises(DataError, match="2 features"):
        data.with_point([1.0], 0)
    with pytest.raises(DataError, match="class"):
        data.with_point([1.0, 2.0], 2)  # binary takes 0 and 1
    with pytest.raises(DataError, match="class"):
        data.with_point([1.0, 2.0], 0.5)
    with pytest.raises(IndexError):
        data.moved(6, [0, 0])
    line = load_preset("line-30").with_point(31.0, 30.5)
    assert line.n == 31 and line.y[-1] == 30.5
    grown = load_preset("softmax-8").with_point([0, 0, 0, 0], 3)
    assert grown.class_names == ("0", "1", "2", "3")


def test_validate_for_training_messages():
    load_preset("softmax-8").validate_for_training()
    empty = Dataset("e", np.empty((0, 2)), [], "binary")
    with pytest.raises(DataError, match=r"^The data set is empty: click on the plot to add points\.$"):
        empty.validate_for_training()
    one_class = load_preset("logistic-line").without([3, 4, 5])
    with pytest.raises(DataError, match="^Only one class is left: add a point of another class"):
        one_class.validate_for_training()
    one_class.with_point([9.0], 1).validate_for_training()
    nan = load_preset("softmax-8").moved(4, [1, 7, np.nan, 5])
    with pytest.raises(DataError, match=r"^x3 has a value that is not a number \(NaN\) in row 5"):
        nan.validate_for_training()
    inf = load_preset("line-30").moved(0, [np.inf])
    with pytest.raises(DataError, match="^x has an infinite value in row 1"):
        inf.validate_for_training()


def test_dataset_rejects_bad_labels():
    with pytest.raises(DataError):
        Dataset("b", [[0.0], [1.0]], [0, 2], "binary")
    with pytest.raises(DataError):
        Dataset("b", [[0.0], [1.0]], [0.5, 1], "binary")
    with pytest.raises(DataError):
        Dataset("m", [[0.0], [1.0]], [0, 3], "multiclass", class_names=("a", "b"))

# ---------------------------------------------------------------------------------------------
# CSV


def assert_same_data(a: Dataset, b: Dataset) -> None:
    assert a.task == b.task
    assert a.feature_names == b.feature_names and a.target_name == b.target_name
    assert a.class_names == b.class_names
    assert a.X.shape == b.X.shape and a.X.tobytes() == b.X.tobytes()  # bit for bit
    assert a.y.dtype == b.y.dtype and a.y.tobytes() == b.y.tobytes()


@pytest.mark.parametrize("name", ["line-30", "quiz-scores", "line-3x2", "logistic-line", "softmax-8",
                                  "breast-cancer", "iris", "digits", "blobs"])
def test_csv_round_trip_is_exact(tmp_path, name):
    data = load_preset(name, seed=5)
    if name == "blobs":
        data = load_preset(name, n_classes=12, n_samples=120)  # two-digit class numbers
    path = tmp_path / f"{name}.csv"
    write_csv(data, path)
    back = read_csv(path)
    assert back.name == name
    assert_same_data(back, data)


def test_csv_round_trip_of_awkward_values_and_names(tmp_path):
    X = [[0.1, -1e-300, 1e300], [1 / 3, -0.0, 2.5e-17], [np.pi, 123456789.123456789, -7.0]]
    data = Dataset("odd", X, [0.1 + 0.2, -1e-5, 42.0], "regression",
                   ("width, cm", 'say "hi"', "Größe"), target_name="price; €")
    write_csv(data, tmp_path / "odd.csv")
    assert_same_data(read_csv(tmp_path / "odd.csv"), data)
    labels = Dataset("labels", [[1.0], [2.0], [3.0], [4.0]], [1, 0, 2, 1], "multiclass",
                     class_names=("ant", "bee", "cat"), target_name="animal")
    write_csv(labels, tmp_path / "labels.csv")
    assert_same_data(read_csv(tmp_path / "labels.csv"), labels)


def test_write_csv_refuses_non_finite_and_keeps_the_old_file(tmp_path):
    path = tmp_path / "keep.csv"
    path.write_text("a,b\n1,2\n")
    bad = load_preset("quiz-scores").moved(1, [1.0, np.nan, 3.0])
    with pytest.raises(DataError, match=r"keep\.csv.*quiz2.*row 2"):
        write_csv(bad, path)
    assert path.read_text() == "a,b\n1,2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.csv"]


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_csv_header_detection_and_delimiters(tmp_path):
    plain = read_csv(write(tmp_path, "plain.csv", "1,2,0.5\n3,4,1.5\n5,6,2.5\n"))
    assert plain.X.tolist() == [[1, 2], [3, 4], [5, 6]] and plain.y.tolist() == [0.5, 1.5, 2.5]
    assert plain.feature_names == ("x1", "x2") and plain.target_name == "y" and plain.task == "regression"
    semi = read_csv(write(tmp_path, "semi.csv", "h;w;kind\n1.5;2;a\n3;4;b\n\n"))
    assert semi.feature_names == ("h", "w") and semi.X.tolist() == [[1.5, 2], [3, 4]]
    tabs = read_csv(write(tmp_path, "tabs.tsv", "a\tb\n1\t2.0\n3\t4.0\n"))
    assert tabs.X.tolist() == [[1], [3]] and tabs.y.tolist() == [2.0, 4.0]
    # a class name in the first data row is not a header
    named = read_csv(write(tmp_path, "iris.csv", "5.1,3.5,setosa\n7.0,3.2,versicolor\n6.3,3.3,virginica\n"))
    assert named.n == 3 and named.task == "multiclass"
    assert named.class_names == ("setosa", "versicolor", "virginica") and named.y.tolist() == [0, 1, 2]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Größe,y\n1,2.5\n2,3.5\n".encode("cp1252"))
    assert read_csv(latin).feature_names == ("Größe",)
    bom = read_csv(write(tmp_path, "bom.csv", "\ufeffa,b\r\n1,0\r\n2,1\r\n"))
    assert bom.feature_names == ("a",) and bom.task == "binary"


def test_read_csv_target_column_and_task_inference(tmp_path):
    path = write(tmp_path, "cols.csv", "label,f1,f2\n2,0.5,1\n1,1.5,2\n2,2.5,3\n")
    by_name = read_csv(path, target="label")
    assert by_name.task == "binary" and by_name.class_names == ("1", "2") and by_name.y.tolist() == [1, 0, 1]
    assert by_name.feature_names == ("f1", "f2")
    assert read_csv(path, target=0) == by_name
    assert read_csv(path, target=-3) == by_name
    assert read_csv(path).task == "multiclass"  # the last column, f2, holds the whole numbers 1, 2, 3
    many = "x,y\n" + "".join(f"{i},{i % 5}\n" for i in range(30))
    assert read_csv(write(tmp_path, "five.csv", many)).task == "multiclass"
    wide = "x,y\n" + "".join(f"{i},{i}\n" for i in range(30))
    assert read_csv(write(tmp_path, "wide.csv", wide)).task == "regression"  # 30 distinct integers
    floats = read_csv(write(tmp_path, "floats.csv", "x,y\n1,0.0\n2,1.0\n3,1.0\n"))
    assert floats.task == "regression"
    forced = read_csv(write(tmp_path, "forced.csv", "x,y\n1,0.0\n2,1.0\n3,1.0\n"), task="binary")
    assert forced.task == "binary" and forced.y.tolist() == [0, 1, 1]
    assert read_csv(path, target="label", task="multiclass").n_classes == 2
    assert read_csv(path, target="label", task="regression").y.tolist() == [2.0, 1.0, 2.0]


BAD_FILES = [
    # (file name, contents, words the message must contain)
    ("empty.csv", "", ["empty.csv", "empty"]),
    ("blank.csv", "\n  \n", ["blank.csv", "empty"]),
    ("ragged.csv", "a,b,c\n1,2,3\n4,5\n", ["ragged.csv", "row 3"]),
    ("word.csv", "a,b,c\n1,2,3\n4,five,6\n", ["word.csv", "row 3", "column 2", "'b'", "'five'"]),
    ("hole.csv", "a,b,c\n1,2,3\n4,,6\n7,8,9\n", ["hole.csv", "row 3", "column 2", "empty"]),
    ("nan.csv", "a,b,c\n1,2,3\n4,nan,6\n", ["nan.csv", "row 3", "column 2", "finite"]),
    ("inf.csv", "a,b,c\n1,2,3\n4,5,-inf\n", ["inf.csv", "row 3", "column 3", "finite"]),
    ("notarget.csv", "a,b,c\n1,2,3\n4,5,\n", ["notarget.csv", "row 3", "column 3", "empty"]),
    ("one.csv", "a,b\n1,2\n", ["one.csv", "1 data row", "at least 2"]),
    ("single.csv", "a\n1\n2\n", ["single.csv", "one column"]),
    ("oneclass.csv", "a,b\n1,cat\n2,cat\n", ["oneclass.csv", "column 2", "'cat'", "two classes"]),
    ("classes.csv", "a,b\n" + "".join(f"{i},c{i}\n" for i in range(21)), ["classes.csv", "21", "at most 20"]),
    ("quote.csv", 'a,b\n1,2\n3,"4\n', ["quote.csv", "row 3", "quote"]),
    ("decimal.csv", "a;b;c\n1;2,5;3\n4;5;6\n", ["decimal.csv", "row 2", "column 2", "dot"]),
]


@pytest.mark.parametrize("name, text, words", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_read_csv_bad_inputs_name_file_row_and_column(tmp_path, name, text, words):
    with pytest.raises(DataError) as error:
        read_csv(write(tmp_path, name, text))
    for word in words:
        assert word in str(error.value)


def test_read_csv_more_bad_inputs(tmp_path):
    with pytest.raises(DataError, match=r"missing\.csv.*does not exist"):
        read_csv(tmp_path / "missing.csv")
    with pytest.raises(DataError, match="folder"):
        read_csv(tmp_path)
    binary = tmp_path / "sheet.xlsx"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(DataError, match=r"sheet\.xlsx.*not a text file"):
        read_csv(binary)
    path = write(tmp_path, "t.csv", "a,b,c\n1,2,3\n4,5,6\n")
    with pytest.raises(DataError, match=r"t\.csv.*no column named 'd'"):
        read_csv(path, target="d")
    with pytest.raises(DataError, match=r"t\.csv.*no target column number 3"):
        read_csv(path, target=3)
    with pytest.raises(DataError, match="no header row"):
        read_csv(write(tmp_path, "nohead.csv", "1,2\n3,4\n"), target="y")
    with pytest.raises(DataError, match=r"t\.csv.*3 different classes.*binary"):
        read_csv(write(tmp_path, "t.csv", "a,b\n1,0\n2,1\n3,2\n"), task="binary")
    with pytest.raises(DataError, match=r"t\.csv, row 2.*'cat'.*regression"):
        read_csv(write(tmp_path, "t.csv", "a,b\n1,cat\n2,dog\n"), task="regression")
    with pytest.raises(DataError, match=r"t\.csv, row 3.*'0\.5'.*class label"):
        read_csv(write(tmp_path, "t.csv", "a,b\n1,0\n2,0.5\n3,1\n"), task="binary")
    with pytest.raises(DataError, match=r"t\.csv, row 2, column 2 \('b'\): 'x' is not a number.*target"):
        read_csv(write(tmp_path, "t.csv", "a,b,c\n1,x,0\n2,y,1\n"))  # names only in the target column


def test_read_csv_row_limit(tmp_path):
    rows = "1,0\n" * 100_000
    assert read_csv(write(tmp_path, "max.csv", "a,b\n" + rows), task="regression").n == 100_000
    with pytest.raises(DataError, match=r"big\.csv.*more than 100,000 rows"):
        read_csv(write(tmp_path, "big.csv", "a,b\n" + rows + "1,0\n"))
