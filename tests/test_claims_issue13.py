"""Claims of 000 and 001 registered by issue 13: each check's verdict, and a negative control
showing it flips when the evidence it rests on is perturbed."""

import numpy as np
import pytest
import sympy as sp

from zigan_verify.checks import distances, global_solutions, two_timescale
from zigan_verify.claims import Status, get_claim, run_check
from zigan_verify.game.models import bilinear

# The registered verdicts themselves are checked by tests/test_claims.py.


@pytest.mark.claim("000.A2.linear_max")
@pytest.mark.claim("001.zi_identity")
def test_linear_max_flips_when_the_inner_max_is_bounded(monkeypatch):
    assert distances.linear_inner_max((1, 0), (0, 1)) == 2 * sp.Symbol("M", positive=True)
    monkeypatch.setattr(distances, "linear_inner_max", lambda p, q: sp.Integer(1))
    assert distances.check_linear_inner_max().verdict is Status.REFUTED


@pytest.mark.claim("000.s4.same_solutions")
def test_same_solutions_flips_with_a_second_stationary_point(monkeypatch):
    """A 'Dirac GAN' with F = 0 off the origin (f = x y - x^3 y / 3... here x y (1 - x^2)) fails."""
    g, w = sp.symbols("g w", real=True)
    game = bilinear()
    odd = type(game)("odd", g * w * (1 - g**2), (g,), (w,))
    monkeypatch.setattr(distances, "dirac_gan", lambda loss: odd)
    assert distances.check_same_solutions().verdict is Status.REFUTED


@pytest.mark.claim("000.A3.f_divergence")
def test_f_divergence_erratum_needs_a_broken_bound(monkeypatch):
    """With P = Q in the test pair the printed and standard definitions agree (both 0): no
    erratum can be shown, the verdict flips."""
    pair = distances.DISTRIBUTIONS[0]
    monkeypatch.setattr(distances, "DISTRIBUTIONS", (pair, pair, pair))
    assert distances.check_f_divergence().verdict is Status.REFUTED


@pytest.mark.claim("001.js_identity")
def test_js_identity_flips_with_a_wrong_js(monkeypatch):
    real = distances._js
    monkeypatch.setattr(distances, "_js", lambda p, q: real(p, q) * sp.Rational(101, 100))
    assert distances.check_js_identity().verdict is Status.REFUTED


@pytest.mark.claim("001.dirac_slide")
def test_dirac_slide_flips_for_a_game_the_min_does_not_break(monkeypatch):
    g, w = sp.symbols("g w", real=True)
    bounded = type(bilinear())("bounded", -sp.log(2) - sp.log(1 + sp.exp(-w * g)), (g,), (w,))
    monkeypatch.setattr(distances, "dirac_gan", lambda loss: bounded)
    assert distances.check_dirac_slide().verdict is Status.REFUTED


def _force(monkeypatch, gda=None, eg=None):
    real = two_timescale.radii

    def fake(A, C, B, eta_scale, taus=two_timescale.TAUS):
        r = real(A, C, B, eta_scale, taus)
        if gda is not None:
            r["tau_gda"] = np.full_like(r["tau_gda"], gda)
        if eg is not None:
            r["tau_eg"] = np.full_like(r["tau_eg"], eg)
        return r

    monkeypatch.setattr(two_timescale, "radii", fake)


@pytest.mark.claim("000.s5.1.plain_gda")
def test_plain_gda_flips_when_gda_is_always_stable(monkeypatch):
    _force(monkeypatch, gda=0.5)
    assert two_timescale.check_plain_gda().verdict is Status.REFUTED


@pytest.mark.claim("000.B1.P2")
@pytest.mark.claim("001.tau_gda_optimal")
def test_p2_flips_when_eg_escapes_too(monkeypatch):
    _force(monkeypatch, eg=1.5)
    assert two_timescale.check_p2().verdict is Status.REFUTED


@pytest.mark.claim("000.B1.fn8")
def test_footnote8_flips_when_gda_is_stable_where_eg_is_not(monkeypatch):
    _force(monkeypatch, gda=0.5, eg=1.5)
    assert two_timescale.check_footnote8().verdict is Status.REFUTED


