"""The JARE derivation (zigan_verify.analysis.jare.jacobians.derive_jacobians) and its LaTeX.

Tests import the functions that ``derivations/jare_jacobians.py`` calls; one smoke test runs the
script's ``main`` into ``tmp_path``.
"""

import runpy
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy as sp

from zigan_verify.analysis.jare import jacobians
from zigan_verify.analysis.jare.simple_gan import derivative_symbols, hessian_at_equilibrium

ROOT = Path(__file__).resolve().parents[1]
_s = sp.Symbol("s", positive=True)
_sigma2 = sp.Symbol("sigma^2", positive=True)


@pytest.mark.parametrize("method", ["simgd", "only_generator", "only_discriminator", "jare"])
def test_derived_eigenvalues_are_the_printed_ones(method):
    """Theorem 1, eq. (25), (27), Theorem 3: the roots of det(lambda I - A_s) at s = sigma^2 are
    the printed lambda_{1,2} (the same formula at s = beta^2 gives lambda_{3,4})."""
    derived = [r.subs(_s, _sigma2) for r in jacobians.derive_jacobians()[method].eigenvalues]
    printed = jacobians.printed_eigenvalues(method)["12"]
    assert len(derived) == 2
    for p in printed:
        assert any(sp.simplify(sp.expand(p - d)) == 0 for d in derived), (p, derived)


def test_conopt_roots_solve_the_characteristic_polynomial():
    d = jacobians.derive_jacobians()["conopt"]
    for root in d.eigenvalues:
        assert sp.simplify(d.charpoly.subs(jacobians.lam, root)) == 0


def test_latex_prints_primes_outside_the_subscript():
    """g_2'(0) must render as g_{2}'(0), not g_{2'(0)} (sympy subscripts the whole suffix)."""
    d = derivative_symbols(2)
    assert jacobians.latex(d[2, 1]) == r"g_{2}'(0)"
    assert jacobians.latex(d[1, 2] + d[2, 2]) == r"g_{1}''(0) + g_{2}''(0)"
    tex = jacobians.latex_section()
    assert "'(0)}" not in tex
    assert jacobians.latex(hessian_at_equilibrium(2)) in tex
    assert r"g_{2}'(0)" in tex


def test_latex_section_lists_every_method():
    tex = jacobians.latex_section()
    for method in jacobians.METHODS:
        assert rf"\paragraph{{{method.replace('_', chr(92) + '_')}}}" in tex
        for root in jacobians.derive_jacobians()[method].eigenvalues:
            assert jacobians.latex(root) in tex


def test_script_main_writes_the_document(tmp_path, capsys):
    script = runpy.run_path(str(ROOT / "derivations" / "jare_jacobians.py"))
    out = tmp_path / "jare.tex"
    assert script["main"](["--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text == jacobians.latex_document()
    assert text.startswith(r"\documentclass")
    assert text.rstrip().endswith(r"\end{document}")
    assert "wrote" in capsys.readouterr().out


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
def test_document_compiles(tmp_path):
    (tmp_path / "jare.tex").write_text(jacobians.latex_document(), encoding="utf-8")
    proc = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "jare.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "Overfull" not in (tmp_path / "jare.log").read_text(errors="replace")
