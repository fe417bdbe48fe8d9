r"""The LaTeX of the derived gradients and Hessians, JARE's Jacobians and every finding.

Every formula is typeset from a SymPy object: the App. B.3 blocks from the *same* matrix-form
trees that :func:`zigan_verify.game.symbolic.zigan.prove` proves equal to SymPy's derivatives (NOTE:
[matrix forms]), JARE's from :func:`zigan_verify.analysis.jare.jacobians.derive_jacobians`, and the printed
and corrected forms of every formula-valued finding from ``Claim.formula`` (NOTE: [finding
formulas]); prose is escaped (``T1``, ``lmodern``; no raw ``<>|`` in text mode). Every equation
has a ``\label{zv:<claim-id>}`` (``:printed``/``:l`` suffixes where one claim has several) and a
tag naming its source: the paper's number only where the formula is the paper's.

``loss`` is ``"zi"`` (eq. (4)), ``"js"`` (logistic) or a SymPy expression in ``t``
(:func:`zigan_verify.game.symbolic.loss.parse_loss`); for any loss but ``zi`` the blocks are the
general-:math:`l` forms, with :math:`l, l', l''` derived for it.

Sections come from :data:`SECTION_PROVIDERS`, ``"module:function"`` strings; each function takes
the :class:`~zigan_verify.game.symbolic.loss.LossSpec` and returns a LaTeX string or a list of strings
and :class:`Equation` objects. :func:`render_fragment` keeps only the equations (``--fragment``,
``--only``); a fragment needs :data:`PREAMBLE_PACKAGES` (``--preamble``). The standalone document
needs ``geometry``, ``lmodern``, ``amsmath``, ``amssymb`` (Debian ``texlive-latex-base`` /
``-recommended``).

Public names are those in ``__all__``; the rest may change.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from zigan_verify._errors import ZiganError
from zigan_verify.claims import Claim, Status, get_claim, registry
from zigan_verify.claims._formulas import Line, prose
from zigan_verify.game.symbolic import zigan
from zigan_verify.game.symbolic._forms import latex
from zigan_verify.game.symbolic.loss import LossSpec, parse_loss

__all__ = [
    "LOSSES",
    "SECTION_PROVIDERS",
    "PREAMBLE_PACKAGES",
    "Equation",
    "render_document",
    "render_fragment",
    "write_document",
    "zigan_loss_section",
    "zigan_gradients_section",
    "zigan_hessians_section",
    "jare_section",
    "landscape_section",
    "errata_section",
    "conditional_section",
    "refuted_section",
    "unreproduced_section",
    "run_command",
]

LOSSES = ("js", "zi")  # named losses; any SymPy expression in t is accepted as well

SECTION_PROVIDERS: list[str] = [
    "zigan_verify.interfaces.latex:zigan_loss_section",
    "zigan_verify.interfaces.latex:zigan_gradients_section",
    "zigan_verify.interfaces.latex:zigan_hessians_section",
    "zigan_verify.interfaces.latex:jare_section",
    "zigan_verify.interfaces.latex:landscape_section",
]

# What a fragment needs in the user's preamble (``--preamble`` prints these lines).
PREAMBLE_PACKAGES = "\\usepackage{amsmath}\n\\usepackage{amssymb}\n"

_PREAMBLE = (
    "\\documentclass[10pt]{article}\n"
    "\\usepackage[T1]{fontenc}\n"
    "\\usepackage{lmodern}\n"
    "\\usepackage[a4paper,landscape,margin=1.5cm]{geometry}\n"
    + PREAMBLE_PACKAGES
    + "\\allowdisplaybreaks\n\\setlength{\\parindent}{0pt}\n\\setlength{\\parskip}{4pt}\n"
)

_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "_": r"\_",
    "^": r"\^{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "~": r"\~{}",
    # text-mode glyphs that need math (or T1) to print right: never raw in text
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}


def _escape(text: str) -> str:
    """Prose as LaTeX text: every special character escaped (NOTE: none of ``<>|`` stays raw)."""
    return "".join(_TEX_SPECIAL.get(c, c) for c in text)


@dataclass(frozen=True)
class Equation:
    r"""One displayed, labelled, tagged equation (``\label{zv:<label>}``).

    ``label`` is the claim id, with a ``:suffix`` where one claim has several equations;
    ``keys`` are the names ``--only`` selects it by (claim id, block name, section name).
    """

    label: str
    keys: tuple[str, ...]
    body: str  # the aligned rows, e.g. "lhs &= rhs"
    tag: str

    def tex(self) -> str:
        return (
            "\\begin{equation}\n\\begin{aligned}\n"
            f"{self.body}\n"
            "\\end{aligned}\n"
            f"\\tag*{{{self.tag}}}\\label{{zv:{self.label}}}\n"
            "\\end{equation}\n"
        )


def _eq(label: str, keys: Iterable[str], lhs: str, rhs: str, tag: str, rel: str = "=") -> Equation:
    return Equation(label, (label, *keys), f"{lhs} &{rel} {rhs}", tag)


def _lines(lines: Sequence[Line]) -> str:
    rows = []
    for line in lines:
        row = f"{latex(line.lhs)} &{line.rel} {latex(line.rhs)}"
        if line.where:
            row += rf" &&\text{{for }} {line.where}"
        rows.append(row)
    return " \\\\\n".join(rows)


def _settings_text() -> str:
    return ", ".join("(" + ", ".join(map(str, d)) + ")" for d in zigan.SETTINGS)


def _is_zi(spec: LossSpec) -> bool:
    return spec.name == "zi"


def _forms(spec: LossSpec) -> dict[str, zigan.BlockForm]:
    return zigan.matrix_forms("corrected" if _is_zi(spec) else "general")


def _errata_ids() -> set[str]:
    return {c.id for c in registry().values() if c.status is Status.ERRATUM}


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


def _block_tag(form: zigan.BlockForm, spec: LossSpec, erratum: bool) -> str:
    nabla = r"\nabla" if form.name in zigan.GRADIENTS else r"\nabla^2"
    what = f"${nabla}_{{{_SUBSCRIPTS[form.name]}}}$"
    if not _is_zi(spec):  # our generalisation: not the paper's numbered equation
        return f"general $l$: {what}"
    head = f"({form.tag})" if form.tag.isdigit() else "B.3"
    return f"{head}: {what}" + (", corrected" if erratum else "")


def _block(form: zigan.BlockForm, spec: LossSpec) -> list:
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
            "case $l(t)=-t$).\n"
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
            _eq("000.s4.eq4", ("loss",), "f" + zigan.ARGS, latex(zigan.zi_loss_form()), "(4)")
        )
        out.append("Claim \\texttt{000.s4.eq4}: eq.~(3) with $l(t)=-t$.\n\n")
    else:
        out.append(
            _eq(
                "000.s4.eq4:l",
                ("loss",),
                "f" + zigan.ARGS,
                r"-\frac{1}{n} \sum_{i=1}^{n} \left[l\left(D\left(\boldsymbol{x}_{i}\right)"
                r"\right) + l\left(- D\left(\boldsymbol{\Phi}_{i}(\boldsymbol{\theta}) "
                r"\boldsymbol{g}\right)\right)\right]",
                "(3)",
            )
        )
        name = "JS-GAN, the logistic loss" if spec.name == "js" else "the loss given"
        derivs = "".join(
            _eq(
                f"000.s4.eq4:l{k}", ("loss",), "l" + "'" * k + "(t)", latex(spec.derivative(k)), tag
            ).tex()
            for k, tag in ((0, "$l$"), (1, "$l'$"), (2, "$l''$"))
        )
        out.append(
            "The formulas below hold for any twice differentiable $l$ (they are proven with "
            f"$l$ an undefined function); here $l$ is {name}, with (derived by SymPy)\n"
            + derivs
            + "For $l(t)=-t$ ($l'=-1$, $l''=0$) they reduce to the Zero-Infinity GAN blocks "
            "of App.~B.3.\n\n"
        )
    out.append(
        "Every formula below was proven equal, entry by entry, to SymPy's derivative of the "
        "element-wise loss with $\\sigma$"
        + ("" if _is_zi(spec) else ", $l$")
        + " and every entry of $\\varphi_{\\boldsymbol{\\theta}}(z_i)$ undefined functions, at "
        f"$(n, d_1, d_2, r, m) \\in \\{{{_settings_text()}\\}}$ "
        "(\\texttt{zigan\\_verify.symbolic.zigan.prove}).\n"
    )
    return out


def _where(forms: dict[str, zigan.BlockForm]) -> list:
    defs = next((f.where for f in forms.values() if f.where), {})
    if not defs:
        return []
    rows = [f"{name} &= {latex(expr)}" for name, expr in defs.items()]
    return [
        "Shorthands ($\\nabla_{\\boldsymbol{g}}D$ and $\\nabla_{\\theta_j}D$ at the fake "
        "sample $\\boldsymbol{\\Phi}_i(\\boldsymbol{\\theta})\\boldsymbol{g}$):\n",
        Equation("000.B3.shorthands", ("gradients", "hessians"), r" \\ ".join(rows), "shorthands"),
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
            ja.latex(hessian_at_equilibrium(2)),
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
        roots = r",\quad ".join(ja.latex(r) for r in d.eigenvalues)
        body = (
            f"A_s &= {ja.latex(d.block)} \\\\\n"
            f"\\det(\\lambda I - A_s) &= {ja.latex(d.charpoly)} \\\\\n"
            f"\\lambda &\\in \\left\\{{{roots}\\right\\}}"
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

    rows = {key: f"{key} &= {latex(expr)}" for key, expr in forms.items()}
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
            f"\\item \\textbf{{{cid}}} ({_escape(c.source)}): as printed "
            f"\\eqref{{zv:{c.id}:printed}}, {heading.lower()} \\eqref{{zv:{c.id}}}. "
            f"{_escape(f.relation[0].upper() + f.relation[1:])}.\n"
        ]
    return [
        f"\\item \\textbf{{{cid}}} ({_escape(c.source)}). As printed:\n",
        Equation(f"{c.id}:printed", (c.id, "findings"), _lines(f.printed), f"{cid}, as printed"),
        f"\\emph{{{heading}:}}\n",
        Equation(c.id, (c.id, "findings"), _lines(f.corrected), f"{cid}, {heading.lower()}"),
        f"{_escape(f.relation[0].upper() + f.relation[1:])}. "
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
                f"\\item \\textbf{{{_escape(c.id)}}} ({_escape(c.source)}). "
                f"As printed: {_escape(c.statement)}\\\\\n"
                f"\\emph{{{heading}:}} {_escape(c.correction)}\n"
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


def _provider(spec: str):
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


@cache
def _section(provider: str, spec: LossSpec) -> tuple:
    got = _provider(provider)(spec)
    return (got,) if isinstance(got, str) else tuple(got)


def _parts(spec: LossSpec) -> list:
    parts: list = []
    for provider in SECTION_PROVIDERS:
        parts += [*_section(provider, spec), "\n"]
    shown = {p.label for p in parts if isinstance(p, Equation)}
    findings = (errata_section, conditional_section, refuted_section, unreproduced_section)
    return parts + [part for section in findings for part in section(shown=shown)]


def _tex(parts: Iterable) -> str:
    return "".join(p.tex() if isinstance(p, Equation) else p for p in parts)


def _title(spec: LossSpec) -> str:
    if _is_zi(spec):
        return "Gradients and Hessians of the Zero-Infinity GAN loss"
    if spec.name == "js":
        return "Gradients and Hessians of the GAN loss for a general $l$ (JS-GAN: logistic $l$)"
    return f"Gradients and Hessians of the GAN loss for $l(t) = {latex(spec.expr)}$"


def render_document(loss: str = "zi") -> str:
    """The whole LaTeX document for ``loss`` (``"zi"``, ``"js"`` or a SymPy expression in t).

    Raises:
        ZiganError: for an invalid ``loss``.
    """
    spec = _spec(loss)
    return (
        _PREAMBLE
        + f"\\title{{{_title(spec)}}}\n\\author{{zigan-verify}}\n\\date{{}}\n"
        + "\\begin{document}\n\\maketitle\n"
        + _tex(_parts(spec))
        + "\\end{document}\n"
    )


def render_fragment(loss: str = "zi", only: Sequence[str] | None = None) -> str:
    r"""Only the equations (no preamble, no prose), each with its ``\tag*`` and ``\label{zv:...}``.

    ``only`` selects equations by claim id, block name (``H_gg``) or section (``gradients``,
    ``hessians``, ``jare``, ``findings``, ``loss``); the fragment needs :data:`PREAMBLE_PACKAGES`.

    Raises:
        ZiganError: for an invalid ``loss`` or a name in ``only`` that selects nothing.
    """
    equations = [p for p in _parts(_spec(loss)) if isinstance(p, Equation)]
    if only:
        known = {k for e in equations for k in e.keys}
        unknown = [name for name in only if name not in known]
        if unknown:
            raise ZiganError(
                f"--only {unknown[0]!r} selects no equation; use a claim id, a block name "
                "(g, H_gg, ...) or one of gradients, hessians, jare, findings, loss"
            )
        equations = [e for e in equations if set(e.keys) & set(only)]
    return "".join(f"% zigan-verify: {e.label}\n{e.tex()}" for e in equations)


def write_document(
    path: str | Path, loss: str = "zi", *, fragment: bool = False, only=None
) -> Path:
    """Render the document (or a fragment) for ``loss`` and write it to ``path``.

    Raises:
        ZiganError: for an invalid ``loss`` or ``only``, or a path that cannot be written.
    """
    from zigan_verify.interfaces._cli_guard import atomic_output

    # A bad path fails before SymPy runs; an interrupted run leaves no half-written file.
    with atomic_output(path, "LaTeX document") as tmp:
        text = render_fragment(loss, only) if fragment or only else render_document(loss)
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def run_command(args: argparse.Namespace) -> int:
    """``zigan-verify latex``: exit 0, or 2 (via ZiganError) for bad input."""
    if args.preamble:
        sys.stdout.write(PREAMBLE_PACKAGES)
        return 0
    spec = parse_loss(args.loss)
    if args.check:
        from zigan_verify.game.symbolic.loss import AUTOGRAD_RTOL, autograd_check

        errors = autograd_check(spec)
        worst = max(errors, key=errors.get)
        print(
            f"autograd cross-check of {len(errors)} blocks: max rel err {errors[worst]:.1e} "
            f"({worst})",
            file=sys.stderr,
        )
        if errors[worst] > AUTOGRAD_RTOL:
            raise ZiganError(f"block {worst} differs from autograd by {errors[worst]:.1e}")
    if args.output == "-":
        fragment = args.fragment or args.only
        sys.stdout.write(render_fragment(spec, args.only) if fragment else render_document(spec))
    else:
        write_document(args.output, spec, fragment=args.fragment, only=args.only)
        print(f"wrote {args.output}")
    return 0
