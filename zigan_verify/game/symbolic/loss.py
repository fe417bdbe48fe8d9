r"""A user's loss :math:`l(t)` as a SymPy expression: parsing, validation, autograd cross-check.

The GAN objective of 000 eq. (3) is :math:`f = -\frac1n\sum_i[l(D(\boldsymbol x_i)) +
l(-D(\boldsymbol\Phi_i\boldsymbol g))]`. The general-:math:`l` matrix forms of
:func:`zigan_verify.game.symbolic.zigan.matrix_forms` (``"general"``) are proven for an *undefined*
:math:`l`, so they hold for every twice differentiable one; :func:`autograd_check` evaluates them
for a concrete :math:`l` and compares every block with torch autograd of the element-wise loss.

Public: everything in ``__all__``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import sympy as sp
import torch
from sympy.calculus.util import continuous_domain
from sympy.core.function import AppliedUndef
from sympy.parsing.sympy_parser import parse_expr

from zigan_verify._errors import ZiganError
from zigan_verify.game.symbolic import zigan
from zigan_verify.game.symbolic._forms import Context, LossD, SigmaD
from zigan_verify.testing.tolerances import TOL

__all__ = [
    "t",
    "NAMED",
    "LossSpec",
    "parse_loss",
    "autograd_check",
    "AUTOGRAD_DIMS",
    "AUTOGRAD_RTOL",
]

t = sp.Symbol("t", real=True)
NAMED = {"zi": -t, "js": sp.log(1 + sp.exp(-t))}

# Not twice differentiable everywhere (or not a closed form): rejected by parse_loss.
_NONSMOOTH = (
    sp.Abs,
    sp.sign,
    sp.Heaviside,
    sp.DiracDelta,
    sp.Piecewise,
    sp.floor,
    sp.ceiling,
    sp.Max,
    sp.Min,
    sp.re,
    sp.im,
    sp.arg,
    sp.Derivative,
    sp.Subs,
    sp.Integral,
)

# Every size >= 2: every index of every block is exercised (cf. zigan.SETTINGS).
AUTOGRAD_DIMS = zigan.Dims(2, 2, 2, 2, 2)


@dataclass(frozen=True)
class LossSpec:
    """A named or user-given loss: ``name`` as given, ``expr`` :math:`l(t)` in :data:`t`."""

    name: str
    expr: sp.Expr

    def derivative(self, order: int) -> sp.Expr:
        """:math:`l^{(k)}(t)`, simplified."""
        return sp.simplify(sp.diff(self.expr, t, order))


def parse_loss(text: str) -> LossSpec:
    """``"zi"``, ``"js"`` or a SymPy expression in ``t`` (e.g. ``"log(1 + exp(-t))"``).

    Raises:
        ZiganError: one line naming the problem: not an expression, a free symbol other than
            ``t``, an undefined function, or a form that is not twice differentiable.
    """
    if text in NAMED:
        return LossSpec(text, NAMED[text])
    try:
        expr = parse_expr(text, local_dict={"t": t}, evaluate=True)
    except Exception:  # noqa: BLE001 - any parse failure is the same user error
        raise ZiganError(
            f"--loss {text!r} is not zi, js or a SymPy expression in t (e.g. 'log(1 + exp(-t))')"
        ) from None
    if not isinstance(expr, sp.Expr) or isinstance(expr, sp.MatrixBase):
        raise ZiganError(f"--loss {text!r} is not a scalar expression in t")
    if isinstance(expr, sp.Symbol) and expr != t:  # a bare name: not one of the named losses
        raise ZiganError(
            f"unknown loss {text!r}; choose js, zi or a SymPy expression in t "
            "(e.g. 'log(1 + exp(-t))')"
        )
    extra = sorted(str(s) for s in expr.free_symbols - {t})
    if extra:
        raise ZiganError(f"--loss {text!r} has free symbols other than t: {', '.join(extra)}")
    undefined = sorted(str(f.func) for f in expr.atoms(AppliedUndef))
    if undefined:
        raise ZiganError(f"--loss {text!r} uses undefined functions: {', '.join(undefined)}")
    derivs = [sp.diff(expr, t, k) for k in (1, 2)]
    bad = sorted({type(a).__name__ for e in [expr, *derivs] for a in e.atoms(*_NONSMOOTH)})
    if bad:
        raise ZiganError(
            f"--loss {text!r} is not twice differentiable in closed form (has {', '.join(bad)})"
        )
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I):
        raise ZiganError(f"--loss {text!r} is not a finite real expression")
    _check_smooth_on_reals(text, [expr, *derivs])
    return LossSpec(text, expr)


def _check_smooth_on_reals(text: str, derivs: list[sp.Expr]) -> None:
    """``l``, ``l'``, ``l''`` continuous on all of R (D takes any real value), by SymPy."""
    for order, d in enumerate(derivs):
        try:
            domain = continuous_domain(d, t, sp.S.Reals)
        except (NotImplementedError, ValueError, TypeError):
            domain = None
        if domain != sp.S.Reals:
            where = "could not be established" if domain is None else f"holds only on {domain}"
            name = "l" + "'" * order
            raise ZiganError(
                f"--loss {text!r} is not twice continuously differentiable on the reals "
                f"(continuity of {name} {where})"
            )


