r"""The scalar losses of 003 and their inner suprema, derived with SymPy.

NOTE: [function-space inner supremum]
In function space (003 eq. (5), (6)) the discriminator ``f`` is any continuous function, so only its
values at the finitely many distinct points among ``x_1..x_n, y_1..y_n`` matter, and they are free.
The separable loss then splits point by point into one-variable suprema

.. math:: \psi(a, b) = \sup_{t} \big[a\, h_1(t) + b\, h_2(-t)\big], \qquad \xi(m) = \psi(1, m),

(``a`` data points and ``b`` generated points sitting at the same place), and the relativistic loss into
``sup h`` per tree edge and ``sup_{t_1+...+t_k=0} sum_j h(t_j)`` per cycle of length ``k`` of the pairing
graph (see :mod:`zigan_verify.analysis.global_landscape._rpgan`).

A one-variable supremum of a continuous, piecewise-smooth expression is decided exactly by
:func:`sup_closed_form`: the largest of its values at the real critical points of every piece, at the
breakpoints between pieces and its limits at ``+-oo``.  Nothing is typed in as a final value.

References:
    Sun, Fang & Schwing 2020, *Towards a Better Global Loss Landscape of GANs*, arXiv:2011.04926,
    §3 (eq. (2)-(4)), §4.1 (xi(m), Assumptions 4.1-4.5, Remarks 1-2).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sympy as sp

__all__ = [
    "t",
    "m",
    "a",
    "SeparableLoss",
    "RelativisticLoss",
    "SEPARABLE",
    "RELATIVISTIC",
    "pieces",
    "sup_closed_form",
    "psi",
    "xi",
    "xi_closed_form",
    "function_space_losses",
]

t = sp.Symbol("t", real=True)
m = sp.Symbol("m", positive=True)
a = sp.Symbol("a", positive=True)  # the margin of Rp-hinge / Rp-LS (003 §4 Remark 1 of Theorem 2)


@dataclass(frozen=True)
class SeparableLoss:
    """``h_1, h_2`` of a separable GAN (003 eq. (2), (5)), as SymPy expressions in :data:`t`."""

    name: str
    h1: sp.Expr
    h2: sp.Expr


@dataclass(frozen=True)
class RelativisticLoss:
    """``h`` of an RpGAN (003 eq. (3), (6)), a SymPy expression in :data:`t` (maybe in :data:`a`)."""

    name: str
    h: sp.Expr


_logistic = -sp.log(1 + sp.exp(-t))
_hinge = -sp.Max(0, 1 - t)

# The losses the Remarks of 003 §4 name, plus the linear W-GAN h of Remark 2 of Theorem 2.
SEPARABLE = {
    "js": SeparableLoss("js", _logistic, _logistic),
    "hinge": SeparableLoss("hinge", _hinge, _hinge),
    "ls": SeparableLoss("ls", -((1 - t) ** 2), -(t**2)),
}
RELATIVISTIC = {
    "rs": RelativisticLoss("rs", _logistic),
    "rp_hinge": RelativisticLoss("rp_hinge", -sp.Max(0, a - t)),
    "rp_ls": RelativisticLoss("rp_ls", -((a - t) ** 2)),
    "wgan": RelativisticLoss("wgan", t),
}


def _as_set(cond, var: sp.Symbol) -> sp.Set:
    """The real set where a piece condition in ``var`` holds (other symbols keep assumptions)."""
    if cond is sp.true:
        return sp.S.Reals
    if isinstance(cond, sp.And):
        return sp.Intersection(*(_as_set(c, var) for c in cond.args))
    if isinstance(cond, sp.Or):
        return sp.Union(*(_as_set(c, var) for c in cond.args))
    return sp.solve_univariate_inequality(cond, var, relational=False)


def pieces(expr: sp.Expr, var: sp.Symbol = t) -> list[tuple[sp.Expr, sp.Set]]:
    """``expr`` as (piece, real set where it applies) pairs; one piece for a smooth expression."""
    folded = sp.piecewise_fold(expr.rewrite(sp.Piecewise))
    if not isinstance(folded, sp.Piecewise):
        return [(folded, sp.S.Reals)]
    out, previous = [], []
    for piece, cond in folded.args:
        where = _as_set(sp.to_nnf(sp.And(cond, *(sp.Not(c) for c in previous))), var)
        previous.append(cond)
        if not where.is_empty:
            out.append((piece, where))
    return out


@cache
def sup_closed_form(expr: sp.Expr, var: sp.Symbol = t) -> sp.Expr:
    """The exact supremum over the reals of a continuous, piecewise-smooth ``expr`` in ``var``.

    Candidates: the real critical points inside each piece, the breakpoints between pieces and the
    limits at ``+-oo`` (NOTE: [function-space inner supremum]).  Raises when SymPy cannot list the
    critical points of a piece as a finite set (a piece with zero derivative is constant and is
    represented by its breakpoints).

    Examples:
        >>> from zigan_verify.analysis.global_landscape import t, sup_closed_form
        >>> import sympy as sp
        >>> sup_closed_form(-(1 - t) ** 2 - 2 * t**2)
        -2/3
    """
    candidates = []
    for piece, where in pieces(expr, var):
        for end, side in ((where.sup, sp.oo), (where.inf, -sp.oo)):
            if end == side:
                candidates.append(sp.limit(piece, var, side))
        slope = sp.diff(piece, var)
        if sp.simplify(slope) == 0:
            continue
        critical = sp.solveset(sp.Eq(slope, 0), var, sp.S.Reals)
        if not isinstance(critical, sp.FiniteSet):
            critical = sp.Intersection(critical, where)
        if critical.is_empty:
            critical = []
        elif not isinstance(critical, sp.FiniteSet):
            raise ValueError(f"cannot list the critical points of {piece} on {where}: {critical}")
        candidates += [piece.subs(var, c) for c in critical if where.contains(c) is not sp.false]
        for end in (where.inf, where.sup):
            if end.is_finite:
                candidates.append(sp.limit(piece, var, end))
    finite = [sp.simplify(c) for c in candidates]
    if sp.oo in finite:
        return sp.oo
    return sp.simplify(sp.Max(*finite))


@cache
def psi(loss: SeparableLoss, count_x: int, count_y: int) -> sp.Expr:
    r""":math:`\psi(a, b) = \sup_t [a h_1(t) + b h_2(-t)]` for integer counts (003 eq. (5), per point)."""
    return sup_closed_form(count_x * loss.h1 + count_y * loss.h2.subs(t, -t))


@cache
def xi(loss: SeparableLoss, count: int) -> sp.Expr:
    r""":math:`\xi(m) = \sup_t (h_1(t) + m h_2(-t))` at an integer ``m >= 0`` (003 §4.1).

    ``xi(0) = sup h_1``; for ``m >= 1`` the closed form :func:`xi_closed_form` at ``m`` (tests
    compare it with the candidate method :func:`psi` at integers).
    """
    if count == 0:
        return psi(loss, 1, 0)
    return sp.simplify(xi_closed_form(loss).subs(m, count))


@cache
def xi_closed_form(loss: SeparableLoss) -> sp.Expr:
    r"""``xi(m)`` as one SymPy expression in :data:`m` (``m >= 1``), derived from its definition.

    A smooth loss: the value at the unique critical point of ``h_1(t) + m h_2(-t)`` (its second
    derivative is checked negative there).  A piecewise loss: :func:`sup_closed_form` with ``m``
    symbolic, simplified under ``m >= 1``.  Tests compare it with :func:`xi` at integers.
    """
    objective = loss.h1 + m * loss.h2.subs(t, -t)
    if len(pieces(objective)) > 1:
        k = sp.Symbol("k", nonnegative=True)
        return sp.simplify(sup_closed_form(objective.subs(m, 1 + k)).subs(k, m - 1))
    (critical,) = sp.solveset(sp.diff(objective, t), t, sp.S.Reals)
    curvature = sp.simplify(sp.diff(objective, t, 2).subs(t, critical))
    if not curvature.is_negative:
        raise ValueError(f"critical point {critical} of {objective} is not a strict maximum")
    return sp.expand_log(sp.simplify(objective.subs(t, critical)), force=True)


def function_space_losses() -> dict[str, dict[str, sp.Expr]]:
    r"""The derived function-space losses and ``xi(m)`` per loss, as labelled SymPy objects.

    For the ``latex`` document (003 §4.1): for each separable loss its ``h_1``, ``h_2``,
    ``xi(m)`` on ``m = 0, 1, 2, ...`` and the per-point value ``g_SP = (1/2n) sum_i xi(m_i)``; for
    each RpGAN loss its ``h``, ``h(0)``, ``sup h`` and ``g_R(Y)``, with ``c(Y)`` the number of pairs
    on cycles of the pairing graph (:mod:`zigan_verify.analysis.global_landscape._rpgan`).

    Each object holds where it is stated: ``xi(m)`` is :func:`xi_closed_form`, derived for
    ``m >= 1`` (the symbol ``m`` is positive); ``g_SP`` sums it over counts ``m_i >= 0``, so where
    the closed form at 0 is not ``xi(0) = sup h_1`` (hinge: -2 vs 0; JS: 0 log 0) the summand is a
    ``Piecewise`` with ``xi(0)`` at ``m_i = 0``; ``g_R`` counts a cycle pair ``h(0)`` and every
    other pair ``sup h``.
    """
    n, c = sp.symbols("n c", positive=True, integer=True)
    i = sp.Symbol("i", integer=True, positive=True)
    mi = sp.Function("m")(i)
    out: dict[str, dict[str, sp.Expr]] = {}
    for name, loss in SEPARABLE.items():
        closed, xi0 = xi_closed_form(loss), psi(loss, 1, 0)
        summand = closed.subs(m, mi)
        if sp.simplify(closed.subs(m, 0) - xi0) != 0:  # nan (JS: 0 log 0) or another value
            summand = sp.Piecewise((xi0, sp.Eq(mi, 0)), (summand, True))
        out[f"separable/{name}"] = {
            "h_1(t)": loss.h1,
            "h_2(t)": loss.h2,
            r"\xi(m)": closed,
            r"g_{SP}(Y)": sp.Sum(summand, (i, 1, n)) / (2 * n),
        }
    for name, loss in RELATIVISTIC.items():
        h0, sup_h = loss.h.subs(t, 0), sup_closed_form(loss.h)
        out[f"rpgan/{name}"] = {
            "h(t)": loss.h,
            "h(0)": h0,
            r"\sup_t h(t)": sup_h,
            r"g_R(Y)": _pairing_value(h0, sup_h, c, n),
        }
    return out


def _pairing_value(h0: sp.Expr, sup_h: sp.Expr, c: sp.Expr, n: sp.Expr) -> sp.Expr:
    r"""``g_R(Y) = (c h(0) + (n - c) sup h) / n`` (003 App. J, as in :func:`rpgan_value`: for a
    concave ``h`` the ``c`` pairs on cycles of the pairing graph give ``h(0)`` each, every tree pair
    ``sup h``); where ``sup h = oo`` (W-GAN)
    that is ``h(0)`` when every pair is on a cycle (``c = n``) and ``oo`` otherwise."""
    if sup_h.is_infinite:
        return sp.Piecewise((h0, sp.Eq(c, n)), (sup_h, True))
    return sp.simplify((c * h0 + (n - c) * sup_h) / n)
