"""The order in which a shuffling ``DataLoader`` hands out the samples, epoch by epoch.

The race draws its mini-batches exactly as torch's ``DataLoader(dataset, batch_size=b, shuffle=True,
drop_last=...)`` would, so an exported PyTorch script needs no sampler of its own and a lesson's
printed costs come out the same. Where that loader draws from is the user's choice (``SHUFFLE_RNGS``):

- ``"generator"``: ``generator=torch.Generator().manual_seed(seed)``, each run with its own generator
  seeded alike (runs of one batch size see the same batches: a fair race);
- ``"global"``: no generator, as the course's scripts write it, after ``torch.manual_seed(seed)`` and
  ``nn.Linear``: the loader draws from torch's global generator. Each run replays that stream from
  its own copy (as if each run were its own script), so torch's real global state is never touched.

With a generator of its own, the loader's draws are replayed without torch (``TorchCPUStream``):
importing torch costs ~220 MB of resident memory, more than everything else a data set needs
(digits, the one preset with mini-batches, went from ~200 to ~500 MB for it). Tests compare the
replay with torch draw by draw.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

SHUFFLE_RNGS = ("generator", "global")


def check_shuffle_rng(rng: str) -> str:
    if rng not in SHUFFLE_RNGS:
        raise ValueError(f"mini-batches are shuffled by {' or '.join(SHUFFLE_RNGS)}, not {rng!r}")
    return rng


class TorchCPUStream:
    """torch's CPU generator, ``torch.Generator().manual_seed(seed)``, replayed with numpy.

    Both are the same Mersenne Twister (mt19937 seeded by its 32-bit ``init_genrand``: numpy's
    legacy seeding; torch keeps the seed's low 32 bits), so they produce the same 32-bit words.
    On top of them, torch's ``random_()`` of an int64 takes two words, high then low, modulo
    2**63; ``randperm(n)`` is a Fisher-Yates shuffle taking one word per position, ``z % (n - i)``
    (its path for n below 2**32 / 20)."""

    def __init__(self, seed: int) -> None:
        self._bits = np.random.MT19937()
        self._bits._legacy_seeding(int(seed) & 0xFFFFFFFF)  # what RandomState(seed) does

    def int64(self) -> int:
        high, low = self._bits.random_raw(2).tolist()
        return ((high << 32) | low) % (1 << 63)

    def randperm(self, n: int) -> np.ndarray:
        order = list(range(n))
        if n > 1:
            picks = (self._bits.random_raw(n - 1) % np.arange(n, 1, -1, dtype=np.uint64)).tolist()
            for i, z in enumerate(picks):  # a list swap is ~5x faster than numpy element access
                j = i + z
                order[i], order[j] = order[j], order[i]
        return np.array(order, dtype=np.int64)

    def skip_randperm(self, n: int) -> None:
        """The words ``randperm(n)`` takes, when its result is not needed."""
        if n > 1:
            self._bits.random_raw(n - 1)


class LoaderOrder:
    """One run's loader from the head of its first epoch: ``next_epoch()`` is the order of the
    samples in its next epoch. Per epoch the loader draws, in this order: its iterator's base seed,
    (without a generator) RandomSampler's seed for a fresh generator, RandomSampler's permutation,
    and when the epoch ends RandomSampler's trailing ``randperm(n)[:num_samples % n]``, empty but
    drawn (tests compare with DataLoader)."""

    def __init__(self, n: int, seed: int, rng: str, layer: tuple[int, int, bool]) -> None:
        self.n, self.rng = n, check_shuffle_rng(rng)
        if rng == "generator":
            self._stream = TorchCPUStream(seed)
            return
        import torch  # imported here: the window must not wait for torch to start

        self._stream = None
        self._generator = torch.Generator()
        self._generator.set_state(_script_rng_state(int(seed), *layer))

    def next_epoch(self) -> np.ndarray:
        stream = self._stream
        if stream is not None:
            stream.int64()  # the iterator's base seed
            order = stream.randperm(self.n)
            stream.skip_randperm(self.n)  # the sampler's trailing randperm(n)[:0]
            return order
        import torch

        generator = self._generator
        torch.empty((), dtype=torch.int64).random_(generator=generator)
        sampler = generator
        if self.rng == "global":
            seed = int(torch.empty((), dtype=torch.int64).random_(generator=generator).item())
            sampler = torch.Generator().manual_seed(seed)
        order = torch.randperm(self.n, generator=sampler).numpy()
        torch.randperm(self.n, generator=sampler)
        return order


@lru_cache(maxsize=16)
def _script_rng_state(seed: int, n_features: int, n_outputs: int, bias: bool):
    """torch's global generator state after ``torch.manual_seed(seed)`` and the model's
    ``nn.Linear`` (built in float32, as the course's scripts build it); the real state is kept."""
    import torch

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        torch.nn.Linear(n_features, n_outputs, bias=bias, dtype=torch.float32)
        return torch.get_rng_state()
