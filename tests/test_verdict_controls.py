"""Negative controls of the 000-002 checks changed by issue 13: each verdict flips when the
evidence it rests on is perturbed (synthetic evidence, or the check rerun on perturbed input)."""

import math

import numpy as np
import pytest

from zigan_verify.checks import implicit_bias, restricted_schur
from zigan_verify.claims import Status
from zigan_verify.lastlayer import LimitReport


def _row(converged=True, error=1e-10, singular=False, null=0.0, n=2):
    rep = LimitReport(converged, 500, (0, 1), error if converged else math.nan, 1.0, 1.0)
    return implicit_bias.LimitRow((n, 1, 3, 4), singular, null, rep)


@pytest.mark.claim("000.s6.limit")
def test_limit_verdict_follows_each_condition():
    """Conditional only when a converged run exercises a stated condition (singular Phi Phi^T, or
    a non-zero P_N(g_0)); verified when none does; refuted when the formula misses or no run
    converges."""
    verdict = implicit_bias.limit_verdict
    assert verdict([_row(), _row(converged=False)])[0] is Status.VERIFIED
    assert verdict([_row(), _row(singular=True)])[0] is Status.CONDITIONAL
    assert verdict([_row(), _row(null=0.5)])[0] is Status.CONDITIONAL
    # the condition must be met by a run that converged, not by one that did not
    assert verdict([_row(), _row(converged=False, singular=True)])[0] is Status.VERIFIED
    assert verdict([_row(singular=True, error=1e-3)])[0] is Status.REFUTED
    assert verdict([_row(converged=False)])[0] is Status.REFUTED


@pytest.mark.claim("000.s6.limit")
def test_consistent_instance_has_singular_gram_and_a_solution():
    """The n > d2 regime of LIMIT_REGIMES: K = Phi_f Phi_f^T is singular and x = Phi g has an
    exact solution, the pseudo-inverse one (consistency residual ~ 0)."""
    layer, _ = implicit_bias.consistent_instance(0, 2, 1, 1, 4)
    assert layer.rank == 1 < layer.n
    assert abs(np.linalg.det(layer.gram.numpy())) <= 1e-12
    assert layer.consistency_residual((0, 1)) <= 1e-10


@pytest.mark.claim("000.B2.def4")
def test_restricted_schur_check_flips_with_a_wrong_schur_complement(monkeypatch):
    """A restricted Schur complement with the wrong sign of C B^+ C^T must refute 000 Def. 4."""
    assert restricted_schur.check_restricted_schur().verdict is Status.VERIFIED
    real = restricted_schur.restricted_schur

    def wrong(A, C, B, **kw):
        rs = real(A, C, B, **kw)
        return rs._replace(S_res=rs.S_res + 2 * rs.U.T @ C @ np.linalg.pinv(B) @ C.T @ rs.U)

    monkeypatch.setattr(restricted_schur, "restricted_schur", wrong)
    assert restricted_schur.check_restricted_schur().verdict is Status.REFUTED
