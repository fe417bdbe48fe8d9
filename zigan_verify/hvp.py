r"""Matrix-free closed-form gradient and Hessian-vector product of the GAN objective (000 App. B.3).

The gradient of App. B.3 written with matrices (``U = X A^T``, ``V = Y A^T``, ``Y = Phi G^T``,
``Phi = sigma(Z W^T)`` for the App. C generator):

.. math::
    \nabla_w f = \sigma(U)^\top\alpha + \sigma(V)^\top\beta,\quad
    \nabla_A f = E_r^\top X + E_f^\top Y,\quad
    \nabla_G f = R^\top\Phi,\quad
    \nabla_W f = ((RG)\odot\sigma'(ZW^\top))^\top Z

with :math:`E_r = \alpha\odot\sigma'(U)\,\mathrm{diag}(w)`, :math:`E_f = \beta\odot\sigma'(V)\,
\mathrm{diag}(w)`, :math:`R = E_f A` and :math:`\alpha, \beta` as in :mod:`zigan_verify.closed_form`.
The Hessian-vector product :math:`\nabla^2 f\,v` is the directional derivative of these formulas
(forward mode written out by hand), so it never forms a Hessian block: one product costs about as
many ``(n x r x d1)`` matrix products as one gradient (8 against 5, measured in
``benchmarks/bench_spectrum.py``), the quantities that depend only on ``z`` are computed once, and
the result is written block by block into one buffer (NOTE: [HVP without copies]).

NOTE: [Jv not J^T v]
:class:`Curvature` returns ``H v``; :meth:`Curvature.jacobian_vector` returns
``Lambda_tau DF v`` -- the product with ``Lambda_tau DF`` from the *right*. ``DF`` is not symmetric
(``DF = [[H_xx, H_xy], [-H_yx, -H_yy]]``), so a transposed product would be the wrong operator
with the same spectrum only when ``Lambda_tau`` commutes; ``tests/test_hvp.py`` compares with the
dense ``Lambda_tau DF`` column by column and through right-eigenvector residuals.

Public: :func:`hvp`, :func:`gradient`, :class:`Curvature`; the rest may change.

References:
    Lee & Kim, Zero-Infinity GAN, App. B.3 (gradients and Hessians), App. C (architecture).
"""

from __future__ import annotations

import torch
from torch.func import grad, jvp

from zigan_verify._errors import ZiganError, check_positive, check_shape
from zigan_verify.features import SigmoidLayer, sigmoid_derivatives
from zigan_verify.problem import ZIGANProblem

__all__ = ["Curvature", "gradient", "hvp"]


