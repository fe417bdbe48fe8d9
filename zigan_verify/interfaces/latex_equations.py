r"""The building blocks of ``zigan-verify latex``: the printer options, the :class:`Equation`
type (label, tag, numbered or tagged) and the escaping of prose (NOTE: [matrix forms] in
:mod:`zigan_verify.game.symbolic._forms`); the sections are in
:mod:`zigan_verify.interfaces.latex_sections`, the document in :mod:`zigan_verify.interfaces.latex`.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from zigan_verify.claims import Status, registry
from zigan_verify.claims._formulas import Line
from zigan_verify.game.symbolic import substitute, zigan, zigan_forms
from zigan_verify.game.symbolic._forms import latex as _latex
from zigan_verify.game.symbolic.loss import LossSpec
from zigan_verify.interfaces.latex_layout import layout_body

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


@dataclass(frozen=True)
class Options:
    """What the blocks show: ``general`` keeps :math:`l, l', l''` symbolic instead of
    substituting the given loss; ``printer`` holds SymPy ``LatexPrinter`` settings as
    ``(name, value)`` pairs (``order`` defaults to ``"none"``: the order terms were built in)."""

    general: bool = False
    printer: tuple = ()


_OPTIONS: contextvars.ContextVar[Options | None] = contextvars.ContextVar(
    "latex_options", default=None
)


def _current() -> Options:
    return _OPTIONS.get() or Options()


@contextlib.contextmanager
def _using(options: Options) -> Iterator[None]:
    token = _OPTIONS.set(options)
    try:
        yield
    finally:
        _OPTIONS.reset(token)


def latex(expr, *, breaks: bool = False) -> str:
    """``expr`` as LaTeX with the printer settings in force (:class:`Options`)."""
    return _latex(expr, breaks=breaks, settings=dict(_current().printer))


def _prose(text: str) -> str:
    """Registry prose with its ASCII formulas typeset as math (NOTE: [prose math])."""
    from zigan_verify.interfaces.latex_prose import typeset

    return typeset(text, _escape)


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
    body: str  # the aligned rows, e.g. "lhs &= rhs" (with BREAK marks where a line may end)
    tag: str

    def tex(self, *, numbered: bool = False, width: float | None = None) -> str:
        r"""The ``equation``; ``numbered``: an ordinary equation number (``\eqref`` prints it)
        instead of the ``\tag*`` naming the source (kept as a comment); ``width``: the text
        width in pt its lines must fit (NOTE: [line breaking] in :mod:`zigan_verify.interfaces.latex_layout`;
        ``None``: one line per row)."""
        mark = (
            f"% {self.tag}\n\\label{{zv:{self.label}}}"
            if numbered
            else f"\\tag*{{{self.tag}}}\\label{{zv:{self.label}}}"
        )
        return (
            "\\begin{equation}\n\\begin{aligned}\n"
            f"{layout_body(self.body, width, None if numbered else self.tag)}\n"
            "\\end{aligned}\n"
            f"{mark}\n"
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


def _substituted(spec: LossSpec) -> bool:
    return not _is_zi(spec) and not _current().general


def _forms(spec: LossSpec) -> dict[str, zigan_forms.BlockForm]:
    if _is_zi(spec):
        return zigan.matrix_forms("corrected")
    if _current().general:
        return zigan.matrix_forms("general")
    return substitute.substituted_forms(spec)


def _errata_ids() -> set[str]:
    return {c.id for c in registry().values() if c.status is Status.ERRATUM}
