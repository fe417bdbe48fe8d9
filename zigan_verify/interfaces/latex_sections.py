r"""The sections of the LaTeX document: 000's loss, gradients and Hessian blocks for a given loss,
002's Jacobians, 003's function-space losses and every finding (printed vs corrected), each a list
of strings and :class:`~zigan_verify.interfaces.latex_equations.Equation` objects
(:data:`zigan_verify.interfaces.latex.SECTION_PROVIDERS`).
"""

from __future__ import annotations

from collections.abc import Iterable

import sympy as sp

from zigan_verify._errors import ZiganError
from zigan_verify.claims import Claim, Status, get_claim, registry
from zigan_verify.claims._formulas import prose
from zigan_verify.game.symbolic import substitute, zigan, zigan_forms
from zigan_verify.game.symbolic._forms import BREAK
from zigan_verify.game.symbolic._forms import latex as _latex
from zigan_verify.game.symbolic.loss import LossSpec, parse_loss
from zigan_verify.interfaces.latex_equations import (
    Equation,
    _current,
    _eq,
    _errata_ids,
    _escape,
    _forms,
    _is_zi,
    _lines,
    _prose,
    _settings_text,
    _substituted,
    latex,
)

# The paper's subscripts for each block, for the tags ("B.3: grad^2_gg").
_SUBSCRIPTS = {
    "g": r"\boldsymbol{g}",
    "theta": r"\theta_j",
    "w": r"\boldsymbol{w}",
    "A": r"\boldsymbol{a}_l",
    "H_gg": r"\boldsymbol{g}\boldsymbol{g}",
    "H_gtheta": r"\boldsymbol{g}\theta_j",
    "H_thetatheta": r"\theta_j\theta_k",
    "H_gw": r"\boldsymbol{g}\boldsymbol{w}",
    "H_gA": r"\boldsymbol{g}\boldsymbol{a}_l",
    "H_ww": r"\boldsymbol{w}\boldsymbol{w}",
    "H_wA": r"\boldsymbol{w}\boldsymbol{a}_l",
    "H_AA": r"\boldsymbol{a}_l\boldsymbol{a}_j",
    "H_wtheta": r"\boldsymbol{w}\theta_j",
    "H_Atheta": r"\boldsymbol{a}_l\theta_j",
}


def _block_tag(form: zigan_forms.BlockForm, spec: LossSpec, erratum: bool) -> str:
    nabla = r"\nabla" if form.name in zigan.GRADIENTS else r"\nabla^2"
    what = f"${nabla}_{{{_SUBSCRIPTS[form.name]}}}$"
    if _substituted(spec):  # our generalisation, for the loss given
        return f"given $l$: {what}"
    if not _is_zi(spec):  # our generalisation: not the paper's numbered equation
        return f"general $l$: {what}"
    head = f"({form.tag})" if form.tag.isdigit() else "B.3"
    return f"{head}: {what}" + (", corrected" if erratum else "")


def _block(form: zigan_forms.BlockForm, spec: LossSpec) -> list:
    claim_id = f"000.B3.eq{form.tag}" if form.tag != "App. B.3" else f"000.B3.{form.name}"
    erratum = _is_zi(spec) and claim_id in _errata_ids()
    if form.diagonal:
        rhs = (
            r"\begin{cases} "
            + latex(form.rhs)
            + r", & j = l, \\ \boldsymbol{0}, & \text{otherwise} \end{cases}"
        )
    else:
        rhs = latex(form.rhs, breaks=True)
    label = claim_id if _is_zi(spec) else f"{claim_id}:l"
    keys = (claim_id, form.name, "hessians" if form.name.startswith("H_") else "gradients")
    out: list = [_eq(label, keys, form.lhs, rhs, _block_tag(form, spec, erratum))]
    text = f"for ${form.index_text}$. " if form.index_text else ""
    if _is_zi(spec):
        text += f"Claim \\texttt{{{_escape(claim_id)}}}.\n"
    else:
        text += (
            f"Generalises claim \\texttt{{{_escape(claim_id)}}} (the paper's formula is the "
            "case $l(t)=-t$)"
            + (", with $l'$ and $l''$ of the given loss substituted" if _substituted(spec) else "")
            + ".\n"
        )
    out.append(text)
    if erratum:
        printed = zigan.matrix_forms("printed")[form.name]
        out.append("\\textbf{Erratum.} The paper prints\n")
        out.append(
            _eq(
                f"{claim_id}:printed",
                keys,
                printed.lhs,
                latex(printed.rhs, breaks=True),
                f"B.3: {_block_tag(form, spec, False).split(': ', 1)[1]}, as printed",
            )
        )
    if form.note and _is_zi(spec):
        out.append(form.note + "\n")
    out.append("\n")
    return out