@pytest.mark.claim("001.type_i")
def test_type_i_verdict_follows_the_step_size():
    """At a large step the eta^2 |lambda|^2 term dominates the O(eps) real part: every type-(i)
    eigenvalue makes GDA unstable and the statement holds as printed (verified)."""
    evidence = two_timescale.check_type_i(eta_scale=100.0)
    assert evidence.verdict is Status.VERIFIED
    assert evidence.data["gda_unstable"] == evidence.data["type_i"] > 0


@pytest.mark.claim("001.lemma1")
def test_lemma1_flips_when_errors_do_not_fall(monkeypatch):
    monkeypatch.setattr(
        two_timescale, "theorem1_errors", lambda A, C, B, e: [(0.0, 0.5, 0.5)] * len(e)
    )
    assert two_timescale.check_lemma1().verdict is Status.REFUTED


@pytest.mark.claim("000.B5.det")
def test_b5_determinant_sides_exact():
    """Square B: printed = Schur form; 1 x 2 B: det(J - lambda I) = -lambda^{-1} det(lambda^2 I_2 +
    B^T B / tau) = -lambda (lambda^2 + 5/tau), by hand for B = [1, 2]."""
    lam = sp.Symbol("lambda")
    lhs, printed, schur = global_solutions.b5_determinant_sides([[1, 2]], 1)
    assert sp.simplify(lhs - (-lam * (lam**2 + 5))) == 0
    assert sp.simplify(lhs - schur) == 0
    assert sp.simplify(lhs - printed) != 0


@pytest.mark.claim("000.B5.det")
def test_b5_determinant_flips_if_the_printed_identity_held(monkeypatch):
    real = global_solutions.b5_determinant_sides

    def printed_holds(B, tau):
        lhs, _, schur = real(B, tau)
        return lhs, lhs, schur

    monkeypatch.setattr(global_solutions, "b5_determinant_sides", printed_holds)
    assert global_solutions.check_b5_determinant().verdict is Status.REFUTED


@pytest.mark.claim("002.thm5.remark")
def test_thm5_remark_verdict_follows_q_scale(monkeypatch):
    """Conditional because Q's scale shows at gamma = 1e6; if the deviation did not depend on Q
    the remark would hold as printed (verified); if it did not fall with gamma, refuted."""
    from zigan_verify.analysis.jare import general
    from zigan_verify.checks import jare_general as jare

    assert jare.check_thm5_remark().verdict is Status.CONDITIONAL
    monkeypatch.setattr(general, "theorem5_deviation", lambda P, Q, g: 1.0 / np.sqrt(g))
    assert jare.check_thm5_remark().verdict is Status.VERIFIED
    monkeypatch.setattr(general, "theorem5_deviation", lambda P, Q, g: 0.5)
    assert jare.check_thm5_remark().verdict is Status.REFUTED


@pytest.mark.claim("000.B2.count")
def test_b2_count_flips_if_the_columns_were_d2_minus_rank(monkeypatch):
    from zigan_verify.checks import restricted_schur as rs

    evidence = rs.check_b2_count()
    assert evidence.verdict is Status.ERRATUM
    assert all(g == want for g, want, *_ in evidence.data["rows"])
    real = rs.restricted_schur

    def d2_columns(A, C, B, **kw):
        out = real(A, C, B, **kw)
        return out._replace(gamma=out.gamma[:, : 4 - out.rank_B])  # d2 = 4 columns

    monkeypatch.setattr(rs, "restricted_schur", d2_columns)
    assert rs.check_b2_count().verdict is Status.REFUTED


@pytest.mark.claim("000.s8.conclusion")
def test_conclusion_verdict_follows_the_convergence_count(monkeypatch):
    """Synthetic limit evidence: all runs converged -> verified; some did not -> conditional;
    a converged run off the min-norm solution -> refuted."""
    from zigan_verify.checks import implicit_bias as ib
    from zigan_verify.claims import Evidence

    def fake(per_n, err):
        return lambda max_steps: Evidence(
            Status.CONDITIONAL, "", {"converged": per_n, "max_limit_error": err}
        )

    monkeypatch.setattr(ib, "check_limit", fake({1: (3, 3), 2: (2, 2)}, 1e-9))
    assert ib.check_conclusion().verdict is Status.VERIFIED
    monkeypatch.setattr(ib, "check_limit", fake({1: (3, 3), 2: (1, 2)}, 1e-9))
    assert ib.check_conclusion().verdict is Status.CONDITIONAL
    monkeypatch.setattr(ib, "check_limit", fake({1: (3, 3), 2: (1, 2)}, 1e-3))
    assert ib.check_conclusion().verdict is Status.REFUTED


