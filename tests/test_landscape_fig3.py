"""004 §5.1 / Fig. 3: the path-angle bump (path_angle.bump), the MoG checks and the minimization
control (checks.landscape.check_mog_fig3_bump, check_fig3_minimization)."""

import re

import numpy as np
import pytest
import torch

from zigan_verify._errors import ZiganError
from zigan_verify.analysis.path_angle import BUMP_MIN, bump, linear_path_angle
from zigan_verify.checks import landscape_mog as L
from zigan_verify.claims import Status, get_claim, run_check
from zigan_verify.experiments.mog import (
    MoGRun,
    best_window,
    discriminator_problem,
    mog_data,
    mog_game,
)

A = L.FIG3_ALPHAS


# ----- the bump criterion on synthetic curves (negative controls) -----
def test_monotone_sign_switch_has_no_bump():
    c = np.tanh((A - 1.0) / 0.05)  # Fig. 2a with S = sI: one quick switch, no overshoot
    b = bump(A, c)
    assert b.height == 0.0
    assert not b.present
    assert b.sign == 0


@pytest.mark.parametrize("sign", [1, -1])
def test_a_peak_on_a_flat_curve_is_a_bump_either_way(sign):
    c = sign * 0.8 * np.exp(-(((A - 1.0) / 0.03) ** 2))  # Fig. 2b: ends ~0, |c| high at 1
    b = bump(A, c)
    assert b.present
    assert b.sign == sign
    assert b.height == pytest.approx(0.8, abs=1e-3)  # the grid has alpha = 1 exactly
    assert b.alpha == pytest.approx(1.0)


def test_overshoot_past_the_switch_is_a_bump_and_flips_with_its_size():
    """Fig. 2c: a sign switch plus a dip below the edge levels; a dip under BUMP_MIN is none."""
    switch = 0.1 * np.tanh((A - 1.0) / 0.02)
    for depth, want in ((0.3, True), (0.5 * BUMP_MIN, False)):
        c = switch - depth * np.exp(-(((A - 0.9) / 0.01) ** 2))  # switch(0.9) = -0.1 to 1e-5
        assert bump(A, c).height == pytest.approx(depth, abs=1e-4)
        assert bump(A, c).present is want, depth


def test_bump_outside_the_window_does_not_count():
    c = 0.9 * np.exp(-(((A - 0.3) / 0.03) ** 2))
    assert not bump(A, c).present


def test_bump_rejects_bad_input():
    with pytest.raises(ZiganError, match="window"):
        bump([0.0, 0.1, 0.2], [0.0, 0.1, 0.0])
    with pytest.raises(ZiganError, match="length"):
        bump(A, np.zeros(3))


# ----- the same criterion on the quadratic archetypes (004.fig2a-c) -----
def test_bump_on_the_fig2_archetypes():
    A = np.unique(
        np.concatenate([L.FIG3_ALPHAS, np.linspace(0.9, 1.1, 20001)])
    )  # the peak is narrow
    rng = np.random.default_rng(3)
    w0, w1 = rng.standard_normal(2), 0.05 * rng.standard_normal(2)
    rot = linear_path_angle(np.array([[0.0, 1.7], [-1.7, 0.0]]), np.zeros(2), w0, w1, A).cosine
    att = linear_path_angle(np.eye(2), np.zeros(2), w0, w1, A).cosine
    assert bump(A, rot).present
    assert bump(A, rot).height > 0.9
    assert not bump(A, att).present  # Fig. 2a with S = I
    # Fig. 2c on J = R_beta: the bump grows towards pure rotation (004.fig2c's reading)
    heights = []
    for beta in (0.2, 0.8, 1.4):
        J = np.array([[np.cos(beta), np.sin(beta)], [-np.sin(beta), np.cos(beta)]])
        heights.append(bump(A, linear_path_angle(J, np.zeros(2), w0, w1, A).cosine).height)
    assert heights == sorted(heights)
    assert heights[0] < heights[-1]


@pytest.mark.claim("004.fig3.minimization")
def test_quadratic_minimization_bump_needs_ill_conditioning():
    assert L.quadratic_minimization_bump()["bump"]  # S = diag(1, 100)
    assert not L.quadratic_minimization_bump(condition=1.0)["bump"]  # S = I: monotone