def as_typed(spec: LossSpec):
    """:math:`l(t)` in the terms and order the user typed them, as far as SymPy keeps them
    (parsed without evaluation: ``-(1-t)**2`` stays :math:`-(1 - t)^2`, not
    :math:`-(t - 1)^2`); equal to ``spec.expr``."""
    from sympy.parsing.sympy_parser import parse_expr

    from zigan_verify.game.symbolic.loss import NAMED, t

    if spec.name in NAMED:
        return spec.expr
    try:
        return parse_expr(spec.name, local_dict={"t": t}, evaluate=False)
    except Exception:  # noqa: BLE001 - it parsed with evaluation: show that form
        return spec.expr


def _spec(loss: str | LossSpec) -> LossSpec:
    return loss if isinstance(loss, LossSpec) else parse_loss(loss)


def zigan_loss_section(loss: str | LossSpec) -> list:
    """The loss, the conventions, and how every formula below was proven."""
    spec = _spec(loss)
    out: list = ["\\section{The loss and the conventions}\n"]
    out.append(
        "Data $\\boldsymbol{x}_i\\in\\mathbb{R}^{d_1}$, generator "
        "$G(z_i)=\\boldsymbol{G}\\varphi_{\\boldsymbol{\\theta}}(z_i)=\\boldsymbol{\\Phi}_i("
        "\\boldsymbol{\\theta})\\boldsymbol{g}$ with $\\boldsymbol{\\Phi}_i(\\boldsymbol{\\theta})"
        "=I_{d_1}\\otimes\\varphi_{\\boldsymbol{\\theta}}(z_i)^{\\top}$ and $\\boldsymbol{g}$ the "
        "\\emph{row}-stacking vectorisation of $\\boldsymbol{G}$ (claim \\texttt{000.s4.vec}), "
        "discriminator $D(\\boldsymbol{x})=\\boldsymbol{w}^{\\top}\\boldsymbol{\\sigma}("
        "\\boldsymbol{A}\\boldsymbol{x})$ with rows $\\boldsymbol{a}_l^{\\top}$ of "
        "$\\boldsymbol{A}$. Parameters are ordered $(\\boldsymbol{g},\\boldsymbol{\\theta},"
        "\\boldsymbol{w},\\boldsymbol{A})$, $\\boldsymbol{A}$ flattened row by row; a Hessian "
        "block $\\nabla^2_{XY}f$ has rows indexed by $X$ and columns by $Y$, and per-index "
        "blocks ($\\nabla^2_{\\boldsymbol{g}\\theta_j}f$, $\\nabla^2_{\\boldsymbol{a}_l"
        "\\boldsymbol{a}_j}f$, \\dots) are the corresponding sub-blocks.\n\n"
    )
    if _is_zi(spec):
        out.append(
            _eq("000.s4.eq4", ("loss",), "f" + zigan_forms.ARGS, latex(zigan.zi_loss_form()), "(4)")
        )
        out.append("Claim \\texttt{000.s4.eq4}: eq.~(3) with $l(t)=-t$.\n\n")
    else:
        out.append(
            _eq(
                "000.s4.eq4:l",
                ("loss",),
                "f" + zigan_forms.ARGS,
                r"-\frac{1}{n} \sum_{i=1}^{n} \Bigl[l\left(D\left(\boldsymbol{x}_{i}\right)"
                rf"\right) {BREAK}+ l\left(- D\left(\boldsymbol{{\Phi}}_{{i}}(\boldsymbol{{\theta}}) "
                r"\boldsymbol{g}\right)\right)\Bigr]",
                "(3)",
            )
        )
        name = "JS-GAN, the logistic loss" if spec.name == "js" else "the loss given"
        derivs = [
            _eq(f"000.s4.eq4:l{k}", ("loss",), "l" + "'" * k + "(t)", latex(expr), tag)
            for k, expr, tag in (
                (0, as_typed(spec), "$l$"),
                (1, substitute.simplest(spec.derivative(1)), "$l'$"),
                (2, substitute.simplest(spec.derivative(2)), "$l''$"),
            )
        ]
        out += [
            "The formulas below hold for any twice differentiable $l$ (they are proven with "
            f"$l$ an undefined function); here $l$ is {name}, with (derived by SymPy)\n",
            *derivs,
            "For $l(t)=-t$ ($l'=-1$, $l''=0$) they reduce to the Zero-Infinity GAN blocks "
            "of App.~B.3. "
            + (
                "Below, $l'$ and $l''$ are substituted and every coefficient simplified "
                "(\\texttt{--general} keeps them symbolic).\n\n"
                if _substituted(spec)
                else "\n\n"
            ),
        ]
        warning = substitute.monotonicity_warning(spec)
        if warning:
            out.append(f"\\textbf{{Warning.}} {_escape(warning[0].upper() + warning[1:])}.\n\n")
    out.append(
        "Every formula below was proven equal, entry by entry, to SymPy's derivative of the "
        "element-wise loss with $\\sigma$"
        + ("" if _is_zi(spec) else ", $l$")
        + " and every entry of $\\varphi_{\\boldsymbol{\\theta}}(z_i)$ undefined functions, at "
        f"$(n, d_1, d_2, r, m) \\in \\{{{_settings_text()}\\}}$ "
        "(\\texttt{zigan\\_verify.symbolic.zigan.prove}).\n"
    )
    return out


