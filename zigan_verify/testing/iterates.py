"""The iterates of an optimizer factory on a saddle operator (NOTE: [optimizer interface] in
:mod:`zigan_verify.optim.minimax`): what the battery's self-tests compare step by step."""

from __future__ import annotations

import torch

__all__ = ["iterates"]


def iterates(make, z0: torch.Tensor, F, steps: int, eta: float, tau: float) -> torch.Tensor:
    """``z_1, ..., z_steps`` (stacked) of ``make(eta, tau)`` started at ``z0`` on ``F``."""
    opt = make(eta, tau)
    z, state, out = z0, opt.init(z0), []
    for _ in range(steps):
        z, state = opt.step(z, state, F)
        out.append(z)
    return torch.stack(out)
