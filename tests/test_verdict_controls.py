"""Negative controls of the 000-002 checks changed by issue 13: each verdict flips when the
evidence it rests on is perturbed (synthetic evidence, or the check rerun on perturbed input)."""

import math

import numpy as np
import pytest

from zigan_verify.analysis.lastlayer import LimitReport
from zigan_verify.checks import implicit_bias, restricted_schur
from zigan_verify.claims import Status


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


def _isotropic_rep(**jare):
    return {
        "ok": True,
        "rho_paper_eta": {"simgd": 1 - 1e-5, "conopt": 1 - 4e-5, "jare": 1 - 5e-4},
        "simgd_zeta": 50.0,
        "jare": {"g_ratio": 0.28, "d_ratio": 0.01, **jare},
    }


@pytest.mark.claim("002.s7.isotropic")
def test_isotropic_per_player_statements_enter_the_verdict():
    """ConOpt's slowed mode must be the generator's; JARE must shrink both players' errors."""
    from zigan_verify.checks.jare_experiments import isotropic_statements

    assert all(isotropic_statements(_isotropic_rep(), 0.996, -0.52).values())
    assert not isotropic_statements(_isotropic_rep(), 0.3, -0.52)["conopt_generator_slowed"]
    assert not isotropic_statements(_isotropic_rep(d_ratio=0.9), 0.996, -0.52)["jare_both_players"]
    assert not isotropic_statements(_isotropic_rep(g_ratio=1.2), 0.996, -0.52)["jare_both_players"]
    assert not isotropic_statements(_isotropic_rep(), 0.996, 0.1)["jare_both_players"]


@pytest.mark.claim("002.thm4")
def test_thm4_zero_eigenvalue_set_is_empty_only_when_p_has_more_rows():
    """Exact: P = [[1],[0]] (m > n = rank P) leaves no admissible a2; P = 0 (P^T P singular) admits
    a2 = 0 (the condition 'or P^T P singular'); square full-rank P has no zero eigenvalue."""
    import sympy as sp

    from zigan_verify.checks import jare_general as jare

    assert jare.thm4_zero_eigenvalue_sets([[1], [0]], [[-1]]) == [sp.S.EmptySet]
    assert jare.thm4_zero_eigenvalue_sets([[0], [0]], [[-1]]) == [sp.FiniteSet(0)] * 2
    assert jare.thm4_zero_eigenvalue_sets([[2, 1], [0, 1]], [[-1, 0], [0, -3]]) == []


@pytest.mark.claim("002.thm4")
def test_thm4_verdict_flips_when_the_zero_eigenvalue_fits(monkeypatch):
    from zigan_verify.checks import jare_general as jare

    assert jare.check_thm4().verdict is Status.CONDITIONAL
    monkeypatch.setattr(jare, "thm4_zero_eigenvalue_sets", lambda P, Q: [])
    assert jare.check_thm4().verdict is Status.REFUTED


@pytest.mark.claim("002.appE.lemma3_proof")
def test_appE1_decides_g2_prime_vs_g2_second(monkeypatch):
    """If the loss had g2'(0) = -1/4 and g2''(0) = -1/2 (swapped), the printed g2'' would be right
    and the erratum verdict must flip."""
    from zigan_verify.checks import jare_general as jare

    evidence = jare.check_appE1()
    assert evidence.verdict is Status.ERRATUM
    assert evidence.data["err_g2_prime"] <= 1e-12 < 0.1 <= evidence.data["err_g2_second"]
    real = jare._vanilla_g2_derivatives
    monkeypatch.setattr(jare, "_vanilla_g2_derivatives", lambda: real()[::-1])
    assert jare.check_appE1().verdict is Status.REFUTED


@pytest.mark.claim("000.s4.fig1")
def test_gda_divergence_is_decided_by_growth_not_a_threshold():
    """NOTE: [Dirac GDA divergence]: GDA-JS grows slowly (|z| 3.16 -> 3.7) but its |z|^2 slope is
    many standard errors above 0; EG on the same game fails every part of the test."""
    from zigan_verify.checks.dynamics import DiracGrowth, dirac_growth, gda_diverges

    js = dirac_growth("js", steps=600)
    assert gda_diverges(js)
    assert js.final_norm < 3.5  # far below any 'diverged' threshold on the norm
    eg = dirac_growth("js", method="eg", steps=600)
    assert not gda_diverges(eg)
    assert eg.min_increment < 0
    assert eg.identity_error > 1e-6
    assert not gda_diverges(js._replace(t_stat=3.0))  # a slope within noise of 0
    assert not gda_diverges(DiracGrowth(1e-3, 88.0, -1e-9, 1e-16, 3.7))  # one shrinking step


@pytest.mark.claim("000.s5.1.updates")
def test_update_rules_flip_with_a_wrong_timescale(monkeypatch):
    """The closed form on f = xy catches a tau-GDA that scales the wrong player by 1/tau."""
    from zigan_verify.checks import dynamics
    from zigan_verify.optim.minimax import tau_gda

    assert dynamics.check_update_rules().verdict is Status.VERIFIED
    monkeypatch.setattr(dynamics, "tau_gda", lambda eta, tau: tau_gda(eta / tau, 1 / tau))
    assert dynamics.check_update_rules().verdict is Status.REFUTED


@pytest.mark.claim("001.def3")
def test_definition3_flips_when_the_classifier_uses_grad_yy_with_the_wrong_sign(monkeypatch):
    """Known-answer games catch a classifier testing lambda_min(grad^2_yy f) instead of -grad^2_yy f."""
    from zigan_verify.checks import restricted_schur as rs

    assert rs.check_definition3().verdict is Status.VERIFIED
    real = rs.classify_blocks
    monkeypatch.setattr(rs, "classify_blocks", lambda A, C, B, **kw: real(A, C, -B, **kw))
    assert rs.check_definition3().verdict is Status.REFUTED
