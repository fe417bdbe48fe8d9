r"""Matrix-free closed-form gradient and Hessian-vector product of the GAN objective (000 App. B.3).

The gradient of App. B.3 written with matrices (``U = X A^T``, ``V = Y A^T``, ``Y = Phi G^T``,
``Phi = sigma(Z W^T)`` for the App. C generator):

.. math::
    \nabla_w f = \sigma(U)^\top\alpha + \sigma(V)^\top\beta,\quad
    \nabla_A f = E_r^\top X + E_f^\top Y,\quad
    \nabla_G f = R^\top\Phi,\quad
    \nabla_W f = ((RG)\odot\sigma'(ZW^\top))^\top Z

with :math:`E_r = \alpha\odot\sigma'(U)\,\mathrm{diag}(w)`, :math:`E_f = \beta\odot\sigma'(V)\,
\mathrm{diag}(w)`, :math:`R = E_f A` and :math:`\alpha, \beta` as in :mod:`zigan_verify.game.closed_form`.
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

from typing import TYPE_CHECKING

import torch
from torch.func import grad, jvp

from zigan_verify._errors import ZiganError, check_positive, check_shape
from zigan_verify.game.features import SigmoidLayer, sigmoid_derivatives

if TYPE_CHECKING:  # hvp is the problem's curvature (problem.game() builds it): no import circle
    from zigan_verify.game.problem import ZIGANProblem

__all__ = ["Curvature", "gradient", "hvp"]


class Curvature:
    """Gradient and Hessian-vector products of ``problem`` at one point ``z``.

    Examples:
        >>> import torch
        >>> from zigan_verify.game.problem import ZIGANProblem
        >>> gen = torch.Generator().manual_seed(0)
        >>> prob = ZIGANProblem(torch.randn(3, 2, generator=gen), torch.randn(3, 2, generator=gen),
        ...                     width=4, r=5)
        >>> z, v = prob.random_point(gen), prob.random_point(gen)
        >>> c = Curvature(prob, z)
        >>> bool(torch.allclose(c.hvp(v), prob.hessian(z) @ v, rtol=1e-10, atol=1e-12))
        True
    """

    def __init__(
        self, problem: ZIGANProblem, z: torch.Tensor, *, device: torch.device | str | None = None
    ) -> None:
        check_shape("z", z, (problem.dim,))
        self.problem, self.z = problem, z
        self.device = torch.device("cpu" if device is None else device)
        self._fast = isinstance(problem.phi, SigmoidLayer)
        if not self._fast:  # any other feature map: forward-over-reverse autodiff
            if self.device.type != "cpu":
                raise ZiganError("Curvature on a device needs the App. C sigmoid generator")
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
        self._w0 = not bool(w.any())  # NOTE: [cross products]: exact zeros skipped
        self._q = dict(
            X=X, Z=Z, G=G, W=W, w=w, A=A, Phi=Phi, S1P=S1P, S2P=S2P, Y=Y,
            sU=sU, s1U=s1U, s2U=s2U, sV=sV, s1V=s1V, s2V=s2V,
            alpha=alpha, beta=beta, alpha2=alpha2, beta2=beta2, Er=Er, Ef=Ef, R=R, RG=R @ G,
        )  # fmt: skip
        # computed once on the CPU; the products then run where these float64 tensors live
        self._q = {key: val.to(self.device) for key, val in self._q.items()}

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
            out = torch.empty(prob.dim, dtype=v.dtype, device=v.device)
        else:
            check_shape("out", out, (prob.dim,))
        n_x = prob.n_x
        if not self._fast:  # forward-over-reverse autodiff, then scale
            hv = jvp(grad(prob.f), (self.z,), (v,))[1]
            torch.mul(hv[:n_x], sx, out=out[:n_x])
            torch.mul(hv[n_x:], sy, out=out[n_x:])
            return out
        dg, dth, dw, dA = prob.unpack(v)
        dY, dP, dPhi = self._dY(dg, dth)
        dEr, dEf, d_w = self._dE(dY, dw, dA)
        self._y_block(out, sy, dEr, dEf, d_w, dY)
        self._x_block(out, sx, dEf, dA, dP, dPhi, dg)
        return out

    # ----- the off-diagonal blocks (NOTE: [cross products]) -----
    def cross(self, v_x: torch.Tensor, *, out: torch.Tensor | None = None) -> torch.Tensor:
        """``H_yx v_x = grad^2_{yx} f v_x`` (``y = (w, A)``, ``x = (g, theta)``), matrix-free.

        NOTE: [cross products]
        With ``v = (v_x, 0)`` the terms in ``dw, dA`` vanish and only the ``y`` rows are formed
        (3 of the 8 ``(n x r x d1)`` products of :meth:`hvp`), and :meth:`cross_t` the converse
        (3 more), so ``H_xy H_yx u`` costs about 3/4 of one :meth:`jacobian_vector`. Nothing about
        the point is assumed: at any ``z`` these are exactly the off-diagonal blocks of ``H``.
        Where ``w`` is exactly zero at ``z`` (tested on the point, as at 000's global solutions)
        every term carrying ``w`` (``Ef``, ``R``, the ``w``-weighted curvature) is an exact zero and
        is skipped: ``H_yx v_x = (sigma'(V) * dV)^T beta`` in the ``w`` rows and ``0`` in the ``A``
        rows, ``H_xy v_y`` depends on ``dw`` only -- 2 big products per ``C C^T u`` instead of 6,
        with bit-for-bit the same zeros (``tests/test_hvp.py`` compares with the dense blocks).
        """
        prob = self.problem
        check_shape("v_x", v_x, (prob.n_x,))
        out = (
            torch.empty(prob.dim - prob.n_x, dtype=v_x.dtype, device=v_x.device)
            if out is None
            else out
        )
        if not self._fast:
            out.copy_(self.hvp(torch.cat([v_x, v_x.new_zeros(prob.dim - prob.n_x)]))[prob.n_x :])
            return out
        n_g = prob.slices["g"].stop
        dY, _, _ = self._dY(v_x[:n_g], v_x[n_g:])
        if self._w0:
            q, r = self._q, prob.sizes.r
            torch.mv((q["s1V"] * (dY @ q["A"].T)).T, q["beta"], out=out[:r])
            out[r:] = 0.0
            return out
        dEr, dEf, d_w = self._dE(dY, None, None)
        self._y_block(out, 1.0, dEr, dEf, d_w, dY, offset=prob.n_x)
        return out

    def cross_w(self, v_x: torch.Tensor) -> torch.Tensor:
        """``H_wx v_x``: the ``w`` rows of :meth:`cross` alone (``r`` entries), at any point."""
        prob = self.problem
        check_shape("v_x", v_x, (prob.n_x,))
        r = prob.sizes.r
        if not self._fast:
            return self.cross(v_x)[:r]
        n_g = prob.slices["g"].stop
        dY, _, _ = self._dY(v_x[:n_g], v_x[n_g:])
        if self._w0:
            q = self._q
            return torch.mv((q["s1V"] * (dY @ q["A"].T)).T, q["beta"])
        return self._dE(dY, None, None)[2]

    def cross_t(self, v_y: torch.Tensor, *, out: torch.Tensor | None = None) -> torch.Tensor:
        """``H_xy v_y`` (NOTE: [cross products])."""
        prob = self.problem
        check_shape("v_y", v_y, (prob.dim - prob.n_x,))
        out = torch.empty(prob.n_x, dtype=v_y.dtype, device=v_y.device) if out is None else out
        if not self._fast:
            out.copy_(self.hvp(torch.cat([v_y.new_zeros(prob.n_x), v_y]))[: prob.n_x])
            return out
        r = prob.sizes.r
        dw, dA = v_y[:r], v_y[r:].view(r, -1)
        if self._w0:
            dEf, dA = self._q["beta"][:, None] * self._q["s1V"] * dw, None
        else:
            _, dEf, _ = self._dE(None, dw, dA, need_y=False)
        self._x_block(out, 1.0, dEf, dA, None, None, None)
        return out

    # ----- pieces of the directional derivative -----
    def _dY(self, dg, dth):
        """``dY = d(Phi G^T)`` and ``dP = Z dW^T``, ``dPhi = sigma'(P) dP`` along ``(dg, dth)``."""
        q = self._q
        n, d1, d2, r, m, p = self.problem.sizes
        dG, dW = dg.view(d1, d2), dth.view(d2, p)
        dP = q["Z"] @ dW.T
        dPhi = q["S1P"] * dP
        return torch.addmm(dPhi @ q["G"].T, q["Phi"], dG.T), dP, dPhi

    def _dE(self, dY, dw, dA, need_y: bool = True):
        """``(dEr, dEf, d_w)`` along ``(dY, dw, dA)``; ``None`` means a zero tangent.

        ``dEr`` and ``d_w`` (only the ``y`` rows use them) are skipped when ``need_y`` is false.
        """
        q = self._q
        X, Y, A, w = q["X"], q["Y"], q["A"], q["w"]
        alpha, beta = q["alpha"], q["beta"]
        r = self.problem.sizes.r
        if dA is None:
            dV, dU = dY @ A.T, None
        else:
            dA = dA.view(r, -1)
            dV = Y @ dA.T if dY is None else torch.addmm(dY @ A.T, Y, dA.T)
            dU = X @ dA.T if need_y else None
        s1dV = q["s1V"] * dV
        dEf = beta[:, None] * (q["s2V"] * dV * w + (0 if dw is None else q["s1V"] * dw))
        dEr = d_w = None
        if need_y:
            d_w = s1dV.T @ beta
            if dU is not None or dw is not None:
                dU0 = 0 if dU is None else dU
                dEr = alpha[:, None] * (q["s2U"] * dU0 * w + (0 if dw is None else q["s1U"] * dw))
                if dU is not None:
                    d_w = d_w + (q["s1U"] * dU).T @ alpha
        if not self._zi:  # the loss curvature terms l'' (zero for the ZI loss)
            zU = 0 if dU is None else (q["s1U"] * dU) @ w
            zw_r = 0 if dw is None else q["sU"] @ dw
            zw_f = 0 if dw is None else q["sV"] @ dw
            dalpha = q["alpha2"] * (zU + zw_r)
            dbeta = q["beta2"] * (s1dV @ w + zw_f)
            dEf = dEf + dbeta[:, None] * q["s1V"] * w
            if need_y:
                d_w = d_w + q["sU"].T @ dalpha + q["sV"].T @ dbeta
                dEr = dalpha[:, None] * q["s1U"] * w + (0 if dEr is None else dEr)
        return dEr, dEf, d_w

    def _y_block(self, out, sy, dEr, dEf, d_w, dY, offset: int = 0) -> None:
        """``out[w], out[A] = sy (d_w, dEr^T X + dEf^T Y + Ef^T dY)`` (``None``: zero)."""
        q, sl = self._q, self.problem.slices
        r = self.problem.sizes.r
        oA = out[sl["A"].start - offset : sl["A"].stop - offset].view(r, -1)
        torch.addmm(oA, dEf.T, q["Y"], beta=0, alpha=sy, out=oA)
        if dEr is not None:
            oA.addmm_(dEr.T, q["X"], alpha=sy)
        if dY is not None:
            oA.addmm_(q["Ef"].T, dY, alpha=sy)
        torch.mul(d_w, sy, out=out[sl["w"].start - offset : sl["w"].stop - offset])

    def _x_block(self, out, sx, dEf, dA, dP, dPhi, dg) -> None:
        """``out[g], out[theta] = sx (dR^T Phi + R^T dPhi, K^T Z)`` (``None``: zero)."""
        q, sl = self._q, self.problem.slices
        n, d1, d2, r, m, p = self.problem.sizes
        dR = dEf @ q["A"] if dA is None else torch.addmm(dEf @ q["A"], q["Ef"], dA.view(r, d1))
        oG = out[sl["g"]].view(d1, d2)
        torch.addmm(oG, dR.T, q["Phi"], beta=0, alpha=sx, out=oG)
        K = dR @ q["G"]
        if dg is not None:
            oG.addmm_(q["R"].T, dPhi, alpha=sx)
            K = torch.addmm(K, q["R"], dg.view(d1, d2))
        K = K * q["S1P"]
        if dP is not None:
            K = K + q["RG"] * q["S2P"] * dP
        oW = out[sl["theta"]].view(d2, p)
        torch.addmm(oW, K.T, q["Z"], beta=0, alpha=sx, out=oW)


def hvp(problem: ZIGANProblem, z: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """``(grad^2 f)(z) v`` by the closed form; see :class:`Curvature` to reuse ``z``."""
    if type(problem).__name__ != "ZIGANProblem" or not hasattr(problem, "sizes"):
        # by name: this module is the problem's curvature and does not import it (NOTE: [layers])
        raise ZiganError(f"problem must be a ZIGANProblem, got {type(problem).__name__}")
    return Curvature(problem, z).hvp(v)


def gradient(problem: ZIGANProblem, z: torch.Tensor) -> torch.Tensor:
    """``grad f(z)`` by the closed form (matrix products only)."""
    return Curvature(problem, z).gradient()
