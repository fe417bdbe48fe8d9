r"""The simple GAN example of 002 §4 (eq. 3), derived with SymPy from its expectations.

.. math::
    f(\phi, \theta) = \mathbb{E}_{x\sim\mathcal N(v,\sigma^2 I)}[g_1(\theta^\top x)]
        + \mathbb{E}_{z\sim\mathcal N(0,\sigma^2 I)}[g_2(\theta^\top(\phi + z))]

NOTE: [simple GAN expectations]
The expectations are taken exactly: we write ``x = v + sigma * eps`` and ``z = sigma * eps`` with
``eps ~ N(0, I)``, differentiate the *integrand* with respect to ``(phi, theta)``, evaluate at the
point of interest and then replace each monomial of ``eps`` by its Gaussian moment
(``E eps_i^k = (k-1)!!`` for even ``k``, 0 for odd ``k``). At ``theta = 0`` the integrand
derivatives are polynomials in ``eps`` times ``g_i^{(k)}(0)``, so this is exact for *any* ``g1, g2``
(kept as undefined SymPy functions). ``g_i^{(k)}(0)`` are then renamed to the symbols of
:func:`derivative_symbols`.

The torch side (:func:`population_loss`, :func:`quadratic_loss`) evaluates the same ``f`` in float64
for the cross-checks and the §7 experiment.

Public: everything in ``__all__``; the rest may change.

References:
    Nie & Patel, Towards a Better Understanding and Regularization of GAN Training Dynamics,
    UAI 2019, arXiv:1806.09235, §4 eq. (3), Lemma 1, Lemma 2, App. A.1-A.2.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import sympy as sp
import torch

from zigan_verify._errors import ZiganError, check_positive

__all__ = [
    "SimpleGAN",
    "derivative_symbols",
    "equilibrium_gradient",
    "gaussian_expectation",
    "hessian_at_equilibrium",
    "integrand_hessians",
    "lemma2_printed",
    "population_loss",
    "quadratic_loss",
    "simple_gan",
    "simple_gan_game",
    "vanilla_derivatives",
    "vanilla_g",
]


@dataclass(frozen=True)
class SimpleGAN:
    """The symbols of eq. (3) in dimension ``n`` (see NOTE: [simple GAN expectations])."""

    n: int
    phi: sp.Matrix
    theta: sp.Matrix
    v: sp.Matrix
    eps: sp.Matrix
    sigma: sp.Symbol
    g1: sp.Function
    g2: sp.Function

    @property
    def w(self) -> sp.Matrix:
        """All parameters, generator first: ``(phi, theta)``."""
        return sp.Matrix.vstack(self.phi, self.theta)

    def equilibrium(self) -> dict:
        """``(phi*, theta*) = (v, 0)`` as a substitution."""
        sub = {p: vi for p, vi in zip(self.phi, self.v, strict=False)}
        sub.update({t: 0 for t in self.theta})
        return sub

    def integrands(self) -> tuple[sp.Expr, sp.Expr]:
        """The two integrands of eq. (3) as functions of ``eps``."""
        x = self.v + self.sigma * self.eps
        xg = self.phi + self.sigma * self.eps
        return self.g1((self.theta.T * x)[0]), self.g2((self.theta.T * xg)[0])


@cache
def simple_gan(n: int) -> SimpleGAN:
    """Symbols for eq. (3) with symbolic mean ``v`` (real) and ``sigma > 0`` in dimension ``n``."""
    if n < 1:
        raise ZiganError(f"n must be >= 1, got {n}")
    vec = lambda name: sp.Matrix(sp.symbols(f"{name}1:{n + 1}", real=True))  # noqa: E731
    return SimpleGAN(
        n,
        vec("phi"),
        vec("theta"),
        vec("v"),
        vec("epsilon"),
        sp.Symbol("sigma", positive=True),
        sp.Function("g1"),
        sp.Function("g2"),
    )


def derivative_symbols(order: int = 2) -> dict[tuple[int, int], sp.Symbol]:
    """Symbols ``g_i^{(k)}(0)`` keyed by ``(i, k)``, ``i in {1, 2}``, ``0 <= k <= order``."""
    primes = ["", "'", "''", "'''"]
    return {
        (i, k): sp.Symbol(f"g_{i}{primes[k]}(0)", real=True)
        for i in (1, 2)
        for k in range(order + 1)
    }


def vanilla_g() -> tuple[sp.Lambda, sp.Lambda]:
    r"""The vanilla GAN: :math:`g_1(t) = g_2(-t) = -\log(1 + e^{-t})` (002 §3.1)."""
    t = sp.Symbol("t", real=True)
    g1 = sp.Lambda(t, -sp.log(1 + sp.exp(-t)))
    return g1, sp.Lambda(t, g1(-t))


def vanilla_derivatives(order: int = 2) -> dict[sp.Symbol, sp.Expr]:
    """``g_i^{(k)}(0)`` of the vanilla GAN, derived by differentiation (1/2, -1/2, -1/4, -1/4 ...)."""
    t = sp.Symbol("t", real=True)
    out = {}
    for (i, k), sym in derivative_symbols(order).items():
        g = vanilla_g()[i - 1]
        out[sym] = sp.simplify(sp.diff(g(t), t, k).subs(t, 0))
    return out


def _name_derivatives(expr: sp.Expr, gan: SimpleGAN) -> sp.Expr:
    """Replace ``Subs(Derivative(g_i(x), (x, k)), x, 0)`` and ``g_i(0)`` by the named symbols."""
    names = derivative_symbols(3)
    funcs = {gan.g1: 1, gan.g2: 2}

    def is_derivative_at_zero(e):
        return (
            isinstance(e, sp.Subs)
            and isinstance(e.expr, sp.Derivative)
            and e.expr.expr.func in funcs
            and e.point == (0,)
        )

    def rename(e):
        return names[(funcs[e.expr.expr.func], e.expr.derivative_count)]

    expr = expr.replace(is_derivative_at_zero, rename)
    return expr.subs({gan.g1(0): names[(1, 0)], gan.g2(0): names[(2, 0)]})


def gaussian_expectation(expr: sp.Expr, eps: sp.Matrix) -> sp.Expr:
    """``E[expr]`` for ``eps ~ N(0, I)`` when ``expr`` is a polynomial in ``eps`` (exact moments)."""
    poly = sp.Poly(sp.expand(expr), *eps)
    total = sp.Integer(0)
    for powers, coeff in poly.terms():
        moment = sp.Integer(1)
        for k in powers:
            moment *= 0 if k % 2 else sp.factorial2(k - 1)
        total += coeff * moment
    return sp.expand(total)


def _expect_at_equilibrium(integrand_derivative: sp.Expr, gan: SimpleGAN) -> sp.Expr:
    at_eq = integrand_derivative.subs(gan.equilibrium()).doit()
    return gaussian_expectation(_name_derivatives(at_eq, gan), gan.eps)


@cache
def equilibrium_gradient(n: int) -> sp.Matrix:
    """``grad f(v, 0)`` (generator block first), in terms of ``g_i'(0)``; see Lemma 2 / Assumption 2."""
    gan = simple_gan(n)
    integrand = sum(gan.integrands())
    return sp.Matrix([_expect_at_equilibrium(sp.diff(integrand, wi), gan) for wi in gan.w])


