"""`zigan-verify latex --loss EXPR`: the blocks with the user's l', l'' substituted, numbered
equations, line breaking for a text width, the Python API and the sign-convention warning
(zigan_verify.interfaces.latex, zigan_verify.game.symbolic.substitute, zigan_verify.interfaces.latex_layout)."""

import re
import shutil
import stat
import subprocess

import pytest
import sympy as sp

from zigan_verify._errors import ZiganError
from zigan_verify.game.symbolic import loss as L
from zigan_verify.game.symbolic import substitute, zigan
from zigan_verify.interfaces import latex
from zigan_verify.interfaces.cli import _values_with_dashes, main
from zigan_verify.interfaces.latex_layout import TEXT_WIDTHS, estimate_width, parse_width

SMALL = zigan.Dims(1, 2, 2, 2, 2)  # every index but the sample sum at >= 2: a cheap check
LSQ = "-(1-t)**2"  # the issue's loss: l' = 2(1 - t), l'' = -2


def _values(spec, forms, seed=3):
    return L._form_values(spec, SMALL, L._point(SMALL, seed), forms)


def _max_difference(a, b):
    return max(float((a[k] - b[k]).applyfunc(abs).norm(sp.oo)) for k in a)


@pytest.mark.parametrize(
    "text",
    [
        LSQ,
        pytest.param("js", marks=pytest.mark.slow),  # 18 s
        pytest.param("log(1 + exp(-t)) + t**2/7", marks=pytest.mark.slow),  # 50 s
    ],
)
def test_substituted_blocks_equal_the_general_forms(text):
    """The substituted, simplified trees evaluate to the general-l forms with the loss's own
    derivatives (those are proven for an undefined l and cross-checked with autograd)."""
    spec = L.parse_loss(text)
    got = _values(spec, substitute.substituted_forms(spec))
    want = _values(spec, None)
    # float64 evaluation of the same expressions, rearranged: rounding only (entries are O(1))
    assert _max_difference(got, want) < 1e-12


def test_substituted_blocks_match_autograd_and_a_wrong_loss_does_not():
    spec = L.parse_loss(LSQ)
    errors = L.autograd_check(spec, SMALL, forms=substitute.substituted_forms(spec))
    assert max(errors.values()) < L.AUTOGRAD_RTOL
    # negative control: the blocks of (1-t)^2 (l'' = +2) against the game of -(1-t)^2
    wrong = substitute.substituted_forms(L.parse_loss("(1-t)**2"))
    errors = L.autograd_check(spec, SMALL, forms=wrong)
    assert max(errors.values()) > 1e-2


def test_linear_loss_reduces_to_the_papers_corrected_blocks():
    """l(t) = -t substituted into the general forms gives App. B.3's (corrected) forms."""
    spec = L.parse_loss("-t")
    got = _values(spec, substitute.substituted_forms(spec))
    corrected = _values(spec, zigan.matrix_forms("corrected"))
    assert _max_difference(got, corrected) < 1e-12
    increasing = L.parse_loss("t")  # negative control: l' = +1 flips every block's sign
    assert (
        _max_difference(_values(increasing, substitute.substituted_forms(increasing)), corrected)
        > 1e-3
    )


def test_blocks_show_the_substituted_derivatives():
    blocks = latex.blocks(LSQ)
    h_gg = blocks["H_gg"].latex
    assert "+ 2 \\boldsymbol{\\gamma}_{i} \\boldsymbol{\\gamma}_{i}^{\\top}" in h_gg  # -l'' = 2
    assert "l''" not in h_gg
    assert "l'" not in h_gg
    assert "l''" in latex.blocks(LSQ, general=True)["H_gg"].latex
    # the Python API returns SymPy trees one can substitute into
    assert isinstance(blocks["H_gg"].rhs, sp.MatrixExpr)
    assert set(blocks) == set(zigan.BLOCK_NAMES)
    # the issue: js and -(t-1)**2 gave byte-identical blocks
    assert latex.blocks("-(t-1)**2")["H_gg"].latex != latex.blocks("js")["H_gg"].latex


def test_loss_in_the_users_term_order():
    frag = latex.render_fragment(LSQ, ["loss"])
    assert "l(t) &= - \\left(1 - t\\right)^{2}" in frag
    assert "l''(t) &= -2" in frag
    assert "(-1 + t)" not in frag
    assert "(t - 1)" not in frag
    lex = latex.render_fragment(LSQ, ["loss"], printer={"order": "lex"})
    assert "l(t) &= " in lex


def test_fragment_brings_the_shorthands_it_uses():
    labels = re.findall(r"\\label\{zv:([^}]*)\}", latex.render_fragment("js", ["H_gg"]))
    assert labels == ["000.B3.shorthands", "000.B3.H_gg:l"]
    alone = re.findall(r"\\label\{zv:([^}]*)\}", latex.render_fragment("js", ["H_ww"]))
    assert alone == ["000.B3.H_ww:l"]


def test_numbered_fragment_has_labels_and_no_tags():
    frag = latex.render_fragment("zi", ["H_gg", "002.cor2"], numbered=True)
    assert "\\tag" not in frag
    assert frag.count("\\label{zv:") == frag.count("\\begin{equation}") == 3


