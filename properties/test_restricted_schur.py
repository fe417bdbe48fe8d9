"""Properties of the restricted Schur complement (000 App. B.2 Def. 4; 001 Def. 2, Prop. 1)."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from zigan_verify.analysis.local_minimax import random_blocks
from zigan_verify.analysis.schur import restricted_schur
from zigan_verify.checks.restricted_schur import prop1_sides

# Spectra of two float64 eigen-decompositions of O(1)-O(100) matrices (a pseudo-inverse with
# eigenvalues down to ~1e-2 amplifies rounding by ~1e2): 1e-9 absolute.
SPEC_ATOL = 1e-9


@st.composite
def block_triples(draw, *, invertible_b: bool = False):
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    d_x, d_y = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    rank = d_y if invertible_b else draw(st.integers(0, d_y))
    A, C, B = random_blocks(rng, d_x, d_y, rank)
    if invertible_b:  # keep B away from singular so that B^{-1} is well conditioned
        B = B + np.sign(np.linalg.eigvalsh(B).mean() or 1.0) * 0.5 * np.eye(d_y)
    return A, C, B, rng


@pytest.mark.claim("000.B2.def4")
@given(block_triples(invertible_b=True))
def test_reduces_to_schur_complement(blocks):
    """Def. 4: with B invertible, U spans R^{d_x} and S_res has the spectrum of A - C B^{-1} C^T."""
    A, C, B, _ = blocks
    assume(np.abs(np.linalg.eigvalsh(B)).min() >= 1e-3)  # B^{-1} well conditioned
    rs = restricted_schur(A, C, B)
    S = A - C @ np.linalg.solve(B, C.T)
    assert rs.U.shape == (A.shape[0], A.shape[0])
    np.testing.assert_allclose(
        np.linalg.eigvalsh(rs.S_res), np.linalg.eigvalsh(S), rtol=1e-9, atol=SPEC_ATOL
    )


@pytest.mark.claim("000.B2.def4")
@given(block_triples())
def test_spectrum_independent_of_U(blocks):
    """Def. 4: any orthonormal basis U Q of R(C_2)^perp gives the same spectrum."""
    A, C, B, rng = blocks
    rs = restricted_schur(A, C, B)
    k = rs.U.shape[1]
    Q = np.linalg.qr(rng.standard_normal((k, k)))[0] if k else np.zeros((0, 0))
    rs2 = restricted_schur(A, C, B, U_rotation=Q)
    np.testing.assert_allclose(rs2.U.T @ rs2.U, np.eye(k), rtol=0, atol=1e-12)
    assert np.abs(C.T @ rs.U - B @ np.linalg.pinv(B) @ C.T @ rs.U).max(initial=0) <= 1e-9
    np.testing.assert_allclose(
        np.linalg.eigvalsh(rs.S_res), np.linalg.eigvalsh(rs2.S_res), rtol=1e-9, atol=SPEC_ATOL
    )


@pytest.mark.claim("001.prop1")
@given(block_triples(), st.booleans())
def test_prop1(blocks, shift):
    """001 Prop. 1: S_res >= 0 iff v^T S v >= 0 whenever (grad_yx f) v lies in R(grad_yy f)."""
    A, C, B, _ = blocks
    if shift:  # reach the PSD side too
        A = A + (np.abs(np.linalg.eigvalsh(A)).max() + 3 * np.abs(C).sum()) * np.eye(len(A))
    lhs, rhs = prop1_sides(A, C, B)
    assert lhs == rhs
