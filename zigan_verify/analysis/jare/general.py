r"""General GANs at an equilibrium (002 §6): Lemma 3, Theorem 4, Theorem 5, in float64 torch.

Lemma 3 is checked on a small concrete GAN that satisfies Assumptions 1-2 by construction:
``D_theta(x) = theta^T tanh(W x + b)`` (so ``D_{theta*} = 0`` at ``theta* = 0``), a nonlinear generator
``G_phi(z) = a + tanh(B z)`` with ``phi = (a, vec B)``, the vanilla losses, and the *same* latent
samples for ``P_r`` and ``P_{phi*}`` (real data ``x_i = G_{phi*}(z_i)``), so ``P_r = P_{phi*}`` exactly as
empirical measures. The Hessian of ``f`` comes from ``torch.func.hessian``; ``P`` and ``Q`` from the
formulas (9) with autograd derivatives of ``D`` and ``G``.

Public: everything in ``__all__``; the rest may change.

References:
    Nie & Patel 2019, arXiv:1806.09235: Assumptions 1-2, Lemma 3 (eq. (8), (9)), Theorem 4
    (eq. (10), (11)), Theorem 5 (eq. (12)), App. E.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch.func import hessian, jacrev

from zigan_verify._errors import ZiganError, check_positive

__all__ = [
    "ConcreteGAN",
    "concrete_gan",
    "jare_jacobian",
    "lemma3_expectation",
    "lemma3_jacobians",
    "rayleigh_coefficients",
    "simgd_jacobian",
    "theorem5_deviation",
]


@dataclass(frozen=True)
class ConcreteGAN:
    """A small GAN at an equilibrium satisfying Assumptions 1-2 (see module docstring)."""

    W: torch.Tensor  # (n_features, d)
    b: torch.Tensor  # (n_features,)
    z: torch.Tensor  # (N, k) latent samples
    phi_star: torch.Tensor  # (d + d*k,)
    d: int
    k: int

    @property
    def m(self) -> int:
        return self.phi_star.shape[0]

    @property
    def n(self) -> int:
        return self.W.shape[0]

    def G(self, phi: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        a, B = phi[: self.d], phi[self.d :].reshape(self.d, self.k)
        return a + torch.tanh(z @ B.T)

    def D(self, theta: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return torch.tanh(x @ self.W.T + self.b) @ theta

    def f(self, w: torch.Tensor) -> torch.Tensor:
        phi, theta = w[: self.m], w[self.m :]
        x_real = self.G(self.phi_star, self.z)
        g1 = -torch.nn.functional.softplus(-self.D(theta, x_real))
        g2 = -torch.nn.functional.softplus(self.D(theta, self.G(phi, self.z)))
        return g1.mean() + g2.mean()

    @property
    def w_star(self) -> torch.Tensor:
        return torch.cat([self.phi_star, torch.zeros(self.n, dtype=torch.float64)])


def concrete_gan(
    d: int = 2, k: int = 2, n_features: int = 5, samples: int = 64, seed: int = 0
) -> ConcreteGAN:
    """Build a :class:`ConcreteGAN` with seeded random weights (``m = d + d k`` generator params)."""
    for name, val in (("d", d), ("k", k), ("n_features", n_features), ("samples", samples)):
        if val < 1:
            raise ZiganError(f"{name} must be >= 1, got {val}")
    gen = torch.Generator().manual_seed(seed)
    rnd = lambda *s: torch.randn(*s, generator=gen, dtype=torch.float64)  # noqa: E731
    return ConcreteGAN(rnd(n_features, d), rnd(n_features), rnd(samples, k), rnd(d + d * k), d, k)


def lemma3_expectation(gan: ConcreteGAN) -> torch.Tensor:
    """``E[grad_phi G (grad^2_{x theta} D)]`` (``m x n``) at the equilibrium, the expectation of
    eq. (9) and App. E.1 without its loss factor, from autograd derivatives of ``G`` and ``D``."""
    theta0 = torch.zeros(gan.n, dtype=torch.float64)
    x = gan.G(gan.phi_star, gan.z)  # (N, d)
    JG = jacrev(lambda p: gan.G(p, gan.z))(gan.phi_star)  # (N, d, m) Jacobians of G
    grad_theta_D = lambda xi: jacrev(gan.D)(theta0, xi)  # noqa: E731  (n,)
    Dxt = torch.stack([jacrev(grad_theta_D)(xi).T for xi in x])  # (N, d, n): grad^2_{x theta} D
    return torch.einsum("idm,idn->mn", JG, Dxt) / x.shape[0]


def lemma3_jacobians(gan: ConcreteGAN) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """``(A_autograd, P_formula, Q_formula)``: the SimGD Jacobian from ``torch.func.hessian`` of ``f``
    and ``P``, ``Q`` from eq. (9) (vanilla: ``g_2'(0) = -1/2``, ``g_1''(0) + g_2''(0) = -1/2``)."""
    m = gan.m
    H = hessian(gan.f)(gan.w_star)
    A = torch.cat([torch.cat([-H[:m, :m], -H[:m, m:]], 1), torch.cat([H[m:, :m], H[m:, m:]], 1)], 0)
    theta0 = torch.zeros(gan.n, dtype=torch.float64)
    x = gan.G(gan.phi_star, gan.z)  # (N, d)
    grad_theta_D = lambda xi: jacrev(gan.D)(theta0, xi)  # noqa: E731  (n,)
    P = -0.5 * lemma3_expectation(gan)
    gD = torch.stack([grad_theta_D(xi) for xi in x])  # (N, n)
    Q = -0.5 * gD.T @ gD / x.shape[0]
    return A, P, Q


def simgd_jacobian(P: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """Eq. (8): ``A = [[0, -P], [P^T, Q]]``."""
    m, n = P.shape
    return np.block([[np.zeros((m, m)), -P], [P.T, Q]])


def jare_jacobian(P: np.ndarray, Q: np.ndarray, gamma: float) -> np.ndarray:
    """App. E.3: ``Gamma A`` with ``Gamma = [[I, -gamma P], [gamma P^T, I]]``."""
    check_positive("gamma", gamma, allow_zero=True)
    m, n = P.shape
    Gam = np.block([[np.eye(m), -gamma * P], [gamma * P.T, np.eye(n)]])
    return Gam @ simgd_jacobian(P, Q)


def rayleigh_coefficients(P: np.ndarray, Q: np.ndarray):
    """For each eigenpair of eq. (8): ``(lambda, a1, a2, ||y2||)`` with the Rayleigh quotients of
    App. E.2 (``a1 = a2 = nan`` where ``y2 = 0``)."""
    A = simgd_jacobian(P, Q)
    m = P.shape[0]
    vals, vecs = np.linalg.eig(A)
    out = []
    for lam, y in zip(vals, vecs.T, strict=False):
        y2 = y[m:]
        nrm = np.linalg.norm(y2)
        if nrm < 1e-10 * np.linalg.norm(y):
            out.append((lam, np.nan, np.nan, nrm))
            continue
        a1 = (y2.conj() @ Q @ y2) / nrm**2
        a2 = (y2.conj() @ P.T @ P @ y2) / nrm**2
        out.append((lam, a1, a2, nrm))
    return out


def theorem5_deviation(P: np.ndarray, Q: np.ndarray, gamma: float) -> float:
    """``max_i |lambda_i(A)/gamma - mu_i|`` with ``mu = -eig(P P^T) u -eig(P^T P)`` matched by sorting."""
    A = jare_jacobian(P, Q, gamma) / gamma
    got = np.sort_complex(np.linalg.eigvals(A))
    lim = np.sort(np.concatenate([-np.linalg.eigvalsh(P @ P.T), -np.linalg.eigvalsh(P.T @ P)]))
    # Match greedily by real part (limits are real); imaginary parts count as error.
    got = got[np.argsort(got.real)]
    return float(np.abs(got - lim).max())
