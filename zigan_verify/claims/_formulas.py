r"""SymPy forms of the formula-valued findings, keyed by claim id (NOTE: [finding formulas]).

NOTE: [finding formulas]
A finding (``erratum``, ``conditional``, ``refuted``) whose statement or correction *is* a
formula carries it here as SymPy objects: the form as printed, the corrected form, and a one-line
relation between them. Each :class:`Formula` also carries ``proof``: an independent SymPy
derivation (from the scalar loss, the update rules, the roots of a characteristic polynomial ...)
that returns whether the corrected form equals the derived one and whether the printed one does;
``tests/test_latex_formulas.py`` requires the first and, for an erratum, the negation of the
second. Every finding is on exactly one of two reviewed lists: :data:`FORMULAS` or :data:`PROSE`
(with the reason it is prose); a finding on neither fails that test, so a new formula-valued
finding cannot be typeset as text silently.

Other papers plug in by claim id without editing this file: a claims data module
(``p003_landscape``, ``p004_lssp`` ...) may define its own ``FORMULAS`` and ``PROSE`` dicts of the
same shape; :func:`formulas` and :func:`prose` merge them (see ``Claim.formula``).

Public: everything in ``__all__``.
"""

from __future__ import annotations

import importlib
from functools import cache

import sympy as sp

from zigan_verify.claims import _formulas_jare
from zigan_verify.claims._formula_types import Formula, Line, _close, _zero

__all__ = ["Formula", "Line", "FORMULAS", "PROSE", "formulas", "prose"]


# --- 000 -----------------------------------------------------------------------------------

_d1, _d2 = sp.symbols("d_1 d_2", integer=True, positive=True)
_g = sp.MatrixSymbol(r"\boldsymbol{g}", _d1 * _d2, 1)


def _proof_wtheta() -> tuple[bool, bool]:
    from zigan_verify.game.symbolic import zigan

    return zigan.prove("H_wtheta", "corrected").equal, zigan.prove("H_wtheta", "printed").equal


_lam, _tau = sp.symbols("lambda tau", positive=True)
_mu_k, _mu_n = sp.symbols("mu_k mu_n", nonnegative=True)


def _proof_b5() -> tuple[bool, bool]:
    # Lambda_tau DF = [[0, B/tau], [-B^T, 0]] at a global solution (w = 0); B of size 2 x 1.
    b = sp.Matrix(sp.symbols("b_1 b_2", real=True))
    J = sp.Matrix(sp.BlockMatrix([[sp.zeros(2, 2), b / _tau], [-b.T, sp.zeros(1, 1)]]))
    derived = set(J.eigenvals())
    mu = (b.T * b)[0]  # the eigenvalue of B^T B
    corrected = {e.subs(_mu_k, mu) for e in _B5_CORRECTED}
    printed = {(sp.I * sp.sqrt(_mu_n / _tau)).subs(_mu_n, mu), sp.Integer(0)}

    def same(a, c):
        return len(a) == len(c) and all(any(_zero(x - y) for y in c) for x in a)

    return same(corrected, derived), same(printed, derived)


_B5_CORRECTED = (sp.I * sp.sqrt(_mu_k / _tau), -sp.I * sp.sqrt(_mu_k / _tau), sp.Integer(0))


_n_rows = sp.Symbol("N", integer=True, positive=True)
_PhiM = sp.MatrixSymbol(r"\boldsymbol{\Phi}", _n_rows, _d1 * _d2)
_QT_x = sp.MatrixSymbol(r"Q_{\pi}^{\top}\boldsymbol{x}", _n_rows, 1)


class _Pinv(sp.MatrixExpr):
    """The Moore-Penrose pseudo-inverse ``X^+`` (typeset only; proofs use ``Matrix.pinv``)."""

    def __new__(cls, arg):
        return super().__new__(cls, arg)

    @property
    def shape(self):
        return self.args[0].shape[::-1]

    def _latex(self, printer):
        return rf"\left({printer._print(self.args[0])}\right)^{{+}}"