def _where(forms: dict[str, zigan_forms.BlockForm]) -> list:
    defs = next((f.where for f in forms.values() if f.where), {})
    if not defs:
        return []
    rows = [f"{name} &= {latex(expr)}" for name, expr in defs.items()]
    return [
        "Shorthands ($\\nabla_{\\boldsymbol{g}}D$ and $\\nabla_{\\theta_j}D$ at the fake "
        "sample $\\boldsymbol{\\Phi}_i(\\boldsymbol{\\theta})\\boldsymbol{g}$):\n",
        Equation(
            "000.B3.shorthands", ("gradients", "hessians"), " \\\\\n".join(rows), "shorthands"
        ),
    ]


def zigan_gradients_section(loss: str | LossSpec) -> list:
    """Eqs. (5)-(8) (ZI) or their general-loss forms."""
    spec = _spec(loss)
    forms = _forms(spec)
    title = "eqs.~(5)--(8)" if _is_zi(spec) else "general $l$; eqs.~(5)--(8) for $l(t)=-t$"
    out: list = [f"\\section{{Gradients (App.~B.3, {title})}}\n", *_where(forms)]
    for name in zigan.GRADIENTS:
        out += _block(forms[name], spec)
    return out


def zigan_hessians_section(loss: str | LossSpec) -> list:
    """Every Hessian block of App. B.3 (ZI) or its general-loss form."""
    spec = _spec(loss)
    forms = _forms(spec)
    title = "App.~B.3" if _is_zi(spec) else "general $l$; App.~B.3 for $l(t)=-t$"
    out: list = [f"\\section{{Hessian blocks ({title})}}\n"]
    for name in zigan.HESSIANS:
        out += _block(forms[name], spec)
    return out


# The claim each derived JARE Jacobian belongs to (002).
_JARE_CLAIMS = {
    "simgd": ("002.thm1", "Thm.~1"),
    "only_generator": ("002.s5.gamma_gen", "§5.1, eq.~(25)"),
    "only_discriminator": ("002.s5.gamma_disc", "§5.1, eq.~(27)"),
    "conopt": ("002.s5.gamma_conopt", "App.~D.1"),
    "jare": ("002.thm3", "Thm.~3"),
}


