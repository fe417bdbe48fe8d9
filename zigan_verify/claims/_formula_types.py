"""The types of the finding formulas (NOTE: [finding formulas] in
:mod:`zigan_verify.claims._formulas`) and the SymPy helpers their proofs share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

__all__ = ["Formula", "Line"]


@dataclass(frozen=True)
class Line:
    r"""One typeset relation ``lhs rel rhs``; ``lhs``/``rhs`` are SymPy objects, ``rel`` LaTeX."""

    lhs: object
    rhs: object
    rel: str = "="
    where: str = ""  # LaTeX condition typeset after the relation (e.g. "for g = vec(G^T)")


@dataclass(frozen=True)
class Formula:
    """The printed and corrected forms of one finding; see NOTE: [finding formulas].

    ``proof()`` returns ``(corrected_equals_derived, printed_equals_derived)``.
    """

    printed: tuple[Line, ...]
    corrected: tuple[Line, ...]
    relation: str
    proof: Callable[[], tuple[bool, bool]]


def _zero(expr) -> bool:
    if isinstance(expr, sp.MatrixBase):
        return all(sp.simplify(e) == 0 for e in expr)
    return sp.simplify(expr) == 0


def _close(a, b, points, digits: int = 30) -> bool:
    """``a == b`` at exact rational points to ``digits`` digits (for radicals SymPy cannot fold)."""
    return all(abs(sp.N((a - b).subs(pt), digits)) < sp.Float(10) ** (5 - digits) for pt in points)


def _M(name: str, rows=2, cols=2):
    return sp.MatrixSymbol(name, rows, cols)


def _explicit(expr, values: dict) -> sp.Matrix:
    return sp.Matrix(expr.xreplace(values).as_explicit())
