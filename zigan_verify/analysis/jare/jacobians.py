r"""Regularized Jacobians of the simple GAN example, built from the update rules (002 §4-5).

NOTE: [Jacobians from update rules]
Each method is an update :math:`w^{(k+1)} = w^{(k)} + \eta\, d(w^{(k)})` (eq. (5), (6), (7), (21),
(26), (28)). We write ``d`` literally from the printed rule with SymPy gradients of the local loss
``f2`` (the second-order model of eq. (3) at ``w*``, whose Hessian :func:`hessian_at_equilibrium`
derives from the expectations), and take ``A_rule = dd/dw``. Using ``f2`` instead of ``f`` is exact
at ``w*``: the regularizers' Jacobians are ``J^T J + sum_i g_i grad^2 g_i`` with ``g = grad f``, and
``g(w*) = 0``. Independently we build ``Gamma`` from the Hessian blocks as §5 defines it and check
``A_rule == Gamma * M`` with ``M = d(nabla~ f)/dw`` (eq. (6)); the characteristic polynomials then
give the eigenvalues with multiplicity (Theorems 1, 3 and App. D.1).

Public: everything in ``__all__``; the rest may change.

References:
    Nie & Patel 2019, arXiv:1806.09235: eq. (5)-(7), Theorem 1, Theorem 2, Theorem 3, App. A.3,
    D.1, D.2. Mescheder et al. 2017 (ConOpt); Nagarajan & Kolter 2017 (only regularizing G).
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import sympy as sp

from zigan_verify.analysis.jare.simple_gan import (
    derivative_symbols,
    hessian_at_equilibrium,
    simple_gan,
    vanilla_derivatives,
)

__all__ = [
    "METHODS",
    "JacobianDerivation",
    "charpoly",
    "derive_jacobians",
    "gamma_matrix",
    "gamma_printed",
    "gamma_symbol",
    "jacobian_from_rule",
    "jacobian_gamma_m",
    "lam",
    "latex",
    "latex_document",
    "latex_section",
    "local_loss",
    "nabla_tilde_jacobian",
    "printed_characteristic",
    "printed_eigenvalues",
    "printed_intermediates",
    "printed_reduced_equations",
    "reduced_block",
    "update_direction",
]

METHODS = ("simgd", "only_generator", "only_discriminator", "conopt", "jare")

gamma_symbol = sp.Symbol("gamma", nonnegative=True)
lam = sp.Symbol("lambda")


@cache
def local_loss(n: int) -> sp.Expr:
    """``f2(w) = 1/2 (w - w*)^T H (w - w*)`` with the vanilla ``H`` of Lemma 2 (derived)."""
    gan = simple_gan(n)
    H = hessian_at_equilibrium(n).subs(vanilla_derivatives())
    d = gan.w - sp.Matrix.vstack(gan.v, sp.zeros(n, 1))
    return sp.expand((d.T * H * d)[0] / 2)


def _grad(expr: sp.Expr, xs) -> sp.Matrix:
    return sp.Matrix([sp.diff(expr, x) for x in xs])


def update_direction(method: str, n: int) -> sp.Matrix:
    r"""``d(w)`` of ``w+ = w + eta d(w)``, written as printed in 002 (eq. (5), (21), (26), (28), (7))."""
    gan = simple_gan(n)
    f = local_loss(n)
    g_phi, g_theta = _grad(f, gan.phi), _grad(f, gan.theta)
    sq = lambda u: (u.T * u)[0]  # noqa: E731
    half_gamma = gamma_symbol / 2
    if method == "simgd":  # eq. (5)
        return sp.Matrix.vstack(-g_phi, g_theta)
    if method == "only_generator":  # eq. (21)
        return sp.Matrix.vstack(-g_phi - half_gamma * _grad(sq(g_theta), gan.phi), g_theta)
    if method == "only_discriminator":  # eq. (26)
        return sp.Matrix.vstack(-g_phi, g_theta - half_gamma * _grad(sq(g_phi), gan.theta))
    if method == "conopt":  # eq. (28)
        grad_sq = _grad(sq(g_phi) + sq(g_theta), gan.w)
        return sp.Matrix.vstack(-g_phi, g_theta) - half_gamma * grad_sq
    if method == "jare":  # eq. (7)
        return sp.Matrix.vstack(
            -g_phi - half_gamma * _grad(sq(g_theta), gan.phi),
            g_theta - half_gamma * _grad(sq(g_phi), gan.theta),
        )
    raise ValueError(f"unknown method {method!r}")


@cache
def jacobian_from_rule(method: str, n: int) -> sp.Matrix:
    """``A = d d(w) / d w`` at ``w*`` (constant: ``d`` is linear for the local loss)."""
    gan = simple_gan(n)
    return sp.simplify(update_direction(method, n).jacobian(gan.w))


@cache
def nabla_tilde_jacobian(n: int) -> sp.Matrix:
    """``M = d(nabla~ f)/dw`` with ``nabla~ f = (-grad_phi f, grad_theta f)`` (eq. (5))."""
    return jacobian_from_rule("simgd", n)


def _blocks(n: int):
    gan = simple_gan(n)
    H = sp.hessian(local_loss(n), list(gan.w))
    return H[:n, :n], H[:n, n:], H[n:, :n], H[n:, n:]


def gamma_matrix(method: str, n: int) -> sp.Matrix:
    """``Gamma`` of §5 (eq. (6)) from the Hessian blocks, with the corrected ``phi-theta`` block."""
    Hpp, Hpt, Htp, Htt = _blocks(n)
    g, eye, zero = gamma_symbol, sp.eye(n), sp.zeros(n)
    table = {
        "simgd": [[eye, zero], [zero, eye]],
        "only_generator": [[eye, -g * Hpt], [zero, eye]],
        "only_discriminator": [[eye, zero], [g * Htp, eye]],
        "conopt": [[eye + g * Hpp, -g * Hpt], [g * Htp, eye - g * Htt]],
        "jare": [[eye, -g * Hpt], [g * Htp, eye]],
    }
    return sp.Matrix(sp.BlockMatrix(table[method]))


def gamma_printed(method: str, n: int) -> sp.Matrix:
    r"""``Gamma`` exactly as printed in §5.1 / §5.2 (with :math:`\nabla^2_{\phi\phi}` in the (1,2) block)."""
    Hpp, Hpt, Htp, Htt = _blocks(n)
    g, eye, zero = gamma_symbol, sp.eye(n), sp.zeros(n)
    table = {
        "only_generator": [[eye, -g * Hpp], [zero, eye]],
        "only_discriminator": [[eye, zero], [g * Htp, eye]],
        "conopt": [[eye + g * Hpp, -g * Hpt], [g * Htp, eye - g * Htt]],
        "jare": [[eye, -g * Hpp], [g * Htp, eye]],
    }
    return sp.Matrix(sp.BlockMatrix(table[method]))


def jacobian_gamma_m(method: str, n: int) -> sp.Matrix:
    """``Gamma * M`` (eq. (6))."""
    return sp.expand(gamma_matrix(method, n) * nabla_tilde_jacobian(n))


@cache
def charpoly(method: str, n: int) -> sp.Expr:
    """``det(lambda I - A)`` of the rule-derived Jacobian, expanded."""
    return sp.expand(jacobian_from_rule(method, n).charpoly(lam).as_expr())


@cache
def reduced_block(method: str) -> sp.Matrix:
    r"""The 2x2 Jacobian on an eigenspace of :math:`S = \sigma^2 I + vv^\top` with eigenvalue ``s``.

    Derived from the ``n = 1`` rule with ``sigma^2 + v^2`` renamed ``s`` (every block of ``A`` is a
    polynomial in ``S``, so ``A`` acts on ``(u, 0), (0, u)`` for ``S u = s u`` by this matrix).
    """
    gan = simple_gan(1)
    A = jacobian_from_rule(method, 1)
    s = sp.Symbol("s", positive=True)
    return sp.simplify(
        A.subs(gan.v[0] ** 2, s - gan.sigma**2).subs(gan.v[0], sp.sqrt(s - gan.sigma**2))
    )


def printed_eigenvalues(method: str) -> dict[str, tuple[sp.Expr, sp.Expr]]:
    r"""The eigenvalue pairs as printed (Theorem 1, eq. (25), (27), Theorem 3), in ``sigma^2``, ``beta^2``."""
    sigma2, beta2 = sp.symbols("sigma^2 beta^2", positive=True)
    g = gamma_symbol

    def pair(b, c):
        return ((-b + sp.sqrt(b**2 - c)) / 4, (-b - sp.sqrt(b**2 - c)) / 4)

    table = {
        "simgd": {"12": pair(sigma2, 4), "34": pair(beta2, 4)},
        "only_generator": {"12": pair(sigma2 + g / 2, 4), "34": pair(beta2 + g / 2, 4)},
        "only_discriminator": {"12": pair(sigma2 + g / 2, 4), "34": pair(beta2 + g / 2, 4)},
        "jare": {"12": pair(sigma2 + g, g**2 + 4), "34": pair(beta2 + g, g**2 + 4)},
    }
    return table[method]


def printed_characteristic(method: str, n: int) -> sp.Expr:
    """``prod (lambda - lambda_i)`` over the printed eigenvalues, ``lambda_{1,2}`` with multiplicity ``n-1``."""
    gan = simple_gan(n)
    sigma2, beta2 = sp.symbols("sigma^2 beta^2", positive=True)
    beta2_value = gan.sigma**2 + sum(vi**2 for vi in gan.v)
    pairs = printed_eigenvalues(method)

    def quad(p):
        return sp.expand((lam - p[0]) * (lam - p[1]))

    poly = quad(pairs["12"]) ** (n - 1) * quad(pairs["34"])
    return sp.expand(poly.subs({sigma2: gan.sigma**2, beta2: beta2_value}))


def printed_intermediates(n: int) -> dict[str, tuple[sp.Matrix, sp.Matrix]]:
    """Intermediate matrices of App. A.3, D.1, D.2 as printed, paired with the derived ones."""
    gan = simple_gan(n)
    g, eye, Z = gamma_symbol, sp.eye(n), sp.zeros(n)
    h = sp.Rational(1, 2)
    S = gan.sigma**2 * eye + gan.v * gan.v.T
    M = nabla_tilde_jacobian(n)
    B = lambda rows: sp.Matrix(sp.BlockMatrix(rows))  # noqa: E731
    return {
        "A3.eq15": (B([[Z, h * eye], [-h * eye, -h * S]]), M),
        "D1.M_printed": (B([[Z, -h * eye], [h * eye, -h * S]]), M),
        "D1.M_in_product": (B([[Z, -h * eye], [-h * eye, -h * S]]), M),
        "D1.Gamma_gen": (B([[eye, g / 2 * eye], [Z, eye]]), gamma_matrix("only_generator", n)),
        "D1.A_gen": (
            B([[-g / 4 * eye, h * eye - g / 4 * S], [-h * eye, -h * S]]),
            jacobian_from_rule("only_generator", n),
        ),
        "D1.Gamma_disc": (
            B([[eye, Z], [-g / 2 * eye, eye]]),
            gamma_matrix("only_discriminator", n),
        ),
        "D1.A_disc": (
            B([[Z, h * eye], [-h * eye, -h * ((gan.sigma**2 + g / 2) * eye + gan.v * gan.v.T)]]),
            jacobian_from_rule("only_discriminator", n),
        ),
        "D1.conopt_Gamma": (sp.eye(2 * n) - g * M.T, gamma_matrix("conopt", n)),
        "D1.conopt_A": (M - g * M.T * M, jacobian_from_rule("conopt", n)),
        "D2.Gamma_jare": (B([[eye, g / 2 * eye], [-g / 2 * eye, eye]]), gamma_matrix("jare", n)),
        "D2.M": (B([[Z, h * eye], [-h * eye, -h * S]]), M),
        "D2.A_jare": (
            B([[-g / 2 * eye, h * eye - g / 4 * S], [-h * eye, -g / 4 * eye - h * S]]),
            jacobian_from_rule("jare", n),
        ),
    }


def printed_reduced_equations() -> dict[str, tuple[sp.Expr, sp.Expr]]:
    """The scalar equations (18), (24), (33) on the ``S``-eigenspace (``v v^T -> s - sigma^2``),
    paired with ``2 det(lambda I - A_s)`` from :func:`reduced_block`."""
    s = sp.Symbol("s", positive=True)
    sigma = simple_gan(1).sigma
    g = gamma_symbol
    vv = s - sigma**2
    printed = {
        "eq18": ("simgd", 2 * lam**2 + sigma**2 * lam + sp.Rational(1, 2) + lam * vv),
        "eq24": (
            "only_generator",
            2 * lam**2 + (g / 2 + sigma**2) * lam + sp.Rational(1, 2) + lam * vv,
        ),
        "eq33": (
            "jare",
            2 * lam**2 + (g + sigma**2) * lam + g**2 / 8 + sp.Rational(1, 2) + lam * vv,
        ),
    }
    return {
        k: (sp.expand(p), sp.expand(2 * reduced_block(m).charpoly(lam).as_expr()))
        for k, (m, p) in printed.items()
    }


class JacobianDerivation(NamedTuple):
    r"""One method's Jacobian on an eigenspace of :math:`S = \sigma^2 I + vv^\top` (eigenvalue ``s``).

    ``block`` is :func:`reduced_block` (derived from the update rule), ``charpoly`` its
    ``det(lambda I - A_s)`` factored, ``eigenvalues`` its distinct roots in ``lambda`` (sorted),
    all SymPy expressions in ``s``, ``sigma`` and ``gamma``.
    """

    method: str
    block: sp.Matrix
    charpoly: sp.Expr
    eigenvalues: tuple[sp.Expr, ...]


@cache
def derive_jacobians() -> dict[str, JacobianDerivation]:
    """:class:`JacobianDerivation` for every method of :data:`METHODS`, in that order.

    Setting ``s = sigma^2`` gives ``lambda_{1,2}`` and ``s = beta^2 = sigma^2 + ||v||^2`` gives
    ``lambda_{3,4}`` of Theorem 1 (SimGD), eq. (25), (27) (one-player regularizers) and Theorem 3
    (JARE); ConOpt's are those of App. D.1.

    Examples:
        >>> from zigan_verify.analysis.jare.jacobians import derive_jacobians
        >>> derive_jacobians()["simgd"].eigenvalues
        (-s/4 - sqrt(s**2 - 4)/4, -s/4 + sqrt(s**2 - 4)/4)
    """
    out = {}
    for method in METHODS:
        A = reduced_block(method)
        poly = A.charpoly(lam).as_expr()
        roots = sorted(
            (sp.simplify(r) for r in sp.roots(sp.Poly(poly, lam))), key=sp.default_sort_key
        )
        out[method] = JacobianDerivation(method, A, sp.factor(poly), tuple(roots))
    return out


def _latex_names() -> dict[sp.Symbol, str]:
    # The symbols of derivative_symbols are named ``g_2'(0)`` ...; sympy.latex subscripts
    # everything after the underscore (``g_{2'(0)}``), so print the prime outside the subscript.
    primes = ("", "'", "''", "'''")
    return {sym: f"g_{{{i}}}{primes[k]}(0)" for (i, k), sym in derivative_symbols(3).items()}


def latex(expr) -> str:
    r"""``sympy.latex`` with ``g_i^{(k)}(0)`` printed as ``g_{i}'(0)``, ``g_{i}''(0)`` ...

    Examples:
        >>> from zigan_verify.analysis.jare.jacobians import latex
        >>> from zigan_verify.analysis.jare.simple_gan import derivative_symbols
        >>> latex(derivative_symbols()[2, 1] + derivative_symbols()[1, 2])
        "g_{1}''(0) + g_{2}'(0)"
    """
    return sp.latex(expr, symbol_names=_latex_names())


def latex_section(loss: str | None = None) -> str:
    r"""LaTeX section: the rule-derived Jacobians, characteristic polynomials and eigenvalues.

    Needs amsmath only. ``loss`` is accepted for the ``SECTION_PROVIDERS`` interface and ignored
    (002 uses the vanilla loss throughout).
    """
    lines = [
        r"\section{JARE (002): Jacobians of the simple GAN example}",
        r"Derived by SymPy from the update rules of Nie \& Patel (eq.~(5)--(7), (21), (26), (28)) "
        r"and the Gaussian expectations of eq.~(3). For $n=2$ and any concave $g_1, g_2$ "
        r"(Lemma~2) the Hessian at $w^*=(v,0)$ is",
        r"\begin{align*}",
        r"\nabla^2 f(w^*) &= " + latex(hessian_at_equilibrium(2)) + ".",
        r"\end{align*}",
        r"For the vanilla GAN ($g_1'(0)=-g_2'(0)=\tfrac12$, $g_1''(0)=g_2''(0)=-\tfrac14$), on each "
        r"eigenspace of $S=\sigma^2I+vv^\top$ (eigenvalue $s\in\{\sigma^2,\beta^2\}$, "
        r"$\beta^2=\sigma^2+\|v\|^2$) the Jacobian acts as the $2\times2$ matrix $A_s$ below; "
        r"its eigenvalues are the roots of $\det(\lambda I-A_s)$ ($s=\sigma^2$ gives "
        r"$\lambda_{1,2}$, $s=\beta^2$ gives $\lambda_{3,4}$).",
    ]
    for d in derive_jacobians().values():
        name = d.method.replace("_", r"\_")
        roots = r",\quad ".join(latex(r) for r in d.eigenvalues)
        lines += [
            rf"\paragraph{{{name}}}",
            r"\begin{align*}",
            rf"A_s &= {latex(d.block)},\\",
            rf"\det(\lambda I - A_s) &= {latex(d.charpoly)},\\",
            rf"\lambda &\in \left\{{{roots}\right\}}.",
            r"\end{align*}",
        ]
    return "\n".join(lines) + "\n"


def latex_document() -> str:
    """A standalone LaTeX document holding :func:`latex_section` (amsmath and geometry only)."""
    return (
        "\\documentclass[10pt]{article}\n\\usepackage[a4paper,landscape,margin=1.5cm]{geometry}\n"
        "\\usepackage{amsmath}\n\\allowdisplaybreaks\n\\begin{document}\n"
        + latex_section()
        + "\\end{document}\n"
    )
