"""001 Theorem 1: eigenvalues of Lambda_tau DF split into +-i sqrt(eps) sigma_j, eps mu_j, nu_j."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from zigan_verify.checks.asymptotic_spectrum import theorem1_errors
from zigan_verify.local_minimax import random_blocks
from zigan_verify.schur import classify_blocks

EPS = [10.0**-k for k in range(3, 9)]


@st.composite
def hypothesis_blocks(draw):
    """Blocks with S_res or grad_yy f invertible and Gamma of full column rank (so that the three
    families count d_x + d_y eigenvalues), spectra separated enough to match."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    d_y = draw(st.integers(1, 4))
    rank = draw(st.integers(0, d_y))
    d_x = draw(st.integers(max(1, d_y - rank), 4))
    A, C, B = random_blocks(rng, d_x, d_y, rank)
    c = classify_blocks(A, C, B)
    assume(c.s_res_invertible or c.hyy_invertible)
    nz = np.abs(np.linalg.eigvalsh(B))
    assume(nz[nz > 1e-8].min(initial=1.0) > 0.05)  # separated fast eigenvalues
    return A, C, B


@pytest.mark.claim("001.thm1")
@given(hypothesis_blocks())
def test_theorem1_rates(blocks):
    """The scaled errors err_i/sqrt(eps), err_ii/eps, err_iii fall by >= 10x over eps 1e-3..1e-8."""
    errs = np.array(theorem1_errors(*blocks, EPS))
    assert np.all(errs[-1] <= 0.1 * errs[0] + 1e-9), errs  # o(.) : ratio -> 0 along the sequence
