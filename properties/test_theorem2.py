"""Theorem 2 of 000 (§5.2) and its proof (App. B.4) on generated stationary points."""

import numpy as np
import pytest
import torch
from hypothesis import given

from zigan_verify.analysis.schur import classify, split_hessian
from zigan_verify.game.closed_form import hessian, hessian_blocks
from zigan_verify.strategies import degenerate_points, theorem2_points
from zigan_verify.strategies._stationary import unit_imbalance
from zigan_verify.testing.budget import examples_at_most

# Eigenvalues of a symmetric Hessian with O(1) entries: rounding ~ dim * eps; 1e-12 covers it.
EIG_ATOL = 1e-12


@pytest.mark.claim("000.thm2")
@examples_at_most(75)  # thorough budget ~3 s CPU/seed: a Theorem-2 draw + classify ~35 ms
@given(theorem2_points())
def test_theorem2_strict_non_minimax(point):
    """Theorem 2: w_l = 0 and u_l != 0 at a stationary point => strict non-minimax."""
    c = classify(point.problem, point.z)
    assert c.strict_non_minimax, c


@pytest.mark.claim("000.B4.proof")
@examples_at_most(75)  # thorough budget ~3 s CPU/seed: a Theorem-2 draw + B.4 bound ~40 ms
@given(theorem2_points())
def test_b4_bound(point):
    """App. B.4, quantitatively: lambda_min(-grad_yy f) <= -||u_l|| for every l with w_l = 0
    (M = [[0, e_l u_l^T], [u_l e_l^T, 0]] has eigenvalues +-||u_l||; Cauchy interlacing)."""
    prob, z = point.problem, point.z
    _, _, hyy = split_hessian(hessian(prob, z), prob.n_x)
    lam_min = np.linalg.eigvalsh(-hyy).min()
    u = torch.linalg.vector_norm(unit_imbalance(prob, z), dim=1).numpy()
    w = prob.unpack(z).w.numpy()
    assert lam_min <= -u[w == 0].max() + EIG_ATOL


@pytest.mark.claim("000.s5.2.degenerate")
@examples_at_most(150)  # thorough budget ~3 s CPU/seed: ~17 ms per degenerate draw
@given(degenerate_points())
def test_degenerate_example(point):
    """§5.2 after Theorem 2: zero Hessian, hence not strict non-minimax."""
    prob = point.problem
    worst = max(float(b.abs().max()) for b in hessian_blocks(prob, point.z).values())
    # At w = 0, A = 0 every block is (sigma'(0) or sigma''(0)) times (1/n) sum_i (x_i - Phi_i g)
    # against an O(1) factor (a feature phi_i in [0, 1] or a 1): <= the strategy's stated misfit
    # |sum_i (x_i - Phi_i g)| / n, plus the rounding of summing 2n terms of size <= max |x|.
    scale = 1 + float(prob.data.abs().max())
    assert worst <= point.misfit + 2 * prob.sizes.n * np.finfo(float).eps * scale
    assert not classify(point.problem, point.z).strict_non_minimax
