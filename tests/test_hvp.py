"""The matrix-free closed-form HVP and Lambda_tau DF operator (zigan_verify.game.hvp, paper_scale)."""

import numpy as np
import pytest
import torch
from scipy.sparse.linalg import eigs
from torch.func import grad, jvp

from zigan_verify._errors import ZiganError
from zigan_verify.analysis.paper_scale import paper_problem, predicted_mu, timescaled_operator
from zigan_verify.analysis.spectrum import blocks, dense_jacobian, timescaled_jacobian
from zigan_verify.game.hvp import Curvature, gradient, hvp
from zigan_verify.game.problem import ZIGANProblem
from zigan_verify.testing.tolerances import TOL


def _problem(seed, loss="zi"):
    gen = torch.Generator().manual_seed(seed)
    prob = ZIGANProblem(torch.randn(4, 3, generator=gen), torch.randn(4, 2, generator=gen),
                        width=5, r=6, loss=loss)  # fmt: skip
    return prob, prob.random_point(gen), prob.random_point(gen)


@pytest.mark.parametrize("loss", ["zi", "js"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_hvp_matches_jvp_of_grad(seed, loss):
    """Closed-form H v against torch.func.jvp(grad(f)) at generic points."""
    prob, z, v = _problem(seed, loss)
    ref = jvp(grad(prob.f), (z,), (v,))[1]
    torch.testing.assert_close(hvp(prob, z, v), ref, **TOL["closed_form_vs_autograd"])
    torch.testing.assert_close(gradient(prob, z), grad(prob.f)(z), **TOL["closed_form_vs_autograd"])


def test_operator_is_J_not_J_transpose():
    """NOTE: [Jv not J^T v]: columns of the operator equal the dense Lambda_tau DF's columns, and
    they differ from J^T's (DF is not symmetric)."""
    prob, z, _ = _problem(3)
    tau = 3.0
    J = timescaled_jacobian(dense_jacobian(prob, z), prob.n_x, tau)
    op = timescaled_operator(prob, z, tau)
    cols = np.stack([op.matvec(e) for e in np.eye(prob.dim)], axis=1)
    np.testing.assert_allclose(cols, J, rtol=1e-10, atol=1e-12)
    assert np.abs(cols - J.T).max() > 1e-3


def test_right_eigenvector_residuals():
    """ARPACK on the operator: ||J v - lambda v|| small with the dense J (right eigenvectors)."""
    prob, z, _ = _problem(4)
    tau = 2.0
    J = timescaled_jacobian(dense_jacobian(prob, z), prob.n_x, tau)
    vals, vecs = eigs(timescaled_operator(prob, z, tau), k=6, which="LM", tol=1e-12,
                      v0=np.ones(prob.dim))  # fmt: skip
    for lam, v in zip(vals, vecs.T, strict=True):
        assert np.linalg.norm(J @ v - lam * v) <= 1e-8 * np.abs(vals).max()


def test_predicted_mu_matches_dense():
    """The structured C_w^T C_w of paper_scale equals the dense one from the closed-form blocks."""
    prob, z, _ = paper_problem(n=3, d1=4, d2=5, r=6, p=2, seed=1)
    _, C, _ = blocks(prob, z)
    dense = np.sort(np.linalg.eigvalsh(C.T @ C))[::-1][:4]
    np.testing.assert_allclose(predicted_mu(prob, z, 4), dense, rtol=1e-10, atol=1e-14)
    assert float(torch.linalg.vector_norm(prob.F(z))) <= 1e-10


def test_bad_input():
    prob, z, v = _problem(0)
    with pytest.raises(ZiganError, match="v has shape"):
        Curvature(prob, z).hvp(v[:-1])
    with pytest.raises(ZiganError, match="tau must be"):
        Curvature(prob, z).jacobian_vector(v, tau=0.0)
    with pytest.raises(ZiganError, match="tau must be"):
        timescaled_operator(prob, z, -1.0)


@pytest.mark.parametrize("loss", ["zi", "js"])
@pytest.mark.parametrize("seed", [0, 1])
def test_cross_products_are_the_off_diagonal_blocks(seed, loss):
    """NOTE: [cross products]: cross(v_x) = H_yx v_x, cross_t(v_y) = H_xy v_y, cross_w = the
    w rows of cross, against the
    autograd Hessian at generic points (w != 0, any loss), and they are not the transposes'."""
    prob, z, v = _problem(seed, loss)
    H, n_x = prob.hessian(z), prob.n_x
    c = Curvature(prob, z)
    tol = TOL["closed_form_vs_autograd"]
    torch.testing.assert_close(c.cross(v[:n_x]), H[n_x:, :n_x] @ v[:n_x], **tol)
    torch.testing.assert_close(c.cross_t(v[n_x:]), H[:n_x, n_x:] @ v[n_x:], **tol)
    w_rows = prob.slices["w"]
    torch.testing.assert_close(c.cross_w(v[:n_x]), H[w_rows, :n_x] @ v[:n_x], **tol)
    # the full product is still the whole Hessian's, block by block
    torch.testing.assert_close(c.hvp(v), H @ v, **tol)


def test_curvature_on_explicit_cpu_device_is_the_same():
    """device='cpu' passed explicitly gives bit-identical products (the device-agnostic path)."""
    prob, z, v = _problem(4)
    a = Curvature(prob, z).jacobian_vector(v, 2.0)
    b = Curvature(prob, z, device="cpu").jacobian_vector(v, 2.0)
    assert torch.equal(a, b)


@pytest.mark.parametrize("loss", ["zi", "js"])
def test_cross_products_where_w_is_zero(loss):
    """NOTE: [cross products]: the w = 0 shortcut (exact zeros skipped) still gives the dense
    off-diagonal blocks, at a random point with w zeroed and at a global solution."""
    prob, z, v = _problem(5, loss)
    z = z.clone()
    z[prob.slices["w"]] = 0.0
    glob, zg, _ = paper_problem(n=4, d1=5, d2=6, r=7, p=3, seed=1)
    vg = torch.randn(glob.dim, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    for P, point, vec in ((prob, z, v), (glob, zg, vg)):
        H, n_x = P.hessian(point), P.n_x
        c = Curvature(P, point)
        assert c._w0
        tol = TOL["closed_form_vs_autograd"]
        torch.testing.assert_close(c.cross(vec[:n_x]), H[n_x:, :n_x] @ vec[:n_x], **tol)
        torch.testing.assert_close(c.cross_t(vec[n_x:]), H[:n_x, n_x:] @ vec[n_x:], **tol)
        w_rows = P.slices["w"]
        torch.testing.assert_close(c.cross_w(vec[:n_x]), H[w_rows, :n_x] @ vec[:n_x], **tol)


@pytest.mark.parametrize("loss", ["zi", "js"])
def test_closed_form_hessian_with_a_user_feature_map(loss):
    """NOTE: [Hessian by matrix products]: the generic feature-curvature path (a user's tanh
    layer through torch.func) equals torch.func.hessian, as the App. C sigmoid path does."""
    from zigan_verify.game.closed_form import hessian
    from zigan_verify.game.features import TorchFeatureMap

    gen = torch.Generator().manual_seed(7)
    fmap = TorchFeatureMap(lambda th, z: torch.tanh(th.view(5, 2) @ z), num_params=10, out_dim=5)
    prob = ZIGANProblem(torch.randn(4, 3, generator=gen), torch.randn(4, 2, generator=gen),
                        r=6, loss=loss, feature_map=fmap)  # fmt: skip
    z = prob.random_point(gen)
    torch.testing.assert_close(hessian(prob, z), prob.hessian(z), **TOL["closed_form_vs_autograd"])


def test_sigmoid_feature_curvature_equals_the_generic_contraction():
    """The block-diagonal sigmoid shortcut vs contracting SigmoidLayer.hessian (n, d2, m, m)."""
    from zigan_verify.game.closed_form import ClosedForm

    prob, z, _ = _problem(4)
    c = torch.randn(4, 5, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    theta = prob.unpack(z).theta
    ref = torch.einsum("na,nats->ts", c, prob.phi.hessian(theta, prob.latents))
    got = ClosedForm(prob, z)._feature_curvature(c)
    torch.testing.assert_close(got, ref, **TOL["exact_vs_float"])
    assert not torch.allclose(got, -ref)  # the control: a sign error is seen
