r"""Line breaking of displayed equations for a given text width.

NOTE: [line breaking]
:func:`zigan_verify.game.symbolic._forms.latex` with ``breaks=True`` marks every place where a sum of
matrices may be broken (the :data:`~zigan_verify.game.symbolic._forms.BREAK` character before each
"+"/"-", at any depth) and uses fixed-size brackets (``\Bigl[``), so a line may end inside them.
:func:`break_lines` turns one ``lhs &= rhs`` row of an ``aligned`` environment into lines that
fit ``width`` points:

1. the whole row, if it fits;
2. else the right-hand side continued under the ``=`` (``&\quad + ...``), if every piece fits;
3. else, for a row with a side condition (``&&\text{for } ...``), that condition on a line of
   its own;
4. else the left-hand side on a line of its own and the right-hand side below it, indented by
   ``\quad`` (the form of ``multline``), filled greedily.

Widths are *estimated* from the LaTeX source (:func:`estimate_width`: glyph widths of Computer
Modern at 10 pt, scripts at 70 %, ``\frac`` as its wider part, matrices as their widest row),
deliberately on the wide side; the test in ``tests/test_latex_width.py`` compiles the fragments
with pdflatex at the widths of :data:`TEXT_WIDTHS` and fails on any overfull box.
"""

from __future__ import annotations

import re

from zigan_verify._errors import ZiganError
from zigan_verify.game.symbolic._forms import BREAK, PRODUCT_BREAK

__all__ = ["TEXT_WIDTHS", "break_lines", "estimate_width", "layout_body", "parse_width"]

# Text widths in pt (1 in = 72.27 pt); an equation number "(99)" takes ~25 pt of it.
TEXT_WIDTHS = {
    "portrait": 469.75,  # article, letter paper, 1 in margins (6.5 in)
    "a4": 455.24,  # article, A4, 1 in margins
    "twocolumn": 236.0,  # a column of a two-column article (IEEEtran/ACM ~ 3.3-3.5 in)
    "landscape": 757.0,  # the standalone document: A4 landscape, 1.5 cm margins
}
_UNITS = {"pt": 1.0, "in": 72.27, "cm": 28.4528, "mm": 2.84528, "bp": 72.27 / 72}
_NUMBER_ROOM = 30.0  # pt kept free for the equation number (or tag) and its separation

_LETTER = 5.6
_ZERO = {
    "left", "right", "Bigl", "Bigr", "biggl", "biggr", "bigl", "bigr", "boldsymbol",
    "operatorname", "mathrm", "mathbf", "mathit", "displaystyle", "limits", "nolimits",
    "notag", "mathcal",
}  # fmt: skip
_SPACES = {"quad": 10.0, "qquad": 20.0, ",": 1.7, ";": 2.8, ":": 2.2, "!": -1.7, " ": 3.3}
_WIDE = {"sum": 14.5, "prod": 13.0, "int": 9.0, "dots": 13.0, "ldots": 13.0, "cdots": 13.0}
_RELATIONS = {"leq", "geq", "in", "neq", "le", "ge", "to", "mapsto", "coloneqq", "approx"}
_BINARY = {"otimes", "cdot", "times", "pm", "mp", "cup", "cap", "setminus", "circ", "oplus"}
_CHARS = {"+": 12.0, "-": 12.0, "=": 13.4, "<": 13.4, ">": 13.4, ",": 4.5, ";": 4.5}
_NARROW = {"(": 3.9, ")": 3.9, "[": 2.8, "]": 2.8, "|": 2.8, "'": 2.8, ".": 2.8, "/": 5.0}


def parse_width(text: str) -> float:
    """``"portrait"``, ``"twocolumn"`` ... (:data:`TEXT_WIDTHS`) or a length such as
    ``"6.5in"``, ``"17cm"``, ``"469pt"``, in TeX points.

    Raises:
        ZiganError: for anything else, or a width below 150 pt.
    """
    if text in TEXT_WIDTHS:
        return TEXT_WIDTHS[text]
    found = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(pt|in|cm|mm|bp)\s*", text)
    if not found:
        names = ", ".join(TEXT_WIDTHS)
        raise ZiganError(f"--text-width {text!r}: use {names} or a length such as 6.5in, 17cm")
    width = float(found[1]) * _UNITS[found[2]]
    if width < 150:
        raise ZiganError(f"--text-width {text!r} is below 150pt: no block fits")
    return width


