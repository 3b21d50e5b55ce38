"""The loader's draws replayed without torch are torch's own, word for word."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from engine.shuffling import LoaderOrder, TorchCPUStream


@pytest.mark.parametrize("seed", [0, 1, 7, 12345, 2**31 - 1, 2**32 + 5, 2**62 + 11])
def test_the_numpy_stream_is_torchs_generator(seed):
    import torch

    generator = torch.Generator().manual_seed(seed)
    stream = TorchCPUStream(seed)
    for n in (0, 1, 2, 3, 10, 100, 1797, 5000):
        assert stream.int64() == int(torch.empty((), dtype=torch.int64).random_(generator=generator).item())
        np.testing.assert_array_equal(stream.randperm(n), torch.randperm(n, generator=generator).numpy())
        stream.skip_randperm(n)
        torch.randperm(n, generator=generator)
    assert stream.int64() == int(torch.empty((), dtype=torch.int64).random_(generator=generator).item())


def test_a_seeded_loader_orders_epochs_as_torchs_dataloader():
    import torch
    from torch.utils.data import DataLoader

    loader = DataLoader(range(1797), batch_size=1797, shuffle=True, generator=torch.Generator().manual_seed(4))
    order = LoaderOrder(1797, 4, "generator", (64, 10, True))
    for _ in range(3):
        (whole,) = list(loader)  # a whole epoch: the sampler then draws its trailing randperm too
        np.testing.assert_array_equal(order.next_epoch(), whole.numpy())


def test_mini_batches_on_digits_do_not_import_torch():
    """torch costs ~220 MB resident: a race with its own generator never needs it."""
    code = ("import sys; from engine.shuffling import LoaderOrder; "
            "o = LoaderOrder(1797, 0, 'generator', (64, 10, True)); o.next_epoch(); o.next_epoch(); "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
