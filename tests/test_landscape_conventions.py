"""Pins of the landscape formulas (issue 27, acceptance): the path-angle's sign against its
closed form and against 004's text / the authors' code (NOTE: [path-angle sign]), the App. C.3
aggregation's median and quartiles, the NSGAN and WGAN-GP losses by value, and the batched path
evaluation (NOTE: [batched path points], [eager game field]) against one ``v`` per point.

Each expected number is derived in the test from the formula it pins (stated beside it), so a
change of the formula (a saturating generator loss, swapped quartiles, a flipped sign) fails."""

import math

import numpy as np
import pytest
import torch

from zigan_verify.analysis.path_angle import PathAngle, aggregate, linear_path_angle, path_angle
from zigan_verify.game.games import quadratic_game
from zigan_verify.game.module_game import module_game, nsgan_losses, wgan_gp_losses

ALPHAS = np.linspace(0.0, 1.2, 25)


def _authors_cosine(game, start, end, alphas):
    """004's code (plot_path_tools.compute_path_stats), re-typed from its formulas:
    ``params_diff = checkpoint_1 - checkpoint_2`` (start minus end), cosine with the gradient."""
    diff = start - end
    out = []
    for a in alphas:
        g = game.v(a * end + (1 - a) * start)
        out.append(float(g @ diff) / (float(diff.norm()) * float(g.norm())))
    return np.array(out)


@pytest.mark.parametrize("s", [0.5, 3.0])
def test_pure_attraction_sign_is_eq7_as_printed(s):
    """S_1 = S_2 = sI, A = B = 0 (eq. (8), omega* = 0), start and end on one line through
    omega*: p(alpha) = start + alpha d = (alpha - alpha*) d, so v = s (alpha - alpha*) d and eq. (7)
    gives c = sign(alpha - alpha*): -1 before omega*, +1 after. 004 §4.3's text says the
    opposite (the update direction -v), and so does the authors' code: c_ours = -c_authors."""
    game = quadratic_game([[s]], [[0.0]], [[0.0]], [[s]])
    d = torch.tensor([1.0, 2.0], dtype=torch.float64)
    start, end = -0.9 * d, 0.1 * d  # omega* = 0 at alpha* = 0.9
    got = path_angle(game, start, end, ALPHAS)
    want = np.sign(ALPHAS - 0.9)
    keep = np.abs(ALPHAS - 0.9) > 1e-6  # at alpha* itself v ~ 0 (rounding): no direction
    assert keep.sum() == ALPHAS.size - 1
    np.testing.assert_allclose(got.cosine[keep], want[keep], rtol=0, atol=1e-12)
    np.testing.assert_allclose(
        _authors_cosine(game, start, end, ALPHAS)[keep], -got.cosine[keep], rtol=0, atol=1e-12
    )


def test_general_quadratic_game_matches_closed_form_and_authors_sign():
    """Attraction and rotation mixed (eq. (8) with random blocks): the game-type path-angle
    equals :func:`linear_path_angle` and is exactly minus the authors' cosine."""
    rng = np.random.default_rng(5)
    M = rng.standard_normal((2, 2))
    S1, S2 = M @ M.T + np.eye(2), np.eye(1) * 0.3
    B = rng.standard_normal((2, 1))
    A = -B.T
    star = torch.tensor([0.2, -0.1, 0.4], dtype=torch.float64)
    game = quadratic_game(S1, B, A, S2, star)
    start = torch.tensor([1.0, 2.0, -1.0], dtype=torch.float64)
    end = star + torch.tensor([0.01, -0.02, 0.03], dtype=torch.float64)
    got = path_angle(game, start, end, ALPHAS)
    J = np.block([[S1, B], [A, S2]])
    want = linear_path_angle(J, star.numpy(), start.numpy(), end.numpy(), ALPHAS)
    np.testing.assert_allclose(got.cosine, want.cosine, rtol=0, atol=1e-12)
    np.testing.assert_allclose(got.norm, want.norm, rtol=1e-12)
    np.testing.assert_allclose(
        _authors_cosine(game, start, end, ALPHAS), -got.cosine, rtol=0, atol=1e-12
    )


