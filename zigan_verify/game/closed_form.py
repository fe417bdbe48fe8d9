r"""Closed-form gradient and Hessian of the GAN objective (000 App. B.3), vectorized in torch.

Every block is the derived formula written with ``einsum`` over the samples, for any loss ``l``.
With :math:`D^r_i = w^\top\sigma(Ax_i)`, :math:`D^f_i = w^\top\sigma(Ay_i)`, :math:`y_i = \Phi_i g`,

.. math::
    \nabla f = \sum_i \alpha_i \nabla D^r_i + \beta_i \nabla D^f_i, \qquad
    \nabla^2 f = \sum_i \alpha_i\nabla^2 D^r_i + \beta_i\nabla^2 D^f_i
        + \alpha_i'\,\nabla D^r_i\nabla D^{r\top}_i + \beta_i'\,\nabla D^f_i\nabla D^{f\top}_i

with :math:`\alpha_i = -l'(D^r_i)/n`, :math:`\beta_i = l'(-D^f_i)/n`,
:math:`\alpha'_i = -l''(D^r_i)/n`, :math:`\beta'_i = -l''(-D^f_i)/n`. For the ZI loss
:math:`\alpha_i = 1/n`, :math:`\beta_i = -1/n` and the outer-product terms vanish, which gives
eqs. (5)-(8) and the Hessian blocks of App. B.3 (proven symbolically in
:mod:`zigan_verify.game.symbolic.zigan`).

Block names: gradients ``g, theta, w, A``; Hessian blocks ``H_XY`` (rows ``X``, columns ``Y``) for
the ten pairs ``gg, gtheta, gw, gA, thetatheta, wtheta, Atheta, ww, wA, AA`` of App. B.3.

Examples:
    >>> import torch
    >>> from zigan_verify.game.problem import ZIGANProblem
    >>> gen = torch.Generator().manual_seed(0)
    >>> x, latents = torch.randn(4, 3, generator=gen), torch.randn(4, 2, generator=gen)
    >>> prob = ZIGANProblem(x, latents, r=5, width=6)          # n=4, d1=3, d2=6, theta = W (6x2)
    >>> G, W = torch.randn(3, 6, generator=gen), torch.randn(6, 2, generator=gen)
    >>> w, A = torch.randn(5, generator=gen), torch.randn(5, 3, generator=gen)
    >>> z = prob.pack(G, W, w, A)                               # g stacks the rows of G
    >>> blocks = hessian_blocks(prob, z)
    >>> tuple(blocks["H_gw"].shape), tuple(blocks["H_Atheta"].shape)
    ((18, 5), (15, 12))
    >>> bool(torch.allclose(hessian(prob, z), prob.hessian(z), rtol=1e-10, atol=1e-12))
    True

References:
    Lee & Kim, Zero-Infinity GAN, App. B.3, eqs. (5)-(8) and the Hessians that follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import torch

from zigan_verify._errors import check_choice
from zigan_verify.game.features import SigmoidLayer, sigmoid_derivatives
from zigan_verify.game.problem import BLOCKS, ZIGANProblem

__all__ = [
    "HESSIAN_BLOCKS",
    "ClosedForm",
    "autograd_block",
    "autograd_error",
    "hessian",
    "hessian_blocks",
    "relative_error",
]

# The ten Hessian blocks of App. B.3 as (row block, column block).
HESSIAN_BLOCKS = {
    "H_gg": ("g", "g"),
    "H_gtheta": ("g", "theta"),
    "H_gw": ("g", "w"),
    "H_gA": ("g", "A"),
    "H_thetatheta": ("theta", "theta"),
    "H_wtheta": ("w", "theta"),
    "H_Atheta": ("A", "theta"),
    "H_ww": ("w", "w"),
    "H_wA": ("w", "A"),
    "H_AA": ("A", "A"),
}


@dataclass(frozen=True, eq=False)
class ClosedForm:
    """Per-sample quantities at one point ``z`` from which every block is assembled."""

    problem: ZIGANProblem
    z: torch.Tensor

    @cached_property
    def _q(self) -> dict[str, torch.Tensor]:
        prob = self.problem
        g, theta, w, A = prob.unpack(self.z)
        n, d1, d2, r, m, _ = prob.sizes
        X, Zl = prob.data, prob.latents
        G = g.view(d1, d2)
        Phi = prob.phi(theta, Zl)  # (n, d2)
        J = prob.phi.jacobian(theta, Zl)  # (n, d2, m)
        Y = Phi @ G.T  # generated samples (n, d1)
        sU, s1U, s2U = sigmoid_derivatives(X @ A.T)  # (n, r)
        sV, s1V, s2V = sigmoid_derivatives(Y @ A.T)
        loss = prob.loss
        Dr, Df = sU @ w, sV @ w
        alpha, beta = -loss.dl(Dr) / n, loss.dl(-Df) / n
        return dict(
            G=G,
            w=w,
            A=A,
            X=X,
            Y=Y,
            Phi=Phi,
            J=J,
            GJ=torch.einsum("ka,nam->nkm", G, J),
            sU=sU,
            s1U=s1U,
            s2U=s2U,
            sV=sV,
            s1V=s1V,
            s2V=s2V,
            alpha=alpha,
            beta=beta,
            alpha2=-loss.d2l(Dr) / n,
            beta2=-loss.d2l(-Df) / n,
            h=(w * s1V) @ A,  # grad of D^f_i in y_i: A^T (w * sigma'(A y_i))
        )

    # ----- per-sample gradients of D^r_i and D^f_i, flattened in the layout of z -----
    def _per_sample_gradients(self) -> tuple[torch.Tensor, torch.Tensor]:
        q, prob = self._q, self.problem
        n = prob.sizes.n
        zeros_x = torch.zeros(n, prob.n_x, dtype=torch.float64)
        grad_r = torch.cat(
            [zeros_x, q["sU"], torch.einsum("nl,l,nj->nlj", q["s1U"], q["w"], q["X"]).flatten(1)],
            dim=1,
        )
        grad_f = torch.cat(
            [
                torch.einsum("nk,na->nka", q["h"], q["Phi"]).flatten(1),
                torch.einsum("nkm,nk->nm", q["GJ"], q["h"]),
                q["sV"],
                torch.einsum("nl,l,nj->nlj", q["s1V"], q["w"], q["Y"]).flatten(1),
            ],
            dim=1,
        )
        return grad_r, grad_f

    @cached_property
    def gradient(self) -> torch.Tensor:
        r"""``grad f`` in the layout of ``z`` (eqs. (5)-(8) for the ZI loss)."""
        grad_r, grad_f = self._per_sample_gradients()
        return self._q["alpha"] @ grad_r + self._q["beta"] @ grad_f

    # ----- second derivatives (the curvature of D, weighted by alpha and beta) -----
    def _feature_curvature(self, c: torch.Tensor) -> torch.Tensor:
        r"""``sum_{i,a} c_{ia} grad^2_theta phi_a(z_i)`` ``(m, m)``: for the App. C layer
        :math:`\varphi_a = \sigma(W_a z)` only the diagonal blocks
        :math:`\sum_i c_{ia}\sigma''(W_a z_i) z_i z_i^\top` are non-zero (no ``(n, d2, m, m)``
        tensor); any other feature map contracts its own second derivative."""
        prob = self.problem
        theta, Z = prob.unpack(self.z).theta, prob.latents
        if not isinstance(prob.phi, SigmoidLayer):
            return torch.einsum("na,nats->ts", c, prob.phi.hessian(theta, Z))
        d2, p = prob.sizes.d2, prob.sizes.p
        _, _, s2 = sigmoid_derivatives(Z @ theta.view(d2, p).T)
        out = torch.zeros(d2, p, d2, p, dtype=torch.float64)
        diag = torch.diagonal(out, dim1=0, dim2=2)  # (p, p, d2): the blocks a = b
        diag.copy_(((c * s2).T @ _rowwise_kron(Z, Z)).view(d2, p, p).permute(1, 2, 0))
        return out.view(d2 * p, d2 * p)

    def _fill_upper_blocks(self, H: torch.Tensor) -> None:
        """Write the ten blocks of App. B.3 (rows before columns in ``z``) into ``H``.

        NOTE: [Hessian by matrix products]
        Each block is one or two matrix products over the samples (rowwise Kronecker products
        ``(n, a*b)`` of the per-sample factors), written into its view of the preallocated
        ``H``; the Kronecker deltas of App. B.3 (``H_gA``'s ``delta_kj``, the block-diagonal
        ``H_wA`` and ``H_AA``) are written on ``torch.diagonal`` views, so no per-sample tensor of
        the block's size and no identity matrix is formed (``benchmarks/bench_hessian.py``).
        """
        q, prob, s = self._q, self.problem, self.problem.slices
        n, d1, d2, r, m, _ = prob.sizes
        A, w, G, Phi, J, GJ, Y, X = (q[k] for k in ("A", "w", "G", "Phi", "J", "GJ", "Y", "X"))
        beta, alpha = q["beta"], q["alpha"]
        S2f = beta[:, None] * w * q["s2V"]  # beta_i w_l sigma''(a_l^T y_i)
        S2r = alpha[:, None] * w * q["s2U"]
        B1f = beta[:, None] * q["s1V"]  # beta_i sigma'(a_l^T y_i)
        B1r = alpha[:, None] * q["s1U"]
        hb = beta[:, None] * q["h"]
        M = (S2f @ _rowwise_kron(A, A)).view(n, d1, d1)  # beta_i A^T diag(w sigma'') A
        MGJ, AGJ = M @ GJ, A @ GJ  # (n, d1, m), (n, r, m)
        PB = Phi.T @ B1f  # (d2, r)

        def view(row, col, *shape):
            return H[s[row], s[col]].view(*shape)

        gg = (M.view(n, d1 * d1).T @ _rowwise_kron(Phi, Phi)).view(d1, d1, d2, d2)
        view("g", "g", d1, d2, d1, d2).copy_(gg.permute(0, 2, 1, 3))
        gt = view("g", "theta", d1, d2, m)
        gt.copy_((Phi.T @ MGJ.view(n, d1 * m)).view(d2, d1, m).transpose(0, 1))
        gt += (hb.T @ J.reshape(n, d2 * m)).view(d1, d2, m)
        th = view("theta", "theta", m, m)
        th.copy_(GJ.reshape(n * d1, m).T @ MGJ.view(n * d1, m))
        th += self._feature_curvature(hb @ G)
        view("g", "w", d1, d2, r).copy_(A.T[:, None, :] * PB)
        view("w", "theta", r, m).copy_((AGJ * B1f[:, :, None]).sum(0))
        gA = view("g", "A", d1, d2, r, d1)
        gA.copy_(A.T[:, None, :, None] * (Phi.T @ _rowwise_kron(S2f, Y)).view(d2, r, d1))
        torch.diagonal(gA, dim1=0, dim2=3).add_((PB * w)[:, :, None])  # delta_kj
        At = view("A", "theta", r, d1, m)
        At.copy_((B1f.T @ GJ.reshape(n, d1 * m)).view(r, d1, m) * w[:, None, None])
        At += Y.T @ (AGJ * S2f[:, :, None]).transpose(0, 1)  # (r, d1, m)
        # grad^2_{w a_l} f: only row l is non-zero; grad^2_{a_l a_q} f = 0 for q != l.
        torch.diagonal(view("w", "A", r, r, d1), dim1=0, dim2=1).copy_((B1f.T @ Y + B1r.T @ X).T)
        AA = S2f.T @ _rowwise_kron(Y, Y) + S2r.T @ _rowwise_kron(X, X)  # (r, d1*d1)
        torch.diagonal(view("A", "A", r, d1, r, d1), dim1=0, dim2=2).copy_(
            AA.view(r, d1, d1).permute(1, 2, 0)
        )

    @cached_property
    def hessian(self) -> torch.Tensor:
        """The full Hessian of ``f`` in the layout of ``z`` (NOTE: [Hessian by matrix products])."""
        prob, s = self.problem, self.problem.slices
        H = torch.zeros(prob.dim, prob.dim, dtype=torch.float64)
        self._fill_upper_blocks(H)
        for row, col in HESSIAN_BLOCKS.values():
            if row != col:
                H[s[col], s[row]] = H[s[row], s[col]].T
        q = self._q
        if bool(q["alpha2"].any()) or bool(q["beta2"].any()):  # not for the ZI loss
            grad_r, grad_f = self._per_sample_gradients()
            H += grad_r.T @ (q["alpha2"][:, None] * grad_r)
            H += grad_f.T @ (q["beta2"][:, None] * grad_f)
        return H

    def block(self, name: str) -> torch.Tensor:
        """A named gradient block (``g, theta, w, A``) or Hessian block (``H_gg`` ...)."""
        check_choice("block", name, [*BLOCKS, *HESSIAN_BLOCKS])
        s = self.problem.slices
        if name in BLOCKS:
            return self.gradient[s[name]]
        row, col = HESSIAN_BLOCKS[name]
        return self.hessian[s[row], s[col]]


def _rowwise_kron(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """``(n, i*j)`` rows ``a_n kron b_n`` of ``a (n, i)`` and ``b (n, j)``."""
    return (a[:, :, None] * b[:, None, :]).reshape(len(a), -1)


def hessian_blocks(problem: ZIGANProblem, z: torch.Tensor) -> dict[str, torch.Tensor]:
    """All ten named Hessian blocks of App. B.3 at ``z``."""
    cf = ClosedForm(problem, z)
    return {name: cf.block(name) for name in HESSIAN_BLOCKS}


def hessian(problem: ZIGANProblem, z: torch.Tensor) -> torch.Tensor:
    """The full closed-form Hessian at ``z``."""
    return ClosedForm(problem, z).hessian


def _seeded_problem(seed: int, loss: str) -> tuple[ZIGANProblem, torch.Tensor]:
    gen = torch.Generator().manual_seed(seed)
    n, d1, d2, r, p = 3 + seed % 2, 2 + seed % 3, 3, 4, 2
    prob = ZIGANProblem(
        torch.randn(n, d1, generator=gen, dtype=torch.float64),
        torch.randn(n, p, generator=gen, dtype=torch.float64),
        r=r,
        width=d2,
        loss=loss,
    )
    return prob, prob.random_point(gen)


def relative_error(got: torch.Tensor, ref: torch.Tensor, scale: torch.Tensor) -> float:
    """``max|got - ref| / max|ref|``, or relative to ``max|scale|`` when ``ref`` is zero."""
    denominator = ref.abs().max() if bool(ref.any()) else scale.abs().max()
    return float((got - ref).abs().max() / denominator)


def autograd_block(
    problem: ZIGANProblem, z: torch.Tensor, name: str
) -> tuple[torch.Tensor, torch.Tensor]:
    """The block ``name`` by torch autograd (``torch.func.grad`` / ``hessian`` of ``f``), and the
    whole gradient or Hessian it is cut from."""
    check_choice("block", name, [*BLOCKS, *HESSIAN_BLOCKS])
    s = problem.slices
    if name in BLOCKS:
        full = torch.func.grad(problem.f)(z)
        return full[s[name]], full
    full = problem.hessian(z)
    row, col = HESSIAN_BLOCKS[name]
    return full[s[row], s[col]], full


def autograd_error(name: str, loss: str, seeds: tuple[int, ...] = (0, 1, 2)) -> float:
    """Largest relative error of the closed-form block ``name`` against torch autograd.

    Evaluated on small seeded instances (different ``n``, ``d1``) with the given ``loss``; the
    reference is ``torch.func.grad`` / ``torch.func.hessian`` of :meth:`ZIGANProblem.f`. A block
    that is zero in the reference (``H_ww``) is compared relative to the whole Hessian.
    """
    check_choice("block", name, [*BLOCKS, *HESSIAN_BLOCKS])
    worst = 0.0
    for seed in seeds:
        prob, z = _seeded_problem(seed, loss)
        ref, ref_full = autograd_block(prob, z, name)
        worst = max(worst, relative_error(ClosedForm(prob, z).block(name), ref, ref_full))
    return worst
