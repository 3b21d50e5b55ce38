"""The race: batching, epochs, divergence, history, and edits while racing."""
import numpy as np
import pytest
import torch

from engine.models import Model
from engine.race import Race, RunSpec, initial_theta, parse_opt_spec


def _line(n=30, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, size=(n, 1))
    return x, 3 * x[:, 0] + 2 + 0.1 * rng.normal(size=n)


def test_full_batch_gd_is_the_textbook_update():
    X, y = _line()
    model = Model("linear", 1)
    race = Race(model, X, y, [RunSpec("gd", "gd", {"lr": 0.1})], np.zeros(2))
    race.step(25)
    theta = np.zeros(2)
    losses = [model.loss(theta[None], X, y)[0]]
    for _ in range(25):
        theta = theta - 0.1 * model.grad(theta[None], X, y)[0]
        losses.append(model.loss(theta[None], X, y)[0])
    np.testing.assert_allclose(race.theta[0], theta, rtol=1e-13)
    np.testing.assert_allclose(race.loss_history(0), losses, rtol=1e-13)
    np.testing.assert_allclose(race.trajectory(0)[-1], theta, rtol=1e-13)
    assert race.trajectory(0).shape == (26, 2)
    assert list(race.history_steps(0)) == list(range(26))


def _recorded_batches(race, steps):
    """Which samples each run used at every step (from the weights the race builds)."""
    seen = []
    original = race._next_weights

    def spy():
        w = original()
        seen.append(None if w is None else w.copy())
        return w

    race._next_weights = spy
    race.step(steps)
    return seen


@pytest.mark.parametrize("shuffle", [True, False])
def test_minibatches_cover_every_sample_once_per_epoch(shuffle):
    X, y = _line(n=10)
    runs = [RunSpec("mb", "sgd", {"lr": 0.01}, batch=4, shuffle=shuffle),
            RunSpec("sgd", "sgd", {"lr": 0.01}, batch=1, shuffle=shuffle)]
    race = Race(Model("linear", 1), X, y, runs, np.zeros(2), seed=3)
    weights = _recorded_batches(race, 30)[:30]  # the batch used by update t is drawn before it
    # run 0: batches of 4, 4, 2 per epoch of 10 samples; every sample once per epoch
    for epoch in range(3):
        used = np.stack([w[0] for w in weights[3 * epoch : 3 * epoch + 3]])
        counts = (used > 0).sum(axis=1)
        assert list(counts) == [4, 4, 2]
        assert np.all((used > 0).sum(axis=0) == 1)
        np.testing.assert_allclose(used.sum(axis=1), 1.0)
    orders = [np.flatnonzero(w[1])[0] for w in weights[:10]]
    assert sorted(orders) == list(range(10))
    assert (orders == list(range(10))) == (not shuffle)
    np.testing.assert_allclose(race.epoch(), [10.0, 3.0])


def test_drop_last_skips_the_short_batch():
    X, y = _line(n=10)
    race = Race(Model("linear", 1), X, y, [RunSpec("mb", "sgd", {"lr": 0.01}, batch=4, drop_last=True)], np.zeros(2))
    weights = _recorded_batches(race, 6)
    assert all(np.count_nonzero(w[0]) == 4 for w in weights[:6])
    np.testing.assert_allclose(race.epoch(), [3.0])


def test_shuffling_is_seeded():
    X, y = _line(n=20)
    spec = [RunSpec("sgd", "sgd", {"lr": 0.05}, batch=3)]
    a = Race(Model("linear", 1), X, y, spec, np.zeros(2), seed=7)
    b = Race(Model("linear", 1), X, y, spec, np.zeros(2), seed=7)
    c = Race(Model("linear", 1), X, y, spec, np.zeros(2), seed=8)
    for race in (a, b, c):
        race.step(50)
    np.testing.assert_array_equal(a.loss_history(0), b.loss_history(0))
    assert not np.array_equal(a.loss_history(0), c.loss_history(0))


