"""Global solutions of the finite-sample ZI-GAN (000 §5.3, App. B.5): the generator matches the
data up to a permutation, ``Phi_i g = x_pi(i)``.

Public: :func:`perm_distance`, :func:`zero_discriminator_solution`,
:func:`nonzero_discriminator_solution`; the rest may change.
"""

from __future__ import annotations

import itertools

import numpy as np
import torch

__all__ = ["nonzero_discriminator_solution", "perm_distance", "zero_discriminator_solution"]


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


def nonzero_discriminator_solution(point, rng: np.random.Generator, tol: float = 1e-10):
    """A global solution with ``w != 0``: ``point``'s generator (``Phi_i g = x_pi(i)``) and ``A``
    with ``w`` drawn from ``null(grad^2_xw f)``, ``x = (g, theta)`` (``None`` if that null space
    is ``{0}``). At a matched generator ``grad_w f = 0`` and ``grad_A f = 0`` for every ``w``, and
    ``(grad_g f, grad_theta f) = grad^2_xw f w`` (``f`` is linear in ``w``), so ``F = 0`` exactly
    when ``w`` is in that null space; it is non-trivial when ``r > rank grad^2_xw f``. Singular
    values below ``tol`` times the largest count as zero (the check re-measures ``F`` there)."""
    from zigan_verify.analysis.spectrum import blocks

    prob, z = point.problem, point.z
    _, C, _ = blocks(prob, z)  # grad^2_xy f, y = (w, A)
    s, n_x = prob.slices["w"], prob.n_x
    C_w = np.asarray(C)[:, s.start - n_x : s.stop - n_x]  # grad^2_xw f, (dim x, r)
    _, sv, vt = np.linalg.svd(C_w)
    rank = int((sv > tol * sv.max(initial=0.0)).sum())
    null = vt[rank:].T
    if null.shape[1] == 0:
        return None
    w = null @ rng.standard_normal(null.shape[1])
    out = z.clone()
    out[s] = torch.from_numpy(w / np.linalg.norm(w))
    return out
