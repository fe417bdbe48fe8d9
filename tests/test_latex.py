"""The LaTeX of derived gradients, Hessians, JARE's Jacobians and the findings (zigan_verify.interfaces.latex)."""

import re
import shutil
import subprocess

import pytest

from zigan_verify._errors import ZiganError
from zigan_verify.claims import Status, registry
from zigan_verify.claims._formulas import formulas
from zigan_verify.game.symbolic import zigan
from zigan_verify.interfaces import latex, latex_sections
from zigan_verify.interfaces.cli import main
from zigan_verify.interfaces.latex_layout import layout_body

LABEL = re.compile(r"\\label\{zv:([^}]*)\}")
TAG = re.compile(r"\\tag\*\{(.*)\}\\label")


@pytest.fixture(scope="module", params=["zi", "js"])
def document(request):
    return request.param, latex.render_document(request.param)


@pytest.fixture(scope="module")
def zi_parts():
    return latex._parts(latex._spec("zi"))


def test_every_equation_has_one_distinct_label_and_tag(document):
    loss, text = document
    assert text.startswith(r"\documentclass")
    assert text.rstrip().endswith(r"\end{document}")
    labels = LABEL.findall(text)
    assert len(labels) == text.count(r"\begin{equation}") == len(set(labels))
    tags = TAG.findall(text)
    assert len(tags) == len(labels) == len(set(tags))
    suffix = "" if loss == "zi" else ":l"
    for name in zigan.BLOCK_NAMES:
        claim = f"000.B3.eq{zigan.matrix_forms()[name].tag}" if name in zigan.GRADIENTS else ""
        assert (claim or f"000.B3.{name}") + suffix in labels


def test_tags_name_the_source_honestly(document):
    loss, text = document
    tags = TAG.findall(text)
    paper = [t for t in tags if re.match(r"\((4|5|6|7|8)\)", t)]
    if loss == "zi":
        assert len(paper) == 5  # (4) and (5)-(8): the paper's formulas
        assert "B.3: $\\nabla^2_{\\boldsymbol{g}\\boldsymbol{g}}$" in tags
    else:
        assert paper == []  # a general-l formula is not the paper's (5)
        assert "given $l$: $\\nabla^2_{\\boldsymbol{g}\\boldsymbol{g}}$" in tags
        assert "(3)" in tags


# Golden strings: what a user pastes (any change to the typesetting shows up here).
GOLDEN_H_WW = (
    "\\begin{equation}\n\\begin{aligned}\n"
    "\\nabla^2_{\\boldsymbol{w} \\boldsymbol{w}} f(\\boldsymbol{g}, \\boldsymbol{\\theta}, "
    "\\boldsymbol{w}, \\boldsymbol{A}) &= \\boldsymbol{0}\n"
    "\\end{aligned}\n"
    "\\tag*{B.3: $\\nabla^2_{\\boldsymbol{w}\\boldsymbol{w}}$}\\label{zv:000.B3.H_ww}\n"
    "\\end{equation}\n"
)
GOLDEN_GRAD_W = (
    "\\nabla_{\\boldsymbol{w}} f(\\boldsymbol{g}, \\boldsymbol{\\theta}, \\boldsymbol{w}, "
    "\\boldsymbol{A}) &= \\frac{1}{n} \\sum_{i=1}^{n} \\Bigl[\\boldsymbol{\\sigma}\\left("
    "\\boldsymbol{A} \\boldsymbol{x}_{i}\\right) - \\boldsymbol{\\sigma}\\left(\\boldsymbol{A} "
    "\\boldsymbol{\\Phi}_{i}(\\boldsymbol{\\theta}) \\boldsymbol{g}\\right)\\Bigr]"
)
GOLDEN_DELTA = (
    "\\Delta'(\\gamma) &= \\frac{\\underline{\\lambda} - \\bar{\\lambda}}{\\left(1 - \\gamma "
    "\\underline{\\lambda}\\right)^{2}}"
)


