"""NOTE: [float64 verification]
Every verification runs in float64. Package code passes ``dtype=torch.float64`` where it creates
tensors; the entry points (``run_check``, ``run_battery``, the CLI) also run under
:func:`float64_default`, so that a user's optimizer or feature map that creates tensors without a
dtype is verified in float64 too, whatever the caller's default dtype is.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch

__all__ = ["float64_default"]


@contextmanager
def float64_default() -> Iterator[None]:
    """Make float64 torch's default dtype inside the block, restoring the caller's afterwards."""
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        yield
    finally:
        torch.set_default_dtype(previous)
