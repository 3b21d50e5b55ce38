"""``run --function``: a race on a named function or a formula, printed as JSON with each run's path."""
from __future__ import annotations

import json

import numpy as np
import pytest

from engine import cli
from engine.functions import NO_DATA, function_model
from engine.race import Race, RunSpec


def run(capsys, *argv):
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_each_run_has_its_path_and_the_minimum_it_reached(capsys):
    code, out, err = run(capsys, "run", "--function", "booth", "--opt", "adam:lr=0.5", "--opt", "gd:lr=0.01",
                         "--steps", "300")
    assert code == 0, err
    result = json.loads(out)
    assert result["function"] == {"name": "booth", "formula": "(x + 2*y - 7)**2 + (2*x + y - 5)**2",
                                  "domain": [[-10.0, 10.0], [-10.0, 10.0]], "minima": [[1.0, 3.0]]}
    model = function_model("booth")
    specs = [RunSpec("adam-1", "adam", {"lr": 0.5}), RunSpec("gd-2", "gd", {"lr": 0.01})]
    race = Race(model, *NO_DATA, specs, model.default_start)
    race.run_to(steps=300)
    for k, entry in enumerate(result["runs"]):
        path = np.array(entry["path"])
        assert len(path) == len(entry["loss"]) == 301 and entry["steps"] == 300
        np.testing.assert_array_equal(path, race.trajectory(k))
        np.testing.assert_array_equal(path[0], model.default_start)
        assert entry["theta"] == path[-1].tolist()
        reached = [i for i, p in enumerate(path) if np.hypot(*(p - [1.0, 3.0])) <= model.tolerance]
        assert entry["reached_minimum"] == [1.0, 3.0] and entry["reached_at"] == reached[0]
        assert entry["loss"][-1] == pytest.approx(float(model.loss(path[-1:])[0]), rel=1e-12, abs=1e-300)


def test_start_clip_and_a_typed_formula(capsys):
    code, out, err = run(capsys, "run", "--function", "x^2 + 10*y^2", "--start", "-2,1", "--clip", "1",
                         "--opt", "gd:lr=0.05", "--steps", "20")
    assert code == 0, err
    result = json.loads(out)
    assert result["function"]["name"] is None and result["function"]["formula"] == "x**2 + 10*y**2"
    assert result["clip"] == 1.0
    path = np.array(result["runs"][0]["path"])
    assert path[0].tolist() == [-2.0, 1.0]
    # the first gradient (-4, 20) has norm ~20.4: clipped to norm 1, the first step is lr long
    assert np.linalg.norm(path[1] - path[0]) == pytest.approx(0.05, rel=1e-6)
    assert result["runs"][0]["reached_minimum"] is None  # a typed formula has no known minimum


def test_the_session_written_and_read_back_prints_the_same(capsys, tmp_path):
    session = tmp_path / "f.dlab.json"
    args = ["--function", "himmelblau", "--opt", "momentum:lr=0.01", "--opt", "rmsprop:lr=0.1", "--steps", "80",
            "--clip", "5"]
    code, first, err = run(capsys, "run", *args, "--save-session", str(session))
    assert code == 0, err
    code, again, err = run(capsys, "run", "--session", str(session))
    assert code == 0, err
    assert json.loads(first) == json.loads(again)


def test_each_sweep_entry_is_the_single_run(capsys):
    code, out, err = run(capsys, "sweep", "--function", "rosenbrock", "--opt", "gd", "--lr", "1e-4:1e-2:3",
                         "--steps", "100")
    assert code == 0, err
    sweep = json.loads(out)
    assert sweep["critical_lr_at"] == "start"
    for lr, final, status in zip(sweep["lr"], sweep["final_loss"], sweep["status"]):
        code, out, err = run(capsys, "run", "--function", "rosenbrock", "--opt", f"gd:lr={lr!r}", "--steps", "100")
        single = json.loads(out)["runs"][0]
        assert single["loss"][-1] == final and single["status"] == status
    assert sweep["status"][0] == "ok" and sweep["status"][-1] == "diverged"  # 1e-2 is far above 2/λmax = 1.3e-3 at the start


def test_analyze_a_function_gives_its_hessian_at_the_start_and_at_the_minimum(capsys):
    code, out, err = run(capsys, "analyze", "--function", "rosenbrock")
    assert code == 0, err
    start = json.loads(out)
    # the Hessian of Rosenbrock at (-1.2, 1): [[1200x^2 - 400y + 2, -400x], [-400x, 200]]
    H = np.array([[1200 * 1.44 - 400 + 2, 480.0], [480.0, 200.0]])
    np.testing.assert_allclose(start["hessian_eigenvalues"], np.linalg.eigvalsh(H), rtol=1e-12)
    code, out, err = run(capsys, "analyze", "--function", "rosenbrock", "--at", "optimum")
    H = np.array([[802.0, -400.0], [-400.0, 200.0]])
    np.testing.assert_allclose(json.loads(out)["hessian_eigenvalues"], np.linalg.eigvalsh(H), rtol=1e-12)


@pytest.mark.parametrize("argv, says", [
    (["run", "--function", "rosenbrock", "--steps", "3", "--init", "torch"], "drop --init"),
    (["run", "--function", "rosenbrock", "--steps", "3", "--model", "linear"], "drop --model"),
    (["run", "--function", "rosenbrock", "--steps", "3", "--start", "1"], "two finite numbers"),
    (["run", "--function", "rosenbrock", "--steps", "3", "--start", "a,b"], "two numbers x,y"),
    (["run", "--function", "rosenbrock", "--steps", "3", "--clip", "0"], "above 0"),
    (["run", "--function", "exp(x) ** 1000", "--steps", "3"], "is too large"),
    (["run", "--function", "open('x').read()", "--steps", "3"], "is not a function a formula may use"),
    (["run", "--preset", "line-30", "--steps", "3", "--start", "1,2"], "--init start="),
    (["export-script", "--function", "booth", "--steps", "3"], "a race on a function has none to write"),
])
def test_bad_function_arguments_are_refused_in_one_line(capsys, argv, says):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert says in err, err


def test_a_gif_of_a_race_on_a_function(capsys, tmp_path):
    from PIL import Image

    target = tmp_path / "r.gif"
    code, out, err = run(capsys, "export-gif", "--function", "himmelblau", "--steps", "60", "-o", str(target),
                         "--size", "320x240", "--seconds", "1")
    assert code == 0, err
    with Image.open(target) as gif:
        assert gif.size == (320, 240) and gif.n_frames >= 10