def _proof_limit() -> tuple[bool, bool]:
    # phi(z_1) = phi(z_2): Phi Phi^T singular. The limit of a method linear in the g-gradients,
    # started at 0, lies in R(Phi^T): g = Phi^T c with Phi Phi^T c = y (any solution c).
    Phi = sp.Matrix([[1, 2, 0], [1, 2, 0]])
    y = sp.Matrix([3, 3])
    K = Phi * Phi.T
    c, params = K.gauss_jordan_solve(y)
    derived = Phi.T * c.subs({p: 0 for p in params})
    assert Phi * derived == y  # noqa: S101 - the derived point solves Phi g = y
    corrected = Phi.T * K.pinv() * y
    printed_defined = K.det() != 0
    return _zero(corrected - derived) and _zero(Phi.pinv() * y - derived), printed_defined


# 000 App. B.5: B is n x m (n = dim x, m = dim y in the ZI-GAN).
_n_b5, _m_b5 = sp.symbols("n m", integer=True, positive=True)
_lam_b5 = sp.Symbol("lambda")  # the symbol of checks.global_solutions.b5_determinant_sides
_B_b5 = sp.MatrixSymbol("B", _n_b5, _m_b5)


def _b5_sides(B, n, m, *, printed: bool):
    """App. B.5's right side as printed (``det(lambda^2 I + B^T B / tau)``) or corrected (times
    ``(-1)^(n+m) lambda^(n-m)``); ``B`` a MatrixSymbol (typeset) or an explicit Matrix (proof)."""
    explicit = isinstance(B, sp.MatrixBase)
    eye = sp.eye(m) if explicit else sp.Identity(m)
    inner = _lam_b5**2 * eye + B.T * B / _tau
    det = inner.det() if explicit else sp.Determinant(inner)
    return det if printed else (-1) ** (n + m) * _lam_b5 ** (n - m) * det


def _proof_b5_det() -> tuple[bool, bool]:
    # the left side det(Lambda_tau DF - lambda I), derived by SymPy from the block matrix
    from zigan_verify.checks.global_solutions import b5_determinant_sides

    shapes = ([[1, 2, 0], [0, 1, -1]], [[1, 0], [2, 1], [0, -1]])  # n != m both ways
    ok = {True: True, False: True}
    for rows in shapes:
        B = sp.Matrix(rows)
        lhs = b5_determinant_sides(B, 3)[0]
        for printed in ok:
            side = _b5_sides(B, *B.shape, printed=printed).subs(_tau, 3)
            ok[printed] = ok[printed] and _zero(lhs - side)
    return ok[False], ok[True]


_B5_LHS = sp.Determinant(
    sp.BlockMatrix(
        [
            [-_lam_b5 * sp.Identity(_n_b5), _B_b5 / _tau],
            [-_B_b5.T, -_lam_b5 * sp.Identity(_m_b5)],
        ]
    )
)

# 000 App. B.2: the number of columns of C_2 (r = rank of grad^2_yy f there).
_cols_C2 = sp.Symbol(r"\#\operatorname{cols}(C_{2})")
_r_b2, _d2_b2, _dimy = sp.symbols(r"r d_2 \dim\boldsymbol{y}", integer=True, nonnegative=True)


def _proof_b2_count() -> tuple[bool, bool]:
    # measured: C_2 = Gamma of the restricted Schur complement at seeded ZI-GAN global solutions
    from zigan_verify.analysis.schur import restricted_schur
    from zigan_verify.analysis.spectrum import blocks
    from zigan_verify.checks.global_solutions import global_points

    item, ok = FORMULAS["000.B2.count"], {"printed": True, "corrected": True}
    for pt in global_points(range(3)):
        A, C, B = blocks(pt.problem, pt.z)
        rs = restricted_schur(A, C, B)  # its rank of B uses the tolerance its split uses
        cols = rs.gamma.shape[1]
        at = {_r_b2: rs.rank_B, _d2_b2: pt.problem.sizes.d2, _dimy: B.shape[0]}
        for key in ok:
            ok[key] = ok[key] and getattr(item, key)[0].rhs.subs(at) == cols
    return ok["corrected"], ok["printed"]


