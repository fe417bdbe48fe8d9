"""Errata and other findings typeset as mathematics in the document: every ASCII formula of the
registry's prose inside $...$ (NOTE: [prose math] in zigan_verify/latex_prose.py)."""

import re

import pytest

from zigan_verify.claims import registry
from zigan_verify.claims._formulas import prose
from zigan_verify.interfaces import latex
from zigan_verify.interfaces.latex_prose import ASCII_MATH, typeset


def _text_mode(tex: str) -> str:
    return re.sub(r"\$[^$]*\$", "", tex)


@pytest.mark.parametrize(
    ("ascii", "tex"),
    [
        ("R(Gamma)^T", "$R(\\Gamma )^{\\top}$"),
        ("grad^2_yx f", "$\\nabla ^2_{yx} f$"),
        ("tau >= eta^2 mu_max,", "$\\tau  \\ge  \\eta ^2 \\mu _{\\max }$,"),
        ("min{T1, T2}", "$\\min \\{T1, T2\\}$"),
        ("the tau-EG map", "the $\\tau$-EG map"),
        ("||w|| = 1", "$\\|w\\| = 1$"),
    ],
)
def test_formulas_become_math(ascii, tex):
    assert typeset(ascii, latex._escape) == tex


def test_plain_prose_stays_text():
    text = "Not reproduced at scale tiny from initializations 0 and 1 (1000 steps)."
    assert typeset(text, latex._escape) == text


def test_no_ascii_formula_left_in_the_findings_prose():
    """Acceptance: every formula in the findings' prose is math (the registry texts as shipped);
    the negative control is the plain escaping the document used before."""
    claims = registry()
    texts = [
        t
        for cid in prose()
        for t in (claims[cid].statement, claims[cid].correction, claims[cid].where)
    ]
    assert all(not ASCII_MATH.search(_text_mode(typeset(t, latex._escape))) for t in texts)
    assert any(ASCII_MATH.search(_text_mode(latex._escape(t))) for t in texts)


def test_findings_sections_use_it():
    items = "".join(p for p in latex.errata_section() if isinstance(p, str))
    assert "$R(\\Gamma )^{\\top}$" in items
    assert "R(Gamma)" not in items
