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
from zigan_verify.game.symbolic import substitute
from zigan_verify.game.symbolic.loss import LossSpec, parse_loss
from zigan_verify.interfaces.latex_equations import (
    _PREAMBLE,
    PREAMBLE_PACKAGES,
    Equation,
    Options,
    _current,
    _escape,
    _forms,
    _is_zi,
    _using,
    latex,
)
from zigan_verify.interfaces.latex_layout import TEXT_WIDTHS, parse_width
from zigan_verify.interfaces.latex_sections import (
    _spec,
    as_typed,
    conditional_section,
    errata_section,
    jare_section,
    landscape_section,
    refuted_section,
    unreproduced_section,
    zigan_gradients_section,
    zigan_hessians_section,
    zigan_loss_section,
)

__all__ = [
    "LOSSES",
    "SECTION_PROVIDERS",
    "PREAMBLE_PACKAGES",
    "Equation",
    "Options",
    "Block",
    "blocks",
    "as_typed",
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
    "sources_section",
]

LOSSES = ("js", "zi")  # named losses; any SymPy expression in t is accepted as well

SECTION_PROVIDERS: list[str] = [
    "zigan_verify.interfaces.latex_sections:zigan_loss_section",
    "zigan_verify.interfaces.latex_sections:zigan_gradients_section",
    "zigan_verify.interfaces.latex_sections:zigan_hessians_section",
    "zigan_verify.interfaces.latex_sections:jare_section",
    "zigan_verify.interfaces.latex_sections:landscape_section",
]


def _provider(spec: str):
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


@cache
def _section(provider: str, spec: LossSpec, options: Options) -> tuple:
    with _using(options):
        got = _provider(provider)(spec)
    return (got,) if isinstance(got, str) else tuple(got)


def _parts(spec: LossSpec) -> list:
    parts: list = []
    for provider in SECTION_PROVIDERS:
        parts += [*_section(provider, spec, _current()), "\n"]
    shown = {p.label for p in parts if isinstance(p, Equation)}
    findings = (errata_section, conditional_section, refuted_section, unreproduced_section)
    return parts + [part for section in findings for part in section(shown=shown)]


def _tex(parts: Iterable, *, numbered: bool = False, width: float | None = None) -> str:
    return "".join(
        p.tex(numbered=numbered, width=width) if isinstance(p, Equation) else p for p in parts
    )


def sources_section() -> str:
    """The papers the claims come from (author, year, title and venue), which the claims cite as
    author and year, e.g. ``Lee \\& Kim 2025`` with the place in the paper."""
    from zigan_verify.claims import PAPER_INFO

    items = "".join(
        f"\\item[{p.id}] {_escape(p.citation)} (text: \\texttt{{{_escape(p.file)}}})\n"
        for p in PAPER_INFO.values()
    )
    return f"\\section*{{Sources}}\n\\begin{{description}}\n{items}\\end{{description}}\n"


def _title(spec: LossSpec) -> str:
    if _is_zi(spec):
        return "Gradients and Hessians of the Zero-Infinity GAN loss"
    if spec.name == "js":
        return "Gradients and Hessians of the GAN loss for a general $l$ (JS-GAN: logistic $l$)"
    return f"Gradients and Hessians of the GAN loss for $l(t) = {latex(as_typed(spec))}$"


def _options(general: bool, printer: dict | None) -> Options:
    return Options(general, tuple(sorted((printer or {}).items())))


def render_document(
    loss: str | LossSpec = "zi",
    *,
    numbered: bool = False,
    width: float | None = TEXT_WIDTHS["landscape"],
    general: bool = False,
    printer: dict | None = None,
) -> str:
    """The whole LaTeX document for ``loss`` (``"zi"``, ``"js"`` or a SymPy expression in t).

    Args:
        loss: the loss :math:`l`; for any but ``"zi"`` its :math:`l', l''` are substituted into
            every block (``general=True``: the general-:math:`l` forms).
        numbered: ordinary equation numbers instead of the tags naming the source.
        width: the text width in pt the lines are broken for (default: this document's own,
            A4 landscape); see :mod:`zigan_verify.interfaces.latex_layout`.
        general: keep :math:`l, l', l''` symbolic.
        printer: SymPy ``LatexPrinter`` settings, e.g. ``{"order": "lex"}``.

    Raises:
        ZiganError: for an invalid ``loss``.
    """
    spec = _spec(loss)
    with _using(_options(general, printer)):
        return (
            _PREAMBLE
            + f"\\title{{{_title(spec)}}}\n\\author{{zigan-verify}}\n\\date{{}}\n"
            + "\\begin{document}\n\\maketitle\n"
            + sources_section()
            + _tex(_parts(spec), numbered=numbered, width=width)
            + "\\end{document}\n"
        )


# Shorthands a block may use, and the equation that defines them.
_SHORTHANDS = ("\\boldsymbol{\\gamma}_{i}", "\\vartheta_{i")


def _with_definitions(chosen: list[Equation], equations: list[Equation]) -> list[Equation]:
    """``chosen``, preceded by the shorthand definitions one of them uses and does not include."""
    definitions = [e for e in equations if e.label == "000.B3.shorthands"]
    uses = any(name in e.body for e in chosen for name in _SHORTHANDS)
    if not uses or not definitions or definitions[0] in chosen:
        return chosen
    return [definitions[0], *chosen]


