r"""003 §4.2 in parameter space: an over-parameterized generator and discriminator where
Assumption 4.6 (path keeping) and the representation conditions hold by construction.

* Generator :math:`G_W(z) = W \tanh(A z + b)` with frozen random ``A, b`` of width ``K >= n``:
  :math:`G_W(Z) = W \Psi`, ``Psi`` of rank ``n`` (distinct ``z_i``, generic ``A, b``), so any
  ``Y`` has the preimage affine set :math:`W_0 + \{N : N\Psi = 0\}` and any path ``Y(t)`` lifts to
  :math:`W(t) = W_0 + (Y(t) - Y(0))\Psi^+` (Assumption 4.6 with :math:`\mathcal W = \mathbb R^K`).
* Discriminator :math:`f_\theta(u) = \theta^\top \tanh(C u + e)` of width ``J``: linear in
  ``theta``, so the inner problem of eq. (7)/(8) is concave in ``theta``, and when the feature
  matrix at the distinct points has full column rank every vector of values is attained, so the
  ``theta``-supremum equals the function-space supremum of eq. (5)/(6).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from zigan_verify.analysis.global_landscape._numeric import _maximize

__all__ = ["OverparameterizedGAN"]


@dataclass(frozen=True)
class OverparameterizedGAN:
    """Random-feature generator and discriminator (see the module docstring)."""

    Z: np.ndarray  # (n, d_z) distinct latent points
    A: np.ndarray  # (K, d_z)
    b: np.ndarray  # (K,)
    C: np.ndarray  # (J, d)
    e: np.ndarray  # (J,)

    @classmethod
    def random(cls, n: int, d: int, *, d_z: int = 2, K: int | None = None, J: int = 24, seed=0):
        rng = np.random.default_rng(seed)
        K = K or 2 * n
        return cls(
            rng.normal(size=(n, d_z)),
            rng.normal(size=(K, d_z)),
            rng.normal(size=K),
            rng.normal(size=(J, d)),
            rng.normal(size=J),
        )

    @property
    def Psi(self) -> np.ndarray:
        """Generator features at the latent points, ``(K, n)``."""
        return np.tanh(self.A @ self.Z.T + self.b[:, None])

    def generate(self, W: np.ndarray) -> np.ndarray:
        """``G_W(Z)`` as rows ``y_i``."""
        return (W @ self.Psi).T

    def preimage(self, Y: np.ndarray) -> np.ndarray:
        """One ``W`` with ``G_W(Z) = Y`` (least norm)."""
        return Y.T @ np.linalg.pinv(self.Psi)

    def lift(self, W0: np.ndarray, Y0: np.ndarray, Yt: np.ndarray) -> np.ndarray:
        """Assumption 4.6's lifted path point ``W(t) = W_0 + (Y(t) - Y(0)) Psi^+``."""
        return W0 + (Yt - Y0).T @ np.linalg.pinv(self.Psi)

    def features(self, U: np.ndarray) -> np.ndarray:
        """Discriminator features at rows ``U``, ``(len(U), J)``."""
        return np.tanh(U @ self.C.T + self.e)

    def represents(self, X: np.ndarray, Y: np.ndarray) -> bool:
        """Full column rank of the discriminator features at the distinct points of ``X, Y``."""
        U = np.unique(np.round(np.concatenate([X, Y]), 9), axis=0)
        return np.linalg.matrix_rank(self.features(U).T) == len(U)

    def varphi_rpgan(self, h, X: np.ndarray, W: np.ndarray) -> float:
        """003 eq. (8) as corrected, ``sup_theta (1/n) sum_i h(f(x_i) - f(G_W(z_i)))``."""
        return self._sup(lambda fx, fy: h(fx - fy).sum() / len(X), X, W)

    def varphi_sep(self, h1, h2, X: np.ndarray, W: np.ndarray) -> float:
        """003 eq. (7), ``sup_theta (1/2n) sum_i [h1(f(x_i)) + h2(-f(G_W(z_i)))]``."""
        return self._sup(lambda fx, fy: (h1(fx).sum() + h2(-fy).sum()) / (2 * len(X)), X, W)

    def _sup(self, loss, X: np.ndarray, W: np.ndarray) -> float:
        """The supremum over ``theta`` (L-BFGS-B in a box; concave since ``f`` is linear in it)."""
        Y = self.generate(W)
        if not self.represents(X, Y):
            raise ValueError("discriminator features are rank deficient at these points")
        Fx = torch.as_tensor(self.features(X))
        Fy = torch.as_tensor(self.features(Y))
        return _maximize(lambda theta: loss(Fx @ theta, Fy @ theta), Fx.shape[1])
