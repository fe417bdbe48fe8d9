"""The ZI/JS-GAN of 000 eqs. (3)-(4) for many runs at once: the saddle operator F (the closed-form gradients (5)-(8)) and the objective over a leading run axis, by batched matrix products, and the FLOP count of one evaluation (the GPU projection of docs/guide/experiments.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch

__all__ = [
    "features_and_scores",
    "objective",
    "operator_factors",
    "Blocks",
    "closed_form_F",
    "flops_per_evaluation",
]


@dataclass
class Blocks:
    """The parameters of ``R`` runs: ``G (R, d1, d2)``, ``W (R, d2, p)``, ``w (R, r)``,
    ``A (R, r, d1)`` (``W`` is ``theta`` of the feature map ``sigma(W z)``, App. C)."""

    G: torch.Tensor
    W: torch.Tensor
    w: torch.Tensor
    A: torch.Tensor

    def rows(self, k: int) -> Blocks:
        """Runs ``k, k + 1, ...`` as views."""
        return Blocks(self.G[k:], self.W[k:], self.w[k:], self.A[k:])

    def take(self, index: torch.Tensor) -> Blocks:
        return Blocks(self.G[index], self.W[index], self.w[index], self.A[index])

    def put(self, index: torch.Tensor, other: Blocks) -> None:
        for name in ("G", "W", "w", "A"):
            getattr(self, name)[index] = getattr(other, name)

    def flat(self, i: int) -> torch.Tensor:
        """Run ``i`` as the flat ``z = (g, theta, w, A)`` of NOTE: [parameter layout]."""
        return torch.cat(
            [self.G[i].reshape(-1), self.W[i].reshape(-1), self.w[i], self.A[i].reshape(-1)]
        )

    @classmethod
    def stack(cls, problem, zs: Sequence[torch.Tensor]) -> Blocks:
        """Flat per-run points ``zs`` (the layout of ``problem``) as blocks."""
        n, d1, d2, r, m, p = problem.sizes
        parts = [problem.unpack(z) for z in zs]
        return cls(
            torch.stack([q.g.view(d1, d2) for q in parts]),
            torch.stack([q.theta.view(d2, p) for q in parts]),
            torch.stack([q.w for q in parts]),
            torch.stack([q.A for q in parts]),
        )


def features_and_scores(X: torch.Tensor, Z: torch.Tensor, b: Blocks):
    """The per-sample quantities of ``R`` runs: features ``Phi (R, n, d2)``, the real and the
    generated samples stacked as ``XY (R, 2n, d1)`` (so that ``A`` is read once for both),
    ``S = sigma(XY A^T) (R, 2n, r)`` and the discriminator values ``D = S w (R, 2n)``."""
    Phi = torch.sigmoid(Z @ b.W.transpose(1, 2))
    Y = Phi @ b.G.transpose(1, 2)
    XY = torch.cat([X.expand(len(Y), *X.shape), Y], dim=1)
    S = torch.sigmoid(XY @ b.A.transpose(1, 2))
    D = (S @ b.w[:, :, None])[..., 0]
    return Phi, XY, S, D


def _weights(D: torch.Tensor, js: torch.Tensor) -> torch.Tensor:
    """``(alpha, beta)`` stacked as ``(R, 2n)``: ``alpha_i = -l'(D^r_i)/n`` and
    ``beta_i = l'(-D^f_i)/n``, the logistic loss where ``js`` (``l'(t) = -sigmoid(-t)``) and
    ``l(t) = -t`` (``alpha = 1/n``, ``beta = -1/n``) elsewhere."""
    n = D.shape[1] // 2
    sign = torch.ones_like(D)
    sign[:, n:] = -1  # alpha is +sigmoid(-D^r) / n, beta is -sigmoid(+D^f) / n
    return torch.where(js[:, None], sign * torch.sigmoid(-sign * D), sign) / n


def operator_factors(X: torch.Tensor, Z: torch.Tensor, b: Blocks, js: torch.Tensor):
    """``F``'s ``G``, ``W``, ``w`` blocks and the two factors ``L (R, 2n, r)``, ``XY (R, 2n, d1)``
    of its ``A`` block ``-grad_A f = L^T XY`` (:func:`closed_form_F`)."""
    n = X.shape[0]
    Phi, XY, S, D = features_and_scores(X, Z, b)
    c = _weights(D, js)
    wS1 = S * (1 - S) * b.w[:, None, :]  # w * sigma'(A u_i), (R, 2n, r)
    Hb = (wS1[:, n:] @ b.A) * c[:, n:, None]  # beta_i h_i, (R, n, d1)
    gG = Hb.transpose(1, 2) @ Phi  # (R, d1, d2)
    gW = ((Hb @ b.G) * Phi * (1 - Phi)).transpose(1, 2) @ Z  # (R, d2, p)
    gw = (S.transpose(1, 2) @ c[..., None])[..., 0]  # (R, r)
    return gG, gW, -gw, wS1 * -c[..., None], XY


def closed_form_F(X: torch.Tensor, Z: torch.Tensor, b: Blocks, js: torch.Tensor) -> Blocks:
    """The saddle operator ``F = (grad_G f, grad_W f, -grad_w f, -grad_A f)`` of ``R`` runs
    (module docstring; 000 App. B.3). ``js``: a bool ``(R,)``, the logistic loss where true and
    the ZI loss (4) elsewhere.

    NOTE: [batched memory traffic]
    The ``A`` block (``r d1`` of the ``dim`` entries of a run: 84% at App. C size) bounds the
    cost on a GPU, so it is read as few times as possible: the real and generated samples share
    every product with ``A`` (``XY``, :func:`features_and_scores`), and
    ``-grad_A f = -sum_i c_i (w * sigma'(A u_i)) u_i^T`` over the ``2n`` stacked samples ``u_i``
    with weights ``c = (alpha, beta)`` is the single product ``L^T XY``, ``L`` carrying ``-c``
    and ``w``. A step never forms it: :meth:`_Engine.step` adds ``-eta L^T XY`` to ``A`` in
    the product (``baddbmm``), so one evaluation plus its update reads ``A`` three times and
    writes it once (``benchmarks/bench_experiment_batched.py`` counts the bytes)."""
    FG, FW, Fw, L, XY = operator_factors(X, Z, b, js)
    return Blocks(FG, FW, Fw, L.transpose(1, 2) @ XY)


def objective(X: torch.Tensor, Z: torch.Tensor, b: Blocks, js: torch.Tensor) -> torch.Tensor:
    """``f`` of eq. (3) per run, ``(R,)``: ``-(1/n) sum_i l(D^r_i) + l(-D^f_i)``."""
    n = X.shape[0]
    D = features_and_scores(X, Z, b)[3]
    Dr, Df = D[:, :n], D[:, n:]
    softplus = torch.nn.functional.softplus
    js_f = softplus(-Dr) + softplus(Df)
    zi_f = -Dr + Df
    return -torch.where(js[:, None], js_f, zi_f).mean(1)


def flops_per_evaluation(n: int, d1: int, d2: int, r: int, p: int) -> int:
    r"""Floating-point operations of the matrix products of one :func:`closed_form_F` for one
    run (``2 a b c`` for ``(a, b) @ (b, c)``), which dominate: the elementwise work is
    ``O(n (r + d1 + d2))``, three orders smaller at App. C size.

    .. math:: 2n\,(\underbrace{2 p d_2}_{\Phi,\ \nabla W} + \underbrace{3 d_1 d_2}_{Y,\ \nabla G,\ G^\top h}
        + \underbrace{5 r d_1}_{\sigma(AX),\ \sigma(AY),\ h,\ \nabla A} + \underbrace{4r}_{D^r, D^f,\ \nabla w})
    """
    return 2 * n * (2 * p * d2 + 3 * d1 * d2 + 5 * r * d1 + 4 * r)
