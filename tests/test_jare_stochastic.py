"""Stochastic (batch-128) runs of 002 §7's isotropic experiment against its qualitative claims.

Paper settings (mu = 4, sigma^2 = 0.04, gamma = 10, eta = 1e-3, delta = 0.05, batch 128), one
seeded run per method, truncated from 15K to a few thousand steps to stay within ~5 s. Each claim
is measured against the linearization's ``|1 + eta lambda|`` (rule-derived Jacobian) with a stated
tolerance. The tolerances were set from seeds 0-7 (all pass; the observed ranges are quoted), and
the test runs seed 0.
"""

import numpy as np
import pytest

from zigan_verify.jare.factors import jacobian_numeric
from zigan_verify.jare_experiment import PAPER, run

ETA = PAPER["eta"]
V = [0.0, PAPER["mu"]]


def _eig(method):
    gamma = 0.0 if method == "simgd" else PAPER["gamma"]
    return np.linalg.eig(jacobian_numeric(method, PAPER["sigma2"], V, gamma))


def _late_rate(x, start):
    """Per-step decay rate ``-d log x / dk``, least squares over ``x[start:]``."""
    k = np.arange(start, len(x))
    return float(-np.polyfit(k, np.log(x[start:]), 1)[0])


@pytest.fixture(scope="module")
def runs():
    return {
        "simgd": run("simgd", steps=3000, batch=PAPER["batch"], seed=0),
        "conopt": run("conopt", steps=2000, batch=PAPER["batch"], seed=0),
        "jare": run("jare", steps=2000, batch=PAPER["batch"], seed=0),
    }


@pytest.mark.claim("002.s7.isotropic")
def test_simgd_oscillates_with_weak_damping(runs):
    """§7, Figure 1: SimGD oscillates with weak damping (Theorem 1: zeta = sqrt((2/sigma^2)^2 - 1)
    = 50 at sigma^2 = 0.04).

    The complex mode ``lambda_{1,2}`` of the stochastic run turns by ``K arg(1 + eta lambda)``
    (1.5 rad, a quarter turn, in K = 3000 steps; measured 0.99-1.015 of that on seeds 0-7, asserted
    within 5%) while its modulus shrinks by at most 10% (predicted 3%; measured 3-5.5%).
    """
    vals, vecs = _eig("simgd")
    w = runs["simgd"]["w"]
    j = int(np.argmax(vals.imag))
    mode = np.linalg.solve(vecs, w.T)[j]
    steps = len(mode) - 1
    turned = float(np.unwrap(np.angle(mode))[-1] - np.angle(mode[0]))
    predicted = steps * float(np.angle(1 + ETA * vals[j]))
    assert turned == pytest.approx(predicted, rel=0.05, abs=0)
    shrink = float(abs(mode[-1]) / abs(mode[0]))
    assert 0.9 <= shrink <= 1.0
    # rotation per unit of log-damping ~ zeta; with the noise it stays far above 1 (measured 26-57)
    assert turned / -np.log(shrink) > 10


@pytest.mark.claim("002.s7.isotropic")
def test_conopt_generator_slowed_jare_converges(runs):
    """§7, Figure 1: ConOpt's generator is slowed; JARE converges for both players.

    ConOpt's slowest mode (lambda ~ -0.040, eigenvector 99.8% generator) decays at 4.0e-5 per step,
    JARE's (lambda = -0.52) at 5.2e-4. Over the second half of the run the generator error
    ``g_norm`` decays: JARE within 20% of 5.2e-4 (measured 4.7e-4 to 5.9e-4 on seeds 0-7); ConOpt
    at most a third as fast as JARE (measured ratio <= 0.24). JARE's discriminator error falls
    below 10% of its start (measured 1.5-6%), i.e. both players converge.
    """
    rates = {}
    for method in ("conopt", "jare"):
        vals, _ = _eig(method)
        rates[method] = -float(np.log(np.abs(1 + ETA * vals)).max())
    g_con, g_jare = runs["conopt"]["g_norm"], runs["jare"]["g_norm"]
    half = (len(g_jare) - 1) // 2
    jare_rate, conopt_rate = _late_rate(g_jare, half), _late_rate(g_con, half)
    assert jare_rate == pytest.approx(rates["jare"], rel=0.2, abs=0)
    assert conopt_rate < jare_rate / 3
    assert rates["conopt"] < rates["jare"] / 10  # the linear prediction behind "slowed"
    d_jare = runs["jare"]["d_norm"]
    assert d_jare[-1] < 0.1 * d_jare[0]