def jare_section(loss: str | LossSpec | None = None) -> list:
    r"""The rule-derived Jacobians of JARE's simple GAN (002), their characteristic polynomials and
    eigenvalues (:func:`zigan_verify.analysis.jare.jacobians.derive_jacobians`). ``loss`` is ignored: 002
    uses the vanilla loss throughout."""
    from zigan_verify.analysis.jare import jacobians as ja
    from zigan_verify.analysis.jare.simple_gan import hessian_at_equilibrium

    out: list = [
        "\\section{JARE (002): Jacobians of the simple GAN example}\n",
        "Derived by SymPy from the update rules of Nie \\& Patel (eq.~(5)--(7), (21), (26), (28)) "
        "and the Gaussian expectations of eq.~(3). For $n=2$ and any concave $g_1, g_2$ "
        "(Lemma~2) the Hessian at $w^*=(v,0)$ is\n",
        _eq(
            "002.lemma2",
            ("jare",),
            r"\nabla^2 f(w^*)",
            # each entry factored: (g_1''(0) + g_2''(0)) (sigma^2 + v_1^2), not four products
            ja.latex(hessian_at_equilibrium(2).applyfunc(sp.factor)),
            "002 Lemma~2",
        ),
        "For the vanilla GAN ($g_1'(0)=-g_2'(0)=\\tfrac12$, $g_1''(0)=g_2''(0)=-\\tfrac14$), on "
        "each eigenspace of $S=\\sigma^2I+vv^\\top$ (eigenvalue $s\\in\\{\\sigma^2,\\beta^2\\}$, "
        "$\\beta^2=\\sigma^2+\\|v\\|^2$) the Jacobian acts as the $2\\times2$ matrix $A_s$ "
        "below; its eigenvalues are the roots of $\\det(\\lambda I-A_s)$ ($s=\\sigma^2$ gives "
        "$\\lambda_{1,2}$, $s=\\beta^2$ gives $\\lambda_{3,4}$).\n",
    ]
    for d in ja.derive_jacobians().values():
        claim_id, where = _JARE_CLAIMS[d.method]
        # a line may end after a root (NOTE: [line breaking]): fixed-size braces
        roots = f",\\quad {BREAK}".join(ja.latex(r) for r in d.eigenvalues)
        body = (
            f"A_s &= {ja.latex(d.block)} \\\\\n"
            f"\\det(\\lambda I - A_s) &= {ja.latex(d.charpoly)} \\\\\n"
            f"\\lambda &\\in \\biggl\\{{{roots}\\biggr\\}}"
        )
        method = _escape(d.method)
        out.append(f"\\paragraph{{{method}}} (claim \\texttt{{{_escape(claim_id)}}})\n")
        # a finding's own label belongs to its printed/corrected forms in the findings sections
        label = claim_id if get_claim(claim_id).formula is None else f"{claim_id}:jacobian"
        out.append(Equation(label, (claim_id, "jare", d.method), body, f"002 {where}: {method}"))
    return out


# Which 003 claim names each loss of global_landscape.function_space_losses (label zv:<id>:<loss>).
_LANDSCAPE_CLAIMS = {
    "separable": ("003.thm1.remark1", "Remark~1 of Thm.~1"),
    "rpgan": ("003.thm2.remark1", "Remark~1 of Thm.~2"),
    "rpgan/wgan": ("003.thm2.remark2", "Remark~2 of Thm.~2"),
}
_M_I = r"m_{i} = \#\{j : y_{j} = x_{i}\}"


def _landscape_rows(kind: str, name: str, forms: dict) -> list[str]:
    """The rows of one loss; the conditions are carried by the derived objects themselves."""
    from zigan_verify.analysis import global_landscape as gl

    # 1/(2n) in front of a sum, not a fraction over it (long_frac_ratio; NOTE: [line breaking])
    settings = {"order": "none", **dict(_current().printer)}
    rows = {
        key: f"{key} &= "
        + _latex(
            expr, settings={**settings, "long_frac_ratio": 2} if expr.has(sp.Sum) else settings
        )
        for key, expr in forms.items()
    }
    if kind == "separable":
        rows[r"\xi(m)"] += r" &&\text{for } m \geq 1"
        rows[r"\xi(0)"] = rf"\xi(0) = \sup_t h_1(t) &= {latex(gl.psi(gl.SEPARABLE[name], 1, 0))}"
        rows[r"g_{SP}(Y)"] += rf" &&\text{{for }} {_M_I}"
        return [rows[k] for k in ("h_1(t)", "h_2(t)", r"\xi(m)", r"\xi(0)", r"g_{SP}(Y)")]
    rows[r"g_R(Y)"] += r" &&\text{for } c = \#\text{pairs on cycles of the pairing graph}"
    return list(rows.values())


def landscape_section(loss: str | LossSpec | None = None) -> list:
    r"""003's function-space losses (:func:`zigan_verify.analysis.global_landscape.function_space_losses`):
    ``h_1, h_2, xi(m), g_SP`` per separable GAN and ``h, h(0), sup h, g_R`` per RpGAN, each loss one
    equation labelled ``zv:<claim-id>:<loss>``. ``loss`` is ignored: 003 names its own losses."""
    from zigan_verify.analysis.global_landscape import function_space_losses

    out: list = [
        "\\section{Global landscape (003): function-space losses}\n",
        "Derived by SymPy from the scalar losses of Sun, Fang \\& Schwing (eq.~(5), (6), "
        "\\S4.1): $\\xi(m)=\\sup_t(h_1(t)+m\\,h_2(-t))$ from its definition, "
        "$g_{SP}(Y)=\\frac{1}{2n}\\sum_i\\xi(m_i)$ when every $y_j$ is a data point (a free "
        "$y_j$ adds $\\sup h_2$; where the closed form at $m_i=0$ is not $\\xi(0)$ the summand "
        "has a case for $m_i=0$), and $g_R(Y)$ from the pairing graph: for a concave $h$ a "
        "cycle of $k$ pairs gives $k\\,h(0)$, every other pair $\\sup h$.\n",
    ]
    for key, forms in function_space_losses().items():
        kind, name = key.split("/")
        claim_id, where = _LANDSCAPE_CLAIMS.get(key, _LANDSCAPE_CLAIMS[kind])
        body = " \\\\\n".join(_landscape_rows(kind, name, forms))
        label = f"{claim_id}:{name}"
        out.append(
            Equation(
                label, (claim_id, "landscape", name), body, f"003 {where}, derived: {_escape(name)}"
            )
        )
    return out


