r"""A standalone LaTeX document of the derived gradients and Hessians, plus the errata.

Every formula is rendered with :func:`zigan_verify.symbolic._forms.latex` from the *same*
matrix-form objects that :func:`zigan_verify.symbolic.zigan.prove` proves equal to SymPy's
derivatives (NOTE: [matrix forms]). The document needs only ``amsmath``, ``amssymb`` and
``geometry`` (Debian ``texlive-latex-base`` / ``-recommended``).

Sections come from :data:`SECTION_PROVIDERS`, a list of ``"module:function"`` strings; each
function takes the loss name and returns one LaTeX section. Other papers append their providers
there. The errata and conditional-claims sections at the end are generated from the claims
registry (NOTE: [claims registry]) and cover every paper.

Public names are those in ``__all__``; the rest may change.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path

import sympy as sp

from zigan_verify._errors import ZiganError, check_choice
from zigan_verify.claims import Claim, Status, registry
from zigan_verify.symbolic import zigan
from zigan_verify.symbolic._forms import latex

__all__ = [
    "LOSSES",
    "SECTION_PROVIDERS",
    "render_document",
    "write_document",
    "zigan_loss_section",
    "zigan_gradients_section",
    "zigan_hessians_section",
    "errata_section",
    "conditional_section",
]

LOSSES = ("js", "zi")

SECTION_PROVIDERS: list[str] = [
    "zigan_verify.latex:zigan_loss_section",
    "zigan_verify.latex:zigan_gradients_section",
    "zigan_verify.latex:zigan_hessians_section",
    "zigan_verify.jare.jacobians:latex_section",
]

_PREAMBLE = r"""\documentclass[10pt]{article}
\usepackage[a4paper,landscape,margin=1.5cm]{geometry}
\usepackage{amsmath}
\usepackage{amssymb}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\parskip}{4pt}
"""

_TITLES = {
    "zi": "Gradients and Hessians of the Zero-Infinity GAN loss",
    "js": "Gradients and Hessians of the GAN loss for a general $l$ (JS-GAN: logistic $l$)",
}

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
}


def _escape(text: str) -> str:
    return "".join(_TEX_SPECIAL.get(c, c) for c in text)


def _settings_text() -> str:
    return ", ".join("(" + ", ".join(map(str, d)) + ")" for d in zigan.SETTINGS)


def _equation(lhs: str, rhs: str, tag: str) -> str:
    return (
        "\\begin{equation*}\n\\begin{aligned}\n"
        f"{lhs} &= {rhs}\n"
        "\\end{aligned}\n"
        f"\\tag*{{{tag}}}\n"
        "\\end{equation*}\n"
    )


def _forms(loss: str) -> dict[str, zigan.BlockForm]:
    return zigan.matrix_forms("corrected" if loss == "zi" else "general")


def _errata_ids() -> set[str]:
    return {c.id for c in registry().values() if c.status is Status.ERRATUM}


def _block(form: zigan.BlockForm, loss: str) -> str:
    claim_id = f"000.B3.eq{form.tag}" if form.tag != "App. B.3" else f"000.B3.{form.name}"
    erratum = loss == "zi" and claim_id in _errata_ids()
    tag = f"({form.tag})" if form.tag.isdigit() else "(App.~B.3)"
    if erratum:
        tag = tag[:-1] + ", corrected)"
    if form.diagonal:
        rhs = (
            r"\begin{cases} "
            + latex(form.rhs)
            + r", & j = l, \\ \boldsymbol{0}, & \text{otherwise} \end{cases}"
        )
    else:
        rhs = latex(form.rhs, breaks=True)
    out = _equation(form.lhs, rhs, tag)
    if form.index_text:
        out += f"for ${form.index_text}$. "
    out += f"Claim \\texttt{{{_escape(claim_id)}}}.\n"
    if erratum:
        printed = zigan.matrix_forms("printed")[form.name]
        out += "\\textbf{Erratum.} The paper prints\n" + _equation(
            printed.lhs, latex(printed.rhs, breaks=True), "(as printed)"
        )
    if form.note and loss == "zi":
        out += form.note + "\n"
    return out + "\n"


def zigan_loss_section(loss: str) -> str:
    """The loss, the conventions, and how every formula below was proven."""
    check_choice("loss", loss, LOSSES)
    out = ["\\section{The loss and the conventions}\n"]
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
    if loss == "zi":
        out.append(
            _equation(
                "f" + zigan.ARGS,
                latex(zigan.zi_loss_form()),
                "(4)",
            )
        )
        out.append("Claim \\texttt{000.s4.eq4}: eq.~(3) with $l(t)=-t$.\n\n")
    else:
        t = sp.Symbol("t")
        logistic = sp.log(1 + sp.exp(-t))
        out.append(
            _equation(
                "f" + zigan.ARGS,
                r"-\frac{1}{n} \sum_{i=1}^{n} \left[l\left(D\left(\boldsymbol{x}_{i}\right)"
                r"\right) + l\left(- D\left(\boldsymbol{\Phi}_{i}(\boldsymbol{\theta}) "
                r"\boldsymbol{g}\right)\right)\right]",
                "(1)",
            )
        )
        out.append(
            "The formulas below hold for any twice differentiable $l$ (they are proven with "
            "$l$ an undefined function); for JS-GAN $l$ is the logistic loss, with\n"
            + _equation("l(t)", latex(logistic), "")
            + _equation("l'(t)", latex(sp.simplify(logistic.diff(t))), "")
            + _equation("l''(t)", latex(sp.simplify(logistic.diff(t, 2))), "")
            + "For $l(t)=-t$ ($l'=-1$, $l''=0$) they reduce to the Zero-Infinity GAN blocks "
            "of App.~B.3.\n\n"
        )
    out.append(
        "Every formula below was proven equal, entry by entry, to SymPy's derivative of the "
        "element-wise loss with $\\sigma$"
        + (", $l$" if loss == "js" else "")
        + " and every entry of $\\varphi_{\\boldsymbol{\\theta}}(z_i)$ undefined functions, at "
        f"$(n, d_1, d_2, r, m) \\in \\{{{_settings_text()}\\}}$ "
        "(\\texttt{zigan\\_verify.symbolic.zigan.prove}).\n"
    )
    return "".join(out)


def _where(forms: dict[str, zigan.BlockForm]) -> str:
    defs = next((f.where for f in forms.values() if f.where), {})
    if not defs:
        return ""
    rows = [f"{name} &= {latex(expr)}" for name, expr in defs.items()]
    return (
        "Shorthands ($\\nabla_{\\boldsymbol{g}}D$ and $\\nabla_{\\theta_j}D$ at the fake "
        "sample $\\boldsymbol{\\Phi}_i(\\boldsymbol{\\theta})\\boldsymbol{g}$):\n"
        "\\begin{equation*}\n\\begin{aligned}\n" + r" \\ ".join(rows) + "\n\\end{aligned}\n"
        "\\end{equation*}\n"
    )


def zigan_gradients_section(loss: str) -> str:
    """Eqs. (5)-(8) (ZI) or their general-loss forms (JS)."""
    check_choice("loss", loss, LOSSES)
    forms = _forms(loss)
    out = ["\\section{Gradients (App.~B.3, eqs.~(5)--(8))}\n", _where(forms)]
    out += [_block(forms[name], loss) for name in zigan.GRADIENTS]
    return "".join(out)


def zigan_hessians_section(loss: str) -> str:
    """Every Hessian block of App. B.3 (ZI) or its general-loss form (JS)."""
    check_choice("loss", loss, LOSSES)
    forms = _forms(loss)
    out = ["\\section{Hessian blocks (App.~B.3)}\n"]
    out += [_block(forms[name], loss) for name in zigan.HESSIANS]
    return "".join(out)


def _claim_items(claims: Iterable[Claim]) -> str:
    items = []
    for c in claims:
        items.append(
            f"\\item \\textbf{{{_escape(c.id)}}} ({_escape(c.source)}). "
            f"As printed: {_escape(c.statement)}\\\\\n"
            f"\\emph{{Correction:}} {_escape(c.correction)}\n"
        )
    return "\\begin{itemize}\n" + "".join(items) + "\\end{itemize}\n"


def errata_section(claims: Iterable[Claim] | None = None) -> str:
    """Every registered erratum (all papers); empty when there is none."""
    claims = list(registry().values() if claims is None else claims)
    errata = [c for c in claims if c.status is Status.ERRATUM]
    if not errata:
        return ""
    return "\\section*{Errata}\n" + _claim_items(errata)


def conditional_section(claims: Iterable[Claim] | None = None) -> str:
    """A note listing the claims that hold only under an unstated condition."""
    claims = list(registry().values() if claims is None else claims)
    conditional = [c for c in claims if c.status is Status.CONDITIONAL]
    if not conditional:
        return ""
    return (
        "\\section*{Conditional claims}\nThese hold only under the condition given.\n"
        + _claim_items(conditional).replace("Correction:", "Condition:")
    )


def _provider(spec: str):
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def render_document(loss: str = "zi") -> str:
    """The whole LaTeX document for ``loss`` (``"zi"`` or ``"js"``).

    Raises:
        ZiganError: for an unknown ``loss``.
    """
    check_choice("loss", loss, LOSSES)
    body = [_provider(spec)(loss) for spec in SECTION_PROVIDERS]
    return (
        _PREAMBLE
        + f"\\title{{{_TITLES[loss]}}}\n\\author{{zigan-verify}}\n\\date{{}}\n"
        + "\\begin{document}\n\\maketitle\n"
        + "\n".join(body)
        + errata_section()
        + conditional_section()
        + "\\end{document}\n"
    )


def write_document(path: str | Path, loss: str = "zi") -> Path:
    """Render the document for ``loss`` and write it to ``path``; returns the path.

    Raises:
        ZiganError: for an unknown ``loss`` or a path that cannot be written.
    """
    check_choice("loss", loss, LOSSES)
    text = render_document(loss)
    path = Path(path)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ZiganError(
            f"cannot write LaTeX document to {str(path)!r}: {exc.strerror or exc}"
        ) from None
    return path
