"""Claims registered or re-decided by issue 25 (truth pass 3): each check's verdict, and a
negative control that flips it when the ingredient the verdict rests on is broken or corrected."""

import numpy as np
import pytest
import sympy as sp

from zigan_verify.checks import truth3_jare as tj
from zigan_verify.checks import truth3_landscape as tl
from zigan_verify.checks import truth3_zigan as tz
from zigan_verify.claims import Status, registry

# ----- 000 / 001 -----------------------------------------------------------------------------


@pytest.mark.claim("000.s6.global_solutions")
def test_antipodal_data_admit_global_generators_that_are_no_permutation():
    evidence = tz.check_global_permutation()
    assert evidence.verdict is Status.CONDITIONAL, evidence.summary
    assert set(evidence.data["spurious"]) == {"pair -> {0, 0}", "pair -> {s, -s}"}
    gap, dist = evidence.data["rows"]["one point moved"]
    assert gap > 1e-2  # a generic wrong generator is rejected ...
    assert dist > 1e-3  # ... and it is no permutation


@pytest.mark.claim("000.s6.global_solutions")
def test_with_a_bias_only_permutations_are_global():
    """Negative control: sigma(A x + b) sees the whole empirical measure; the counterexamples
    are rejected and the verdict becomes verified."""
    evidence = tz.check_global_permutation(bias=True)
    assert evidence.verdict is Status.VERIFIED, evidence.summary
    assert evidence.data["spurious"] == []


@pytest.mark.claim("000.s6.global_solutions")
def test_odd_part_identity_behind_the_counterexample():
    """sigma(t) + sigma(-t) = 1: {p, -p} and {0, 0} give the same sum for every A (exact)."""
    rng = np.random.default_rng(1)
    p = rng.standard_normal(3)
    A = rng.standard_normal((5, 3))
    assert tz.discriminator_gap(np.stack([p, -p]), np.zeros((2, 3)), A) <= 1e-15
    assert tz.discriminator_gap(np.stack([p, p]), np.zeros((2, 3)), A) > 1e-3


@pytest.mark.claim("000.s5.2.example")
def test_one_dead_unit_is_not_enough_for_a_stationary_point():
    evidence = tz.check_s52_example()
    assert evidence.verdict is Status.CONDITIONAL, evidence.summary
    assert all(f > 1e-3 for f, _ in evidence.data["one_unit"])
    assert all(f == 0 and s for f, _, s in evidence.data["all_units"])


@pytest.mark.claim("000.s5.2.example")
def test_s52_verdict_flips_if_the_stationary_points_were_not_strict():
    """Negative control: a classifier that never reports strictness refutes the example."""

    class NotStrict:
        strict_non_minimax = False

    assert (
        tz.check_s52_example(lambda prob, z: NotStrict(), seeds=range(2)).verdict is Status.REFUTED
    )


@pytest.mark.claim("000.s1.vanishing")
@pytest.mark.claim("001.conclusion.vanishing")
def test_zi_gradient_vanishes_only_through_saturated_units():
    evidence = tz.check_vanishing_gradients()
    assert evidence.verdict is Status.CONDITIONAL, evidence.summary
    js, zi = evidence.data["js"], evidence.data["zi"]
    assert js[-1] < 1e-12 * js[0]
    assert zi[-1] > zi[0]
    grads, f = evidence.data["grads"], evidence.data["f"]
    assert grads[-1] < 1e-20
    assert min(f) > 1e-2


@pytest.mark.claim("000.s1.vanishing")
@pytest.mark.claim("001.conclusion.vanishing")
def test_non_saturating_units_keep_the_gradient():
    """Negative control: with linear units the ZI gradient grows with the scale: verified."""
    evidence = tz.check_vanishing_gradients("linear")
    assert evidence.verdict is Status.VERIFIED, evidence.summary


@pytest.mark.claim("001.tau_eg_slide")
def test_slide_update_is_tau_gda():
    evidence = tz.check_tau_eg_slide()
    assert evidence.verdict is Status.ERRATUM, evidence.summary
    assert evidence.data["radius_printed"] > 1 > evidence.data["radius_eg"]


@pytest.mark.claim("001.tau_eg_slide")
def test_slide_with_the_extrapolation_step_is_verified():
    """Negative control: the update with the inner step is the project's tau-EG."""
    assert tz.check_tau_eg_slide(tz.tau_eg_map).verdict is Status.VERIFIED