def _formula_item(c: Claim, heading: str, shown: set[str]) -> list:
    f = c.formula
    cid = _escape(c.id)
    if c.id in shown:  # typeset with its block above: refer to it
        return [
            f"\\item \\textbf{{{cid}}} ({_prose(c.cited)}): as printed "
            f"\\eqref{{zv:{c.id}:printed}}, {heading.lower()} \\eqref{{zv:{c.id}}}. "
            f"{_prose(f.relation[0].upper() + f.relation[1:])}.\n"
        ]
    return [
        f"\\item \\textbf{{{cid}}} ({_prose(c.cited)}). As printed:\n",
        Equation(f"{c.id}:printed", (c.id, "findings"), _lines(f.printed), f"{cid}, as printed"),
        f"\\emph{{{heading}:}}\n",
        Equation(c.id, (c.id, "findings"), _lines(f.corrected), f"{cid}, {heading.lower()}"),
        f"{_prose(f.relation[0].upper() + f.relation[1:])}. "
        "(Both forms are SymPy objects; the corrected one is proven equal to an independent "
        "derivation in \\texttt{claims.\\_formulas}.)\n",
    ]


def _claim_items(claims: Iterable[Claim], heading: str, shown: set[str]) -> list:
    out: list = ["\\begin{itemize}\n"]
    for c in claims:
        if c.formula is not None:
            out += _formula_item(c, heading, shown)
        else:
            if c.id not in prose():
                raise ZiganError(f"finding {c.id!r} is on neither the formula nor the prose list")
            out.append(
                f"\\item \\textbf{{{_escape(c.id)}}} ({_prose(c.cited)}). "
                f"As printed: {_prose(c.statement)}\\\\\n"
                f"\\emph{{{heading}:}} {_prose(c.correction)}\n"
            )
    return [*out, "\\end{itemize}\n"]


# Each finding status: its section title, one-line introduction and the heading of the fix.
_FINDING_SECTIONS = {
    Status.ERRATUM: ("Errata", "", "Correction"),
    Status.CONDITIONAL: (
        "Conditional claims",
        "These hold only under the condition given.\n",
        "Condition",
    ),
    Status.REFUTED: (
        "Refuted claims",
        "These are false as printed.\n",
        "Finding",
    ),
    Status.UNREPRODUCED: (
        "Experiments not reproduced at our scale",
        "Empirical claims our CPU-sized runs did not reproduce; the paper's scale is undecided.\n",
        "Measured",
    ),
}


def _findings_section(status: Status, claims, shown) -> list:
    claims = list(registry().values() if claims is None else claims)
    chosen = [c for c in claims if c.status is status]
    if not chosen:
        return []
    title, intro, heading = _FINDING_SECTIONS[status]
    return [f"\\section*{{{title}}}\n{intro}", *_claim_items(chosen, heading, set(shown))]


def errata_section(claims: Iterable[Claim] | None = None, shown: Iterable[str] = ()) -> list:
    """Every registered erratum (all papers); empty when there is none.

    Formulas whose label is in ``shown`` (typeset earlier in the document) are referenced."""
    return _findings_section(Status.ERRATUM, claims, shown)


def conditional_section(claims: Iterable[Claim] | None = None, shown: Iterable[str] = ()) -> list:
    """The claims that hold only under an unstated condition (formulas typeset as such)."""
    return _findings_section(Status.CONDITIONAL, claims, shown)


def refuted_section(claims: Iterable[Claim] | None = None, shown: Iterable[str] = ()) -> list:
    """The claims that are false as printed, with the evidence (formulas typeset as such)."""
    return _findings_section(Status.REFUTED, claims, shown)


def unreproduced_section(claims: Iterable[Claim] | None = None, shown: Iterable[str] = ()) -> list:
    """The experiments our reduced-scale runs did not reproduce, with what was measured."""
    return _findings_section(Status.UNREPRODUCED, claims, shown)
