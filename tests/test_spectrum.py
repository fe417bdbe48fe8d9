"""Unit tests of zigan_verify.spectrum and the issue-3 claim checks' verdicts."""

import numpy as np
import pytest

from zigan_verify._errors import ZiganError
from zigan_verify.checks import theorems
from zigan_verify.claims import get_claim, run_check
from zigan_verify.optimizers import tau_eg, tau_gda
from zigan_verify.spectrum import global_solution_spectrum, match_spectra, update_map
from zigan_verify.strategies._stationary import build_global, make_problem

ISSUE3 = [
    "000.B2.def4", "000.thm2", "000.B4.proof", "000.s5.2.degenerate", "000.s5.3.blocks",
    "000.B5.spectrum", "000.B5.gda_any_tau", "000.thm3", "000.B1.P1",
    "001.prop1", "001.def3", "001.thm1", "001.tau_eg",
]  # fmt: skip


@pytest.mark.parametrize("claim_id", ISSUE3)
def test_registered_verdict(claim_id):
    claim = get_claim(claim_id)
    assert run_check(claim).verdict is claim.status


def test_bilinear_spectrum():
    """[[0, C/tau], [-C^T, 0]] for C = diag(2, 1) padded: +-2i/sqrt(tau), +-i/sqrt(tau), 0."""
    C = np.array([[2.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    eigs, mu = global_solution_spectrum(C, 4.0)
    np.testing.assert_allclose(sorted(mu), [0.0, 1.0, 4.0], rtol=0, atol=1e-14)
    assert match_spectra(eigs, [1j, -1j, 0.5j, -0.5j, 0]).max() <= 1e-14


def test_simulation_matches_registered_optimizers():
    """checks.theorems.simulate (numpy) takes the same steps as optimizers.tau_gda / tau_eg."""
    import torch

    from zigan_verify.optimizers import saddle_operator

    rng = np.random.default_rng(0)
    prob = make_problem(rng, 3, 2, 4, 3, 2)
    z0 = build_global(prob, rng).z + 0.01
    op = saddle_operator(prob.F, prob.n_x)
    for name, opt in (("tau_gda", tau_gda(0.3, 2.0)), ("tau_eg", tau_eg(0.3, 2.0))):
        z = z0.clone()
        for _ in range(3):
            z, _ = opt.step(z, (), op)
        got = theorems.simulate(prob, z0.numpy(), name, 0.3, 2.0, 3)
        np.testing.assert_allclose(got, z.numpy(), rtol=1e-12, atol=1e-14)
        assert isinstance(z, torch.Tensor)


@pytest.mark.claim("000.thm3")
def test_gda_escapes_eg_converges_near_global_solution():
    """Theorem 3 from a 1e-3 perturbation (n=3, d1=2, r=2 < n d1, tau=4, eta^2 mu_max/tau = 1/2,
    10^4 steps): tau-GDA moves far away, tau-EG's ||F|| goes to zero."""
    sim = theorems._regime_run(r=2, seed=0, steps=10000)
    assert sim["tau_gda"]["dist"] > 1e2
    assert sim["tau_eg"]["F"] <= 1e-10


@pytest.mark.claim("000.thm3")
@pytest.mark.xfail(
    strict=True,
    reason="Theorem 3 says tau-EG converges to the global solution; "
    "with r < n d1 its limit is a non-global stationary point (w = 0, generator "
    "3e-4 away from every permutation of the data)",
)
def test_eg_limit_is_global_solution():
    sim = theorems._regime_run(r=2, seed=0, steps=10000)
    assert sim["tau_eg"]["perm"] <= 1e-8


def test_bad_step_sizes():
    with pytest.raises(ZiganError, match="eta"):
        update_map(np.eye(2), 0.0, "tau_eg")
    with pytest.raises(ZiganError, match="tau"):
        global_solution_spectrum(np.eye(2), -1.0)
    with pytest.raises(ZiganError, match="method"):
        update_map(np.eye(2), 0.1, "adam")
