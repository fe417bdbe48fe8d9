r"""Generator feature maps :math:`\varphi_\theta` (000 §4: :math:`G(z) = G\varphi_\theta(z)`).

A feature map gives, for latents ``Z`` of shape ``(n, p)``, the features ``(n, d2)``, their Jacobian
in ``theta`` ``(n, d2, m)`` and second derivative ``(n, d2, m, m)``; the closed-form Hessian
(:mod:`zigan_verify.game.closed_form`) needs all three.

* :class:`SigmoidLayer` -- the App. C generator's hidden layer :math:`\sigma(Wz)`,
  ``theta = W.reshape(-1)`` (rows of ``W`` stacked), with analytic derivatives;
* :class:`TorchFeatureMap` -- any differentiable ``fn(theta, z) -> (d2,)`` of a user's, with
  derivatives from ``torch.func``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import torch
from torch.func import hessian, jacfwd, vmap

__all__ = ["FeatureMap", "SigmoidLayer", "TorchFeatureMap", "sigmoid_derivatives"]


class FeatureMap(Protocol):
    """``phi_theta`` with ``num_params = m`` parameters and ``out_dim = d2`` outputs."""

    num_params: int
    out_dim: int

    def __call__(self, theta: torch.Tensor, Z: torch.Tensor) -> torch.Tensor: ...

    def jacobian(self, theta: torch.Tensor, Z: torch.Tensor) -> torch.Tensor: ...

    def hessian(self, theta: torch.Tensor, Z: torch.Tensor) -> torch.Tensor: ...


def sigmoid_derivatives(t: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    r""":math:`\sigma, \sigma' = \sigma(1-\sigma), \sigma'' = \sigma'(1-2\sigma)` at ``t``."""
    s = torch.sigmoid(t)
    s1 = s * (1 - s)
    return s, s1, s1 * (1 - 2 * s)


@dataclass(frozen=True)
class SigmoidLayer:
    r""":math:`\varphi_\theta(z) = \sigma(Wz)`, :math:`W \in \mathbb{R}^{d_2\times p}` (000 App. C)."""

    latent_dim: int
    out_dim: int

    @property
    def num_params(self) -> int:
        return self.out_dim * self.latent_dim

    def _pre(self, theta: torch.Tensor, Z: torch.Tensor) -> torch.Tensor:
        return Z @ theta.view(self.out_dim, self.latent_dim).T

    def __call__(self, theta: torch.Tensor, Z: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self._pre(theta, Z))

    def jacobian(self, theta: torch.Tensor, Z: torch.Tensor) -> torch.Tensor:
        # d phi_k / d W_{k'j} = delta_{kk'} sigma'(W_k z) z_j
        _, s1, _ = sigmoid_derivatives(self._pre(theta, Z))
        eye = torch.eye(self.out_dim, dtype=Z.dtype)
        return torch.einsum("nk,kq,nj->nkqj", s1, eye, Z).reshape(len(Z), self.out_dim, -1)

    def hessian(self, theta: torch.Tensor, Z: torch.Tensor) -> torch.Tensor:
        # d^2 phi_k / d W_{k'j} d W_{k''l} = delta_{kk'} delta_{kk''} sigma''(W_k z) z_j z_l
        _, _, s2 = sigmoid_derivatives(self._pre(theta, Z))
        n, d2, p = len(Z), self.out_dim, self.latent_dim
        eye = torch.eye(d2, dtype=Z.dtype)
        out = torch.einsum("nk,kq,kr,nj,nl->nkqjrl", s2, eye, eye, Z, Z)
        return out.reshape(n, d2, d2 * p, d2 * p)


@dataclass(frozen=True)
class TorchFeatureMap:
    """A user's differentiable ``fn(theta, z) -> (out_dim,)`` for one latent ``z``."""

    fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
    num_params: int
    out_dim: int

    def __call__(self, theta: torch.Tensor, Z: torch.Tensor) -> torch.Tensor:
        return vmap(self.fn, in_dims=(None, 0))(theta, Z)

    def jacobian(self, theta: torch.Tensor, Z: torch.Tensor) -> torch.Tensor:
        return vmap(jacfwd(self.fn), in_dims=(None, 0))(theta, Z)

    def hessian(self, theta: torch.Tensor, Z: torch.Tensor) -> torch.Tensor:
        return vmap(hessian(self.fn), in_dims=(None, 0))(theta, Z)
