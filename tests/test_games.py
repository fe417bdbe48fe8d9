"""The general two-player game (004 eq. (3), (5)): v, J u, player Hessians and every adapter.

Independent references: a dense ``torch.func.hessian`` of each loss (so ``J`` is built block by
block from the definitions of eq. (5), not from ``v``), central finite differences of ``v``, and
the problems' own ``F`` / ``DF``.
"""

import numpy as np
import pytest
import sympy as sp
import torch
from torch.func import hessian

from zigan_verify._errors import ZiganError
from zigan_verify.game.games import Game, quadratic_game, sympy_game
from zigan_verify.game.models import bilinear, dirac_gan
from zigan_verify.game.module_game import module_game
from zigan_verify.game.problem import ZIGANProblem
from zigan_verify.testing.tolerances import TOL


def _blocks_from_hessians(game, w):
    """eq. (5) from the definitions: rows theta of Hess L_G, rows phi of Hess L_D."""
    HG, HD = hessian(game.L_G)(w), hessian(game.L_D)(w)
    n = game.n_theta
    return torch.cat([HG[:n], HD[n:]])


def _nonzero_sum_game():
    t1, t2, p = sp.symbols("t1 t2 p", real=True)
    LG = sp.sin(t1) * p**2 + t2**3 * p - t1 * t2
    LD = sp.exp(t1 * p) / 3 + p**4 / 4 + t2 * p
    return sympy_game(LG, LD, (t1, t2), (p,), name="nonzero")


def _mlp(i, h, o, seed):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(i, h), torch.nn.Tanh(), torch.nn.Linear(h, o))


def _user_gan(losses="nsgan", subset=None):
    gen = torch.Generator().manual_seed(3)
    x = torch.randn(20, 2, generator=gen)
    z = torch.randn(20, 3, generator=gen)
    return module_game(
        _mlp(3, 4, 2, 0), _mlp(2, 5, 1, 1), data=x, latents=z, losses=losses, subset=subset
    )


GAMES = {
    "nonzero_sympy": _nonzero_sum_game,
    "user_nsgan": _user_gan,
    "user_wgan_gp": lambda: _user_gan("wgan_gp"),
    "dirac_js": lambda: dirac_gan("js").game(),
}


@pytest.mark.parametrize("name", GAMES)
def test_jacobian_product_matches_eq5_blocks(name):
    game = GAMES[name]()
    gen = torch.Generator().manual_seed(7)
    w = getattr(game, "initial_point", None)
    w = 0.5 * torch.randn(game.dim, generator=gen, dtype=torch.float64) if w is None else w
    J = _blocks_from_hessians(game, w)
    u = torch.randn(game.dim, generator=gen, dtype=torch.float64)
    torch.testing.assert_close(game.jvp(w, u), J @ u, **TOL["closed_form_vs_autograd"])
    torch.testing.assert_close(game.jacobian(w), J, **TOL["closed_form_vs_autograd"])
    n = game.n_theta
    ut, up = u[:n], u[n:]
    torch.testing.assert_close(
        game.player_hessian_product(w, "G")(ut), J[:n, :n] @ ut, **TOL["closed_form_vs_autograd"]
    )
    torch.testing.assert_close(
        game.player_hessian_product(w, "D")(up), J[n:, n:] @ up, **TOL["closed_form_vs_autograd"]
    )
    # v against finite differences of the losses along each coordinate of its own player
    h = 1e-6
    fd = []
    for i in range(game.dim):
        e = torch.zeros(game.dim, dtype=torch.float64)
        e[i] = h
        L = game.L_G if i < n else game.L_D
        fd.append((L(w + e) - L(w - e)) / (2 * h))
    torch.testing.assert_close(game.v(w), torch.stack(fd), **TOL["autograd_vs_finite_difference"])


def test_zero_sum_special_case_is_the_saddle_operator():
    prob = ZIGANProblem(torch.randn(4, 2), torch.randn(4, 2), width=3, r=3, loss="js")
    game = prob.game()
    z = prob.random_point(torch.Generator().manual_seed(1))
    assert game.is_zero_sum
    assert game.n_theta == prob.n_x
    torch.testing.assert_close(game.v(z), prob.F(z), **TOL["exact_vs_float"])
    u = prob.random_point(torch.Generator().manual_seed(2))
    # the closed-form J u (App. B.3) against the autodiff DF
    torch.testing.assert_close(game.jvp(z, u), prob.DF(z) @ u, **TOL["closed_form_vs_autograd"])
    # the explicit zero-sum form agrees with the two-loss form (L_D = -L_G)
    general = Game(prob.f, lambda w: -prob.f(w), n_theta=prob.n_x, dim=prob.dim)
    torch.testing.assert_close(general.v(z), game.v(z), **TOL["exact_vs_float"])


def test_symbolic_and_simple_gan_adapters():
    from zigan_verify.analysis.jare.simple_gan import simple_gan_game

    g = bilinear(2).game()
    w = torch.tensor([0.3, -0.7], dtype=torch.float64)
    torch.testing.assert_close(g.v(w), bilinear(2).operator(w), **TOL["exact_vs_float"])
    sg = simple_gan_game(0.5, [1.0, 0.5])
    w = torch.tensor([1.0, 0.5, 0.0, 0.0], dtype=torch.float64)  # the equilibrium (v, 0)
    assert float(sg.v(w).norm()) < 1e-10


