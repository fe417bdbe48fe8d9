"""Shared benchmark fixtures."""

import pytest
import torch


@pytest.fixture
def one_torch_thread():
    """Time one torch thread, as the runs use: the project's machines have 2 shared cores, and
    intra-op threads on small-matrix work only add spin-wait overhead there (NumPy keeps its
    threads)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