def test_runs_in_one_race_equal_runs_raced_alone():
    """Batching K runs together changes nothing about any one of them."""
    X, y = _line()
    specs = [parse_opt_spec(s, i) for i, s in enumerate(
        ["gd:lr=0.1", "momentum:lr=0.05", "adam:lr=0.2", "rmsprop:lr=0.01", "adagrad:lr=0.5", "adamw:lr=0.1"])]
    together = Race(Model("linear", 1), X, y, specs, [1.0, -1.0])
    together.step(200)
    for k, spec in enumerate(specs):
        alone = Race(Model("linear", 1), X, y, [spec], [1.0, -1.0])
        alone.step(200)
        np.testing.assert_allclose(together.loss_history(k), alone.loss_history(0), rtol=1e-12)


def test_a_diverging_run_stops_and_the_others_go_on():
    X, y = _line()
    runs = [RunSpec("ok", "gd", {"lr": 0.1}), RunSpec("boom", "gd", {"lr": 1e3})]
    race = Race(Model("linear", 1), X, y, runs, np.zeros(2))
    race.step(100)
    assert race.status == ["running", "diverged"]
    at = race.diverged_at[1]
    assert 1 <= at < 10
    assert race.steps.tolist() == [100, at]
    history = race.loss_history(1)
    assert len(history) == at + 1
    assert history[-1] > 1e6 * history[0] or not np.isfinite(history[-1])
    assert np.all(np.isfinite(race.trajectory(1)))
    assert race.loss[0] < 0.02


def test_set_data_keeps_parameters_and_optimizer_state():
    X, y = _line()
    spec = [RunSpec("adam", "adam", {"lr": 0.05})]
    race = Race(Model("linear", 1), X, y, spec, np.zeros(2))
    race.step(30)
    twin = Race(Model("linear", 1), X, y, spec, np.zeros(2))
    twin.step(30)
    theta = race.theta.copy()
    race.set_data(X, y + 1.0)
    np.testing.assert_array_equal(race.theta, theta)
    assert race.loss[0] == pytest.approx(Model("linear", 1).loss(theta, X, y + 1.0)[0])
    race.step(1)
    # Adam continued with its moments: compare with the same race whose data changed the same way
    twin._set_arrays(X, y + 1.0)
    twin._current = None
    twin.step(1)
    np.testing.assert_allclose(race.theta, twin.theta, rtol=1e-14)
    race.set_data(np.vstack([X, [[0.0]]]), np.append(y, 5.0))  # a point added mid-race
    race.step(3)
    assert race.steps[0] == 34


def test_reset_duplicate_add_remove():
    X, y = _line()
    race = Race(Model("linear", 1), X, y, [RunSpec("gd", "gd", {"lr": 0.1}), RunSpec("adam", "adam", {"lr": 0.1})],
                np.zeros(2))
    race.step(10)
    race.duplicate_run(1, "fork")
    np.testing.assert_array_equal(race.theta[2], race.theta[1])
    race.set_hyper(2, "lr", 0.01)
    race.step(5)
    assert race.runs[2].hyper["lr"] == 0.01 and race.runs[1].hyper["lr"] == 0.1
    assert not np.allclose(race.theta[2], race.theta[1])
    assert len(race.loss_history(2)) == 16
    race.add_run(RunSpec("late", "sgd", {"lr": 0.1}))
    race.step(4)
    assert race.steps.tolist() == [19, 19, 19, 4]
    np.testing.assert_allclose(race.trajectory(3)[0], race.start)
    race.remove_run(0)
    assert [r.label for r in race.runs] == ["adam", "fork", "late"]
    race.reset([1.0, 1.0])
    assert race.steps.tolist() == [0, 0, 0]
    np.testing.assert_allclose(race.theta, [[1.0, 1.0]] * 3)