# 000 App. A.3: D_f(P, Q) and its variational lower bound.
_p_a3, _q_a3, _mu_a3 = sp.symbols("p q mu", positive=True)
_f_a3 = sp.Function("f")
_Df = sp.Function("D_f")(sp.Symbol("P"), sp.Symbol("Q"))


def _proof_f_divergence() -> tuple[bool, bool]:
    # f(s) = -log s: f*(t) = sup_s (s t - f(s)) and sup_D E_P D - E_Q f*(D) pointwise, by SymPy;
    # the tight bound must equal D_f on a pair with P != Q (checks.distances.DISTRIBUTIONS[1]).
    from zigan_verify.checks.distances import DISTRIBUTIONS

    s, t, D = sp.symbols("s t D", real=True)
    f = -sp.log(s)
    (s_star,) = sp.solve(sp.diff(s * t - f, s), s)
    conj = sp.Lambda(t, (s * t - f).subs(s, s_star))
    p, q = DISTRIBUTIONS[1]
    sup = sp.Integer(0)
    for a, b in zip(p, q, strict=True):
        obj = a * D - b * conj(D)
        (d_star,) = sp.solve(sp.diff(obj, D), D)
        sup += obj.subs(D, d_star)

    def value(line):  # the typeset integral, summed over the three points
        summand = line.rhs.function.subs(_f_a3, sp.Lambda(s, f))
        return sp.Add(*[summand.subs({_p_a3: a, _q_a3: b}) for a, b in zip(p, q, strict=True)])

    item = FORMULAS["000.A3.f_divergence"]
    return (
        _close(value(item.corrected[0]), sup, [{}]),
        _close(value(item.printed[0]), sup, [{}]),
    )


# 001 Dirac GAN slide: the discriminator's inner problem.
class _Extremum(sp.Expr):
    r"""``\min_{x \in X} e`` / ``\max_{x \in X} e``, typeset only (``args = (e, x, X)``)."""

    op = ""

    def _latex(self, printer):
        expr, var, dom = (printer._print(a) for a in self.args)
        return rf"\{self.op}_{{{var} \in {dom}}} {expr}"


class _Min(_Extremum):
    op = "min"


class _Max(_Extremum):
    op = "max"


_th_d, _w_d = sp.symbols("theta w", real=True)
_l_d = sp.Function("l")
_W_d = sp.Symbol("W")
_dirac_value = -_l_d(0) - _l_d(-_w_d * _th_d)


def _dirac(inner: type) -> sp.Expr:
    return _Min(inner(_dirac_value, _w_d, _W_d), _th_d, sp.S.Reals)


def _proof_dirac() -> tuple[bool, bool]:
    # JS Dirac GAN (models.dirac_gan): the game's value is min over theta of the inner optimum
    # over w; the inner value is monotone in w for theta != 0 (its limits are the inf and sup).
    # A reading is right when theta = 0 (the data) is its unique minimiser.
    from zigan_verify.game.models import dirac_gan

    game = dirac_gan("js")
    g, w = game.variables
    thetas = (sp.Rational(-1, 2), sp.Integer(0), sp.Rational(1, 2))

    def inner(theta, op):
        f = game.f.subs(g, theta)
        if theta == 0:
            return sp.simplify(f)
        ends = [sp.limit(f, w, e) for e in (-sp.oo, sp.oo)]
        return op(ends)

    def data_is_unique_minimiser(op) -> bool:
        values = [inner(th, op) for th in thetas]
        best = min(values)
        return [th for th, v in zip(thetas, values, strict=True) if v == best] == [0]

    inner_op = {_Max: max, _Min: min}
    item = FORMULAS["001.dirac_slide"]
    return (
        data_is_unique_minimiser(inner_op[type(item.corrected[0].rhs.args[0])]),
        data_is_unique_minimiser(inner_op[type(item.printed[0].rhs.args[0])]),
    )


