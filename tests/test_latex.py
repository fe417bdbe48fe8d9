"""The LaTeX document of derived gradients and Hessians (zigan_verify.latex)."""

import shutil
import subprocess

import pytest

from zigan_verify import latex
from zigan_verify._errors import ZiganError
from zigan_verify.claims import Status, registry


@pytest.fixture(scope="module", params=["zi", "js"])
def document(request):
    return request.param, latex.render_document(request.param)


def test_document_has_every_block(document):
    loss, text = document
    assert text.startswith(r"\documentclass")
    assert text.rstrip().endswith(r"\end{document}")
    for tag in ("(5)", "(6)", "(7)", "(8)"):
        assert rf"\tag*{{{tag}" in text
    assert text.count("(App.~B.3") >= 10
    assert (r"\tag*{(4)}" in text) == (loss == "zi")
    assert (r"\tag*{(1)}" in text) == (loss == "js")
    assert (r"l'\left(" in text) == (loss == "js")


def test_zi_document_shows_the_erratum_as_printed_and_corrected():
    text = latex.render_document("zi")
    assert "(App.~B.3, corrected)" in text
    assert r"\textbf{Erratum.} The paper prints" in text


@pytest.mark.latex
def test_document_compiles(document, tmp_path):
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex not found: install texlive-latex-base and texlive-latex-recommended")
    loss, _ = document
    path = latex.write_document(tmp_path / f"zigan_{loss}.tex", loss)
    run = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", path.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    assert (tmp_path / f"zigan_{loss}.pdf").stat().st_size > 0


def test_errata_section_iff_errata_registered(monkeypatch):
    claims = registry()
    has_errata = any(c.status is Status.ERRATUM for c in claims.values())
    assert ("\\section*{Errata}" in latex.render_document("zi")) == has_errata
    for c in claims.values():
        if c.status is Status.ERRATUM:
            assert latex._escape(c.correction) in latex.errata_section()
    without = {cid: c for cid, c in claims.items() if c.status is not Status.ERRATUM}
    monkeypatch.setattr(latex, "registry", lambda: without)
    assert latex.errata_section() == ""
    assert "\\section*{Errata}" not in latex.render_document("zi")


def test_conditional_note_lists_vec_claim():
    assert "000.s4.vec" in latex.conditional_section()


def test_section_providers_are_rendered_in_order(monkeypatch):
    monkeypatch.setattr(
        latex, "SECTION_PROVIDERS", [*latex.SECTION_PROVIDERS, "tests.test_latex:_extra_section"]
    )
    text = latex.render_document("zi")
    assert text.index("Hessian blocks") < text.index("EXTRA-SECTION-zi")


def _extra_section(loss):
    return f"\\section{{EXTRA-SECTION-{loss}}}\n"


def test_unknown_loss_raises():
    with pytest.raises(ZiganError, match=r"^unknown loss 'x'; choose one of js, zi$"):
        latex.render_document("x")
    with pytest.raises(ZiganError, match="unknown loss 'x'"):
        latex.write_document("unused.tex", "x")


def test_unwritable_path_names_the_path(tmp_path):
    bad = tmp_path / "no-such-dir" / "doc.tex"
    with pytest.raises(ZiganError, match="no-such-dir"):
        latex.write_document(bad)
