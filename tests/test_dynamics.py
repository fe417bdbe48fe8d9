"""zigan_verify.analysis.dynamics: the NumPy engine (closed-form F of 000 eq. (4)) against the autograd one
(NOTE: [simulation engines]), so that Theorem 3's simulation may run on either."""

import numpy as np
import pytest
import torch

from zigan_verify._errors import ZiganError
from zigan_verify.analysis import dynamics
from zigan_verify.checks.global_solutions import regime_start
from zigan_verify.game.problem import ZIGANProblem
from zigan_verify.strategies._stationary import make_problem

# The engines round differently, by ~eps*|z| per step; a later step amplifies an earlier error by
# the update map's spectral radius rho there (tau-GDA sqrt(1.5), tau-EG 1), so after 50 steps the
# iterates may differ by eps*max|z|*sum_{k<50} rho^k: 1.3e-10 for tau-GDA (2.0e-12 and 7.6e-13
# measured on two machines), 2.6e-14 for tau-EG (1.3e-15 measured).
_RADIUS = {"tau_gda": 1.5**0.5, "tau_eg": 1.0}


def _iterate_tol(method: str, scale: float, steps: int = 50) -> float:
    return np.finfo(float).eps * scale * sum(_RADIUS[method] ** k for k in range(steps))


def _problems():
    rng = np.random.default_rng(20261201)
    for sizes in [(3, 2, 4, 2, 2), (4, 3, 5, 3, 2), (2, 1, 3, 4, 3)]:
        prob = make_problem(rng, *sizes)
        yield prob, prob.random_point(torch.Generator().manual_seed(len(sizes) + sizes[0]))


@pytest.mark.parametrize(("prob", "z"), list(_problems()), ids=["regime", "wider", "d1=1"])
def test_zi_operator_is_the_autograd_F(prob, z):
    """eqs. (5)-(8) in NumPy = torch.func.grad of f, block by block, at random points."""
    got, want = dynamics.zi_operator(prob)(z.numpy()), prob.F(z).numpy()
    scale = np.abs(want).max()
    for name, s in prob.slices.items():
        np.testing.assert_allclose(got[s], want[s], rtol=0, atol=1e-14 * scale, err_msg=name)


@pytest.mark.parametrize("method", ["tau_gda", "tau_eg"])
def test_engines_give_the_same_iterates_from_theorem3s_start(method):
    """From the first iterate of Theorem 3's run (000 §5.3) both engines take the same 50 steps."""
    prob, _, eta, tau, z0 = regime_start(r=2, seed=0)
    got = dynamics.simulate(prob, z0, method, eta, tau, 50, engine="numpy")
    want = dynamics.simulate(prob, z0, method, eta, tau, 50, engine="autograd")
    tol = _iterate_tol(method, np.abs(want).max())
    np.testing.assert_allclose(got, want, rtol=0, atol=tol)
    # negative control: the comparison notices a 1e-6 relative change of the step size
    moved = dynamics.simulate(prob, z0, method, eta * (1 + 1e-6), tau, 50, engine="numpy")
    assert np.abs(moved - want).max() > 10 * tol


def test_numpy_engine_stops_at_the_first_non_finite_iterate():
    """Overflow ends a run at inf, without a warning (measured: from this start the autograd
    engine's iterate is already nan at step 2, the closed form's stays finite to step 3)."""
    prob, pt, *_ = regime_start(r=2, seed=0)
    got = dynamics.simulate(prob, pt.z.numpy() + 1.0, "tau_gda", 1e308, 1.0, 50, engine="numpy")
    assert not np.all(np.isfinite(got))


def test_engine_arguments_are_validated():
    prob, _, eta, tau, z0 = regime_start(r=2, seed=0)
    with pytest.raises(ZiganError, match="engine"):
        dynamics.simulate(prob, z0, "tau_gda", eta, tau, 1, engine="jax")
    with pytest.raises(ZiganError, match="eta"):
        dynamics.simulate(prob, z0, "tau_gda", -1.0, tau, 1, engine="numpy")
    js = ZIGANProblem(prob.data, prob.latents, r=2, width=4, loss="js")
    with pytest.raises(ZiganError, match="ZI loss"):
        dynamics.zi_operator(js)