FORMULAS: dict[str, Formula] = {
    "000.B5.spectrum": Formula(
        printed=(Line(sp.Symbol("lambda_n"), sp.I * sp.sqrt(_mu_n / _tau)),),
        corrected=(Line(sp.Symbol("lambda"), sp.FiniteSet(*_B5_CORRECTED), r"\in"),),
        relation="the printed spectrum misses the conjugate eigenvalues and the zero ones; "
        "B must include the rows of the generator's body parameters",
        proof=_proof_b5,
    ),
    "000.s6.limit": Formula(
        printed=(Line(_g, _PhiM.T * sp.Inverse(_PhiM * _PhiM.T) * _QT_x),),
        corrected=(Line(_g, _PhiM.T * _Pinv(_PhiM * _PhiM.T) * _QT_x),),
        relation="the inverse is a pseudo-inverse: the Gram matrix is singular when the "
        "features of the latents are linearly dependent",
        proof=_proof_limit,
    ),
    "000.A3.f_divergence": Formula(
        printed=(Line(_Df, sp.Integral(_p_a3 * _f_a3(_p_a3 / _q_a3), _mu_a3), r":="),),
        corrected=(Line(_Df, sp.Integral(_q_a3 * _f_a3(_p_a3 / _q_a3), _mu_a3), r":="),),
        relation="the density in front of f is q, not p: with p the variational lower bound "
        "fails (f = -log s gives -KL(P||Q)); for the zero-infinity f both readings are 0 or "
        "infinity, so the conclusion stands",
        proof=_proof_f_divergence,
    ),
    "000.B5.det": Formula(
        printed=(Line(_B5_LHS, _b5_sides(_B_b5, _n_b5, _m_b5, printed=True)),),
        corrected=(
            Line(
                _B5_LHS,
                _b5_sides(_B_b5, _n_b5, _m_b5, printed=False),
                where=r"B \in \mathbb{R}^{n \times m}",
            ),
        ),
        relation="the printed identity holds only for square B; the missing factor carries "
        "the zero eigenvalues (n = dim x differs from m = dim y in the ZI-GAN)",
        proof=_proof_b5_det,
    ),
    "000.B2.count": Formula(
        printed=(Line(_cols_C2, _d2_b2 - _r_b2),),
        corrected=(
            Line(
                _cols_C2,
                _dimy - _r_b2,
                where=r"r = \operatorname{rank} \nabla^2_{\boldsymbol{y}\boldsymbol{y}} f",
            ),
        ),
        relation="C_2 has dim y - r columns; d_2 is the generator width in the paper's own "
        "notation (measured at seeded ZI-GAN global solutions)",
        proof=_proof_b2_count,
    ),
    "001.dirac_slide": Formula(
        printed=(Line(sp.Symbol("V"), _dirac(_Min)),),
        corrected=(Line(sp.Symbol("V"), _dirac(_Max)),),
        relation="the discriminator maximises: with min over w the inner value is minus "
        "infinity at every theta other than 0, so the data is not the solution",
        proof=_proof_dirac,
    ),
}


def _add_wtheta() -> None:
    """000.B3.H_wtheta: the printed and corrected App. B.3 matrix forms themselves."""
    from zigan_verify.game.symbolic import zigan

    printed = zigan.matrix_forms("printed")["H_wtheta"]
    corrected = zigan.matrix_forms("corrected")["H_wtheta"]
    lhs = sp.Symbol(printed.lhs)
    FORMULAS["000.B3.H_wtheta"] = Formula(
        printed=(Line(lhs, printed.rhs),),
        corrected=(Line(lhs, corrected.rhs),),
        relation="transpose: the printed row is the block with the subscripts swapped; as a "
        "column of its block it is the transpose",
        proof=_proof_wtheta,
    )


