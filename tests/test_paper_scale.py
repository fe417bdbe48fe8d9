"""Theorem 3's spectrum at App. C's size, matrix-free (zigan_verify.paper_scale)."""

import pytest

from zigan_verify._errors import ZiganError
from zigan_verify.claims import Status
from zigan_verify.digits import digits
from zigan_verify.paper_scale import progress_reporter, theorem3_spectrum


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