def _derivatives(expr: sp.Expr, orders=range(3)):
    s = sp.Dummy("s")
    return {k: sp.lambdify(s, sp.diff(expr.subs(t, s), s, k), "math") for k in orders}


_TANH = _derivatives(sp.tanh(t))


def _point(dims: zigan.Dims, seed: int):
    """Seeded parameters, data and the coefficients of phi_ib(theta) = sin(c_ib . theta + b_ib)."""
    rng = random.Random(seed)
    n, d1, d2, r, m = dims

    def draw(*shape):
        return [[rng.gauss(0, 0.5) for _ in range(shape[1])] for _ in range(shape[0])]

    return {
        "G": draw(d1, d2),
        "theta": draw(m, 1),
        "w": draw(r, 1),
        "A": draw(r, d1),
        "x": [draw(d1, 1) for _ in range(n)],
        "c": [draw(d2, m) for _ in range(n)],
        "b": [draw(d2, 1) for _ in range(n)],
    }


def _phi_sympy(pt, i: int, derivs: tuple[int, ...], theta) -> sp.Matrix:
    row = sp.Matrix(
        [
            [sp.sin(sum(c * th for c, th in zip(cs, theta, strict=True)) + b[0])]
            for cs, b in zip(pt["c"][i], pt["b"][i], strict=True)
        ]
    ).T
    for j in derivs:
        row = row.diff(theta[j])
    return row


def _form_values(spec: LossSpec, dims: zigan.Dims, pt, forms=None) -> dict[str, sp.Matrix]:
    """Every general-l block (or every block of ``forms``) evaluated at ``pt`` through the
    matrix-form trees (explicit())."""
    n, d1, d2, r, m = dims
    theta = sp.symbols(f"theta_1:{m + 1}")
    at = dict(zip(theta, (v[0] for v in pt["theta"]), strict=True))

    def phi(i, derivs):
        row = _phi_sympy(pt, i, derivs, theta).subs(at)
        return sp.kronecker_product(sp.eye(d1), row)

    ctx = Context(
        dims=dict(zip(zigan._DIM_SYMBOLS, dims, strict=True)),
        leaves={
            "g": sp.Matrix(pt["G"]).reshape(d1 * d2, 1),
            "w": sp.Matrix(pt["w"]),
            "A": sp.Matrix(pt["A"]),
        },
        samples={"x": [sp.Matrix(x) for x in pt["x"]]},
        phi=phi,
    )
    ell = _derivatives(spec.expr)
    out = {}
    for name, form in (forms or zigan.matrix_forms("general")).items():
        block = zigan.assemble(form, dims, ctx)
        # sigma first: the arguments of l^(k) contain sigma(...) (D = w^T sigma(A v)).
        block = block.replace(SigmaD, lambda a, k: _TANH[int(k)](float(a)))
        out[name] = block.replace(LossD, lambda a, k: ell[int(k)](float(a)))
    return out