@pytest.mark.claim("000.def1")
@pytest.mark.claim("001.def2")
def test_definitions_shared_with_001_are_checked(monkeypatch):
    """000 Def. 1 is 001 Def. 3, 001 Def. 2 is 000 Def. 4; the same checks, with their controls."""
    from zigan_verify.checks import restricted_schur as rs

    assert rs.check_definition3().verdict is Status.VERIFIED
    assert rs.check_restricted_schur().verdict is Status.VERIFIED
    real = rs.classify_blocks
    monkeypatch.setattr(rs, "classify_blocks", lambda A, C, B, **kw: real(A, C, -B, **kw))
    assert rs.check_definition3().verdict is Status.REFUTED


@pytest.mark.claim("001.def2")
def test_restricted_schur_flips_with_the_wrong_sign(monkeypatch):
    from zigan_verify.checks import restricted_schur as rs

    real = rs.restricted_schur

    def wrong(A, C, B, **kw):
        out = real(A, C, B, **kw)
        return out._replace(S_res=out.S_res + 2 * out.U.T @ C @ np.linalg.pinv(B) @ C.T @ out.U)

    monkeypatch.setattr(rs, "restricted_schur", wrong)
    assert rs.check_restricted_schur().verdict is Status.REFUTED


# ----- 002 -----------------------------------------------------------------------------------


@pytest.mark.claim("002.s3.step_size")
def test_printed_step_size_condition_has_no_step_size():
    evidence = tj.check_step_size_condition()
    assert evidence.verdict is Status.ERRATUM, evidence.summary
    rows = evidence.data["rows"]
    assert len({r["condition"] for r in rows}) == 1  # the same answer for every eta
    assert {r["iterates shrink"] for r in rows} == {True, False}
    assert evidence.data["bound"] == pytest.approx(0.08, rel=1e-9)  # 4 / sqrt(1 + zeta^2)


@pytest.mark.claim("002.s3.step_size")
def test_step_size_condition_with_eta_is_verified():
    """Negative control: |1 + eta lambda| < 1 agrees with the iterations at every eta."""
    evidence = tj.check_step_size_condition(
        lambda lam, eta: bool(np.all(np.abs(1 + eta * lam) < 1))
    )
    assert evidence.verdict is Status.VERIFIED, evidence.summary


@pytest.mark.claim("002.s6.assumption2")
def test_assumption2_per_loss():
    evidence = tj.check_assumption2()
    assert evidence.verdict is Status.VERIFIED, evidence.summary
    assert evidence.data["verdicts"] == {"vanilla GAN": True, "reverse KL": True, "WGAN": False}


@pytest.mark.claim("002.s6.assumption2")
def test_assumption2_check_catches_a_wrong_label_and_a_flat_loss():
    """Negative controls: WGAN labelled as satisfying it is refuted; forward KL in Nowozin's
    parametrization (g1 = t, g2 = -e^(t-1)) fails g1'(0) = -g2'(0)."""
    t = sp.Symbol("t", real=True)
    relabelled = {**tj.LOSSES, "WGAN": (*tj.LOSSES["WGAN"][:2], True)}
    assert tj.check_assumption2(relabelled).verdict is Status.REFUTED
    assert not tj.assumption2(t, -sp.exp(t - 1))
    assert tj.assumption2(t + 1, -sp.exp(t))  # shifted so that D* = 0 is the equilibrium


@pytest.mark.claim("002.s8.extrapolation")
def test_extrapolation_gives_jare_with_half_gamma():
    evidence = tj.check_extrapolation()
    assert evidence.verdict is Status.ERRATUM, evidence.summary


@pytest.mark.claim("002.s8.extrapolation")
def test_extrapolation_with_full_prediction_step_is_jare():
    """Negative control: prediction steps gamma grad f give JARE (7) to first order."""
    assert tj.check_extrapolation(sp.Integer(1)).verdict is Status.VERIFIED


# ----- 003 -----------------------------------------------------------------------------------


@pytest.mark.claim("003.s6.sn_gap")
def test_sn_gaps_are_mostly_below_one_point():
    evidence = tl.check_sn_gap()
    assert evidence.verdict is Status.ERRATUM, evidence.summary
    assert sorted(evidence.data["gaps"].values()) == [0.18, 0.82, 0.91, 1.56]


