"""Global solutions of the finite-sample ZI-GAN (000 §5.3, App. B.5): the generator matches the
data up to a permutation, ``Phi_i g = x_pi(i)``.

Public: :func:`perm_distance`, :func:`zero_discriminator_solution`; the rest may change.
"""

from __future__ import annotations

import itertools

import numpy as np
import torch

__all__ = ["perm_distance", "zero_discriminator_solution"]


def perm_distance(problem, z) -> float:
    """``min_pi max_i |Phi_i g - x_pi(i)|``: zero exactly at a global solution's generator."""
    g, th, _, _ = problem.unpack(torch.as_tensor(z))
    Y, X = problem.generated(g, th).numpy(), problem.data.numpy()
    return min(float(np.abs(Y - X[list(p)]).max()) for p in itertools.permutations(range(len(X))))


def zero_discriminator_solution(point, rng: np.random.Generator) -> torch.Tensor:
    """The other global solution of App. B.5's last paragraph: ``point``'s generator
    (``Phi_i g = x_pi(i)``) with ``A = 0`` and ``w ~ N(0, I)``. The discriminator is the constant
    ``w^T sigma(0)``, so ``f = 0`` and ``F = 0``; ``grad^2_gA f = -(1/n) w_l sigma'(0) sum_i
    Phi_i^T`` and ``grad^2_theta A f`` are the only non-zero Hessian blocks."""
    z = point.z.clone()
    s, r = point.problem.slices, point.problem.sizes.r
    z[s["A"]] = 0.0
    z[s["w"]] = torch.from_numpy(rng.standard_normal(r))
    return z