@pytest.mark.slow
@pytest.mark.claim("000.s8.conclusion")
def test_conclusion_registered_verdict():
    claim = get_claim("000.s8.conclusion")
    assert run_check(claim).verdict is claim.status


@pytest.mark.claim("001.local_nash")
def test_local_nash_flips_when_a_nash_point_is_not_minimax(monkeypatch):
    """Every local Nash point must be local minimax; an oracle that says otherwise refutes."""
    assert two_timescale.check_local_nash().verdict is Status.VERIFIED
    real = two_timescale.local_minimax_quadratic
    monkeypatch.setattr(
        two_timescale,
        "local_minimax_quadratic",
        lambda A, C, B: real(A, C, B)._replace(is_local_minimax=False),
    )
    assert two_timescale.check_local_nash().verdict is Status.REFUTED


@pytest.mark.claim("002.appC.nrf")
def test_nrf_flips_with_a_conopt_without_the_gamma_factor(monkeypatch):
    from zigan_verify.checks import jare_general as jare
    from zigan_verify.optim import minimax as optimizers

    assert jare.check_appC_nrf().verdict is Status.VERIFIED
    real = optimizers.conopt
    monkeypatch.setattr(optimizers, "conopt", lambda eta, gamma: real(eta, gamma / 2))
    assert jare.check_appC_nrf().verdict is Status.REFUTED


@pytest.mark.claim("002.appF1.figs56")
def test_figs56_verdict_follows_the_simgd_rate(monkeypatch):
    """The verdict rests on the linear rates: SimGD modes that speed up with mu, or a ConOpt that
    stays stable at mu = 6, refute the figures' statements."""
    from zigan_verify.analysis.jare import factors
    from zigan_verify.checks import jare_general as jare

    assert jare.check_appF1().verdict is Status.CONDITIONAL
    real = factors.jacobian_numeric

    def simgd_mu_dependent(method, s2, v, gamma):
        A = real(method, s2, v, gamma)
        return A * (1 + 0.01 * v[1]) if method == "simgd" else A

    monkeypatch.setattr(factors, "jacobian_numeric", simgd_mu_dependent)
    assert jare.check_appF1().verdict is Status.REFUTED  # SimGD modes now speed up with mu
    monkeypatch.setattr(
        factors,
        "jacobian_numeric",
        lambda m, s2, v, g: real(m, s2, v, g) * (0.1 if m == "conopt" else 1),
    )
    assert jare.check_appF1().verdict is Status.REFUTED  # ConOpt no longer blows up at mu = 6


@pytest.mark.claim("000.B4.M")
def test_b4_display_verdict_follows_the_derived_blocks(monkeypatch):
    """Erratum as transcribed; the corrected display (and trace count) would be verified; away
    from Theorem 2's w_l = 0 the derived M has a non-zero diagonal and the argument fails."""
    from zigan_verify.checks import appendix_b

    evidence = appendix_b.check_b4_display()
    assert evidence.verdict is Status.ERRATUM
    assert evidence.data["mismatched_blocks"] == ["(2,2)"]
    assert evidence.data["eigenvalues"] == 4 != evidence.data["trace_terms_printed"]
    monkeypatch.setattr(appendix_b, "PRINTED_M", (("ww", "wa"), ("aw", "aa")))
    monkeypatch.setattr(appendix_b, "PRINTED_TRACE_TERMS", "r + d1")
    assert appendix_b.check_b4_display().verdict is Status.VERIFIED
    assert appendix_b.check_b4_display(w_l=1).verdict is Status.REFUTED