@cache
def hessian_at_equilibrium(n: int) -> sp.Matrix:
    """``grad^2 f(v, 0)`` derived from the expectations (002 Lemma 2, App. A.2), blocks ``(phi, theta)``."""
    gan = simple_gan(n)
    integrand = sum(gan.integrands())
    w = list(gan.w)
    return sp.Matrix(
        2 * n, 2 * n, lambda i, j: _expect_at_equilibrium(sp.diff(integrand, w[i], w[j]), gan)
    )


def lemma2_printed(n: int) -> sp.Matrix:
    r"""Eq. (4) as printed: :math:`[[0, g_2'(0) I], [g_2'(0) I, (g_1''(0)+g_2''(0))(\sigma^2 I + vv^\top)]]`."""
    gan = simple_gan(n)
    d = derivative_symbols()
    eye = sp.eye(n)
    S = gan.sigma**2 * eye + gan.v * gan.v.T
    return sp.Matrix(
        sp.BlockMatrix([[sp.zeros(n), d[2, 1] * eye], [d[2, 1] * eye, (d[1, 2] + d[2, 2]) * S]])
    )


def integrand_hessians(n: int) -> dict[str, tuple[sp.Expr, sp.Matrix]]:
    r"""Lemma 1 (App. A.1): each integrand's Hessian block as ``scalar * u u^T`` at any point.

    Returns ``{"phiphi": (c, H), "thetatheta_data": (c, H), "thetatheta_gen": (c, H)}`` with ``H``
    the integrand Hessian derived by SymPy and ``c = g_i''(\cdot)`` its scalar factor; the caller
    checks ``H - c u u^T == 0``. Since ``g_i`` is concave, ``c <= 0`` and every block is NSD
    pointwise, hence so is its expectation.
    """
    gan = simple_gan(n)
    data, gen = gan.integrands()
    phi, theta = list(gan.phi), list(gan.theta)
    hess = lambda e, a: sp.Matrix(n, n, lambda i, j: sp.diff(e, a[i], a[j]))  # noqa: E731
    s = sp.Symbol("s")
    x = gan.v + gan.sigma * gan.eps
    xg = gan.phi + gan.sigma * gan.eps
    d2 = lambda g, arg: sp.diff(g(s), s, 2).subs(s, arg)  # noqa: E731
    return {
        "phiphi": (d2(gan.g2, (gan.theta.T * xg)[0]), hess(gen, phi), gan.theta),
        "thetatheta_data": (d2(gan.g1, (gan.theta.T * x)[0]), hess(data, theta), x),
        "thetatheta_gen": (d2(gan.g2, (gan.theta.T * xg)[0]), hess(gen, theta), xg),
    }


