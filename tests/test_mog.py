"""004 App. C.1's MoG experiment (zigan_verify.experiments.mog): data, game and update rules."""

import pytest
import torch

from zigan_verify._errors import ZiganError
from zigan_verify.claims import get_claim, run_check
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
def test_mog_nsgan_claims():
    for cid in ("004.s5.mog.nsgan", "004.C4.fig7"):
        claim = get_claim(cid)
        assert run_check(claim).verdict is claim.status