def test_golden_blocks(zi_parts):
    eqs = {p.label: p for p in zi_parts if isinstance(p, latex.Equation)}
    assert eqs["000.B3.H_ww"].tex() == GOLDEN_H_WW
    assert layout_body(eqs["000.B3.eq7"].body, None) == GOLDEN_GRAD_W  # the marks removed
    assert eqs["002.appD.delta_prime"].body == GOLDEN_DELTA
    assert eqs["000.B3.eq7"].tag == "(7): $\\nabla_{\\boldsymbol{w}}$"


def test_every_formula_valued_finding_is_math_not_text(zi_parts):
    """Acceptance: a finding with a formula shows it as equations, never its ASCII prose."""
    text = latex._tex(zi_parts)
    findings = [c for c in registry().values() if c.formula is not None]
    assert findings
    for c in findings:
        assert f"\\label{{zv:{c.id}}}" in text
        assert f"\\label{{zv:{c.id}:printed}}" in text
        assert latex._escape(c.correction) not in text, c.id


def test_prose_has_no_raw_angle_or_bar_in_text_mode(zi_parts):
    prose = "".join(p for p in zi_parts if isinstance(p, str))
    outside_math = re.sub(r"\$[^$]*\$", "", prose)
    assert not set("<>|") & set(outside_math)
    assert latex._escape("0 < eta < 4 | r >= 2") == (
        "0 \\textless{} eta \\textless{} 4 \\textbar{} r \\textgreater{}= 2"
    )


def test_a_finding_on_neither_list_is_an_error(monkeypatch):
    claim = registry()["000.thm3"]
    monkeypatch.setattr(latex_sections, "prose", lambda: {})
    with pytest.raises(ZiganError, match="000.thm3"):
        latex.conditional_section([claim])


@pytest.mark.parametrize(
    ("status", "section", "title"),
    [
        (Status.ERRATUM, "errata_section", "Errata"),
        (Status.REFUTED, "refuted_section", "Refuted claims"),
        (Status.UNREPRODUCED, "unreproduced_section", "Experiments not reproduced at our scale"),
    ],
)
def test_findings_section_iff_such_findings_registered(monkeypatch, status, section, title):
    claims = registry()
    assert any(c.status is status for c in claims.values())
    assert f"\\section*{{{title}}}" in latex.render_document("zi")
    without = {cid: c for cid, c in claims.items() if c.status is not status}
    monkeypatch.setattr(latex_sections, "registry", lambda: without)
    assert getattr(latex, section)() == []
    assert f"\\section*{{{title}}}" not in latex.render_document("zi")


def test_fragment_and_only():
    frag = latex.render_fragment("zi", ["H_gg", "002.cor2"])
    assert "\\documentclass" not in frag
    assert "\\section" not in frag
    assert LABEL.findall(frag) == ["000.B3.H_gg", "002.cor2:printed", "002.cor2"]
    assert LABEL.findall(latex.render_fragment("zi", ["jare"]))[0] == "002.lemma2"
    whole = latex.render_fragment("zi")
    assert LABEL.findall(whole) == LABEL.findall(latex.render_document("zi"))
    with pytest.raises(ZiganError, match="^--only 'H_xx' selects no equation"):
        latex.render_fragment("zi", ["H_xx"])


def test_section_providers_may_return_a_string(monkeypatch):
    monkeypatch.setattr(
        latex, "SECTION_PROVIDERS", [*latex.SECTION_PROVIDERS, "tests.test_latex:_extra_section"]
    )
    text = latex.render_document("zi")
    assert text.index("Hessian blocks") < text.index("EXTRA-SECTION-zi")


def _extra_section(spec):
    return f"\\section{{EXTRA-SECTION-{spec.name}}}\n"


def test_cli_preamble_fragment_and_errors(tmp_path, capsys):
    assert main(["latex", "--preamble"]) == 0
    assert capsys.readouterr().out == latex.PREAMBLE_PACKAGES
    out = tmp_path / "frag.tex"
    assert main(["latex", "--only", "000.B3.H_ww", "-o", str(out)]) == 0
    assert out.read_text() == "% zigan-verify: 000.B3.H_ww\n" + GOLDEN_H_WW
    capsys.readouterr()
    for bad in ("t +", "t + y", "abs(t)"):
        assert main(["latex", "--loss", bad]) == 2
        err = capsys.readouterr().err
        assert err.startswith("zigan-verify: error: --loss")
        assert err.count("\n") == 1


