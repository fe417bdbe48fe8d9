"""OGDA, heavy-ball momentum, Adam-EG and sign-EG (added for 000 §6): first iterates pinned on
the scalar bilinear game f = x y, F = (y, -x), against hand-derived formulas; bad settings raise."""

import math

import pytest
import torch

from zigan_verify import ZiganError, bilinear
from zigan_verify.optim.minimax import adam_eg, get_optimizer, momentum, ogda, optim_db, sign_eg
from zigan_verify.testing.tolerances import TOL

F = bilinear().operator  # F(x, y) = (y, -x), n_x = 1
X0, Y0 = 1.0, 0.5


def _run(opt, steps):
    z = torch.tensor([X0, Y0])
    state, out = opt.init(z), []
    for _ in range(steps):
        z, state = opt.step(z, state, F)
        out.append(z)
    return out


def _assert_iterate(got, x, y):
    torch.testing.assert_close(got, torch.tensor([x, y]), **TOL["exact_vs_float"])


@pytest.mark.parametrize("tau", [1.0, 3.0])
def test_ogda_first_iterates(tau):
    """z1 = z0 - eta L F(z0) (F(z_-1) := F(z0)); z2 = z1 - 2 eta L F(z1) + eta L F(z0)."""
    eta = 0.2
    z1, z2, z3 = _run(ogda(eta, tau), 3)
    x1, y1 = X0 - eta / tau * Y0, Y0 + eta * X0
    _assert_iterate(z1, x1, y1)
    x2, y2 = x1 - 2 * eta / tau * y1 + eta / tau * Y0, y1 + 2 * eta * x1 - eta * X0
    _assert_iterate(z2, x2, y2)
    _assert_iterate(z3, x2 - 2 * eta / tau * y2 + eta / tau * y1, y2 + 2 * eta * x2 - eta * x1)


@pytest.mark.parametrize("tau", [1.0, 3.0])
def test_momentum_first_iterates(tau):
    """v1 = -eta L F(z0), z1 = z0 + v1; v2 = beta v1 - eta L F(z1), z2 = z1 + v2."""
    eta, beta = 0.2, 0.7
    z1, z2 = _run(momentum(eta, beta, tau), 2)
    v1 = (-eta / tau * Y0, eta * X0)
    x1, y1 = X0 + v1[0], Y0 + v1[1]
    _assert_iterate(z1, x1, y1)
    v2 = (beta * v1[0] - eta / tau * y1, beta * v1[1] + eta * x1)
    _assert_iterate(z2, x1 + v2[0], y1 + v2[1])


def test_adam_eg_first_iterate():
    """t = 1 at the extrapolation (m_hat = d, v_hat = d^2), t = 2 at the update."""
    eta, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    (z1,) = _run(adam_eg(eta, 1.0, b1, b2, eps), 1)
    d0 = (Y0, -X0)
    half = [z - eta * d / (abs(d) + eps) for z, d in zip((X0, Y0), d0, strict=True)]
    d1 = (half[1], -half[0])
    new = []
    for z, a, b in zip((X0, Y0), d0, d1, strict=True):
        m = b1 * (1 - b1) * a + (1 - b1) * b
        v = b2 * (1 - b2) * a * a + (1 - b2) * b * b
        new.append(z - eta * (m / (1 - b1**2)) / (math.sqrt(v / (1 - b2**2)) + eps))
    _assert_iterate(z1, *new)


@pytest.mark.parametrize("tau", [1.0, 4.0])
def test_sign_eg_first_iterates(tau):
    """z_half = z - eta L sign F(z); z+ = z - eta L sign F(z_half)."""
    eta = 0.3
    z1, z2 = _run(sign_eg(eta, tau), 2)
    sign = lambda t: math.copysign(1.0, t) if t else 0.0  # noqa: E731
    xh, yh = X0 - eta / tau * sign(Y0), Y0 - eta * sign(-X0)
    x1, y1 = X0 - eta / tau * sign(yh), Y0 - eta * sign(-xh)
    _assert_iterate(z1, x1, y1)
    xh, yh = x1 - eta / tau * sign(y1), y1 - eta * sign(-x1)
    _assert_iterate(z2, x1 - eta / tau * sign(yh), y1 - eta * sign(-xh))


NEW = ["adam_eg", "momentum", "ogda", "sign_eg"]


@pytest.mark.parametrize("name", NEW)
def test_steps_do_not_mutate_and_keep_float64(name):
    """NOTE: [optimizer interface]: steps never mutate z or state; dtypes are preserved."""
    opt = get_optimizer(name)
    z = torch.tensor([X0, Y0])
    state = opt.init(z)
    z_copy = z.clone()
    z2, state2 = opt.step(z, state, F)
    z3, _ = opt.step(z2, state2, F)
    assert torch.equal(z, z_copy)
    assert z3.dtype == torch.float64
    for part in state2:
        if isinstance(part, torch.Tensor):
            assert part.dtype == torch.float64


def test_registry_flags_of_the_new_methods():
    """linear_in_gradients is defined by the update rule (000 §6 needs it), not by test results."""
    flags = {info.name: info.linear_in_gradients for info in optim_db}
    assert flags["ogda"]
    assert flags["momentum"]
    assert not flags["adam_eg"]
    assert not flags["sign_eg"]
    evals = {info.name: info.grad_evals_per_step for info in optim_db}
    assert evals == {**evals, "ogda": 1, "momentum": 1, "adam_eg": 2, "sign_eg": 2}


@pytest.mark.parametrize(
    ("make", "match"),
    [
        pytest.param(lambda: ogda(0.0), r"eta must be finite and > 0, got 0.0", id="ogda-eta"),
        pytest.param(lambda: ogda(0.1, -1.0), r"tau must be .*, got -1.0", id="ogda-tau"),
        pytest.param(
            lambda: momentum(0.1, 1.0), r"momentum beta must lie in \(-1, 1\), got 1.0", id="beta"
        ),
        pytest.param(lambda: momentum(math.nan, 0.5), r"eta .* got nan", id="momentum-nan"),
        pytest.param(
            lambda: adam_eg(0.1, b1=1.0), r"adam b1 must lie in \[0, 1\), got 1.0", id="b1"
        ),
        pytest.param(
            lambda: adam_eg(0.1, b2=-0.1), r"adam b2 must lie in \[0, 1\), got -0.1", id="b2"
        ),
        pytest.param(
            lambda: adam_eg(0.1, eps=0.0), r"eps must be finite and > 0, got 0.0", id="eps"
        ),
        pytest.param(lambda: sign_eg(math.inf), r"eta .* got inf", id="sign-eta"),
        pytest.param(
            lambda: get_optimizer("ogda", beta=0.5), r"no hyper-parameter 'beta'", id="kw"
        ),
    ],
)
def test_bad_hyperparameters_raise(make, match):
    with pytest.raises(ZiganError, match=match):
        make()
