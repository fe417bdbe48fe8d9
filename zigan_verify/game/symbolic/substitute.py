r"""The general-:math:`l` blocks of App. B.3 with a concrete loss substituted and simplified.

The general forms (:func:`zigan_verify.game.symbolic.zigan.matrix_forms` ``"general"``) carry
:math:`l'` and :math:`l''` as :class:`~zigan_verify.game.symbolic._forms.ScalarOf` factors of the
discriminator's value, :math:`l^{(k)}(D(\boldsymbol x_i))` and
:math:`l^{(k)}(-D(\boldsymbol\Phi_i(\boldsymbol\theta)\boldsymbol g))`. :func:`substituted_forms`
replaces each by the loss's own derivative (:meth:`LossSpec.derivative`) at that value, then
tidies the tree: the scalar factors of every product are multiplied into one simplified
coefficient (so :math:`-l''\,\boldsymbol\gamma_i\boldsymbol\gamma_i^\top` with :math:`l''=-2`
becomes :math:`2\,\boldsymbol\gamma_i\boldsymbol\gamma_i^\top`) and terms whose coefficient is zero
are dropped (:math:`l(t)=-t` has :math:`l''=0`). The trees still evaluate with
:func:`~zigan_verify.game.symbolic._forms.explicit`, which is how the tests check them against the
general forms and torch autograd.

Public: everything in ``__all__``.
"""

from __future__ import annotations

import dataclasses
from functools import cache

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixExpr

from zigan_verify.game.symbolic import zigan, zigan_forms
from zigan_verify.game.symbolic._forms import Context, Disc, ScalarOf, explicit
from zigan_verify.game.symbolic.loss import LossSpec, t

__all__ = ["DiscValue", "substituted_forms", "simplest", "tidy", "monotonicity_warning"]


class DiscValue(sp.Expr):
    r"""The scalar :math:`D(\boldsymbol v)` of a :class:`Disc` (a :math:`1\times1` matrix), so
    that it can stand for :math:`t` in a scalar expression; prints as :math:`D(\boldsymbol v)`."""

    is_commutative = True
    is_real = True

    def __new__(cls, disc):
        return sp.Expr.__new__(cls, disc)

    def _latex(self, printer, exp=None):
        body = printer._print(self.args[0])
        return f"{body}^{{{exp}}}" if exp is not None else body

    def _explicit(self, ctx: Context, env: dict) -> sp.Expr:
        return explicit(self.args[0], ctx, env)[0, 0]


def _value(arg) -> sp.Expr:
    """``t`` for a loss factor's argument: ``D(v)`` or ``-D(v)`` (a ``MatMul(-1, Disc)``)."""
    if isinstance(arg, Disc):
        return DiscValue(arg)
    if isinstance(arg, sp.MatMul) and len(arg.args) == 2 and isinstance(arg.args[1], Disc):
        return arg.args[0] * DiscValue(arg.args[1])
    raise TypeError(f"unexpected argument of a loss factor: {arg}")


def _is_scalar(expr) -> bool:
    return not isinstance(expr, MatrixExpr) and not getattr(expr, "is_Matrix", False)


def simplest(expr: sp.Expr) -> sp.Expr:
    """The shortest (by ``count_ops``) of a few simplifications of ``expr``; factored forms such
    as :math:`2(1 - t)` win ties over expanded ones."""
    # (sp.simplify would find the same forms here, ten times slower)
    candidates = [sp.factor_terms(sp.together(expr)), sp.factor_terms(sp.cancel(expr)), expr]
    return min(candidates, key=sp.count_ops)


def _flat(args):
    for a in args:
        yield from (a.args if isinstance(a, sp.MatMul) else (a,))


def tidy(expr):
    """Multiply the scalar factors of every product into one simplified coefficient and drop
    zero terms, bottom-up; the matrix factors keep their order (and so the paper's layout)."""
    if not isinstance(expr, sp.Basic) or not expr.args:
        return expr
    args = [tidy(a) for a in expr.args]
    if isinstance(expr, sp.MatMul):
        args = list(_flat(args))
        coefficient = simplest(sp.Mul(*(a for a in args if _is_scalar(a))))
        matrices = [a for a in args if not _is_scalar(a)]
        if coefficient == 0 or any(isinstance(m, sp.ZeroMatrix) for m in matrices):
            return sp.ZeroMatrix(*expr.shape)
        if coefficient == 1:
            return matrices[0] if len(matrices) == 1 else sp.MatMul(*matrices)
        return sp.MatMul(coefficient, *matrices)
    if isinstance(expr, sp.MatAdd):
        kept = [a for a in args if not isinstance(a, sp.ZeroMatrix)]
        if not kept:
            return sp.ZeroMatrix(*expr.shape)
        return kept[0] if len(kept) == 1 else sp.MatAdd(*kept)
    if hasattr(expr, "_explicit") and isinstance(expr, MatrixExpr):
        if type(expr).__name__ == "SampleSum" and isinstance(args[0], sp.ZeroMatrix):
            return args[0]
    return expr.func(*args)


def _substitute(tree, spec: LossSpec):
    loss_factors = {
        f: simplest(sp.diff(spec.expr, t, int(f.args[1]))).subs(t, _value(f.args[0]))
        for f in tree.atoms(ScalarOf)
        if f.args[2].name == "l"
    }
    return tidy(tree.xreplace(loss_factors))


@cache
def substituted_forms(spec: LossSpec) -> dict[str, zigan_forms.BlockForm]:
    r"""Every general-:math:`l` block (and its shorthands) with ``spec``'s :math:`l'`,
    :math:`l''` substituted and simplified, keyed by :data:`zigan.BLOCK_NAMES`.

    Examples:
        >>> from zigan_verify.game.symbolic.loss import parse_loss
        >>> from zigan_verify.game.symbolic._forms import latex
        >>> forms = substituted_forms(parse_loss("-(1-t)**2"))
        >>> "2 \\boldsymbol{\\gamma}_{i} \\boldsymbol{\\gamma}_{i}^{\\top}" in latex(forms["H_gg"].rhs)
        True
    """
    out = {}
    for name, form in zigan.matrix_forms("general").items():
        where = {key: _substitute(value, spec) for key, value in form.where.items()}
        out[name] = dataclasses.replace(form, rhs=_substitute(form.rhs, spec), where=where)
    return out


def monotonicity_warning(spec: LossSpec) -> str | None:
    r"""A warning when ``spec`` does not follow eq. (3)/(4)'s sign convention, else ``None``.

    In :math:`\min_G\max_D -\frac1n\sum_i[l(D(\boldsymbol x_i)) + l(-D(G(z_i)))]` the loss must
    *decrease* (the logistic loss and :math:`l(t)=-t` do): the discriminator then scores real
    samples high. A loss that increases at :math:`t=0` (where a discriminator at zero starts)
    describes the game with the players' goals swapped; one that is flat there gives no signal.
    """
    slope = sp.simplify(spec.derivative(1).subs(t, 0))
    if not slope.is_number or slope < 0:
        return None
    how = "increases" if slope > 0 else "is flat"
    return (
        f"the loss {spec.name!r} {how} at t = 0 (l'(0) = {slope}); eq. (3)/(4) need a "
        "decreasing l (such as -t or log(1 + exp(-t))), so these blocks belong to a different "
        "game (for a least-squares loss, write (1 - t)**2)"
    )