@pytest.mark.claim("001.prop1_printed")
def test_prop1_printed_readings_by_hand(monkeypatch):
    """By hand: B = diag(-1, 0), C = [[0, 1], [1, 0]] so Gamma = C e_2 = e_1; S = A + e_2 e_2^T.
    With A = diag(1, -2): S = diag(1, -1); Prop. 1's right side restricts to v in null(Gamma^T) =
    span(e_2), where v^T S v = -1 < 0: false. U from R(Gamma) = span(e_1) gives 1 >= 0 (wrong);
    R(Gamma)^perp gives the right answer; R(Gamma^T) lies in R^1, not R^2. Then the flip: a literal reading that always agrees
    makes the printed symbol harmless (verified)."""
    from zigan_verify.checks import restricted_schur as rs

    A, C, B = sp.diag(1, -2), sp.Matrix([[0, 1], [1, 0]]), sp.diag(-1, 0)
    row = rs.prop1_printed_draw(A, C, B)
    assert row == {"rhs": False, "perp": False, "range": True, "transpose": None}
    assert rs.check_prop1_printed().verdict is Status.ERRATUM
    real = rs.prop1_reading_basis
    monkeypatch.setattr(
        rs,
        "prop1_reading_basis",
        lambda G, reading: real(G, "perp" if reading == "range" else reading),
    )
    assert rs.check_prop1_printed().verdict is Status.VERIFIED
    monkeypatch.setattr(rs, "prop1_reading_basis", lambda G, reading: real(G, "range"))
    assert rs.check_prop1_printed().verdict is Status.REFUTED


@pytest.mark.claim("002.table1")
def test_table1_verdict_follows_the_jare_jacobian(monkeypatch):
    """Conditional (the JARE column needs gamma large against Q); a 'JARE' with SimGD's Jacobian
    needs every requirement, refuting the JARE column; one whose gamma is always huge would make
    the table hold at the paper's gamma too (verified)."""
    from zigan_verify.analysis.jare import general
    from zigan_verify.checks import jare_general as jare

    evidence = jare.check_table1()
    assert evidence.verdict is Status.CONDITIONAL
    assert evidence.data["needed"]["large"] == jare.TABLE1
    real = general.jare_jacobian
    monkeypatch.setattr(general, "jare_jacobian", lambda P, Q, g: real(P, Q, 1e3 * g))
    assert jare.check_table1().verdict is Status.VERIFIED
    monkeypatch.setattr(general, "jare_jacobian", lambda P, Q, g: general.simgd_jacobian(P, Q))
    assert jare.check_table1().verdict is Status.REFUTED


@pytest.mark.slow
@pytest.mark.claim("002.thm13.ball")
def test_ball_registered_verdict_and_quadratic_control(registered_evidence):
    """Conditional on the population loss; on its quadratic model (constant Hessian, so a
    constant Jacobian for SimGD and JARE) the eigenvalues do not move: verified."""
    from zigan_verify.analysis.jare import simple_gan as sg
    from zigan_verify.checks import jare_experiments as jare

    assert registered_evidence("002.thm13.ball").verdict is Status.CONDITIONAL
    assert get_claim("002.thm13.ball").status is Status.CONDITIONAL
    quadratic = jare.check_ball(lambda s2, v, nodes=12: sg.quadratic_loss(s2, v))
    assert quadratic.verdict is Status.VERIFIED


@pytest.mark.claim("000.B5.w_nonzero")
def test_w_nonzero_verdict_follows_the_constructed_points(monkeypatch):
    """Conditional: stationary global solutions with w != 0 and the B.5 structure broken. With
    the constructor's w taken off the null space the points are not stationary (refuted); if the
    blocks B.5 says vanish did vanish there, the sentence would lose nothing (verified)."""
    import torch

    from zigan_verify.analysis import global_solutions as gs
    from zigan_verify.checks import appendix_b

    evidence = appendix_b.check_b5_w_nonzero()
    assert evidence.verdict is Status.CONDITIONAL
    assert all(r["F"] <= 1e-12 and r["other"] > 1e-3 for r in evidence.data["rows"])
    real = gs.nonzero_discriminator_solution

    def off_null(point, rng):
        z = real(point, rng)
        z[point.problem.slices["w"]] += 0.1 * torch.ones(point.problem.sizes.r, dtype=z.dtype)
        return z

    monkeypatch.setattr(gs, "nonzero_discriminator_solution", off_null)
    assert appendix_b.check_b5_w_nonzero().verdict is Status.REFUTED
    monkeypatch.setattr(gs, "nonzero_discriminator_solution", real)
    from zigan_verify.game import closed_form

    blocks = closed_form.hessian_blocks

    def b5_structure(problem, z):
        return {k: b if k in ("H_gw", "H_wtheta") else 0 * b for k, b in blocks(problem, z).items()}

    monkeypatch.setattr(closed_form, "hessian_blocks", b5_structure)
    assert appendix_b.check_b5_w_nonzero().verdict is Status.VERIFIED