# ----- verdict functions (negative controls) -----
@pytest.mark.claim("004.s51.fig3.bump.wgan_gp")
@pytest.mark.claim("004.s51.fig3.bump.nsgan")
def test_fig3_bump_verdict_flips_with_its_evidence():
    assert L.fig3_bump_verdict(True, True) is Status.VERIFIED
    assert L.fig3_bump_verdict(False, True) is Status.REFUTED
    assert L.fig3_bump_verdict(True, False) is Status.UNREPRODUCED  # not the paper's setting
    assert L.fig3_bump_verdict(False, False) is Status.UNREPRODUCED


@pytest.mark.claim("004.fig3.minimization")
def test_minimization_verdict_flips_with_its_evidence():
    assert L.minimization_verdict(True, True, True) is Status.REFUTED
    assert L.minimization_verdict(False, True, True) is Status.CONDITIONAL
    assert L.minimization_verdict(False, True, False) is Status.VERIFIED
    assert L.minimization_verdict(True, False, True) is Status.UNREPRODUCED


# ----- App. C.3's end points and the minimization control -----
def _run(norms):
    pts = tuple(torch.full((2,), float(i)) for i in range(len(norms)))
    g = np.asarray(norms, dtype=float)
    return MoGRun("nsgan", "eg", 10, g, pts[0], pts[-1], list(pts[-5:]), None, pts)


def test_best_window_is_centred_on_the_smallest_norm_after_the_start():
    assert best_window(_run([0.1, 5, 4, 3, 2, 1, 2, 3, 4, 5, 6])) == [3, 4, 5, 6, 7]
    assert best_window(_run([0.1, 5, 4, 3, 2, 1])) == [1, 2, 3, 4, 5]  # clipped at the end
    assert best_window(_run([9, 1, 2, 3, 4, 5, 6])) == [1, 2, 3, 4, 5]  # never the start
    assert best_window(_run([9, 1, 2, np.nan, 4, 5])) == [1, 2, 4, 5]  # non-finite skipped
    with pytest.raises(ZiganError, match="no finite"):
        best_window(_run([1.0, np.nan]))


def test_mog_data_does_not_depend_on_the_default_dtype():
    old = torch.get_default_dtype()
    try:
        torch.set_default_dtype(torch.float32)
        a = mog_data(50)
    finally:
        torch.set_default_dtype(old)
    for u, w in zip(a, mog_data(50), strict=True):
        torch.testing.assert_close(u, w, rtol=0, atol=0)


@pytest.mark.slow  # ~1 s: torch.func's first calls
def test_discriminator_problem_is_the_discriminators_half_of_the_game():
    game = mog_game("nsgan", n=20)
    prob = discriminator_problem(game)
    assert prob.dim == game.n_phi
    torch.testing.assert_close(
        prob.v(prob.initial_point), game.v(game.initial_point)[game.n_theta :], rtol=0, atol=0
    )


# ----- the registered claims (training at MOG_SCALE: slow) -----
def _numbers(text: str) -> set[str]:
    """Every number in ``text``, whole or decimal (steps such as 1450 drift too), except the
    paper prefix of a claim id (``004.s5...``)."""
    return set(re.findall(r"(?<![\w.§])-?\d+(?:\.\d+)?(?!\w|\.[A-Za-z])", text))


@pytest.mark.slow
@pytest.mark.claim("004.s51.fig3.bump.wgan_gp")
@pytest.mark.claim("004.s51.fig3.bump.nsgan")
@pytest.mark.claim("004.fig3.minimization")
@pytest.mark.parametrize(
    "cid", ["004.s51.fig3.bump.wgan_gp", "004.s51.fig3.bump.nsgan", "004.fig3.minimization"]
)
def test_fig3_claims(cid):
    claim = get_claim(cid)
    ev = run_check(claim)
    assert ev.verdict is claim.status, ev.summary
    # every measured number the registry quotes is one the check reports
    quoted = _numbers(claim.correction)
    assert quoted <= _numbers(ev.summary), quoted - _numbers(ev.summary)
