"""The JARE strategies (zigan_verify.strategies._jare): can generate, ranges, invalid arguments."""

import numpy as np
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from zigan_verify.strategies import (
    JacobianBlocks,
    SimpleGANParams,
    jacobian_blocks,
    mean_norms,
    noise_variances,
    regularization_weights,
    simple_gans,
)


@settings(max_examples=30, database=None)
@given(simple_gans())
def test_simple_gans_default_regime(gan):
    """Defaults: 0 < sigma^2 < 2 (complex lambda_12) and beta^2 > 2 (real lambda_34), 002 §4."""
    assert isinstance(gan, SimpleGANParams)
    assert len(gan.v) == 2
    assert 0 < gan.sigma2 < 2
    assert gan.beta2 > 2
    assert 1.5 <= np.sqrt(gan.v_norm2) * (1 + 1e-12)
    assert np.isfinite(gan.v).all()


@settings(max_examples=10, database=None)
@given(simple_gans(n=st.integers(1, 4), sigma2=0.3, v_norm=2.0))
def test_simple_gans_values_and_strategies(gan):
    assert gan.sigma2 == 0.3
    assert 1 <= len(gan.v) <= 4
    np.testing.assert_allclose(np.sqrt(gan.v_norm2), 2.0, rtol=1e-14, atol=0)


@settings(max_examples=30, database=None)
@given(jacobian_blocks())
def test_jacobian_blocks_shapes_and_signs(blocks):
    """Lemma 3: P is m x n with m <= n by default, Q is n x n and negative semidefinite."""
    assert isinstance(blocks, JacobianBlocks)
    P, Q = blocks
    m, n = P.shape
    assert 1 <= m <= n <= m + 3
    assert Q.shape == (n, n)
    np.testing.assert_allclose(Q, Q.T, rtol=0, atol=0)
    assert np.linalg.eigvalsh(Q).max() <= 1e-12 * max(1.0, np.abs(Q).max())


@pytest.mark.parametrize(
    "strategy",
    [
        pytest.param(noise_variances(), id="noise_variances"),
        pytest.param(mean_norms(), id="mean_norms"),
        pytest.param(regularization_weights(), id="regularization_weights"),
        pytest.param(simple_gans(n=3), id="simple_gans"),
        pytest.param(jacobian_blocks(m=3, n=2, allow_m_gt_n=True), id="jacobian_blocks-wide"),
    ],
)
def test_can_generate(strategy):
    # find raises NoSuchExample when the strategy cannot produce a value
    assert (
        find(strategy, lambda _: True, settings=settings(database=None, max_examples=5)) is not None
    )


def test_can_reach_both_ends_of_a_range():
    """The float strategies are not stuck in the middle of their range."""
    low = find(
        noise_variances(),
        lambda s: s < 0.02,
        settings=settings(database=None, derandomize=True, max_examples=2000),
    )
    high = find(
        mean_norms(),
        lambda s: s > 11.0,
        settings=settings(database=None, derandomize=True, max_examples=2000),
    )
    assert low < 0.02
    assert high > 11.0


def test_negative_control_wide_blocks_break_theorem4():
    """A false 'theorem' (Theorem 4 for every m, n): Hypothesis must find an eigenvalue whose
    eigenvector has y2 = 0 once m > n is allowed (the registered condition of claim 002.thm4)."""
    from zigan_verify.analysis.jare.general import rayleigh_coefficients

    blocks = find(
        jacobian_blocks(m=st.integers(2, 4), n=1, allow_m_gt_n=True),
        lambda b: any(np.isnan(a1) for _, a1, _, _ in rayleigh_coefficients(*b)),
        settings=settings(database=None, max_examples=50),
    )
    assert blocks.P.shape[0] > blocks.P.shape[1]


def test_drawn_m_gt_n_raises_at_generation():
    @settings(max_examples=5, database=None)
    @given(jacobian_blocks(m=st.just(3), n=st.just(1)))
    def inner(blocks):
        pass

    with pytest.raises(InvalidArgument, match=r"drew m = 3 > n = 1"):
        inner()