@pytest.mark.parametrize(
    ("text", "warns"),
    [(LSQ, "increases"), ("t**2", "is flat"), ("(1-t)**2", None), ("js", None), ("-t", None)],
)
def test_sign_convention_warning(text, warns):
    warning = substitute.monotonicity_warning(L.parse_loss(text))
    if warns is None:
        assert warning is None
    else:
        assert warns in warning


def test_cli_accepts_a_loss_starting_with_a_dash(capsys):
    for argv in (["--loss", LSQ], [f"--loss={LSQ}"]):
        assert main(["latex", *argv, "--only", "H_ww", "--numbered"]) == 0
        out, err = capsys.readouterr()
        assert "\\label{zv:000.B3.H_ww:l}" in out
        assert err.startswith("zigan-verify: warning: the loss '-(1-t)**2' increases")
    assert main(["latex", "--loss"]) == 2  # still a usage error without a value
    assert "expected one argument" in capsys.readouterr().err


def test_dash_values_are_joined_only_for_loss():
    assert _values_with_dashes(["latex", "--loss", "-t", "-o", "x"]) == [
        "latex",
        "--loss=-t",
        "-o",
        "x",
    ]
    assert _values_with_dashes(["latex", "--", "--loss", "-t"]) == ["latex", "--", "--loss", "-t"]
    assert _values_with_dashes(["latex", "--loss", "-o", "x"]) == ["latex", "--loss", "-o", "x"]
    assert _values_with_dashes(["latex", "--loss", "--numbered"]) == [
        "latex",
        "--loss",
        "--numbered",
    ]


def test_text_widths():
    assert parse_width("portrait") == TEXT_WIDTHS["portrait"]
    assert parse_width("6.5in") == pytest.approx(469.755)
    assert parse_width("17cm") == pytest.approx(483.7, abs=0.1)
    for bad in ("wide", "2in", "10"):
        with pytest.raises(ZiganError, match="--text-width"):
            parse_width(bad)
    # the estimate grows with the material and counts a fraction by its wider part
    assert estimate_width("a + b") < estimate_width("a + b + c")
    assert estimate_width("\\frac{a}{bbbb}") == pytest.approx(estimate_width("bbbb") + 2)


def test_latex_output_onto_a_full_device(capsys):
    if not shutil.os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    assert main(["latex", "--only", "H_ww", "-o", "/dev/full"]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert stat.S_ISCHR(shutil.os.stat("/dev/full").st_mode)


ARTICLE = r"""\documentclass[%s]{article}
\usepackage[margin=1in]{geometry}
%s
\begin{document}
The Hessian block is \eqref{zv:000.B3.H_gg:l}.
\input{fragment}
\end{document}
"""


def _compile(folder, options, fragment):
    (folder / "fragment.tex").write_text(fragment)
    (folder / "user.tex").write_text(ARTICLE % (options, latex.PREAMBLE_PACKAGES))
    for _ in range(2):  # the second run resolves \eqref
        run = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "user.tex"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert run.returncode == 0, run.stdout[-3000:]
    log = (folder / "user.log").read_text(errors="replace")
    pdf = subprocess.run(
        ["pdftotext", str(folder / "user.pdf"), "-"], capture_output=True, text=True, check=True
    )
    return log, pdf.stdout


def _needs_pdflatex():
    if shutil.which("pdflatex") is None or shutil.which("pdftotext") is None:
        pytest.skip("needs pdflatex and pdftotext (texlive-latex-*, poppler-utils)")


@pytest.mark.latex
def test_numbered_fragment_fits_a_portrait_article(tmp_path, capsys):
    """Acceptance: an article (portrait, 1in margins) that \\input's the output of
    ``--fragment --numbered --loss "-(1-t)**2"`` compiles without an overfull box, its \\eqref
    prints a number and the blocks have l'' = -2 substituted."""
    _needs_pdflatex()
    out = tmp_path / "fragment.tex"
    assert main(["latex", "--fragment", "--numbered", "--loss", LSQ, "-o", str(out)]) == 0
    capsys.readouterr()
    fragment = out.read_text()
    assert "l''(t) &= -2" in fragment
    assert "+ 2 \\boldsymbol{\\gamma}_{i} \\boldsymbol{\\gamma}_{i}^{\\top}" in fragment
    log, text = _compile(tmp_path, "", fragment)
    assert "Overfull" not in log
    assert re.search(r"The Hessian block is \(\d+\)\.", text), text[:300]
    assert "??" not in text


@pytest.mark.latex
@pytest.mark.slow
def test_blocks_fit_a_two_column_article(tmp_path):
    _needs_pdflatex()
    fragment = latex.render_fragment(
        LSQ, ["loss", "gradients", "hessians"], numbered=True, width=TEXT_WIDTHS["twocolumn"]
    )
    log, text = _compile(tmp_path, "twocolumn", fragment)
    assert "Overfull" not in log
    assert re.search(r"The Hessian block is \(\d+\)\.", text)