# --- torch float64 evaluations --------------------------------------------------------------


def _check_params(sigma2: float, v) -> torch.Tensor:
    check_positive("sigma^2", float(sigma2))
    v = torch.as_tensor(v, dtype=torch.float64)
    if v.ndim != 1:
        raise ZiganError(f"v must be a vector, got shape {tuple(v.shape)}")
    return v


@cache
def _hermite_grid(n: int, nodes: int) -> tuple[torch.Tensor, torch.Tensor]:
    # Gauss-Hermite (probabilists') tensor grid: exact for polynomials of degree < 2 * nodes.
    x, wts = np.polynomial.hermite_e.hermegauss(nodes)
    wts = wts / wts.sum()
    grids = np.meshgrid(*([x] * n), indexing="ij")
    pts = np.stack([g.reshape(-1) for g in grids], axis=1)
    wt = np.ones(pts.shape[0])
    for g in np.meshgrid(*([wts] * n), indexing="ij"):
        wt = wt * g.reshape(-1)
    return torch.tensor(pts), torch.tensor(wt)


def _g1(t):
    return -torch.nn.functional.softplus(-t)


def _g2(t):
    return -torch.nn.functional.softplus(t)


def population_loss(sigma2: float, v, *, nodes: int = 24):
    """Eq. (3) for the vanilla GAN as a torch function of ``w = (phi, theta)``.

    The Gaussian expectations are Gauss-Hermite tensor quadratures with ``nodes`` points per axis
    (the integrands are analytic, so the error decays geometrically; 24 nodes give ~1e-13 near the
    equilibrium at the paper's scales).
    """
    v = _check_params(sigma2, v)
    n = v.shape[0]
    eps, wt = _hermite_grid(n, nodes)
    sigma = float(sigma2) ** 0.5

    def f(w: torch.Tensor) -> torch.Tensor:
        phi, theta = w[:n], w[n:]
        return wt @ _g1((v + sigma * eps) @ theta) + wt @ _g2((phi + sigma * eps) @ theta)

    return f


def quadratic_loss(sigma2: float, v):
    r"""The second-order model of eq. (3) at ``w* = (v, 0)`` for the vanilla GAN.

    .. math:: f_2(\phi, \theta) = -\tfrac12\theta^\top(\phi - v)
        - \tfrac14\theta^\top(\sigma^2 I + vv^\top)\theta + f(w^*)

    (built from :func:`hessian_at_equilibrium` with :func:`vanilla_derivatives`, not typed in).
    """
    v = _check_params(sigma2, v)
    n = v.shape[0]
    gan = simple_gan(n)
    H = hessian_at_equilibrium(n).subs(vanilla_derivatives())
    sub = {gan.sigma: sp.Float(float(sigma2) ** 0.5, 30)}
    sub.update({vi: sp.Float(float(x), 30) for vi, x in zip(gan.v, v, strict=False)})
    Hn = torch.tensor(np.array(H.subs(sub).evalf(20), dtype=float))
    w_star = torch.cat([v, torch.zeros(n, dtype=torch.float64)])

    def f(w: torch.Tensor) -> torch.Tensor:
        d = w - w_star
        return 0.5 * d @ (Hn @ d)

    return f


def simple_gan_game(sigma2: float, v, *, nodes: int = 24):
    """Eq. (3) as a zero-sum :class:`~zigan_verify.game.games.Game` on ``w = (phi, theta)``: the
    generator ``phi`` minimizes :func:`population_loss`, the discriminator ``theta`` maximizes it."""
    from zigan_verify.game.games import Game

    n = _check_params(sigma2, v).shape[0]
    return Game.zero_sum(
        population_loss(sigma2, v, nodes=nodes), n_theta=n, dim=2 * n, name="002 simple GAN"
    )