def _torch_loss(spec: LossSpec, dims: zigan.Dims, pt):
    """The element-wise loss of eq. (3) written directly in torch (independent of SymPy's forms)."""
    n, d1, d2, r, m = dims
    ell = sp.lambdify(t, spec.expr, "torch")
    T = lambda a: torch.tensor(a, dtype=torch.float64)  # noqa: E731
    x = [T(xi).reshape(-1) for xi in pt["x"]]
    c, b = [T(ci) for ci in pt["c"]], [T(bi).reshape(-1) for bi in pt["b"]]

    def f(z):
        g, theta = z[: d1 * d2], z[d1 * d2 : d1 * d2 + m]
        w, A = z[d1 * d2 + m : d1 * d2 + m + r], z[d1 * d2 + m + r :].reshape(r, d1)
        G = g.reshape(d1, d2)  # g stacks the rows of G
        total = 0
        for i in range(n):
            fake = G @ torch.sin(c[i] @ theta + b[i])
            total = total + ell(w @ torch.tanh(A @ x[i])) + ell(-(w @ torch.tanh(A @ fake)))
        return -total / n

    z0 = torch.cat([T(pt[k]).reshape(-1) for k in ("G", "theta", "w", "A")])
    return f, z0


def autograd_check(spec: LossSpec, dims: zigan.Dims = AUTOGRAD_DIMS, seed: int = 0, forms=None):
    r"""Relative error of every general-:math:`l` block (evaluated for ``spec``) vs torch autograd.

    :math:`\sigma = \tanh` and :math:`\varphi_{ib}(\theta) = \sin(c_{ib}^\top\theta + b_{ib})`;
    parameters, data and coefficients are seeded normal draws (scale 0.5, so :math:`D` stays
    moderate). The matrix forms are evaluated with :func:`~zigan_verify.game.symbolic._forms.explicit`
    at that point; autograd differentiates the element-wise loss written in torch. Errors are
    ``max |form - autograd| / max(1, max |autograd|)`` in float64; returns ``{block: error}``.
    ``forms`` replaces the general-:math:`l` forms (e.g. by
    :func:`zigan_verify.game.symbolic.substitute.substituted_forms`, the loss already substituted).

    Raises:
        ZiganError: when the loss is not finite at the drawn point (e.g. ``log(t)`` at ``t < 0``).
    """
    dims = zigan.Dims(*dims)
    pt = _point(dims, seed)
    f, z0 = _torch_loss(spec, dims, pt)
    grad = torch.autograd.functional.jacobian(f, z0)
    hess = torch.autograd.functional.hessian(f, z0)
    if not (torch.isfinite(grad).all() and torch.isfinite(hess).all()):
        raise ZiganError(f"loss {spec.name!r} is not finite at the cross-check point")
    n, d1, d2, r, m = dims
    sizes = {"g": d1 * d2, "theta": m, "w": r, "A": r * d1}
    offsets, start = {}, 0
    for name in zigan.GRADIENTS:
        offsets[name] = slice(start, start + sizes[name])
        start += sizes[name]
    errors = {}
    for name, block in _form_values(spec, dims, pt, forms).items():
        got = torch.tensor(sp.matrix2numpy(block, dtype=float), dtype=torch.float64)
        if name in zigan.GRADIENTS:
            want = grad[offsets[name]].reshape(got.shape)
        else:
            row, col = zigan.PAIRS[name]
            want = hess[offsets[row], offsets[col]]
        scale = max(1.0, float(want.abs().max()))
        errors[name] = float((got - want).abs().max()) / scale
    return errors


AUTOGRAD_RTOL = TOL["closed_form_vs_autograd"]["rtol"]
