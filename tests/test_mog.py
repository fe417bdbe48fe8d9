"""004 App. C.1's MoG experiment (zigan_verify.experiments.mog): data, game and update rules."""

import pytest
import torch

from zigan_verify._errors import ZiganError
from zigan_verify.checks import landscape_mog as L
from zigan_verify.claims import Status, get_claim, run_check
from zigan_verify.experiments.mog import HYPER, mog_data, mog_game, train


def test_mog_data_moments():
    x, z = mog_data(20_000, seed=3)
    x = x[:, 0].numpy()
    right, left = x[x > 0], x[x < 0]
    # 1/2 N(2, 0.5) + 1/2 N(-2, 1): overlap below 3% at +-0; 4-sigma bands on the moments
    assert abs(right.mean() - 2) < 0.05
    assert abs(left.mean() + 2) < 0.08
    assert abs(right.var() - 0.5) < 0.06
    assert abs(x.mean()) < 0.05
    assert z.shape == (20_000, 1)


def test_mog_game_layout():
    g = mog_game("nsgan", n=50)
    assert (g.n_theta, g.n_phi) == (301, 301)  # Linear(1,100) + Linear(100,1), both players


def test_mog_game_does_not_depend_on_the_default_dtype():
    """The modules are created in float64, so the initial draw is the same whatever the caller's
    default dtype (the registered numbers come from float64-default runs)."""
    previous = torch.get_default_dtype()
    try:
        torch.set_default_dtype(torch.float32)
        a = mog_game("nsgan", n=20).initial_point
    finally:
        torch.set_default_dtype(previous)
    torch.testing.assert_close(a, mog_game("nsgan", n=20).initial_point, rtol=0, atol=0)


def test_training_does_not_depend_on_the_default_dtype():
    """The per-player rates are float64 too: a float32 default rounded them (WGAN-GP's EG run
    then diverged at step 1417 instead of 1450)."""
    g = mog_game("wgan_gp", n=20)
    previous = torch.get_default_dtype()
    try:
        torch.set_default_dtype(torch.float32)
        a = train(g, loss="wgan_gp", method="eg", iterations=3, record_every=1).end
    finally:
        torch.set_default_dtype(previous)
    b = train(g, loss="wgan_gp", method="eg", iterations=3, record_every=1).end
    torch.testing.assert_close(a, b, rtol=0, atol=0)


@pytest.mark.parametrize("method", ["gd", "eg"])
def test_one_step_is_the_update_rule(method):
    g = mog_game("wgan_gp", n=40)
    w0 = g.initial_point
    run = train(g, loss="wgan_gp", method=method, iterations=1, record_every=1)
    eta = torch.cat(
        [
            torch.full((g.n_theta,), HYPER["wgan_gp"]["lr_G"]),
            torch.full((g.n_phi,), HYPER["wgan_gp"]["lr_D"]),
        ]
    )
    v = g.v(w0)
    want = w0 - eta * (g.v(w0 - eta * v) if method == "eg" else v)
    torch.testing.assert_close(run.end, want, rtol=0, atol=0)
    assert len(run.grad_norms) == 2
    assert run.grad_norms[0] == pytest.approx(float(v.norm()), rel=1e-15)


def test_train_errors():
    g = mog_game("nsgan", n=10)
    with pytest.raises(ZiganError, match="unknown method"):
        train(g, loss="nsgan", method="adam")
    with pytest.raises(ZiganError, match="iterations"):
        train(g, loss="nsgan", iterations=0)
    with pytest.raises(ZiganError, match="unknown loss"):
        mog_game("lsgan")


@pytest.mark.slow
@pytest.mark.claim("004.s5.mog.nsgan")
@pytest.mark.claim("004.C4.fig7")
@pytest.mark.claim("004.s5.mog.wgan_gp")
@pytest.mark.claim("004.s51.fig4.wgan_right")
@pytest.mark.claim("004.s52.sharp_D")
def test_mog_claims():
    ids = ("004.s5.mog.nsgan", "004.C4.fig7", "004.s5.mog.wgan_gp")
    for cid in ids + ("004.s51.fig4.wgan_right", "004.s52.sharp_D"):
        claim = get_claim(cid)
        assert run_check(claim).verdict is claim.status, cid
    # the WGAN-GP run diverged (v non-finite, parameters ~1e97) while J u at the start is finite
    m = L.mog_measurements("wgan_gp")
    assert m["eg"]["diverged_at"] is not None
    assert m["Ju_finite_at_start"]


def _summary(median_re, lambda_max_D):
    return dict(median_re_over_abs_complex=median_re, lambda_max_D=lambda_max_D)


def test_objective_comparisons_flip_with_their_evidence():
    """Negative controls of §5's two comparisons (checks.landscape.compare_objectives)."""
    ns, wg = _summary(0.02, 500.0), _summary(0.4, 3.0)
    assert L.compare_objectives(ns, wg) == {
        "wgan_gp_shifted_right": True,
        "nsgan_discriminator_sharper": True,
    }
    assert L.compare_objectives(wg, ns) == {
        "wgan_gp_shifted_right": False,
        "nsgan_discriminator_sharper": False,
    }
    off_axis = _summary(0.3, 500.0)  # NSGAN not concentrated on the imaginary axis
    assert not L.compare_objectives(off_axis, wg)["wgan_gp_shifted_right"]
    assert not L.compare_objectives(_summary(0.02, 20.0), wg)["nsgan_discriminator_sharper"]
    assert not any(L.compare_objectives(ns, None).values())  # no WGAN-GP end point


def test_mog_empirical_verdict_follows_the_measurements(monkeypatch):
    """check_mog_empirical on recorded measurements: a diverged run is unreproduced, a run with
    the four properties verified, one property missing unreproduced."""
    eg = dict(initial=3.0, final=0.1, diverged_at=None, max_abs_omega=5.0)
    good = dict(lambda_min_G=-0.5, lambda_min_D=0.2, min_re_J=0.01,
                max_abs_imag_over_max_abs_real=0.5)  # fmt: skip
    cases = [
        ({"eg": eg, "classification": good}, Status.VERIFIED),
        ({"eg": eg, "classification": {**good, "min_re_J": -0.01}}, Status.UNREPRODUCED),
        (
            {
                "eg": {**eg, "final": float("nan"), "diverged_at": 7, "max_abs_omega": 1e200},
                "classification": None,
                "Ju_finite_at_start": True,
            },
            Status.UNREPRODUCED,
        ),  # fmt: skip
    ]
    for m, want in cases:
        monkeypatch.setattr(L, "mog_measurements", lambda loss, m=m: m)
        assert L.check_mog_empirical("wgan_gp").verdict is want