def test_quadratic_game_jacobian_is_eq8():
    S1, B, A, S2 = (
        np.diag([1.0, 2.0]),
        np.array([[1.0], [0.5]]),
        np.array([[-3.0, 1.0]]),
        np.array([[0.5]]),
    )
    g = quadratic_game(S1, B, A, S2, omega_star=[1.0, 2.0, 3.0])
    want = np.block([[S1, B], [A, S2]])
    np.testing.assert_allclose(
        _blocks_from_hessians(g, torch.zeros(3)).numpy(), want, rtol=0, atol=1e-14
    )
    assert float(g.v(g.omega_star).norm()) == 0.0


def test_module_game_subset_and_user_modules_untouched():
    G, D = _mlp(3, 4, 2, 0).float(), _mlp(2, 5, 1, 1).float()
    before = [p.detach().clone() for p in G.parameters()]
    x, z = torch.randn(30, 2), torch.randn(30, 3)
    game = module_game(G, D, data=x, latents=z, subset=7)
    assert game.data.shape == (7, 2)
    assert game.data.dtype == torch.float64
    game.v(game.initial_point + 1.0)
    assert all(torch.equal(a, b) for a, b in zip(before, G.parameters(), strict=True))
    assert G[0].weight.dtype == torch.float32  # the user's module keeps its dtype


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(losses="lsgan"), "unknown losses"),
        (dict(subset=0), "subset must be"),
        (dict(losses=(1, 2)), "pair"),
    ],
    ids=["loss-name", "subset", "loss-pair"],
)
def test_module_game_errors(kwargs, match):
    with pytest.raises(ZiganError, match=match):
        module_game(
            _mlp(3, 4, 2, 0),
            _mlp(2, 5, 1, 1),
            data=torch.randn(5, 2),
            latents=torch.randn(5, 3),
            **kwargs,
        )


def test_game_errors():
    with pytest.raises(ZiganError, match="0 < n_theta < dim"):
        Game(lambda w: w.sum(), lambda w: w.sum(), n_theta=0, dim=2)
    with pytest.raises(ZiganError, match="symmetric"):
        quadratic_game([[0.0, 1.0], [0.0, 0.0]], [[1.0], [1.0]], [[1.0, 1.0]], [[1.0]])


def _penalty_by_autograd(D, x, gp_weight=1.0):
    """WGAN-GP's penalty term typed independently: torch.autograd.grad and linalg.vector_norm."""
    x = x.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(D(x).sum(), x, create_graph=True)
    return gp_weight * ((torch.linalg.vector_norm(g, dim=1) - 1) ** 2).mean()


def test_wgan_gp_penalty_exact_value_and_no_eps_curvature():
    """NOTE: [gradient-penalty norm]: the penalty is (||grad_x D|| - 1)^2 exactly, and where
    grad_x D = 0 (a critic with zero output layer) its derivatives stay finite and O(1); the
    eps-in-the-root form it replaced puts ~1/sqrt(eps) curvature there (negative control)."""
    from zigan_verify.game.module_game import wgan_gp_losses

    gen = torch.Generator().manual_seed(11)
    x = torch.randn(6, 2, generator=gen, dtype=torch.float64)
    fake = torch.randn(6, 2, generator=gen, dtype=torch.float64)
    eps = torch.rand(6, 1, generator=gen, dtype=torch.float64)
    D = _mlp(2, 5, 1, 1).to(torch.float64)
    loss_D = wgan_gp_losses(1.0, eps)[1]
    xhat = eps * x + (1 - eps) * fake
    got = loss_D(lambda z: fake, D, x, None) - (D(fake).mean() - D(x).mean())
    torch.testing.assert_close(got, _penalty_by_autograd(D, xhat), rtol=1e-14, atol=0)

    # a critic whose output layer is zero: grad_x D = 0 at every sample, the penalty's kink
    layout = [(n, p.shape) for n, p in D.named_parameters()]
    flat = torch.cat([p.detach().reshape(-1) for p in D.parameters()])
    sizes = [p.numel() for p in D.parameters()]
    flat[sum(sizes[:2]) : sum(sizes[:3])] = 0.0  # the 1 x 5 output weight

    def params(w):
        out, i = {}, 0
        for (name, shape), k in zip(layout, sizes, strict=True):
            out[name] = w[i : i + k].view(shape)
            i += k
        return out

    def penalty_in_phi(w, root):
        Dw = lambda t: torch.func.functional_call(D, params(w), (t,))  # noqa: E731
        g = torch.func.grad(lambda t: Dw(t).sum())(xhat).pow(2).sum(1)
        return ((root(g) - 1) ** 2).mean()

    from zigan_verify.game.module_game import _safe_norm

    H_safe = torch.func.hessian(lambda w: penalty_in_phi(w, _safe_norm))(flat)
    H_eps = torch.func.hessian(lambda w: penalty_in_phi(w, lambda s: (s + 1e-30).sqrt()))(flat)
    assert torch.isfinite(H_safe).all()
    assert H_safe.abs().max() < 10.0  # the Hessian of ||g||^2 + 1: O(|x| |W_1|^2)
    assert H_eps.abs().max() > 1e10  # the eps form: ~ |dg|^2 / sqrt(1e-30)