def test_app_c3_aggregation_median_and_quartiles():
    """Five end points whose cosine and norm are 1..5 (times a per-alpha factor) at every alpha:
    numpy's linear percentiles of five sorted values are the 2nd, 3rd and 4th values, so the
    median is 3, the quartiles 2 and 4 (both curves; a swap of median and quartile fails)."""
    a = np.linspace(0, 1, 4)
    scale = np.array([0.1, 0.2, 0.05, 0.15])
    curves = [PathAngle(a, k * scale, 10.0 * k * scale) for k in (5, 1, 4, 2, 3)]
    s = aggregate(curves)
    np.testing.assert_allclose(s.median, 3 * scale, rtol=1e-15)
    np.testing.assert_allclose(s.q25, 2 * scale, rtol=1e-15)
    np.testing.assert_allclose(s.q75, 4 * scale, rtol=1e-15)
    np.testing.assert_allclose(s.norm_median, 30 * scale, rtol=1e-15)
    np.testing.assert_allclose(s.norm_q25, 20 * scale, rtol=1e-15)
    np.testing.assert_allclose(s.norm_q75, 40 * scale, rtol=1e-15)
    assert s.n_ends == 5


def test_nsgan_losses_are_the_non_saturating_ones():
    """Identity G and D (logits D(x) = x): L_G = mean softplus(-D(G(z))) (non-saturating,
    Goodfellow et al. 2014 §3); for z = (0, ln 3): (ln 2 + ln(4/3)) / 2 = ln(8/3) / 2. The
    saturating L_G = -mean softplus(D(G(z))) = -(ln 2 + ln 4) / 2 differs. L_D = mean
    softplus(-D(x)) + mean softplus(D(G(z))); for x = (0, ln 3): ln(8/3)/2 + (ln 2 + ln 4)/2."""
    loss_G, loss_D = nsgan_losses()
    ident = lambda t: t  # noqa: E731
    z = torch.tensor([0.0, math.log(3.0)], dtype=torch.float64)
    x = z.clone()
    assert float(loss_G(ident, ident, x, z)) == pytest.approx(math.log(8 / 3) / 2, rel=1e-15)
    want_D = math.log(8 / 3) / 2 + (math.log(2) + math.log(4)) / 2
    assert float(loss_D(ident, ident, x, z)) == pytest.approx(want_D, rel=1e-15)


def test_wgan_gp_generator_loss_value():
    """L_G = -E D(G(z)) (Gulrajani et al. 2017 Alg. 1): identity D and G on z = (1, 2, 6) give -3."""
    loss_G = wgan_gp_losses(1.0, torch.ones(3, 1, dtype=torch.float64))[0]
    z = torch.tensor([[1.0], [2.0], [6.0]], dtype=torch.float64)
    assert float(loss_G(lambda t: t, lambda t: t, z, z)) == -3.0


def _mlp(i, h, o, seed, act=torch.nn.Tanh):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(i, h), act(), torch.nn.Linear(h, o))


@pytest.mark.parametrize("losses", ["nsgan", "wgan_gp"])
def test_batched_path_fields_equal_one_v_per_point(losses):
    """ModuleGame.fields (plain reverse mode, shared generator output) and Game.fields (vmap) give
    Game.v at every point, to rounding (float64: 1e-12 on O(1) gradients)."""
    gen = torch.Generator().manual_seed(2)
    game = module_game(
        _mlp(3, 4, 2, 0),
        _mlp(2, 5, 1, 1),
        data=torch.randn(16, 2, generator=gen),
        latents=torch.randn(16, 3, generator=gen),
        losses=losses,
    )
    P = game.initial_point + 0.3 * torch.randn(5, game.dim, generator=gen, dtype=torch.float64)
    want = torch.stack([game.v(p) for p in P])
    torch.testing.assert_close(game.fields(P), want, rtol=0, atol=1e-12)
    from zigan_verify.game.games import Game

    torch.testing.assert_close(Game.fields(game, P, 2), want, rtol=0, atol=1e-12)


def test_frozen_parameters_are_still_variables_of_the_game():
    """A layer frozen for training (requires_grad=False) is still part of omega: the eager path
    statistics agree with Game.v there too."""
    G = _mlp(3, 4, 2, 0)
    G[0].requires_grad_(False)
    gen = torch.Generator().manual_seed(3)
    game = module_game(
        G,
        _mlp(2, 5, 1, 1),
        data=torch.randn(8, 2, generator=gen),
        latents=torch.randn(8, 3, generator=gen),
    )
    P = game.initial_point + 0.1 * torch.randn(3, game.dim, generator=gen, dtype=torch.float64)
    torch.testing.assert_close(
        game.fields(P), torch.stack([game.v(p) for p in P]), rtol=0, atol=1e-12
    )