def test_long_races_thin_their_history_but_keep_the_ends(monkeypatch):
    import engine.race as race_module

    monkeypatch.setattr(race_module, "HISTORY_BUDGET", 5000)
    X, y = _line()
    race = Race(Model("linear", 1), X, y, [RunSpec("gd", "gd", {"lr": 0.01})], np.zeros(2))
    race.step(5000)
    steps = race.history_steps(0)
    assert race._stride > 1 and len(steps) < 5000
    assert steps[0] == 0 and steps[-1] == 5000
    np.testing.assert_array_equal(race.trajectory(0)[-1], race.theta[0])
    np.testing.assert_allclose(race.trajectory(0)[0], [0.0, 0.0])


def test_initial_theta_is_nn_linear_after_manual_seed():
    model = Model("softmax", 4, 3)
    torch.manual_seed(1)
    layer = torch.nn.Linear(4, 3)
    expected = np.concatenate([layer.weight.detach().numpy().ravel(), layer.bias.detach().numpy()])
    np.testing.assert_array_equal(initial_theta(model, "torch", seed=1), expected.astype(np.float64))
    assert initial_theta(model, "zeros").tolist() == [0.0] * 15
    with pytest.raises(ValueError, match="15 values"):
        initial_theta(model, [1.0, 2.0])


@pytest.mark.parametrize("text,message", [
    ("nadam:lr=1", "unknown optimiser"),
    ("adam:lr", "key=value"),
    ("adam:lr=abc", "number"),
    ("sgd:batch=0", "batch"),
    ("adam:lr=-1", "lr"),
    ("adam:beta1=1.5", "beta1"),
    ("sgd:shuffle=2", "0 or 1"),
])
def test_bad_optimizer_specs_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        parse_opt_spec(text)


def test_opt_spec_parsing():
    spec = parse_opt_spec("momentum:lr=0.05,batch=8,shuffle=0,drop_last=1,nesterov=1,label=fast")
    assert spec.optimizer == "momentum" and spec.label == "fast"
    assert spec.batch == 8 and spec.shuffle is False and spec.drop_last is True
    assert spec.hyper["lr"] == 0.05 and spec.hyper["momentum"] == 0.9 and spec.hyper["nesterov"] is True


def _replay(budget, monkeypatch):
    """A race with runs added, restarted and stopped part-way, under a history budget."""
    import engine.race as race_module

    monkeypatch.setattr(race_module, "HISTORY_BUDGET", budget)
    X, y = _line()
    race = Race(Model("linear", 1), X, y, [RunSpec("gd", "gd", {"lr": 0.01}),
                                           RunSpec("adam", "adam", {"lr": 0.05}, batch=4)], np.zeros(2))
    race.stop_at[1] = 1777  # one run stops between two stored steps
    race.step(1001)
    race.add_run(RunSpec("late", "sgd", {"lr": 0.02}))  # born at an odd step
    race.step(523)
    race.restart_run(0, RunSpec("again", "momentum", {"lr": 0.01, "momentum": 0.9}))
    race.step(2477)
    return race


def test_a_thinned_history_stores_the_steps_it_says(monkeypatch):
    """Oracle: the same race unthinned. Every stored row of the thinned race is the unthinned
    race's row at the step the row says, each run's history begins at its start, and the last
    row is where the run is or stopped."""
    full = _replay(10**9, monkeypatch)
    thin = _replay(1500, monkeypatch)
    assert full._stride == 1 and thin._stride >= 4
    for k in range(thin.k):
        steps = thin.history_steps(k)
        assert steps[0] == 0 and np.all(np.diff(steps) > 0), steps[:5]
        assert steps[-1] == thin.steps[k] == full.steps[k]
        np.testing.assert_array_equal(thin.loss_history(k), full.loss_history(k)[steps])
        np.testing.assert_array_equal(thin.trajectory(k), full.trajectory(k)[steps])
        np.testing.assert_array_equal(thin.trajectory(k)[0], thin.start)
        if thin.born[k] == 0:  # raced from step 0: row i is after i * stride updates, but the last
            assert np.all(steps[:-1] == np.arange(len(steps) - 1) * thin._stride)


@pytest.mark.parametrize("n,batch,drop_last,seed", [(10, 4, False, 3), (10, 4, True, 0), (30, 1, False, 1),
                                                    (7, 3, True, 5), (5, 2, False, 12)])