@pytest.mark.claim("003.s6.sn_gap")
def test_sn_gap_range_that_covers_the_table_is_verified():
    """Negative control: the range the table actually shows, 0-2 points, verifies."""
    assert tl.check_sn_gap(0.0, 2.0).verdict is Status.VERIFIED


@pytest.mark.claim("003.s6.narrow")
def test_narrow_gap_claim_and_its_control():
    assert tl.check_narrow_gap().verdict is Status.VERIFIED
    # negative control: narrow rows whose gaps shrink below the baseline refute it
    shrunk = [(n, js, rs if " " not in n else js - 0.01, g) for n, js, rs, g in tl.TABLE2]
    assert tl.check_narrow_gap(rows=shrunk).verdict is Status.REFUTED


@pytest.mark.claim("003.s6.no_sn")
def test_no_sn_claim_and_its_control():
    assert tl.check_no_sn().verdict is Status.VERIFIED
    worse = {**tl.NO_SN_CIFAR, "WGAN-GP": (30.0, 6.68)}  # a WGAN-GP with a better FID
    assert tl.check_no_sn(worse).verdict is Status.REFUTED


@pytest.mark.claim("003.s6.bad_init")
def test_bad_init_claim_and_its_control():
    evidence = tl.check_bad_init()
    assert evidence.verdict is Status.VERIFIED, evidence.summary
    assert min(evidence.data["gaps"].values()) == 30
    assert tl.check_bad_init(at_least=31).verdict is Status.REFUTED


# ----- registry ------------------------------------------------------------------------------


def test_convention_is_written_only_on_verified_claims():
    """NOTE: [notational conventions]: a convention is stated on a verified claim, never used as
    the condition of a finding."""
    with_convention = [c for c in registry().values() if c.convention]
    assert with_convention
    assert all(c.status is Status.VERIFIED for c in with_convention)


# ----- CPU-scale experiments and slow checks -------------------------------------------------


@pytest.mark.claim("003.s5.width")
def test_width_verdict_needs_both_losses_faster():
    """The decision behind 003.s5.width on synthetic medians (its run is slow)."""
    assert tl.faster_when_wider({8: {"js": 900, "rs": 500}, 32: {"js": 400, "rs": 300}}) == {
        "js": True,
        "rs": True,
    }
    assert tl.faster_when_wider({8: {"js": 755, "rs": 885}, 32: {"js": 1720, "rs": 3000}}) == {
        "js": False,
        "rs": False,
    }


@pytest.mark.slow
@pytest.mark.claim("003.s5.width")
def test_width_run_is_registered_verdict():
    claim = registry()["003.s5.width"]
    assert tl.check_width().verdict is claim.status


@pytest.mark.slow
@pytest.mark.claim("004.s32.fig1a")
def test_example1_dynamics_blow_up_away_from_the_lssp():
    from zigan_verify.checks import truth3_lssp

    evidence = truth3_lssp.check_fig1a()
    assert evidence.verdict is Status.REFUTED, evidence.summary
    near = [d for s, d, _ in evidence.data["ends"] if s in truth3_lssp.FIG1A_STARTS[:2]]
    assert max(near) < 1e-5
    assert evidence.data["unstable"] == [("45/41", "36/41", "-1/9")]


@pytest.mark.slow
@pytest.mark.claim("004.s32.fig1a")
def test_linearized_example1_converges_from_every_start():
    """Negative control: the linearization at the LSSP (1, 1, 0) attracts every start."""
    from zigan_verify.checks import truth3_lssp

    field = truth3_lssp.linearized_field()
    assert truth3_lssp.check_fig1a(field).verdict is Status.VERIFIED


def _end(method, seed, *, v_end=0.01, lam_g=-0.1, re=0.1, mmd2=0.2):
    from zigan_verify.experiments.digits_gan import DigitsEnd

    return DigitsEnd(method, seed, 1.0, v_end, lam_g, 0.2, 0.1, 1.0, re, mmd2)


@pytest.mark.claim("004.s52.digits")
def test_digits_saddle_verdict_needs_a_stable_near_stationary_saddle():
    """The decision behind 004.s52.digits on synthetic end points (its runs are slow)."""
    from zigan_verify.checks import truth3_lssp as ls

    ok = {"extra_adam": [_end("extra_adam", s) for s in (0, 1)], "adam": []}
    assert ls.check_digits_saddle(ok).verdict is Status.VERIFIED
    unstable = {"extra_adam": [_end("extra_adam", 0), _end("extra_adam", 1, re=-2.0)]}
    assert ls.check_digits_saddle(unstable).verdict is Status.UNREPRODUCED
    minimum = {"extra_adam": [_end("extra_adam", s, lam_g=0.01) for s in (0, 1)]}
    assert ls.check_digits_saddle(minimum).verdict is Status.UNREPRODUCED