def _group(tex: str, start: int) -> tuple[str, int]:
    """The brace group (or single token) at ``start``; returns its content and the end index."""
    while start < len(tex) and tex[start] == " ":
        start += 1
    if start >= len(tex):
        return "", start
    if tex[start] == "{":
        depth = 0
        for end in range(start, len(tex)):
            depth += {"{": 1, "}": -1}.get(tex[end], 0)
            if depth == 0:
                return tex[start + 1 : end], end + 1
        return tex[start + 1 :], len(tex)
    if tex[start] == "\\":
        name = re.match(r"\\([A-Za-z]+|.)", tex[start:])[0]
        return name, start + len(name)
    return tex[start], start + 1


def _environment(tex: str, start: int, name: str) -> tuple[float, int]:
    """Width of ``\\begin{name}...\\end{name}`` starting after its ``\\begin{name}``."""
    depth, i = 1, start
    pattern = re.compile(r"\\(begin|end)\{([^}]*)\}")
    for found in pattern.finditer(tex, start):
        depth += 1 if found[1] == "begin" else -1
        if depth == 0:
            body, i = tex[start : found.start()], found.end()
            break
    else:
        body, i = tex[start:], len(tex)
    rows = [r for r in re.split(r"\\\\", body)]
    widest = max(
        sum(estimate_width(cell) for cell in row.split("&")) + 12.0 * row.count("&") for row in rows
    )
    return widest + 12.0, i


def estimate_width(tex: str, scale: float = 1.0) -> float:
    """Estimated width in pt of one line of display math ``tex`` at 10 pt (see NOTE: [line
    breaking]); generous rather than tight."""
    width, i = 0.0, 0
    while i < len(tex):
        c = tex[i]
        if c in (" ", "&", "{", "}", BREAK, PRODUCT_BREAK):
            i += 1
        elif c in "^_":
            group, i = _group(tex, i + 1)
            width += estimate_width(group, scale * 0.7)
        elif c == "\\":
            name, i = _group(tex, i)
            name = name[1:]
            if name in _ZERO:
                continue
            if name == "frac":
                top, i = _group(tex, i)
                bottom, i = _group(tex, i)
                width += max(estimate_width(top, scale), estimate_width(bottom, scale)) + 2 * scale
            elif name in ("text", "textrm", "mbox"):
                text, i = _group(tex, i)
                width += 5.0 * scale * len(text)
            elif name == "begin":
                env, i = _group(tex, i)
                inner, i = _environment(tex, i, env)
                width += inner * scale
            elif name in _SPACES:
                width += _SPACES[name] * scale
            elif name in _WIDE:
                width += _WIDE[name] * scale
            elif name in _RELATIONS:
                width += 13.4 * scale
            elif name in _BINARY:
                width += 12.0 * scale
            elif name == "\\":
                continue
            else:
                width += 7.0 * scale
        else:
            width += (_CHARS.get(c) if scale == 1.0 and c in _CHARS else None) or (
                _NARROW.get(c, _LETTER) * scale
            )
            i += 1
    return width


_DELIMITER = re.compile(rf"\\(left|right)(?![A-Za-z])|[{BREAK}{PRODUCT_BREAK}]")


def _usable(tex: str) -> str:
    """``tex`` without the marks that sit inside a ``\\left ... \\right`` pair (a line cannot
    end there)."""
    out, depth, last = [], 0, 0
    for found in _DELIMITER.finditer(tex):
        if found[1]:
            depth += 1 if found[1] == "left" else -1
            continue
        out.append(tex[last : found.start()] + (found[0] if depth == 0 else ""))
        last = found.end()
    return "".join(out) + tex[last:]


