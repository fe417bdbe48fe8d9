"""The GAN problem (000 eq. (3)/(4)): layout, objective, operator, bad input."""

import pytest
import torch

from zigan_verify import ZiganError, ZIGANProblem
from zigan_verify.game.features import SigmoidLayer, TorchFeatureMap
from zigan_verify.testing.tolerances import TOL


def make(seed=0, n=3, d1=2, d2=3, r=4, p=2, loss="zi"):
    gen = torch.Generator().manual_seed(seed)
    prob = ZIGANProblem(
        torch.randn(n, d1, generator=gen),
        torch.randn(n, p, generator=gen),
        r=r,
        width=d2,
        loss=loss,
    )
    return prob, prob.random_point(gen)


def test_layout_and_round_trip():
    prob, z = make()
    n, d1, d2, r, m, p = prob.sizes
    assert (m, prob.n_x, prob.dim) == (d2 * p, d1 * d2 + m, d1 * d2 + m + r + r * d1)
    g, theta, w, A = prob.unpack(z)
    assert A.shape == (r, d1)
    assert torch.equal(prob.pack(g.view(d1, d2), theta, w, A), z)


@pytest.mark.claim("000.s4.vec")
def test_row_stacked_g_makes_phi_kron_convention_hold():
    """G phi_i = (I kron phi_i^T) g for g = G.reshape(-1) (rows stacked), not for column stacking."""
    prob, z = make(seed=3)
    g, theta, *_ = prob.unpack(z)
    phi = prob.phi(theta, prob.latents)
    G = g.view(prob.sizes.d1, prob.sizes.d2)
    eye = torch.eye(prob.sizes.d1)
    for i in range(prob.sizes.n):
        Phi_i = torch.kron(eye, phi[i][None, :])
        torch.testing.assert_close(Phi_i @ g, G @ phi[i], **TOL["exact_vs_float"])
        col_stacked = G.T.reshape(-1)
        assert not torch.allclose(Phi_i @ col_stacked, G @ phi[i], rtol=1e-3, atol=1e-3)
    torch.testing.assert_close(prob.generated(g, theta), phi @ G.T, **TOL["exact_vs_float"])


@pytest.mark.claim("000.s4.eq4")
def test_linear_loss_gives_eq4():
    """f with l(t) = -t equals (1/n) w^T sum_i [sigma(A x_i) - sigma(A Phi_i g)] (eq. (4))."""
    prob, z = make(seed=1)
    g, theta, w, A = prob.unpack(z)
    Y = prob.generated(g, theta)
    eq4 = w @ (torch.sigmoid(A @ prob.data.T) - torch.sigmoid(A @ Y.T)).sum(1) / prob.sizes.n
    torch.testing.assert_close(prob.f(z), eq4, **TOL["exact_vs_float"])


@pytest.mark.parametrize("loss", ["zi", "js"])
def test_operator_is_signed_gradient(loss):
    """F = (grad_x f, -grad_y f), checked against central differences of f."""
    prob, z = make(seed=2, loss=loss)
    h, F = 1e-6, prob.F(z)
    fd = torch.stack(
        [(prob.f(z + h * e) - prob.f(z - h * e)) / (2 * h) for e in torch.eye(prob.dim)]
    )
    sign = torch.ones(prob.dim)
    sign[prob.n_x :] = -1
    torch.testing.assert_close(F, sign * fd, **TOL["autograd_vs_finite_difference"])
    assert F.dtype == torch.float64


def test_DF_is_jacobian_of_F_and_hessian_is_symmetric():
    prob, z = make(seed=4, loss="js")
    H = prob.hessian(z)
    torch.testing.assert_close(H, H.T, **TOL["exact_vs_float"])
    sign = torch.ones(prob.dim)
    sign[prob.n_x :] = -1
    torch.testing.assert_close(prob.DF(z), sign[:, None] * H, **TOL["exact_vs_float"])


def test_timescale_matrix():
    prob, _ = make()
    lam = prob.timescale(4.0)
    assert torch.all(lam[: prob.n_x] == 0.25)
    assert torch.all(lam[prob.n_x :] == 1.0)


def test_user_feature_map_matches_default():
    layer = SigmoidLayer(latent_dim=2, out_dim=3)

    def fn(theta, z):
        return torch.sigmoid(theta.view(3, 2) @ z)

    user = TorchFeatureMap(fn, num_params=6, out_dim=3)
    gen = torch.Generator().manual_seed(5)
    theta, Z = torch.randn(6, generator=gen), torch.randn(4, 2, generator=gen)
    for method in ("__call__", "jacobian", "hessian"):
        torch.testing.assert_close(
            getattr(user, method)(theta, Z),
            getattr(layer, method)(theta, Z),
            **TOL["exact_vs_float"],
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param(
            dict(data=torch.zeros(3)), r"data has shape \(3,\), expected \(\*, \*\)", id="data-1d"
        ),
        pytest.param(
            dict(latents=torch.zeros(4, 2)),
            r"latents has shape \(4, 2\), expected \(3, \*\)",
            id="n-mismatch",
        ),
        pytest.param(
            dict(data=torch.tensor([[0.0, float("nan")]] * 3)),
            r"data has a non-finite value nan at index \(0, 1\)",
            id="nan",
        ),
        pytest.param(
            dict(latents=torch.full((3, 2), float("inf"))),
            r"latents has a non-finite value inf",
            id="inf",
        ),
        pytest.param(dict(loss="wgan"), r"unknown loss 'wgan'; choose one of js, zi", id="loss"),
        pytest.param(dict(r=0), r"discriminator width r must be >= 1, got 0", id="r"),
        pytest.param(dict(width=None), r"generator width must be >= 1, got None", id="width"),
    ],
)
def test_bad_input_names_the_problem(kwargs, message):
    args = dict(data=torch.zeros(3, 2), latents=torch.zeros(3, 2), r=2, width=2) | kwargs
    with pytest.raises(ZiganError, match=message):
        ZIGANProblem(**args)


def test_bad_point_shape():
    prob, _ = make()
    with pytest.raises(ZiganError, match=r"z has shape \(3,\)"):
        prob.F(torch.zeros(3))
    with pytest.raises(ZiganError, match="block w has 1 entries"):
        prob.pack(torch.zeros(6), torch.zeros(6), torch.zeros(1), torch.zeros(8))
