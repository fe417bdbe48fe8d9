"""Iterating 000 §5.1's τ-GDA / τ-EG on a :class:`~zigan_verify.problem.ZIGANProblem`.

Public: :func:`simulate`; the rest may change.
"""

from __future__ import annotations

import numpy as np
import torch

from zigan_verify._errors import check_choice
from zigan_verify.optimizers import tau_eg, tau_gda

__all__ = ["simulate"]

_SIMULATORS = {"tau_gda": tau_gda, "tau_eg": tau_eg}


def simulate(problem, z0, method: str, eta: float, tau: float, steps: int) -> np.ndarray:
    """Iterates of 000 §5.1's τ-GDA / τ-EG (:func:`zigan_verify.optimizers.tau_gda` /
    :func:`~zigan_verify.optimizers.tau_eg` on ``problem.operator``), stopped at the first
    non-finite iterate; returns the last iterate as a numpy vector."""
    check_choice("method", method, tuple(_SIMULATORS))
    opt, F = _SIMULATORS[method](eta, tau), problem.operator
    z = torch.as_tensor(np.array(z0, dtype=np.float64))
    state = opt.init(z)
    for _ in range(steps):
        z, state = opt.step(z, state, F)
        if not bool(torch.isfinite(z).all()):
            break
    return z.numpy()