@pytest.mark.claim("004.C5.adam")
def test_digits_adam_verdict_needs_better_extra_adam_and_unstable_adam():
    from zigan_verify.checks import truth3_lssp as ls

    runs = {
        "extra_adam": [_end("extra_adam", s, mmd2=0.1) for s in (0, 1)],
        "adam": [_end("adam", 0, mmd2=0.3, re=-1.0), _end("adam", 1, mmd2=0.3)],
    }
    assert ls.check_digits_adam(runs).verdict is Status.VERIFIED
    runs["adam"] = [_end("adam", s, mmd2=0.05, re=-1.0) for s in (0, 1)]  # Adam closer to data
    assert ls.check_digits_adam(runs).verdict is Status.UNREPRODUCED


@pytest.mark.slow
@pytest.mark.claim("004.s52.digits")
@pytest.mark.claim("004.C5.adam")
def test_digits_runs_give_the_registered_verdicts():
    from zigan_verify.checks import truth3_lssp as ls

    for cid, check in (
        ("004.s52.digits", ls.check_digits_saddle),
        ("004.C5.adam", ls.check_digits_adam),
    ):
        assert check().verdict is registry()[cid].status


@pytest.mark.claim("003.s6.imbalanced")
def test_imbalanced_outcome_on_synthetic_shares():
    """The decision behind 003.s6.imbalanced (its run is slow): JS must collapse and RS match."""
    paper = {"js": [(1.0, 0.0)] * 3, "rs": [(0.78, 0.22), (0.85, 0.15), (0.8, 0.2)]}
    assert tl.imbalanced_outcome(paper, 0.8) == (True, 3, 3)
    measured = {
        "js": [(0.85, 0.15), (1.0, 0.0), (0.8, 0.2), (0.66, 0.34)],
        "rs": [(1.0, 0.0), (1.0, 0.0), (0.64, 0.36), (1.0, 0.0)],
    }
    assert tl.imbalanced_outcome(measured, 0.8) == (False, 1, 0)


@pytest.mark.slow
@pytest.mark.claim("003.s6.imbalanced")
def test_imbalanced_run_is_registered_verdict():
    assert tl.check_imbalanced().verdict is registry()["003.s6.imbalanced"].status


@pytest.mark.claim("004.prop1")
def test_prop1_erratum_rests_on_eq9_and_rotation_not_on_the_letter_p():
    """NOTE: [notational conventions]: the proposition's P is existential, so reading it as
    App. A.1's P (eq. (14)) is reported but does not decide the verdict; the erratum stands on the
    sign of eq. (9) and the rotation direction (their control: test_landscape_claims)."""
    from zigan_verify.checks import landscape as L

    evidence = L.check_prop1()
    assert evidence.verdict is Status.ERRATUM, evidence.summary
    assert evidence.data["printed_P_not_Pinv"] > 1e-3  # (14)'s P does not decouple ...
    assert evidence.data["printed_neg_imag"] < 1e-9  # ... its inverse, the proposition's P, does
    assert "existential" in registry()["004.prop1"].correction


@pytest.mark.claim("000.s3.eq2")
def test_eq2_is_eq1_with_the_linear_loss():
    assert tz.check_eq2_is_eq1_with_linear_loss().verdict is Status.VERIFIED
    # negative control: the logistic loss does not give (2)'s objective
    t = sp.Symbol("t", real=True)
    logistic = sp.log(1 + sp.exp(-t))
    assert tz.check_eq2_is_eq1_with_linear_loss(logistic).verdict is Status.REFUTED


@pytest.mark.claim("000.s3.eq1")
def test_eq1_is_the_js_minimax(monkeypatch):
    """000 (1) is 001's JS slide; the same exact check, with its +2 log 2 control inside and a
    broken JS here."""
    from zigan_verify.checks import distances

    assert distances.check_js_identity().verdict is Status.VERIFIED
    monkeypatch.setattr(distances, "_js", lambda p, q: sp.Integer(0))
    assert distances.check_js_identity().verdict is Status.REFUTED