def _clean(tex: str) -> str:
    return tex.replace(BREAK, "").replace(PRODUCT_BREAK, "")


def _pieces(rhs: str, room: float) -> list[str]:
    """The pieces between sum marks; a piece wider than ``room`` split at its product marks."""
    out = []
    for piece in rhs.split(BREAK):
        if estimate_width(piece) > room and PRODUCT_BREAK in piece:
            out += piece.split(PRODUCT_BREAK)
        else:
            out.append(piece.replace(PRODUCT_BREAK, ""))
    return out


def _fill(pieces: list[str], room: float, first_room: float) -> list[str] | None:
    """Greedy lines of ``pieces``; ``None`` when one piece alone is wider than its line."""
    lines, current = [], ""
    for piece in pieces:
        limit = first_room if not lines else room
        if current and estimate_width(current + piece) > limit:
            lines.append(current)
            current = piece.lstrip()
            limit = room
        else:
            current += piece
        if estimate_width(current) > limit:
            return None
    return [*lines, current]


def _fill_anyway(pieces: list[str], room: float) -> list[str]:
    """Greedy lines of ``pieces`` where a piece wider than ``room`` gets a line of its own."""
    lines: list[str] = []
    for piece in pieces:
        if lines and estimate_width(lines[-1] + piece) <= room:
            lines[-1] += piece
        else:
            lines.append(piece.lstrip())
    return lines


def _columns(row: str) -> tuple[str, str, str]:
    lhs, _, rest = row.partition("&")
    rhs, _, note = rest.partition("&&")
    return lhs, rhs, note


def break_lines(row: str, width: float, lhs_width: float | None = None) -> str:
    """One ``lhs &rel rhs`` row broken to fit ``width`` pt, what the equation's number or tag
    leaves (NOTE: [line breaking]); ``lhs_width``: the widest left-hand side of its
    ``aligned`` (default: its own)."""
    room = width
    row = _usable(row)
    flat = _clean(row)
    if "&" not in row or estimate_width(flat) <= room:
        return flat
    if "&&" in row:  # a side condition ("&&\\text{for } ..."): on a line of its own
        main, note = row.split("&&", 1)
        return f"{break_lines(main, width, lhs_width)} \\\\\n&\\qquad {note}"
    if BREAK not in row and PRODUCT_BREAK not in row:
        return row
    lhs, rhs = row.split("&", 1)
    left = max(lhs_width or 0.0, estimate_width(lhs))
    under = _fill(_pieces(rhs, room - left - 10.0), room - left - 10.0, room - left)
    if under is not None:
        return f"{lhs}&" + " \\\\\n&\\quad ".join(under)
    pieces = _pieces(rhs, room - 20.0)
    alone = _fill(pieces, room - 20.0, room - 10.0) or _fill_anyway(pieces, room - 20.0)
    return f"&{lhs.rstrip()} \\\\\n&\\quad " + " \\\\\n&\\qquad ".join(alone)


def layout_body(body: str, width: float | None, tag: str | None = None) -> str:
    """Every row of an ``aligned`` body broken for ``width`` pt (``None``: marks removed), less
    the room of its number, or of its ``\\tag*{tag}``.

    The columns of ``aligned`` are shared: a side condition widens every row, so when the
    widest left side, right side and condition together do not fit, every condition goes on a
    line of its own."""
    if width is None:
        return _clean(body)
    room = _NUMBER_ROOM if tag is None else estimate_width(tag.replace("$", "")) + 20.0
    width -= room
    rows = body.split(" \\\\\n")
    columns = [tuple(estimate_width(_clean(c)) for c in _columns(r)) for r in rows]
    lhs_width = max(c[0] for c in columns)
    notes = max(c[2] for c in columns)
    if notes and lhs_width + max(c[1] for c in columns) + notes + 20.0 > width:
        rows = [r if "&&" not in r else r.replace("&&", " \\\\\n&\\qquad ", 1) for r in rows]
        rows = " \\\\\n".join(rows).split(" \\\\\n")
    return " \\\\\n".join(break_lines(row, width, lhs_width) for row in rows)