class Curvature:
    """Gradient and Hessian-vector products of ``problem`` at one point ``z``.

    Examples:
        >>> import torch
        >>> from zigan_verify.problem import ZIGANProblem
        >>> gen = torch.Generator().manual_seed(0)
        >>> prob = ZIGANProblem(torch.randn(3, 2, generator=gen), torch.randn(3, 2, generator=gen),
        ...                     width=4, r=5)
        >>> z, v = prob.random_point(gen), prob.random_point(gen)
        >>> c = Curvature(prob, z)
        >>> bool(torch.allclose(c.hvp(v), prob.hessian(z) @ v, rtol=1e-10, atol=1e-12))
        True
    """

    def __init__(self, problem: ZIGANProblem, z: torch.Tensor) -> None:
        check_shape("z", z, (problem.dim,))
        self.problem, self.z = problem, z
        self._fast = isinstance(problem.phi, SigmoidLayer)
        if not self._fast:  # any other feature map: forward-over-reverse autodiff
            return
        n, d1, d2, r, m, p = problem.sizes
        g, theta, w, A = problem.unpack(z)
        X, Z = problem.data, problem.latents
        G, W = g.view(d1, d2), theta.view(d2, p)
        loss = problem.loss
        Phi, S1P, S2P = sigmoid_derivatives(Z @ W.T)
        Y = Phi @ G.T
        sU, s1U, s2U = sigmoid_derivatives(X @ A.T)
        sV, s1V, s2V = sigmoid_derivatives(Y @ A.T)
        Dr, Df = sU @ w, sV @ w
        alpha, beta = -loss.dl(Dr) / n, loss.dl(-Df) / n
        alpha2, beta2 = -loss.d2l(Dr) / n, -loss.d2l(-Df) / n
        Er, Ef = alpha[:, None] * s1U * w, beta[:, None] * s1V * w
        R = Ef @ A
        self._zi = not (bool(alpha2.any()) or bool(beta2.any()))
        self._q = dict(
            X=X, Z=Z, G=G, W=W, w=w, A=A, Phi=Phi, S1P=S1P, S2P=S2P, Y=Y,
            sU=sU, s1U=s1U, s2U=s2U, sV=sV, s1V=s1V, s2V=s2V,
            alpha=alpha, beta=beta, alpha2=alpha2, beta2=beta2, Er=Er, Ef=Ef, R=R, RG=R @ G,
        )  # fmt: skip

    # ----- gradient -----
    def gradient(self) -> torch.Tensor:
        """``grad f`` at ``z`` in the layout of ``z`` (NOTE: [parameter layout])."""
        if not self._fast:
            return grad(self.problem.f)(self.z)
        q = self._q
        return torch.cat(
            [
                (q["R"].T @ q["Phi"]).reshape(-1),
                ((q["RG"] * q["S1P"]).T @ q["Z"]).reshape(-1),
                q["sU"].T @ q["alpha"] + q["sV"].T @ q["beta"],
                (q["Er"].T @ q["X"] + q["Ef"].T @ q["Y"]).reshape(-1),
            ]
        )

    def F(self) -> torch.Tensor:
        """The saddle operator ``F = (grad_x f, -grad_y f)`` at ``z``."""
        gz = self.gradient()
        n_x = self.problem.n_x
        return torch.cat([gz[:n_x], -gz[n_x:]])

    # ----- Hessian-vector product -----
    def hvp(self, v: torch.Tensor, *, out: torch.Tensor | None = None) -> torch.Tensor:
        """``(grad^2 f) v`` without forming the Hessian (written into ``out`` if given)."""
        return self._product(v, 1.0, 1.0, out)

    def jacobian_vector(
        self, v: torch.Tensor, tau: float = 1.0, *, out: torch.Tensor | None = None
    ) -> torch.Tensor:
        """``Lambda_tau DF v`` with ``DF = [[H_xx, H_xy], [-H_yx, -H_yy]]`` (NOTE: [Jv not J^T v]).

        ``out``: an optional float64 tensor of shape ``(dim,)`` that receives the product (no
        allocation, no concatenation: the blocks are written into their slices).
        """
        check_positive("tau", tau)
        return self._product(v, 1.0 / tau, -1.0, out)

    def _product(self, v, sx: float, sy: float, out) -> torch.Tensor:
        """``out[:n_x] = sx (H v)_x``, ``out[n_x:] = sy (H v)_y``.

        NOTE: [HVP without copies]
        The scales ride on the matrix products (``addmm(..., beta=0, alpha=s, out=view)``) and
        each block is written into its slice of ``out``, so one product allocates only the
        ``(n x r)``/``(n x d1)`` intermediates: no ``torch.cat`` of the 2.8M-entry result, no
        separate negation or division pass (``benchmarks/bench_spectrum.py`` times it).
        """
        prob = self.problem
        check_shape("v", v, (prob.dim,))
        if out is None:
            out = torch.empty(prob.dim, dtype=v.dtype)
        else:
            check_shape("out", out, (prob.dim,))
        n_x = prob.n_x
        if not self._fast:  # forward-over-reverse autodiff, then scale
            hv = jvp(grad(prob.f), (self.z,), (v,))[1]
            torch.mul(hv[:n_x], sx, out=out[:n_x])
            torch.mul(hv[n_x:], sy, out=out[n_x:])
            return out
        q = self._q
        n, d1, d2, r, m, p = prob.sizes
        sl = prob.slices
        dg, dth, dw, dA = prob.unpack(v)
        dG, dW = dg.view(d1, d2), dth.view(d2, p)
        X, Z, G, A, w, Phi, Y = q["X"], q["Z"], q["G"], q["A"], q["w"], q["Phi"], q["Y"]
        dP = Z @ dW.T
        dPhi = q["S1P"] * dP
        dY = torch.addmm(dPhi @ G.T, Phi, dG.T)
        dU = X @ dA.T
        dV = torch.addmm(dY @ A.T, Y, dA.T)
        s1dU, s1dV = q["s1U"] * dU, q["s1V"] * dV
        alpha, beta = q["alpha"], q["beta"]
        dEr = alpha[:, None] * (q["s2U"] * dU * w + q["s1U"] * dw)
        dEf = beta[:, None] * (q["s2V"] * dV * w + q["s1V"] * dw)
        d_w = s1dU.T @ alpha + s1dV.T @ beta
        if not self._zi:  # the loss curvature terms l'' (zero for the ZI loss)
            dalpha = q["alpha2"] * (s1dU @ w + q["sU"] @ dw)
            dbeta = q["beta2"] * (s1dV @ w + q["sV"] @ dw)
            d_w = d_w + q["sU"].T @ dalpha + q["sV"].T @ dbeta
            dEr = dEr + dalpha[:, None] * q["s1U"] * w
            dEf = dEf + dbeta[:, None] * q["s1V"] * w
        # y = (w, A): d_A = dEr^T X + dEf^T Y + Ef^T dY, accumulated in place
        oA = out[sl["A"]].view(r, d1)
        torch.addmm(oA, dEr.T, X, beta=0, alpha=sy, out=oA)
        oA.addmm_(dEf.T, Y, alpha=sy)
        oA.addmm_(q["Ef"].T, dY, alpha=sy)
        torch.mul(d_w, sy, out=out[sl["w"]])
        # x = (g, theta): d_G = dR^T Phi + R^T dPhi, d_W = (...)^T Z
        dR = torch.addmm(dEf @ A, q["Ef"], dA)
        oG = out[sl["g"]].view(d1, d2)
        torch.addmm(oG, dR.T, Phi, beta=0, alpha=sx, out=oG)
        oG.addmm_(q["R"].T, dPhi, alpha=sx)
        K = torch.addmm(dR @ G, q["R"], dG) * q["S1P"] + q["RG"] * q["S2P"] * dP
        oW = out[sl["theta"]].view(d2, p)
        torch.addmm(oW, K.T, Z, beta=0, alpha=sx, out=oW)
        return out


def hvp(problem: ZIGANProblem, z: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """``(grad^2 f)(z) v`` by the closed form; see :class:`Curvature` to reuse ``z``."""
    if not isinstance(problem, ZIGANProblem):
        raise ZiganError(f"problem must be a ZIGANProblem, got {type(problem).__name__}")
    return Curvature(problem, z).hvp(v)


def gradient(problem: ZIGANProblem, z: torch.Tensor) -> torch.Tensor:
    """``grad f(z)`` by the closed form (matrix products only)."""
    return Curvature(problem, z).gradient()