_add_wtheta()

# Findings whose statement and correction are prose (a condition, a dynamic behaviour, measured
# numbers): reviewed one by one, with the reason.
PROSE: dict[str, str] = {
    "000.B4.M": "a displayed block layout and an eigenvalue count; the correction names the block "
    "(grad^2_{a_l a_l} f, derived 0 there) and the count (r + d1, not n)",
    "000.B5.w_nonzero": "an existence-and-dynamics statement; the correction is a condition "
    "(w = 0) with measured radii at constructed w != 0 solutions",
    "001.prop1_printed": "a one-symbol typo in a set (R(Gamma)^T for R(Gamma)^perp); the corrected "
    "set is 001.prop1's, checked exactly on seeded blocks",
    "002.table1": "a table of qualitative requirements; the correction is a condition on gamma "
    "with measured conditioning per row",
    "002.thm13.ball": "a statement about where the eigenvalue formulas hold; the correction is "
    "a condition (exact at w*, first order in delta) with a fitted slope",
    "000.B5.gda_any_tau": "an escape statement about tau-GDA/tau-EG dynamics; the correction is "
    "a condition (tau >= eta^2 mu_max) with measured radii",
    "000.thm3": "a convergence statement; the correction is a condition and a simulation",
    "000.B1.P1": "an escape statement; the correction names the missing invertibility condition",
    "000.s6.adam_sign": "a statement about which methods keep g in g_0 + R(Phi^T); the "
    "correction names the class of methods",
    "002.eta_max.monotone": "a monotonicity statement; the correction is the range of gamma "
    "where it holds",
    "002.thm4": "the printed equation holds unchanged; the finding is the missing rank condition",
    "002.thm5": "the printed limit holds unchanged for m <= n; the finding is that condition",
    "000.B1.fn8": "a comparison of two methods' instability; the correction is a per-eigenvalue "
    "counterexample and the mechanism that carries over, with seeded counts",
    "000.s8.conclusion": "a convergence statement; the correction is a condition (the run "
    "converges) with measured counts",
    "000.s7.fig2": "an experiment's outcome; the correction is measured residuals at a stated scale",
    "000.s7.fig3": "an experiment's outcome; the correction is measured residuals at a stated scale",
    "000.s7.fig4": "an experiment's outcome; the correction is measured residuals at a stated scale",
    "001.type_i": "the printed leading-order factor holds; the finding is the finite-tau "
    "condition, with seeded counts",
    "002.thm5.remark": "a statement about what matters for the spectrum; the correction is a "
    "condition (gamma large against Q) with measured deviations",
    "002.appF1.figs56": "statements about figures; the correction is measured rates on the "
    "linearization",
    "002.s7.mog": "an experiment's outcome; the correction is measured mode coverage at CPU scale",
}


def _module_dicts(name: str) -> dict:
    from zigan_verify.claims._data_modules import DATA_MODULES

    out: dict = {}
    for module in DATA_MODULES:
        out.update(getattr(importlib.import_module(f"zigan_verify.claims.{module}"), name, {}))
    return out


@cache
def formulas() -> dict[str, Formula]:
    """:data:`FORMULAS` (000, 001), :mod:`~zigan_verify.claims._formulas_jare`'s (002) and every
    claims data module's own ``FORMULAS`` (by claim id)."""
    return {**FORMULAS, **_formulas_jare.FORMULAS, **_module_dicts("FORMULAS")}


@cache
def prose() -> dict[str, str]:
    """:data:`PROSE` plus every claims data module's own ``PROSE`` (claim id -> reason)."""
    return {**PROSE, **_module_dicts("PROSE")}
