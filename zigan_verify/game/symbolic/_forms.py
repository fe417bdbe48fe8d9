r"""Matrix-form expression trees that print as LaTeX and evaluate to explicit matrices.

NOTE: [matrix forms]
A printed formula of the paper is built once, as a SymPy ``MatrixExpr`` tree over symbolic
dimensions (``n, d_1, d_2, r, m``) and free index symbols (``i, j, k, l``). The same tree serves two
purposes:

* ``latex(expr)`` renders it (bold vectors and matrices, ``^\top``, ``\operatorname{diag}``,
  elementwise :math:`\boldsymbol\sigma'` ...), which is what the LaTeX document shows;
* ``explicit(expr, ctx, env)`` evaluates it at concrete dimensions to an explicit
  ``sympy.Matrix``, where ``ctx`` supplies the explicit leaves (``g``, ``w``, ``A``, ``x_i``,
  ``Phi_i`` ...) and ``env`` binds the free indices (``{i: 0, l: 1}``, 0-based).

Only the classes defined here and SymPy's ``MatMul``/``MatAdd``/``Transpose``/``ZeroMatrix`` are
evaluated; anything else raises ``TypeError`` so an unsupported node cannot be skipped silently.

The scalar functions :math:`\sigma^{(k)}` and :math:`l^{(k)}` are :class:`SigmaD` and
:class:`LossD`: undefined functions whose only property is the chain rule
``d/dx F(x, k) = F(x, k + 1)``, so every identity proven with them holds for any smooth activation
and loss. (SymPy's own undefined functions differentiate to ``Subs(Derivative(...))`` objects,
which are harder to compare; these print as :math:`\sigma'`, :math:`\sigma''`, :math:`l'`, ... .)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sympy as sp
from sympy.core.function import ArgumentIndexError
from sympy.core.symbol import Str
from sympy.matrices.expressions.matexpr import MatrixExpr
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import precedence_traditional

__all__ = [
    "SigmaD",
    "LossD",
    "Bold",
    "SampleLeaf",
    "Diag",
    "Elementwise",
    "ScalarOf",
    "AsScalar",
    "Abbrev",
    "Disc",
    "Entry",
    "RowOf",
    "UnitVector",
    "RowPlacement",
    "SampleSum",
    "Context",
    "explicit",
    "latex",
    "BREAK",
    "PRODUCT_BREAK",
]


def _primes(k: int) -> str:
    return "'" * k if k <= 3 else f"^{{({k})}}"


class _DerivativeFamily(sp.Function):
    """``F(x, k)`` is the k-th derivative of an undefined smooth scalar function ``F``."""

    nargs = 2
    _stem = ""

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise ArgumentIndexError(self, argindex)
        x, k = self.args
        return type(self)(x, k + 1)

    def _latex(self, printer, exp=None):
        x, k = self.args
        head = f"{self._stem}{_primes(int(k))}"
        if exp is not None:
            head = f"{{{head}}}^{{{exp}}}"
        return rf"{head}\left({printer._print(x)}\right)"


class SigmaD(_DerivativeFamily):
    r"""``SigmaD(x, k)`` :math:`= \sigma^{(k)}(x)` for an undefined activation :math:`\sigma`."""

    _stem = r"\sigma"


class LossD(_DerivativeFamily):
    r"""``LossD(t, k)`` :math:`= l^{(k)}(t)` for an undefined loss :math:`l`."""

    _stem = "l"


FAMILIES: dict[str, type[_DerivativeFamily]] = {"sigma": SigmaD, "l": LossD}


@dataclass
class Context:
    """Explicit values of the leaves at concrete dimensions (see NOTE: [matrix forms])."""

    dims: dict[sp.Symbol, int]
    leaves: dict[str, Any]
    # per-sample leaves: name -> list over samples; Phi derivatives computed by ``phi``.
    samples: dict[str, list[sp.Matrix]] = field(default_factory=dict)
    phi: Callable[[int, tuple[int, ...]], sp.Matrix] | None = None
    # extra scalar substitutions (e.g. the general loss replaced by a concrete one)
    scalar_map: Callable[[sp.Expr], sp.Expr] | None = None


def _str(name: str | Str) -> Str:
    return name if isinstance(name, Str) else Str(name)


class Bold(sp.MatrixSymbol):
    """A named parameter matrix or vector, printed bold (``g``, ``w``, ``A``)."""

    def _latex(self, printer):
        return rf"\boldsymbol{{{self.name}}}"

    def _explicit(self, ctx: Context, env: dict) -> sp.Matrix:
        return ctx.leaves[self.name]


class SampleLeaf(MatrixExpr):
    r"""A per-sample matrix such as :math:`\boldsymbol x_i` or
    :math:`\partial^2\boldsymbol\Phi_i(\boldsymbol\theta)/\partial\theta_k\partial\theta_j`.

    ``derivs`` lists the :math:`\theta` indices differentiated by (outermost first, as printed).
    """

    def __new__(cls, name, latex_name, index, rows, cols, derivs=()):
        return super().__new__(
            cls, _str(name), _str(latex_name), index, rows, cols, sp.Tuple(*derivs)
        )

    @property
    def shape(self):
        return self.args[3], self.args[4]

    def _latex(self, printer):
        name, latex_name, index, _, _, derivs = self.args
        body = latex_name.name.replace("{index}", printer._print(index))
        if not derivs:
            return body
        order = len(derivs)
        top = r"\partial" if order == 1 else rf"\partial^{{{order}}}"
        bottom = " ".join(rf"\partial \theta_{{{printer._print(d)}}}" for d in derivs)
        return rf"\frac{{{top} {body}}}{{{bottom}}}"

    def _explicit(self, ctx: Context, env: dict) -> sp.Matrix:
        name, _, index, _, _, derivs = self.args
        i = env[index]
        if name.name == "Phi":
            return ctx.phi(i, tuple(env[d] for d in derivs))
        return ctx.samples[name.name][i]


class Diag(MatrixExpr):
    r""":math:`\operatorname{diag}(\boldsymbol v)` of a column vector."""

    def __new__(cls, vec):
        return super().__new__(cls, vec)

    @property
    def shape(self):
        return self.args[0].shape[0], self.args[0].shape[0]

    def _latex(self, printer):
        return rf"\operatorname{{diag}}\left({printer._print(self.args[0])}\right)"

    def _explicit(self, ctx: Context, env: dict) -> sp.Matrix:
        v = explicit(self.args[0], ctx, env)
        return sp.diag(*v)


class Elementwise(MatrixExpr):
    r"""Elementwise :math:`\boldsymbol\sigma^{(k)}(\boldsymbol v)` of a column vector."""

    def __new__(cls, vec, order=0, family="sigma"):
        return super().__new__(cls, vec, sp.Integer(order), _str(family))

    @property
    def shape(self):
        return self.args[0].shape

    def _latex(self, printer):
        vec, k, family = self.args
        stem = FAMILIES[family.name]._stem
        return rf"\boldsymbol{{{stem}}}{_primes(int(k))}\left({printer._print(vec)}\right)"

    def _explicit(self, ctx: Context, env: dict) -> sp.Matrix:
        vec, k, family = self.args
        return explicit(vec, ctx, env).applyfunc(lambda t: FAMILIES[family.name](t, k))


class ScalarOf(sp.Expr):
    r"""A scalar function :math:`F^{(k)}(\cdot)` of a :math:`1\times 1` matrix expression, e.g.
    :math:`\sigma'(\boldsymbol a_l^\top \boldsymbol x_i)` or :math:`l''(-D(\boldsymbol x_i))`."""

    is_commutative = True

    def __new__(cls, arg, order=0, family="sigma"):
        return sp.Expr.__new__(cls, arg, sp.Integer(order), _str(family))

    def _latex(self, printer, exp=None):
        arg, k, family = self.args
        head = f"{FAMILIES[family.name]._stem}{_primes(int(k))}"
        return rf"{head}\left({printer._print(arg)}\right)"

    def _explicit(self, ctx: Context, env: dict) -> sp.Expr:
        arg, k, family = self.args
        value = explicit(arg, ctx, env)
        if isinstance(value, sp.MatrixBase):
            value = value[0, 0]
        return FAMILIES[family.name](value, k)


class Disc(MatrixExpr):
    r"""The discriminator :math:`D(\boldsymbol v) = \boldsymbol w^\top\boldsymbol\sigma(\boldsymbol
    A\boldsymbol v)` as a :math:`1\times 1` matrix, printed :math:`D(\boldsymbol v)`."""

    def __new__(cls, vec, w, A):
        return super().__new__(cls, vec, w, A)

    @property
    def shape(self):
        return sp.Integer(1), sp.Integer(1)

    def _latex(self, printer):
        return rf"D\left({printer._print(self.args[0])}\right)"

    def _explicit(self, ctx: Context, env: dict) -> sp.Matrix:
        vec, w, A = self.args
        return explicit(sp.MatMul(sp.Transpose(w), Elementwise(sp.MatMul(A, vec))), ctx, env)


class AsScalar(sp.Expr):
    r"""A :math:`1\times 1` matrix expression used as a scalar factor, printed in parentheses
    (e.g. :math:`(\boldsymbol a_l^\top \partial\boldsymbol\Phi_i/\partial\theta_j\,\boldsymbol g)`)."""

    is_commutative = True

    def __new__(cls, mat):
        return sp.Expr.__new__(cls, mat)

    def _latex(self, printer, exp=None):
        return rf"\left({printer._print(self.args[0])}\right)"

    def _explicit(self, ctx: Context, env: dict) -> sp.Expr:
        return explicit(self.args[0], ctx, env)[0, 0]


class Abbrev(MatrixExpr):
    """A named shorthand for a sub-expression: prints as ``latex_name``, evaluates as ``expr``."""

    def __new__(cls, latex_name, expr):
        return super().__new__(cls, _str(latex_name), expr)

    @property
    def shape(self):
        return self.args[1].shape

    @property
    def definition(self):
        return self.args[1]

    def _latex(self, printer):
        return self.args[0].name

    def _explicit(self, ctx: Context, env: dict) -> sp.Matrix:
        return explicit(self.args[1], ctx, env)


class Entry(sp.Expr):
    r"""The scalar entry :math:`w_l` of a column vector (``index`` 0-based in ``env``)."""

    is_commutative = True

    def __new__(cls, vec, index):
        return sp.Expr.__new__(cls, vec, index)

    def _latex(self, printer, exp=None):
        vec, index = self.args
        base = f"{vec.name}_{{{printer._print(index)}}}"
        return f"{base}^{{{exp}}}" if exp is not None else base

    def _explicit(self, ctx: Context, env: dict) -> sp.Expr:
        vec, index = self.args
        return explicit(vec, ctx, env)[env[index], 0]


class RowOf(MatrixExpr):
    r"""Row ``l`` of a matrix as a column vector: :math:`\boldsymbol a_l` for :math:`\boldsymbol A`."""

    def __new__(cls, mat, index):
        return super().__new__(cls, mat, index)

    @property
    def shape(self):
        return self.args[0].shape[1], sp.Integer(1)

    def _latex(self, printer):
        mat, index = self.args
        return rf"\boldsymbol{{{mat.name.lower()}}}_{{{printer._print(index)}}}"

    def _explicit(self, ctx: Context, env: dict) -> sp.Matrix:
        mat, index = self.args
        return explicit(mat, ctx, env)[env[index], :].T


class UnitVector(MatrixExpr):
    r"""The unit vector :math:`\boldsymbol e_l \in \mathbb R^{\mathrm{dim}}`."""

    def __new__(cls, index, dim):
        return super().__new__(cls, index, dim)

    @property
    def shape(self):
        return self.args[1], sp.Integer(1)

    def _latex(self, printer):
        return rf"\boldsymbol{{e}}_{{{printer._print(self.args[0])}}}"

    def _explicit(self, ctx: Context, env: dict) -> sp.Matrix:
        index, dim = self.args
        e = sp.zeros(int(dim.xreplace(ctx.dims)), 1)
        e[env[index], 0] = 1
        return e


class RowPlacement(MatrixExpr):
    r"""A ``rows x cols`` matrix that is zero except for row ``l``, printed like App. B.3's
    :math:`\nabla^2_{\boldsymbol w\boldsymbol a_l} f` (a bracket with ":math:`\leftarrow l`\ th row")."""

    def __new__(cls, row, index, rows):
        return super().__new__(cls, row, index, rows)

    @property
    def shape(self):
        return self.args[2], self.args[0].shape[1]

    def _latex(self, printer):
        row, index, _ = self.args
        saved, printer.break_sums = getattr(printer, "break_sums", False), False
        body = printer._print(row)
        printer.break_sums = saved
        marker = rf"\leftarrow {printer._print(index)}\text{{th row}}"
        return (
            r"\begin{bmatrix} \boldsymbol{0} \\ \vdots \\ "
            + body
            + r" \\ \vdots \\ \boldsymbol{0} \end{bmatrix}"
            + r"\begin{matrix} \\ \\ "
            + marker
            + r" \\ \\ \\ \end{matrix}"
        )

    def _explicit(self, ctx: Context, env: dict) -> sp.Matrix:
        row, index, rows = self.args
        value = explicit(row, ctx, env)
        out = sp.zeros(int(rows.xreplace(ctx.dims)), value.shape[1])
        out[env[index], :] = value
        return out


class SampleSum(MatrixExpr):
    r""":math:`\sum_{i=1}^{n} [\,\cdot\,]` of a matrix-valued summand over the samples."""

    def __new__(cls, term, index, upper):
        return super().__new__(cls, term, index, upper)

    @property
    def shape(self):
        return self.args[0].shape

    def _latex(self, printer):
        term, index, upper = self.args
        i, n = printer._print(index), printer._print(upper)
        head = rf"\sum_{{{i}=1}}^{{{n}}}"
        body = printer._print(term)
        if BREAK in body:  # latex(..., breaks=True): a bracket that may span lines
            left, right = _fixed_delimiters(body)
            return rf"{head} {left}[{body}{right}]"
        return rf"{head} \left[{body}\right]"

    def _explicit(self, ctx: Context, env: dict) -> sp.Matrix:
        term, index, upper = self.args
        total = None
        for value in range(int(upper.xreplace(ctx.dims))):
            block = explicit(term, ctx, {**env, index: value})
            total = block if total is None else total + block
        return total


# Where ``latex(..., breaks=True)`` allows a line break: before every "+" or "-" between the
# terms of a matrix sum, at any depth (NOTE: [line breaking] in zigan_verify.interfaces.latex_layout).
BREAK = "\u2063"
# Where a line may end inside a product of matrices (used when a term alone is too wide).
PRODUCT_BREAK = "\u2062"


def _fixed_delimiters(body: str) -> tuple[str, str]:
    """Delimiters that need no partner on the same line (``\\left``/``\\right`` do), sized
    for what they enclose."""
    return (r"\biggl", r"\biggr") if r"\frac" in body else (r"\Bigl", r"\Bigr")


def _concrete_shape(expr: MatrixExpr, ctx: Context) -> tuple[int, int]:
    return tuple(int(sp.sympify(s).xreplace(ctx.dims)) for s in expr.shape)


def explicit(expr: Any, ctx: Context, env: dict | None = None) -> Any:
    """Evaluate a matrix-form tree at concrete dimensions (see NOTE: [matrix forms])."""
    env = env or {}
    if hasattr(expr, "_explicit"):
        return expr._explicit(ctx, env)
    if isinstance(expr, sp.MatAdd):
        parts = [explicit(a, ctx, env) for a in expr.args]
        total = parts[0]
        for p in parts[1:]:
            total = total + p
        return total
    if isinstance(expr, sp.MatMul):
        result: Any = sp.Integer(1)
        for a in expr.args:
            value = explicit(a, ctx, env)
            result = result * value
        return result
    if isinstance(expr, sp.Transpose):
        return explicit(expr.arg, ctx, env).T
    if isinstance(expr, sp.ZeroMatrix):
        return sp.zeros(*_concrete_shape(expr, ctx))
    if isinstance(expr, sp.Identity):
        return sp.eye(_concrete_shape(expr, ctx)[0])
    if isinstance(expr, MatrixExpr):
        raise TypeError(f"no explicit form for {type(expr).__name__}: {expr}")
    if isinstance(expr, sp.Symbol):
        if expr in env:
            return sp.Integer(env[expr])
        return sp.Integer(ctx.dims[expr]) if expr in ctx.dims else expr
    if isinstance(expr, sp.Basic) and expr.args:
        return expr.func(*[explicit(a, ctx, env) for a in expr.args])
    return expr


class _Printer(LatexPrinter):
    """SymPy's LaTeX printer with the paper's ``^\\top`` for transposes."""

    def __init__(self, settings=None):
        # order="none": print sums in the order they were built (the paper's), not sorted.
        super().__init__({"order": "none", **(settings or {})})
        self.break_sums = False

    def _print_Transpose(self, expr):
        arg = expr.arg
        atomic = isinstance(arg, (sp.MatrixSymbol, RowOf, Abbrev)) or (
            isinstance(arg, SampleLeaf) and not arg.args[5]
        )
        body = self._print(arg)
        return rf"{body}^{{\top}}" if atomic else rf"{self._add_parens(body)}^{{\top}}"

    def _print_MatAdd(self, expr):
        # "a - b" for a term that prints with a leading minus (SymPy's own gives "a + - b" or
        # "a - - b" when the minus sits in a non-numeric coefficient).
        out = ""
        for n_term, term in enumerate(expr.args):
            body = self._print(term)
            mark = BREAK if self.break_sums else ""
            if n_term == 0:
                out = body
            elif body.startswith("- "):
                out += f" {mark}- {body[2:]}"
            else:
                out += f" {mark}+ {body}"
        return out

    def _add_parens(self, s) -> str:
        if BREAK in s:  # parentheses that may span lines
            left, right = _fixed_delimiters(s)
            return f"{left}({s}{right})"
        return super()._add_parens(s)

    def _print_product(self, expr):
        """SymPy's ``_print_MatMul``, with :data:`PRODUCT_BREAK` between the factors when
        breaking lines."""
        if not self.break_sums:
            return super()._print_MatMul(expr)

        def factor(x):
            if isinstance(x, sp.Mul) and not isinstance(x, sp.MatMul):
                return self._print(x)
            return self.parenthesize(x, precedence_traditional(expr), False)

        args, sign = list(expr.args), ""
        if expr.could_extract_minus_sign():
            args = args[1:] if args[0] == -1 else [-args[0], *args[1:]]
            sign = "- "
        return sign + f" {PRODUCT_BREAK}".join(map(factor, args))

    def _print_ZeroMatrix(self, expr):
        return r"\boldsymbol{0}"

    def _print_MatMul(self, expr):
        # A rational coefficient prints as a fraction, not "\left(\frac{1}{2}\right) I".
        head, *rest = expr.args
        if not (isinstance(head, sp.Rational) and not head.is_Integer and rest):
            return self._print_product(expr)
        tail = rest[0] if len(rest) == 1 else sp.MatMul(*rest)
        body = self._print(tail)
        if isinstance(tail, sp.MatAdd):
            body = rf"\left({body}\right)"
        return ("- " if head < 0 else "") + f"{self._print(abs(head))} {body}"


def latex(expr: Any, *, breaks: bool = False, settings: dict | None = None) -> str:
    """Render a matrix-form tree (or any SymPy object) as LaTeX, in the paper's notation.

    With ``breaks=True`` every sum of matrices marks its "+"/"-" with :data:`BREAK` (where a
    line may be broken; :func:`zigan_verify.interfaces.latex_layout.break_lines` breaks there or removes the
    marks) and the brackets around such sums are fixed-size (``\\Bigl[``), which need no
    partner on the same line. ``settings`` are SymPy ``LatexPrinter`` settings (``order``,
    ``mul_symbol``, ...; ``order`` defaults to ``"none"``: the order the terms were built in).
    """
    printer = _Printer(settings)
    printer.break_sums = breaks
    return printer.doprint(expr)
