r"""Route 2 of the App. B.3 derivation: the printed formulas of 000 App. B.3 as matrix-form
trees (printed, corrected and generalised to any loss :math:`l`), which
:func:`zigan_verify.game.symbolic.zigan.assemble` evaluates and
:func:`zigan_verify.game.symbolic.zigan.prove` compares with Route 1 (NOTE: [block layout] in
:mod:`zigan_verify.game.symbolic.zigan`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import sympy as sp

from zigan_verify._errors import check_choice
from zigan_verify.game.symbolic._forms import (
    Abbrev,
    AsScalar,
    Bold,
    Diag,
    Disc,
    Elementwise,
    Entry,
    RowOf,
    RowPlacement,
    SampleLeaf,
    SampleSum,
    ScalarOf,
    UnitVector,
)

# "printed": as in App. B.3; "corrected": printed with registered errata fixed (ZI);
# "general": our generalisation of every block to any loss l (proven against loss "general").
FORMS = ("corrected", "general", "printed")

# --------------------------------------------------------------------------------------------
# Route 2: matrix-form trees of the printed formulas.

n, d1, d2, r, m = _DIM_SYMBOLS = sp.symbols("n d_1 d_2 r m", integer=True, positive=True)
i, j, k, l = sp.symbols("i j k l", integer=True)

g = Bold("g", d1 * d2, 1)
w = Bold("w", r, 1)
A = Bold("A", r, d1)
ARGS = r"(\boldsymbol{g}, \boldsymbol{\theta}, \boldsymbol{w}, \boldsymbol{A})"


def _x(idx=i):
    return SampleLeaf("x", r"\boldsymbol{x}_{{index}}", idx, d1, 1)


def _Phi(*derivs, idx=i):
    return SampleLeaf(
        "Phi", r"\boldsymbol{\Phi}_{{index}}(\boldsymbol{\theta})", idx, d1, d1 * d2, derivs
    )


def _T(expr):
    # Unevaluated: ``expr.T`` would rewrite (AB)^T as B^T A^T and lose the printed form.
    return sp.Transpose(expr)


def _mm(*args):
    """``MatMul`` with nested products flattened (``a^T (Phi g)`` prints as ``a^T Phi g``)."""
    flat = []
    for a in args:
        flat.extend(a.args if isinstance(a, sp.MatMul) else (a,))
    return sp.MatMul(*flat)


def _neg(expr):
    return sp.MatMul(sp.Integer(-1), expr)


def _sum(term, scale=None, *trailing):
    """``scale * Σ_i [term] * trailing``; ``scale`` defaults to 1/n."""
    scale = 1 / n if scale is None else scale
    return sp.MatMul(scale, SampleSum(term, i, n), *trailing)


@dataclass(frozen=True, eq=False)
class BlockForm:
    """A printed (or corrected / generalised) formula for one block.

    ``rhs`` is the per-index matrix-form tree; ``rows``/``cols`` are the ``(index, range)`` pairs
    over which it is assembled into the full block (NOTE: [block layout]); with ``diagonal`` the
    off-diagonal sub-blocks are zero (the printed "0 otherwise" case).
    """

    name: str
    lhs: str
    rhs: object
    rows: tuple = ()
    cols: tuple = ()
    diagonal: bool = False
    tag: str = "App. B.3"
    note: str = ""  # LaTeX remark shown under the block in the document
    remark: str = ""  # the same remark in plain text (for Evidence summaries)
    where: dict = field(default_factory=dict)  # abbreviation -> definition (for the document)

    @property
    def index_text(self) -> str:
        """``l = 1, \\dots, r`` etc. for the free indices of ``rhs``."""
        parts = [rf"{sp.latex(s)} = 1, \dots, {sp.latex(rng)}" for s, rng in self.rows + self.cols]
        return ", ".join(parts)


def _lhs(*subs: str, args: str = ARGS) -> str:
    sub = " ".join(subs)
    if len(subs) == 1:
        return rf"\nabla_{{{sub}}} f{args}"
    return rf"\nabla^2_{{{sub}}} f{args}"


_G, _TH, _W, _A = r"\boldsymbol{g}", r"\boldsymbol{\theta}", r"\boldsymbol{w}", r"\boldsymbol{A}"


def _common():
    Phi = _Phi()
    u = sp.MatMul(Phi, g)  # Φ_i(θ) g = G(z_i)
    APhi = sp.MatMul(A, Phi)
    APhig = sp.MatMul(A, Phi, g)
    return Phi, u, APhi, APhig


def _zi_printed() -> dict[str, BlockForm]:
    Phi, u, APhi, APhig = _common()
    s1, s2 = Elementwise(APhig, 1), Elementwise(APhig, 2)
    a_l, w_l = RowOf(A, l), Entry(w, l)
    dPhi_j, dPhi_k = _Phi(j), _Phi(k)
    ddPhi = _Phi(k, j)
    x = _x()

    def sig(order, vec, row=a_l):
        return ScalarOf(_mm(_T(row), vec), order)

    forms = [
        BlockForm(
            "g",
            _lhs(_G),
            _sum(sp.MatMul(_T(APhi), Diag(s1)), -1 / n, w),
            tag="5",
        ),
        BlockForm(
            "theta",
            _lhs(r"\theta_{j}"),
            _sum(sp.MatMul(_T(sp.MatMul(A, dPhi_j, g)), Diag(s1)), -1 / n, w),
            rows=((j, m),),
            tag="6",
        ),
        BlockForm(
            "w",
            _lhs(_W),
            _sum(sp.MatAdd(Elementwise(sp.MatMul(A, x)), _neg(Elementwise(APhig)))),
            tag="7",
        ),
        BlockForm(
            "A",
            _lhs(r"\boldsymbol{a}_{l}"),
            sp.MatMul(
                1 / n,
                w_l,
                SampleSum(
                    sp.MatAdd(sp.MatMul(sig(1, x), x), _neg(sp.MatMul(sig(1, u), Phi, g))), i, n
                ),
            ),
            rows=((l, r),),
            tag="8",
        ),
        BlockForm(
            "H_gg",
            _lhs(_G, _G),
            _sum(sp.MatMul(_T(APhi), Diag(s2), Diag(w), A, Phi), -1 / n),
        ),
        BlockForm("H_gw", _lhs(_G, _W), _sum(sp.MatMul(_T(APhi), Diag(s1)), -1 / n)),
        BlockForm("H_ww", _lhs(_W, _W), sp.ZeroMatrix(r, r)),
        BlockForm(
            "H_AA",
            _lhs(r"\boldsymbol{a}_{l}", r"\boldsymbol{a}_{j}"),
            sp.MatMul(
                1 / n,
                w_l,
                SampleSum(
                    sp.MatAdd(
                        sp.MatMul(sig(2, x), x, _T(x)),
                        _neg(sp.MatMul(sig(2, u), Phi, g, _T(g), _T(Phi))),
                    ),
                    i,
                    n,
                ),
            ),
            rows=((l, r),),
            cols=((j, r),),
            diagonal=True,
        ),
        BlockForm(
            "H_gA",
            _lhs(_G, r"\boldsymbol{a}_{l}"),
            sp.MatMul(
                -1 / n,
                w_l,
                SampleSum(
                    sp.MatAdd(
                        sp.MatMul(sig(2, u), _T(Phi), a_l, _T(g), _T(Phi)),
                        sp.MatMul(sig(1, u), _T(Phi)),
                    ),
                    i,
                    n,
                ),
            ),
            cols=((l, r),),
        ),
        BlockForm(
            "H_wA",
            _lhs(
                _W, r"\boldsymbol{a}_{l}", args=r"(\boldsymbol{g}, \boldsymbol{w}, \boldsymbol{A})"
            ),
            RowPlacement(
                _sum(sp.MatAdd(sp.MatMul(sig(1, x), _T(x)), _neg(sp.MatMul(sig(1, u), _T(u))))),
                l,
                r,
            ),
            cols=((l, r),),
            note=r"The paper prints the argument list as $(\boldsymbol{g}, \boldsymbol{w}, "
            r"\boldsymbol{A})$, dropping $\boldsymbol{\theta}$ (cosmetic; the block does depend "
            r"on $\boldsymbol{\theta}$ through $\boldsymbol{\Phi}_i(\boldsymbol{\theta})$).",
            remark="printed argument list (g, w, A) drops theta (cosmetic, not an erratum)",
        ),
        BlockForm(
            "H_gtheta",
            _lhs(_G, r"\theta_{j}"),
            _sum(
                sp.MatAdd(
                    sp.MatMul(_T(sp.MatMul(A, dPhi_j)), Diag(s1), w),
                    sp.MatMul(_T(APhi), Diag(s2), Diag(w), A, dPhi_j, g),
                ),
                -1 / n,
            ),
            cols=((j, m),),
        ),
        BlockForm(
            "H_thetatheta",
            _lhs(r"\theta_{j}", r"\theta_{k}"),
            _sum(
                sp.MatAdd(
                    sp.MatMul(_T(sp.MatMul(A, ddPhi, g)), Diag(s1), w),
                    sp.MatMul(
                        _T(sp.MatMul(A, dPhi_j, g)), Diag(s2), Diag(w), sp.MatMul(A, dPhi_k, g)
                    ),
                ),
                -1 / n,
            ),
            rows=((j, m),),
            cols=((k, m),),
        ),
        BlockForm(
            "H_wtheta",
            _lhs(_W, r"\theta_{j}"),
            _sum(sp.MatMul(_T(sp.MatMul(A, dPhi_j, g)), Diag(s1)), -1 / n),
            cols=((j, m),),
        ),
        BlockForm(
            "H_Atheta",
            _lhs(r"\boldsymbol{a}_{l}", r"\theta_{j}"),
            sp.MatMul(
                -1 / n,
                SampleSum(
                    sp.MatAdd(
                        sp.MatMul(sig(2, u), AsScalar(sp.MatMul(_T(a_l), dPhi_j, g)), Phi, g),
                        sp.MatMul(sig(1, u), dPhi_j, g),
                    ),
                    i,
                    n,
                ),
                w_l,
            ),
            rows=((l, r),),
            cols=((j, m),),
        ),
    ]
    return {f.name: f for f in forms}


def _zi_corrected() -> dict[str, BlockForm]:
    """The printed forms with the registered errata fixed (see claims ``000.B3.*``)."""
    Phi, u, APhi, APhig = _common()
    s1 = Elementwise(APhig, 1)
    printed = _zi_printed()
    wtheta = printed["H_wtheta"]
    corrected = BlockForm(
        "H_wtheta",
        wtheta.lhs,
        _sum(sp.MatMul(Diag(s1), A, _Phi(j), g), -1 / n),
        cols=wtheta.cols,
        note=r"Printed as the row vector $-\frac{1}{n}\sum_{i}[(\boldsymbol{A}\,\partial"
        r"\boldsymbol{\Phi}_i/\partial\theta_j\,\boldsymbol{g})^{\top}\operatorname{diag}"
        r"(\boldsymbol{\sigma}'(\cdot))]\in\mathbb{R}^{1\times r}$, i.e.\ "
        r"$\nabla^2_{\theta_j\boldsymbol{w}} f$; as column $j$ of the $r\times m$ block "
        r"$\nabla^2_{\boldsymbol{w}\boldsymbol{\theta}} f$ it is the transpose (see Errata).",
    )
    return {**printed, "H_wtheta": corrected}


def _general() -> dict[str, BlockForm]:
    r"""Our generalisation to any loss :math:`l`: weights :math:`-l'(D(\boldsymbol x_i))/n`,
    :math:`l'(-D(\boldsymbol\Phi_i\boldsymbol g))/n` and outer products of :math:`\nabla D`
    weighted by :math:`-l''(\cdot)/n`."""
    Phi, u, APhi, APhig = _common()
    s1, s2 = Elementwise(APhig, 1), Elementwise(APhig, 2)
    a_l, w_l, a_j, w_j = RowOf(A, l), Entry(w, l), RowOf(A, j), Entry(w, j)
    dPhi_j, dPhi_k = _Phi(j), _Phi(k)
    x = _x()
    uT = _mm(_T(g), _T(Phi))
    Dx, Du = Disc(x, w, A), Disc(u, w, A)
    lx1, lx2 = ScalarOf(Dx, 1, "l"), ScalarOf(Dx, 2, "l")
    lu1, lu2 = ScalarOf(_neg(Du), 1, "l"), ScalarOf(_neg(Du), 2, "l")
    gamma = Abbrev(r"\boldsymbol{\gamma}_{i}", _mm(_T(APhi), Diag(s1), w))

    def vartheta(idx, dPhi):
        name = rf"\vartheta_{{i{sp.latex(idx)}}}"
        return Abbrev(name, _mm(_T(_mm(A, dPhi, g)), Diag(s1), w))

    th_j, th_k = vartheta(j, dPhi_j), vartheta(k, dPhi_k)
    where = {
        r"\boldsymbol{\gamma}_{i}": gamma.definition,
        r"\vartheta_{ij}": th_j.definition,
    }

    def sig(order, vec, row=a_l):
        return ScalarOf(_mm(_T(row), vec), order)

    sx, su = Elementwise(_mm(A, x)), Elementwise(APhig)
    forms = [
        BlockForm("g", _lhs(_G), _sum(_mm(lu1, gamma)), tag="5"),
        BlockForm("theta", _lhs(r"\theta_{j}"), _sum(_mm(lu1, th_j)), rows=((j, m),), tag="6"),
        BlockForm(
            "w",
            _lhs(_W),
            _sum(sp.MatAdd(_mm(lx1, sx), _neg(_mm(lu1, su))), -1 / n),
            tag="7",
        ),
        BlockForm(
            "A",
            _lhs(r"\boldsymbol{a}_{l}"),
            _mm(
                -1 / n,
                w_l,
                SampleSum(
                    sp.MatAdd(_mm(lx1, sig(1, x), x), _neg(_mm(lu1, sig(1, u), u))),
                    i,
                    n,
                ),
            ),
            rows=((l, r),),
            tag="8",
        ),
        BlockForm(
            "H_gg",
            _lhs(_G, _G),
            _sum(
                sp.MatAdd(
                    _mm(lu1, _T(APhi), Diag(s2), Diag(w), A, Phi),
                    _neg(_mm(lu2, gamma, _T(gamma))),
                )
            ),
        ),
        BlockForm(
            "H_gw",
            _lhs(_G, _W),
            _sum(sp.MatAdd(_mm(lu1, _T(APhi), Diag(s1)), _neg(_mm(lu2, gamma, _T(su))))),
        ),
        BlockForm(
            "H_ww",
            _lhs(_W, _W),
            _sum(sp.MatAdd(_mm(lx2, sx, _T(sx)), _mm(lu2, su, _T(su))), -1 / n),
        ),
        BlockForm(
            "H_AA",
            _lhs(r"\boldsymbol{a}_{l}", r"\boldsymbol{a}_{j}"),
            _sum(
                sp.MatAdd(
                    _mm(
                        sp.KroneckerDelta(l, j),
                        w_l,
                        sp.MatAdd(
                            _mm(lx1, sig(2, x), x, _T(x)),
                            _neg(_mm(lu1, sig(2, u), u, uT)),
                        ),
                    ),
                    _mm(
                        w_l,
                        w_j,
                        sp.MatAdd(
                            _mm(lx2, sig(1, x), sig(1, x, a_j), x, _T(x)),
                            _mm(lu2, sig(1, u), sig(1, u, a_j), u, uT),
                        ),
                    ),
                ),
                -1 / n,
            ),
            rows=((l, r),),
            cols=((j, r),),
        ),
        BlockForm(
            "H_gA",
            _lhs(_G, r"\boldsymbol{a}_{l}"),
            _mm(
                1 / n,
                w_l,
                SampleSum(
                    sp.MatAdd(
                        _mm(
                            lu1,
                            sp.MatAdd(
                                _mm(sig(2, u), _T(Phi), a_l, uT),
                                _mm(sig(1, u), _T(Phi)),
                            ),
                        ),
                        _neg(_mm(lu2, sig(1, u), gamma, uT)),
                    ),
                    i,
                    n,
                ),
            ),
            cols=((l, r),),
        ),
        BlockForm(
            "H_wA",
            _lhs(_W, r"\boldsymbol{a}_{l}"),
            _sum(
                sp.MatAdd(
                    _mm(lx1, sig(1, x), UnitVector(l, r), _T(x)),
                    _neg(_mm(lu1, sig(1, u), UnitVector(l, r), uT)),
                    _mm(lx2, w_l, sig(1, x), sx, _T(x)),
                    _mm(lu2, w_l, sig(1, u), su, uT),
                ),
                -1 / n,
            ),
            cols=((l, r),),
        ),
        BlockForm(
            "H_gtheta",
            _lhs(_G, r"\theta_{j}"),
            _sum(
                sp.MatAdd(
                    _mm(
                        lu1,
                        sp.MatAdd(
                            _mm(_T(_mm(A, dPhi_j)), Diag(s1), w),
                            _mm(_T(APhi), Diag(s2), Diag(w), A, dPhi_j, g),
                        ),
                    ),
                    _neg(_mm(lu2, gamma, th_j)),
                )
            ),
            cols=((j, m),),
        ),
        BlockForm(
            "H_thetatheta",
            _lhs(r"\theta_{j}", r"\theta_{k}"),
            _sum(
                sp.MatAdd(
                    _mm(
                        lu1,
                        sp.MatAdd(
                            _mm(_T(_mm(A, _Phi(k, j), g)), Diag(s1), w),
                            _mm(
                                _T(_mm(A, dPhi_j, g)),
                                Diag(s2),
                                Diag(w),
                                sp.MatMul(A, dPhi_k, g),
                            ),
                        ),
                    ),
                    _neg(_mm(lu2, th_j, th_k)),
                )
            ),
            rows=((j, m),),
            cols=((k, m),),
        ),
        BlockForm(
            "H_wtheta",
            _lhs(_W, r"\theta_{j}"),
            _sum(sp.MatAdd(_mm(lu1, Diag(s1), A, dPhi_j, g), _neg(_mm(lu2, su, th_j)))),
            cols=((j, m),),
        ),
        BlockForm(
            "H_Atheta",
            _lhs(r"\boldsymbol{a}_{l}", r"\theta_{j}"),
            _mm(
                1 / n,
                w_l,
                SampleSum(
                    sp.MatAdd(
                        _mm(
                            lu1,
                            sp.MatAdd(
                                _mm(sig(2, u), AsScalar(_mm(_T(a_l), dPhi_j, g)), u),
                                _mm(sig(1, u), dPhi_j, g),
                            ),
                        ),
                        _neg(_mm(lu2, sig(1, u), u, th_j)),
                    ),
                    i,
                    n,
                ),
            ),
            rows=((l, r),),
            cols=((j, m),),
        ),
    ]
    return {f.name: BlockForm(**{**f.__dict__, "where": where}) for f in forms}


@cache
def matrix_forms(form: str = "printed") -> dict[str, BlockForm]:
    """The matrix-form formula of every block, keyed by :data:`BLOCK_NAMES`.

    Args:
        form: ``"printed"`` (App. B.3 as printed), ``"corrected"`` (printed, with the registered
            errata fixed) or ``"general"`` (our generalisation to any loss :math:`l`).
    """
    check_choice("form", form, FORMS)
    return {"printed": _zi_printed, "corrected": _zi_corrected, "general": _general}[form]()


def zi_loss_form():
    r"""Eq. (4) as a matrix form: :math:`\frac1n\boldsymbol w^\top\sum_i[\boldsymbol\sigma(
    \boldsymbol A\boldsymbol x_i) - \boldsymbol\sigma(\boldsymbol A\boldsymbol\Phi_i\boldsymbol g)]`."""
    _, _, _, APhig = _common()
    return sp.MatMul(
        1 / n,
        _T(w),
        SampleSum(sp.MatAdd(Elementwise(sp.MatMul(A, _x())), _neg(Elementwise(APhig))), i, n),
    )
