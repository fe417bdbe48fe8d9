"""Theorem 3's spectrum at App. C's size, matrix-free (zigan_verify.analysis.paper_scale)."""

import numpy as np
import pytest
import torch
from scipy.sparse.linalg import LinearOperator

from zigan_verify._errors import ZiganError
from zigan_verify.analysis import paper_scale
from zigan_verify.analysis.paper_scale import STRUCTURE_RTOL, progress_reporter
from zigan_verify.analysis.spectrum import match_spectra
from zigan_verify.checks import paper_scale as checks_paper_scale
from zigan_verify.checks.paper_scale import theorem3_spectrum
from zigan_verify.claims import Status
from zigan_verify.data.digits import digits
from zigan_verify.game.problem import ZIGANProblem


def test_digits_are_28x28_in_unit_interval():
    X = digits(32)
    assert X.shape == (32, 784)
    assert float(X.min()) >= 0
    assert float(X.max()) <= 1
    assert float(X.max()) > 0.5


SMALL = dict(n=8, d1=64, d2=50, r=300, p=10)


@pytest.mark.claim("000.B5.spectrum.paper")
def test_reduced_scale_spectrum():
    """The same pipeline on a 23k-parameter instance (fast): ARPACK top-10 = +-i sqrt(mu_k/tau)."""
    ev = theorem3_spectrum(k=10, tau=4.0, progress=False, sizes=SMALL)
    assert ev.verdict is Status.VERIFIED, ev.summary
    assert ev.data["max_rel_error"] <= 1e-6  # NOTE: [paper-scale ARPACK settings]: <= 2e-9


def test_progress_goes_to_the_reporter():
    """Inside progress_reporter the matvec count goes to the callback (the CLI's outer bar)."""
    lines = []
    with progress_reporter(lines.append):
        ev = theorem3_spectrum(k=4, tau=4.0, progress=False, sizes=SMALL)
    assert ev.verdict is Status.VERIFIED, ev.summary
    assert any("matvecs" in line for line in lines)
    assert lines[-1].startswith("residuals")


@pytest.mark.slow
@pytest.mark.claim("000.B5.spectrum.paper")
def test_paper_scale_spectrum():
    """App. C sizes (n=32, d1=784, d2=500, r=3000, p=100: 2.8M parameters)."""
    ev = theorem3_spectrum(k=10, tau=4.0, progress=False)
    assert ev.verdict is Status.VERIFIED, ev.summary
    assert ev.data["dim"] > 2_700_000
    assert ev.data["max_rel_error"] <= 1e-6


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param({"k": 3}, "even", id="odd-k"),
        pytest.param({"tau": 0.0}, "tau", id="tau"),
        pytest.param({"sizes": {"n": 5, "d2": 4}}, "n <= d2", id="n>d2"),
        pytest.param({"tol": 0.0}, "tol", id="tol"),
        pytest.param({"ncv": 5, "sizes": SMALL}, "ncv", id="ncv<2k+1"),
    ],
)
def test_invalid_arguments(kwargs, match):
    with pytest.raises(ZiganError, match=match):
        theorem3_spectrum(progress=False, **kwargs)


@pytest.mark.claim("000.B5.spectrum.paper")
def test_lanczos_and_arnoldi_agree():
    """NOTE: [Lanczos on the off-diagonal block]: both routes verify and give the same top-10
    eigenvalues of the full operator (Rayleigh quotients vs ARPACK's Ritz values)."""
    evs = {s: theorem3_spectrum(k=10, tau=4.0, progress=False, sizes=SMALL, solver=s) for s in
           ("lanczos", "arnoldi")}  # fmt: skip
    for ev in evs.values():
        assert ev.verdict is Status.VERIFIED, ev.summary
    got = np.array(evs["lanczos"].data["eigenvalues"])
    ref = np.array(evs["arnoldi"].data["eigenvalues"])
    assert match_spectra(got, ref).max() <= 1e-8 * np.abs(ref).max()
    assert evs["lanczos"].data["solver"] == "lanczos"
    assert max(evs["lanczos"].data["block_diagonal_defect"]) <= STRUCTURE_RTOL


def test_structure_probe_gates_lanczos(monkeypatch):
    """Negative control: where the probe does not prove J_xx = J_yy = 0, H_Ax = 0 (threshold below the
    measured ~1e-15 defect), auto falls back to Arnoldi and an explicit Lanczos is refused."""
    monkeypatch.setattr(checks_paper_scale, "STRUCTURE_RTOL", 0.0)
    ev = theorem3_spectrum(k=4, tau=4.0, progress=False, sizes=SMALL)
    assert ev.data["solver"] == "arnoldi"
    assert ev.verdict is Status.VERIFIED, ev.summary
    with pytest.raises(ZiganError, match="J_xx = J_yy = 0"):
        theorem3_spectrum(k=4, tau=4.0, progress=False, sizes=SMALL, solver="lanczos")


def test_block_diagonal_defect_sees_a_generic_point():
    """At a generic point (w != 0) both diagonal blocks and the A rows of -C^T are O(1)
    relative: each of the probe's three measurements can fail."""
    gen = torch.Generator().manual_seed(1)
    prob = ZIGANProblem(torch.randn(5, 4, generator=gen), torch.randn(5, 3, generator=gen),
                        width=6, r=7)  # fmt: skip
    z = prob.random_point(gen)
    op = paper_scale.timescaled_operator(prob, z, 2.0)
    probe = np.random.default_rng(0).standard_normal(prob.dim)
    assert min(paper_scale.block_diagonal_defect(op, prob, probe)) > 1e-3


def test_ritz_residuals_flag_a_wrong_vector():
    """Negative control of the residual check: a perturbed eigenvector has a large residual."""
    J = np.array([[0.0, 2.0], [-2.0, 0.0]])
    op = LinearOperator(J.shape, matvec=lambda v: J @ v, dtype=np.float64)
    x = np.array([[1.0], [1j]])
    vals, res = paper_scale.ritz_residuals(op, x)
    assert res <= 1e-15
    assert sorted(vals.imag) == pytest.approx([-2.0, 2.0])
    _, bad = paper_scale.ritz_residuals(op, x + np.array([[0.3], [0.0]]))
    assert bad > 0.1