def test_minibatches_are_exactly_those_of_a_seeded_dataloader(n, batch, drop_last, seed):
    """An exported script uses torch's own DataLoader(shuffle=True, generator=manual_seed(seed)):
    the race must visit the samples in that very order, epoch after epoch, every run alike."""
    import torch
    from torch.utils.data import DataLoader, TensorDataset

    X, y = _line(n=n)
    runs = [RunSpec("a", "sgd", {"lr": 0.01}, batch=batch, drop_last=drop_last),
            RunSpec("b", "adam", {"lr": 0.01}, batch=batch, drop_last=drop_last)]
    race = Race(Model("linear", 1), X, y, runs, np.zeros(2), seed=seed)
    per_epoch = n // batch if drop_last else -(-n // batch)
    weights = _recorded_batches(race, 4 * per_epoch)[:4 * per_epoch]
    loader = DataLoader(TensorDataset(torch.arange(n)), batch_size=batch, shuffle=True, drop_last=drop_last,
                        generator=torch.Generator().manual_seed(seed))
    expected = [sorted(int(i) for i in b[0]) for _ in range(4) for b in loader]
    for k in range(2):
        assert [list(np.flatnonzero(w[k])) for w in weights] == expected
    race.reset()  # a reset starts the generators again
    again = _recorded_batches(race, per_epoch)[:per_epoch]
    assert [list(np.flatnonzero(w[0])) for w in again] == expected[:per_epoch]


def test_global_shuffling_replays_torchs_stream_without_touching_it():
    """shuffle_rng="global" is a DataLoader without a generator after torch.manual_seed(seed) and
    nn.Linear: the same epochs' orders as that loader, for every run alike, and torch's own global
    generator is left as it was (the app must not reseed the user's torch)."""
    import torch
    from torch.utils.data import DataLoader

    from engine import data
    from engine.models import model_for

    dataset = data.load_preset("quiz-scores")
    model = model_for(dataset)
    before = torch.get_rng_state()
    race = Race(model, dataset.X, dataset.y, [parse_opt_spec("sgd:lr=1e-6,batch=2"),
                                              parse_opt_spec("adam:lr=0.01,batch=2")], "zeros", seed=7,
                shuffle_rng="global")
    orders = [race._order[0].tolist()]
    for _ in range(3):
        race._reshuffle(np.array([0, 1]))
        orders.append(race._order[0].tolist())
        assert race._order[1].tolist() == orders[-1]
    assert torch.equal(torch.get_rng_state(), before)
    torch.manual_seed(7)
    torch.nn.Linear(3, 1)
    loader = DataLoader(range(5), batch_size=5, shuffle=True)
    assert [next(iter(loader)).tolist() for _ in range(4)] == orders
    with pytest.raises(ValueError, match="shuffled by generator or global"):
        Race(model, dataset.X, dataset.y, [parse_opt_spec("sgd:lr=1e-6")], "zeros", shuffle_rng="numpy")


def test_a_run_held_and_raced_on_later_keeps_its_whole_history():
    """Held at its limit while a later run catches up, then raced on: its history runs to now."""
    import numpy as np

    from engine import data
    from engine.models import Model
    from engine.race import Race, RunSpec

    ds = data.load_preset("line-30")
    race = Race(Model("linear", 1), ds.X, ds.y, [RunSpec("a", "gd", {"lr": 0.001})], np.zeros(2))
    race.stop_at[:] = 100
    race.step(100)
    race.add_run(RunSpec("b", "gd", {"lr": 0.002}))
    race.stop_at[:] = 100
    race.step(100)  # only b moves
    race.stop_at[:] = 150
    race.step(50)
    assert race.t == 250 and list(race.steps) == [150, 150]
    history = race.history(0)
    assert history.steps(np.arange(len(history.loss)))[-1] == 150
    np.testing.assert_array_equal(history.theta[-1], race.theta[0])
    assert len(race.loss_history(0)) == 251  # every row from the start to now: 150 updates and the hold
