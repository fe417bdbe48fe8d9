r"""SymPy derivation of the Zero-Infinity GAN gradient and Hessian blocks (000 §4, App. B.3).

Two independent routes, compared exactly:

1. :func:`derive` builds the scalar loss *element-wise* at small concrete dimensions
   :math:`(n, d_1, d_2, r, m)` and differentiates it with SymPy,

   .. math::
       f(\boldsymbol g,\boldsymbol\theta,\boldsymbol w,\boldsymbol A)
         = -\frac1n\sum_{i=1}^n\Big[l\big(D(\boldsymbol x_i)\big)
           + l\big(-D(\boldsymbol\Phi_i(\boldsymbol\theta)\boldsymbol g)\big)\Big],
       \qquad D(\boldsymbol x) = \boldsymbol w^\top\boldsymbol\sigma(\boldsymbol A\boldsymbol x),

   with :math:`l(t) = -t` (``"zi"``, eq. (4)), an undefined :math:`l` (``"general"``) or the
   logistic :math:`l(t) = \log(1 + e^{-t})` (``"js"``, eq. (1)). :math:`\sigma` and every entry of
   :math:`\varphi_\theta(z_i)` are undefined functions, so the identities hold for any smooth
   activation and generator body.
2. :func:`matrix_forms` builds the *printed* formulas of eqs. (5)-(8) and of the Hessian blocks
   as matrix-form trees (NOTE: [matrix forms] in :mod:`zigan_verify.game.symbolic._forms`), which
   print as LaTeX at symbolic dimensions and evaluate to explicit matrices at concrete ones.

:func:`prove` evaluates a form at each setting of :data:`SETTINGS`, subtracts the derived block
and checks that every entry expands to zero.

NOTE: [block layout]
Parameters are ordered :math:`\boldsymbol z = (\boldsymbol g, \boldsymbol\theta, \boldsymbol w,
\boldsymbol A)`; :math:`\boldsymbol g = \operatorname{vec}(\boldsymbol G)` stacks the *rows* of
:math:`\boldsymbol G` (``G.reshape(-1)``; see claim ``000.s4.vec``) and :math:`\boldsymbol A` is
flattened row-major, :math:`(\boldsymbol a_1, \dots, \boldsymbol a_r)`. A Hessian block
``H_XY`` :math:`= \partial^2 f / \partial X \partial Y` has rows indexed by ``X`` and columns by
``Y``. Per-index printed blocks are assembled in that layout: :math:`\nabla_{\theta_j} f` is entry
``j`` of ``theta``, :math:`\nabla_{\boldsymbol a_l} f` is rows ``l*d1 .. (l+1)*d1`` of ``A``;
:math:`\nabla^2_{\boldsymbol g\theta_j} f`, :math:`\nabla^2_{\boldsymbol w\theta_j} f` and
:math:`\nabla^2_{\boldsymbol a_l\theta_j} f` are column ``j`` of their block (so they must be
column vectors); :math:`\nabla^2_{\boldsymbol g\boldsymbol a_l} f` and
:math:`\nabla^2_{\boldsymbol w\boldsymbol a_l} f` are the column slab ``l``;
:math:`\nabla^2_{\boldsymbol a_l\boldsymbol a_j} f` is the ``(l, j)`` sub-block and
:math:`\nabla^2_{\theta_j\theta_k} f` the ``(j, k)`` entry.

References:
    Lee & Kim, *Zero-Infinity GAN*, §4 eq. (4) and App. B.3 eqs. (5)-(8) and the Hessians.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

import sympy as sp

from zigan_verify._errors import check_choice
from zigan_verify.game.symbolic._forms import (
    Context,
    LossD,
    SigmaD,
    explicit,
)
from zigan_verify.game.symbolic.zigan_forms import (  # Route 2 (NOTE: [block layout])
    _DIM_SYMBOLS,
    FORMS,
    BlockForm,
    matrix_forms,
    zi_loss_form,
)

__all__ = [
    "Dims",
    "SETTINGS",
    "GRADIENTS",
    "HESSIANS",
    "BLOCK_NAMES",
    "PAIRS",
    "LOSSES",
    "FORMS",
    "Instance",
    "Proof",
    "instance",
    "loss_expr",
    "derive",
    "derived_block",
    "zi_loss_form",
    "matrix_forms",
    "assemble",
    "prove",
    "prove_all",
    "numeric_substitution",
]


class Dims(NamedTuple):
    """Concrete sizes ``(n, d1, d2, r, m)``: samples, data dim, feature dim, hidden units, ``|θ|``."""

    n: int
    d1: int
    d2: int
    r: int
    m: int


# Two tiny settings that together exercise every index: n, d1, r >= 2 in the first; d2, m >= 2
# in the second (so ∂Φ/∂θ_j with j = 2, ∂²Φ/∂θ_j∂θ_k with j != k and G with several columns).
# With r = 1 the transpose in the printed ∇²_{wθ_j} is invisible, so the first has r = 2.
SETTINGS: tuple[Dims, ...] = (Dims(2, 2, 1, 2, 1), Dims(1, 2, 2, 1, 2), Dims(2, 2, 2, 2, 2))

GRADIENTS = ("g", "theta", "w", "A")
HESSIANS = (
    "H_gg",
    "H_gtheta",
    "H_thetatheta",
    "H_gw",
    "H_gA",
    "H_ww",
    "H_wA",
    "H_AA",
    "H_wtheta",
    "H_Atheta",
)
BLOCK_NAMES = GRADIENTS + HESSIANS
PAIRS = _PAIRS = {
    "H_gg": ("g", "g"),
    "H_gtheta": ("g", "theta"),
    "H_thetatheta": ("theta", "theta"),
    "H_gw": ("g", "w"),
    "H_gA": ("g", "A"),
    "H_ww": ("w", "w"),
    "H_wA": ("w", "A"),
    "H_AA": ("A", "A"),
    "H_wtheta": ("w", "theta"),
    "H_Atheta": ("A", "theta"),
}

# "zi": l(t) = -t, eq. (4); "js": logistic l, eq. (1); "general": l undefined.
LOSSES = ("general", "js", "zi")
# "printed": as in App. B.3; "corrected": printed with registered errata fixed (ZI);
# "general": our generalisation of every block to any loss l (proven against loss "general").


# --------------------------------------------------------------------------------------------
# Route 1: the element-wise loss and its SymPy derivatives.


@dataclass(frozen=True, eq=False)
class Instance:
    """All scalar symbols of the problem at concrete dimensions."""

    dims: Dims
    g: sp.Matrix  # (d1*d2, 1), g = G.reshape(-1): row-stacking vec
    theta: tuple[sp.Symbol, ...]
    w: sp.Matrix  # (r, 1)
    A: sp.Matrix  # (r, d1)
    x: tuple[sp.Matrix, ...]  # n vectors (d1, 1)
    phi: tuple[sp.Matrix, ...]  # n vectors (d2, 1) of undefined functions of theta
    params: dict[str, list[sp.Symbol]] = field(default_factory=dict)

    @property
    def G(self) -> sp.Matrix:
        return self.g.reshape(self.dims.d1, self.dims.d2)

    def Phi(self, i: int, derivs: tuple[int, ...] = ()) -> sp.Matrix:
        r""":math:`\boldsymbol\Phi_i = I_{d_1}\otimes\varphi_i^\top`, differentiated by ``θ_derivs``."""
        row = self.phi[i].T
        for j in derivs:
            row = row.diff(self.theta[j])
        d1, d2 = self.dims.d1, self.dims.d2
        out = sp.zeros(d1, d1 * d2)
        for c in range(d1):
            out[c, c * d2 : (c + 1) * d2] = row
        return out

    def context(self) -> Context:
        return Context(
            dims=dict(zip(_DIM_SYMBOLS, self.dims, strict=True)),
            leaves={"g": self.g, "w": self.w, "A": self.A},
            samples={"x": list(self.x)},
            phi=self.Phi,
        )

    @property
    def z(self) -> list[sp.Symbol]:
        return [s for name in GRADIENTS for s in self.params[name]]


@cache
def instance(dims: Dims) -> Instance:
    """The symbols of the problem at ``dims`` (cached)."""
    n, d1, d2, r, m = dims
    g = sp.Matrix(sp.symbols(f"g_1:{d1 * d2 + 1}", real=True))
    theta = sp.symbols(f"theta_1:{m + 1}", real=True)
    w = sp.Matrix(sp.symbols(f"w_1:{r + 1}", real=True))
    A = sp.Matrix(r, d1, lambda a, c: sp.Symbol(f"A_{a + 1}{c + 1}", real=True))
    x = tuple(
        sp.Matrix(d1, 1, lambda c, _, i=i: sp.Symbol(f"x_{i + 1}{c + 1}", real=True))
        for i in range(n)
    )
    phi = tuple(
        sp.Matrix(d2, 1, lambda b, _, i=i: sp.Function(f"varphi_{i + 1}{b + 1}")(*theta))
        for i in range(n)
    )
    params = {"g": list(g), "theta": list(theta), "w": list(w), "A": list(A)}  # A row-major
    return Instance(Dims(*dims), g, theta, w, A, x, phi, params)


def _discriminator(inst: Instance, v: sp.Matrix) -> sp.Expr:
    h = inst.A * v
    return sum((inst.w[a] * SigmaD(h[a], 0) for a in range(inst.dims.r)), sp.Integer(0))


def _logistic(t: sp.Expr, k: int) -> sp.Expr:
    s = sp.Dummy("s")
    return sp.diff(sp.log(1 + sp.exp(-s)), s, k).subs(s, t)


def loss_expr(dims: Dims, loss: str = "zi") -> sp.Expr:
    """The scalar loss ``f`` built entry by entry (eq. (3) with the chosen ``l``)."""
    check_choice("loss", loss, LOSSES)
    inst = instance(dims)
    terms = []
    for i in range(dims.n):
        real = _discriminator(inst, inst.x[i])
        fake = _discriminator(inst, inst.G * inst.phi[i])
        terms.append(LossD(real, 0) + LossD(-fake, 0))
    f = -sp.Add(*terms) / dims.n
    if loss == "zi":
        f = f.replace(LossD, lambda t, k: -t if k == 0 else (-1 if k == 1 else 0))
    elif loss == "js":
        f = f.replace(LossD, lambda t, k: _logistic(t, int(k)))
    return f


@cache
def derive(dims: Dims, loss: str = "zi") -> dict[str, sp.Matrix]:
    """``f``, the four gradient blocks and the ten Hessian blocks by SymPy differentiation.

    Keys: ``"f"`` (a 1x1 matrix), :data:`GRADIENTS` (column vectors) and :data:`HESSIANS`
    (laid out as in NOTE: [block layout]). Cached per ``(dims, loss)``; each block is
    :func:`derived_block`.
    """
    dims = Dims(*dims)
    out = {"f": sp.Matrix([[_loss_f(dims, loss)]])}
    out.update({name: derived_block(dims, loss, name) for name in BLOCK_NAMES})
    return out


@cache
def _loss_f(dims: Dims, loss: str) -> sp.Expr:
    return loss_expr(dims, loss)


@cache
def derived_block(dims: Dims, loss: str, name: str) -> sp.Matrix:
    """One block of :func:`derive`, differentiating only what it needs (cached per block).

    A claim about one block (:func:`prove`) then pays for its own gradient and Jacobian only,
    not for all ten Hessian blocks: the parallel check runner (NOTE: [parallel checks]) spreads
    the blocks over its workers, and a worker never repeats the others' differentiation. The
    entries are the same expressions ``derive`` always built: ``f.diff(s)`` per parameter, and
    the Jacobian of the row gradient w.r.t. the column parameters.
    """
    dims = Dims(*dims)
    check_choice("block", name, BLOCK_NAMES)
    params = instance(dims).params
    if name in GRADIENTS:
        f = _loss_f(dims, loss)
        return sp.Matrix([f.diff(s) for s in params[name]])
    row, col = _PAIRS[name]
    return derived_block(dims, loss, row).jacobian(params[col])


def numeric_substitution(expr, dims: Dims, sigma=sp.tanh, seed: int = 0):
    """Replace the undefined :math:`\\sigma` and :math:`\\varphi` by concrete smooth functions.

    :math:`\\sigma` becomes ``sigma`` (default ``tanh``) and :math:`\\varphi_{ib}(\\theta)` becomes
    :math:`\\sin(c_{ib}^\\top\\theta + b_{ib})` with seeded rational coefficients, so the result is
    an explicit function of the parameter and data symbols (for ``lambdify``).
    """
    import random

    rng = random.Random(seed)
    inst = instance(dims)
    t = sp.Dummy("t")
    concrete = {}
    for i in range(dims.n):
        for b in range(dims.d2):
            c = [sp.Rational(rng.randint(-9, 9), 7) for _ in inst.theta]
            off = sp.Rational(rng.randint(-9, 9), 5)
            concrete[inst.phi[i][b].func] = sp.sin(
                sum(ci * th for ci, th in zip(c, inst.theta, strict=True)) + off
            )
    out = expr.replace(SigmaD, lambda x, k: sp.diff(sigma(t), t, int(k)).subs(t, x))
    for func, body in concrete.items():
        out = out.replace(func, sp.Lambda(inst.theta, body))
    return out.doit()


def assemble(form: BlockForm, dims: Dims, ctx: Context | None = None) -> sp.Matrix:
    """Evaluate ``form`` at ``dims`` and assemble its per-index blocks (NOTE: [block layout]).

    ``ctx`` supplies the leaves (default: the symbols of :func:`instance`; numbers work too)."""
    ctx = ctx or instance(Dims(*dims)).context()

    def ranges(pairs):
        if not pairs:
            return [{}]
        (sym, rng), *rest = pairs
        size = int(rng.xreplace(ctx.dims))
        return [{sym: v, **tail} for v in range(size) for tail in ranges(rest)]

    grid = []
    for renv in ranges(form.rows):
        row = []
        for cenv in ranges(form.cols):
            env = {**renv, **cenv}
            off_diagonal = form.diagonal and renv and list(renv.values()) != list(cenv.values())
            block = explicit(form.rhs, ctx, env)
            row.append(sp.zeros(*block.shape) if off_diagonal else block)
        grid.append(sp.Matrix.hstack(*row))
    return sp.Matrix.vstack(*grid)


def _zero_difference(got: sp.Matrix, want: sp.Matrix) -> tuple[bool, str]:
    if got.shape != want.shape:
        return False, f"shape {got.shape} != derived {want.shape}"
    for (a, b), d in zip(
        ((a, b) for a in range(got.rows) for b in range(got.cols)), got - want, strict=True
    ):
        if sp.expand(d) != 0 and sp.simplify(d) != 0:
            return False, f"entry ({a}, {b}) differs by {sp.expand(d)}"
    return True, "difference expands to the zero matrix"


@dataclass(frozen=True)
class Proof:
    """Outcome of comparing one matrix form with the derived block at each setting."""

    name: str
    form: str
    results: tuple[tuple[Dims, bool, str], ...]
    seconds: float

    @property
    def equal(self) -> bool:
        return all(ok for _, ok, _ in self.results)

    @property
    def settings_text(self) -> str:
        return ",".join("(" + ",".join(map(str, d)) + ")" for d, _, _ in self.results)

    @property
    def failures(self) -> list[str]:
        return [f"{tuple(d)}: {why}" for d, ok, why in self.results if not ok]


@cache
def prove(name: str, form: str = "printed", settings: tuple[Dims, ...] = SETTINGS) -> Proof:
    """Prove ``matrix_forms(form)[name]`` equal to the derived block at every setting.

    ``printed``/``corrected`` forms are compared with the ZI loss; ``general`` forms with the
    undefined loss :math:`l` (so they hold for the logistic JS loss too). Cached.

    Examples:
        >>> prove("H_gg").equal
        True
    """
    check_choice("block", name, BLOCK_NAMES)
    check_choice("form", form, FORMS)
    loss = "general" if form == "general" else "zi"
    start = time.perf_counter()
    if form == "corrected" and _proved_alike(name, "corrected", "printed"):
        # the same comparison, with the same loss: its results (not a second derivation)
        printed = prove(name, "printed", settings)
        return Proof(name, form, printed.results, time.perf_counter() - start)
    results = []
    for dims in settings:
        dims = Dims(*dims)
        got = assemble(matrix_forms(form)[name], dims)
        ok, why = _zero_difference(got, derived_block(dims, loss, name))
        results.append((dims, ok, why))
    return Proof(name, form, tuple(results), time.perf_counter() - start)


def _proved_alike(name: str, form: str, other: str) -> bool:
    """Forms ``form`` and ``other`` of block ``name`` assemble to the same matrix: the same
    per-index tree and index ranges (all that :func:`assemble` reads). The corrected forms are
    the printed ones except where an erratum is fixed, so their proofs coincide elsewhere."""
    a, b = matrix_forms(form)[name], matrix_forms(other)[name]
    return (a.rhs, a.rows, a.cols, a.diagonal) == (b.rhs, b.rows, b.cols, b.diagonal)


def prove_all() -> dict[tuple[str, str], Proof]:
    """Every block in every form (the whole set of symbolic proofs)."""
    return {(f, b): prove(b, f) for f in FORMS for b in BLOCK_NAMES}
