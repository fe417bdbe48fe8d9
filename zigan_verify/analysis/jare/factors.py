r"""Phase factor ``zeta``, conditioning factor ``tau``, step sizes and iteration bounds (002 §4-5).

Everything is derived from the rule-derived 2x2 blocks of :func:`reduced_block`: the eigenvalues
of the simple GAN's Jacobian are the roots of ``det(lambda I - A_s)`` for ``s = sigma^2``
(``lambda_{1,2}``) and ``s = beta^2 = sigma^2 + ||v||^2`` (``lambda_{3,4}``). For a pair of roots
with sum ``-p`` and product ``q`` (Vieta, exact):

* complex pair: ``|1 + eta lambda|^2 = 1 - p eta + q eta^2``, ``zeta^2 = 4q/p^2 - 1``;
* real pair: ``tau = (p + sqrt(p^2 - 4q))^2 / (4q)``.

Public: everything in ``__all__``; the rest may change.

References:
    Nie & Patel 2019, arXiv:1806.09235: Corollary 1-3, §5.2 (eta_max), App. A.4, A.5, D.3.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp

from zigan_verify._errors import check_positive
from zigan_verify.analysis.jare.jacobians import gamma_symbol, lam, reduced_block

__all__ = [
    "eta",
    "eta_max_exact",
    "eta_max_printed",
    "jacobian_numeric",
    "pair_coefficients",
    "phase_factor",
    "conditioning_factor",
    "spectral_radius",
    "stability_threshold",
    "validate",
]

eta = sp.Symbol("eta", positive=True)
_s = sp.Symbol("s", positive=True)


def validate(sigma2: float, v_norm2: float = 0.0, gamma: float = 0.0) -> None:
    """Reject ``sigma^2 <= 0``, ``||v||^2 < 0`` and ``gamma < 0`` with a one-line ZiganError."""
    check_positive("sigma^2", sigma2)
    check_positive("||v||^2", v_norm2, allow_zero=True)
    check_positive("gamma", gamma, allow_zero=True)


@cache
def pair_coefficients(method: str) -> tuple[sp.Expr, sp.Expr]:
    """``(p, q)`` with ``det(lambda I - A_s) = lambda^2 + p lambda + q`` (derived, in ``s`` and ``gamma``)."""
    poly = sp.Poly(reduced_block(method).charpoly(lam).as_expr(), lam)
    _, p, q = poly.all_coeffs()
    return sp.simplify(p), sp.simplify(q)


def phase_factor(method: str, s=_s) -> sp.Expr:
    """``zeta = |Im/Re|`` of the complex pair on eigenvalue ``s`` (valid where ``p^2 < 4q``)."""
    p, q = (c.subs(_s, s) for c in pair_coefficients(method))
    return sp.sqrt(4 * q / p**2 - 1)


def conditioning_factor(method: str, s=_s) -> sp.Expr:
    """``tau = |lambda_3 / lambda_4|`` of the real pair on eigenvalue ``s`` (valid where ``p^2 >= 4q``)."""
    p, q = (c.subs(_s, s) for c in pair_coefficients(method))
    return (p + sp.sqrt(p**2 - 4 * q)) ** 2 / (4 * q)


def stability_threshold(method: str, s=_s, *, complex_pair: bool) -> sp.Expr:
    """Largest ``eta`` with ``|1 + eta lambda| < 1`` for both roots on eigenvalue ``s``."""
    p, q = (c.subs(_s, s) for c in pair_coefficients(method))
    if complex_pair:  # 1 - p eta + q eta^2 < 1
        return p / q
    return 4 / (p + sp.sqrt(p**2 - 4 * q))  # 2 / |largest root|


def eta_max_printed(sigma2, beta2, gamma):
    r"""§5.2: :math:`\eta_{\max} = 8\min\{\frac{\gamma+\sigma^2}{\gamma^2+4},
    \frac{1}{(\beta^2+\gamma)+\sqrt{2\beta^2\gamma+(\beta^2)^2-4}}\}` (numeric)."""
    return 8 * min(
        (gamma + sigma2) / (gamma**2 + 4),
        1 / ((beta2 + gamma) + np.sqrt(2 * beta2 * gamma + beta2**2 - 4)),
    )


def jacobian_numeric(method: str, sigma2: float, v, gamma: float = 0.0) -> np.ndarray:
    """The rule-derived Jacobian (:func:`jacobian_from_rule`) evaluated in float64 for vector ``v``."""
    from zigan_verify.analysis.jare.simple_gan import simple_gan

    v = np.asarray(v, dtype=float)
    validate(sigma2, float(v @ v), gamma)
    n = v.shape[0]
    simple_gan(n)
    fn = _lambdified(method, n)
    return np.array(fn(np.sqrt(sigma2), *v, gamma), dtype=float).reshape(2 * n, 2 * n)


@cache
def _lambdified(method: str, n: int):
    from zigan_verify.analysis.jare.jacobians import jacobian_from_rule
    from zigan_verify.analysis.jare.simple_gan import simple_gan

    gan = simple_gan(n)
    return sp.lambdify([gan.sigma, *gan.v, gamma_symbol], jacobian_from_rule(method, n), "numpy")


def spectral_radius(A: np.ndarray, step: float) -> float:
    """``rho(I + eta A)``: the exact per-step contraction of the linearized update."""
    return float(np.abs(np.linalg.eigvals(np.eye(A.shape[0]) + step * A)).max())


def eta_max_exact(A: np.ndarray) -> float:
    """``sup {eta : rho(I + eta A) < 1}`` = ``min_i 2|Re lambda_i| / |lambda_i|^2`` (all Re < 0)."""
    ev = np.linalg.eigvals(A)
    return float(np.min(-2 * ev.real / np.abs(ev) ** 2))