def render_fragment(
    loss: str | LossSpec = "zi",
    only: Sequence[str] | None = None,
    *,
    numbered: bool = False,
    width: float | None = TEXT_WIDTHS["portrait"],
    general: bool = False,
    printer: dict | None = None,
) -> str:
    r"""Only the equations (no preamble, no prose), each with its ``\tag*`` (or, ``numbered``,
    an ordinary number) and ``\label{zv:...}``; lines broken for ``width`` pt (default: a
    portrait article with 1 in margins). Other arguments as :func:`render_document`.

    ``only`` selects equations by claim id, block name (``H_gg``) or section (``gradients``,
    ``hessians``, ``jare``, ``findings``, ``loss``); the shorthands a selected block uses
    (:math:`\boldsymbol\gamma_i`, :math:`\vartheta_{ij}`) come with it. The fragment needs
    :data:`PREAMBLE_PACKAGES`; a loss against eq. (4)'s sign convention adds a ``%`` warning line.

    Raises:
        ZiganError: for an invalid ``loss`` or a name in ``only`` that selects nothing.
    """
    spec = _spec(loss)
    with _using(_options(general, printer)):
        equations = [p for p in _parts(spec) if isinstance(p, Equation)]
    chosen = equations
    if only:
        known = {k for e in equations for k in e.keys}
        unknown = [name for name in only if name not in known]
        if unknown:
            raise ZiganError(
                f"--only {unknown[0]!r} selects no equation; use a claim id, a block name "
                "(g, H_gg, ...) or one of gradients, hessians, jare, findings, loss"
            )
        chosen = _with_definitions([e for e in equations if set(e.keys) & set(only)], equations)
    warning = None if _is_zi(spec) else substitute.monotonicity_warning(spec)
    head = f"% zigan-verify: warning: {warning}\n" if warning else ""
    return head + "".join(
        f"% zigan-verify: {e.label}\n{e.tex(numbered=numbered, width=width)}" for e in chosen
    )


@dataclass(frozen=True)
class Block:
    r"""One App. B.3 block for a loss (:func:`blocks`): ``rhs`` is the SymPy matrix-form tree
    (``subs``/``xreplace``/:func:`zigan_verify.game.symbolic.substitute.tidy` work on it, and
    :func:`zigan_verify.game.symbolic._forms.explicit` evaluates it at concrete sizes), ``where`` the
    shorthands it may use (name -> tree), ``lhs`` and ``latex`` the typeset equation."""

    name: str
    lhs: str
    rhs: object
    where: dict
    latex: str


def blocks(
    loss: str | LossSpec = "zi", *, general: bool = False, printer: dict | None = None
) -> dict[str, Block]:
    r"""Every gradient and Hessian block of App. B.3 for ``loss``, as SymPy objects and LaTeX.

    For ``"zi"`` the paper's forms (errata corrected); otherwise the general-:math:`l` forms
    with :math:`l'`, :math:`l''` substituted and simplified (``general=True``: kept symbolic).

    Examples:
        >>> b = blocks("-(1-t)**2")  # l'(t) = 2 (1 - t), l''(t) = -2
        >>> print(b["g"].latex)
        \frac{1}{n} \sum_{i=1}^{n} \left[2 \left(1 + D\left(\boldsymbol{\Phi}_{i}(\boldsymbol{\theta}) \boldsymbol{g}\right)\right) \boldsymbol{\gamma}_{i}\right]
        >>> "+ 2 \\boldsymbol{\\gamma}_{i} \\boldsymbol{\\gamma}_{i}^{\\top}" in b["H_gg"].latex
        True

    Raises:
        ZiganError: for an invalid ``loss``.
    """
    spec = _spec(loss)
    with _using(_options(general, printer)):
        return {
            name: Block(name, f.lhs, f.rhs, dict(f.where), latex(f.rhs))
            for name, f in _forms(spec).items()
        }


def write_document(
    path: str | Path, loss: str = "zi", *, fragment: bool = False, only=None, **options
) -> Path:
    """Render the document (or a fragment) for ``loss`` and write it to ``path``; ``options``
    are those of :func:`render_fragment` / :func:`render_document`.

    Raises:
        ZiganError: for an invalid ``loss`` or ``only``, or a path that cannot be written.
    """
    from zigan_verify.interfaces._cli_guard import atomic_output

    # A bad path fails before SymPy runs; an interrupted run leaves no half-written file.
    with atomic_output(path, "LaTeX document") as tmp:
        text = (
            render_fragment(loss, only, **options)
            if fragment or only
            else render_document(loss, **options)
        )
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

        # what is written: the blocks with the loss substituted (or the general forms)
        forms = None if args.general or _is_zi(spec) else substitute.substituted_forms(spec)
        errors = autograd_check(spec, forms=forms)
        worst = max(errors, key=errors.get)
        print(
            f"autograd cross-check of {len(errors)} blocks: max rel err {errors[worst]:.1e} "
            f"({worst})",
            file=sys.stderr,
        )
        if errors[worst] > AUTOGRAD_RTOL:
            raise ZiganError(f"block {worst} differs from autograd by {errors[worst]:.1e}")
    warning = None if _is_zi(spec) else substitute.monotonicity_warning(spec)
    if warning:
        print(f"zigan-verify: warning: {warning}", file=sys.stderr)
    fragment = bool(args.fragment or args.only)
    options = {
        "numbered": args.numbered,
        "general": args.general,
        "printer": {"order": args.order},
    }
    if args.text_width is not None:
        options["width"] = parse_width(args.text_width)
    if args.output == "-":
        text = render_fragment(spec, args.only, **options) if fragment else None
        sys.stdout.write(text if fragment else render_document(spec, **options))
    else:
        write_document(args.output, spec, fragment=fragment, only=args.only, **options)
        print(f"wrote {args.output}")
    return 0