def test_unwritable_path_names_the_path(tmp_path):
    with pytest.raises(ZiganError, match="no-such-dir"):
        latex.write_document(tmp_path / "no-such-dir" / "doc.tex")


def _pdflatex(path, runs=1):
    for _ in range(runs):
        run = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", path.name],
            cwd=path.parent,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert run.returncode == 0, run.stdout[-3000:]
    return run.stdout


def _pdf_text(pdf):
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


USER_DOCUMENT = r"""\documentclass{article}
%s
\begin{document}
The generator block is \eqref{zv:000.B3.H_gg}; Corollary~2 corrected is \eqref{zv:002.cor2}.
%s
\end{document}
"""


@pytest.mark.latex
def test_document_and_fragment_compile_without_inverted_glyphs(tmp_path):
    """The standalone document and a fragment \\eqref'd from a minimal user document compile;
    no page shows the OT1 glyphs that raw < > print as."""
    if shutil.which("pdflatex") is None or shutil.which("pdftotext") is None:
        pytest.skip("needs pdflatex and pdftotext (texlive-latex-*, lmodern, poppler-utils)")
    doc = latex.write_document(tmp_path / "zigan_zi.tex", "zi")
    _pdflatex(doc)
    text = _pdf_text(tmp_path / "zigan_zi.pdf")
    assert "Errata" in text
    assert not set("¡¿") & set(text)
    user = tmp_path / "user.tex"
    fragment = latex.render_fragment("zi", ["H_gg", "002.cor2"])
    user.write_text(USER_DOCUMENT % (latex.PREAMBLE_PACKAGES, fragment))
    log = _pdflatex(user, runs=2)  # the second run resolves \eqref
    assert "undefined" not in log.lower()
    refs = _pdf_text(tmp_path / "user.pdf")
    assert "B.3" in refs  # \eqref prints the tags
    assert "002.cor2, correction" in refs
    assert "??" not in refs
    assert not set("¡¿") & set(refs)


def test_formula_list_only_names_findings():
    for cid in formulas():
        assert registry()[cid].status in (Status.ERRATUM, Status.CONDITIONAL, Status.REFUTED)


GOLDEN_RS = (
    "h(t) &= - \\log{\\left(1 + e^{- t} \\right)} \\\\\n"
    "h(0) &= - \\log{\\left(2 \\right)} \\\\\n"
    "\\sup_t h(t) &= 0 \\\\\n"
    "g_R(Y) &= - \\frac{c \\log{\\left(2 \\right)}}{n} &&\\text{for } c = \\#\\text{pairs on "
    "cycles of the pairing graph}"
)


def test_landscape_section_types_every_function_space_loss(zi_parts):
    """003: one labelled equation per loss of function_space_losses; conditions follow the math."""
    from zigan_verify.analysis.global_landscape import function_space_losses

    eqs = {p.label: p for p in zi_parts if isinstance(p, latex.Equation)}
    ours = {k: e for k, e in eqs.items() if "landscape" in e.keys}
    names = [key.split("/")[1] for key in function_space_losses()]
    assert sorted(k.split(":")[1] for k in ours) == sorted(names)
    assert all(k.split(":")[0] in registry() for k in ours)
    assert ours["003.thm2.remark1:rs"].body == GOLDEN_RS
    assert ours["003.thm2.remark1:rs"].tag == "003 Remark~1 of Thm.~2, derived: rs"
    # hinge's closed xi(m) = -2 is not xi(0) = 0, JS's is 0 log 0 at m = 0: their g_SP summands
    # have a case for m_i = 0; LS's closed form is xi(0) at 0
    for name in ("hinge", "js"):
        assert "\\begin{cases}" in ours[f"003.thm1.remark1:{name}"].body.split("g_{SP}(Y)")[1]
    ls = ours["003.thm1.remark1:ls"].body
    assert "g_{SP}(Y)" in ls
    assert "\\begin{cases}" not in ls
    # W-GAN: sup h = oo, so g_R is h(0) = 0 only when every pair is on a cycle
    wgan = ours["003.thm2.remark2:wgan"].body
    assert "\\sup_t h(t) &= \\infty" in wgan
    assert "\\begin{cases}" in wgan.split("g_R(Y)")[1]
