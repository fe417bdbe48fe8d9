"""The optimizer registry and the 000 §5.1 update rules (GDA, tau-GDA, EG, tau-EG)."""

import math

import pytest
import sympy as sp
import torch

from zigan_verify import ZiganError, bilinear, get_optimizer, optim_db
from zigan_verify.checks.dynamics import exact_iterates, float_iterates
from zigan_verify.game.models import polynomial_game
from zigan_verify.testing.tolerances import TOL

NAMES = [info.name for info in optim_db]


def test_registry_is_alphabetical_unique_and_exported():
    import zigan_verify.optim.minimax as module

    assert NAMES == sorted(NAMES)
    assert len(set(NAMES)) == len(NAMES)
    for info in optim_db:
        assert info.name in module.__all__, info.name
        assert info.grad_evals_per_step >= 1
        assert info.reference


@pytest.mark.claim("000.s5.1.updates")
@pytest.mark.parametrize("method", ["tau_gda", "tau_eg"])
@pytest.mark.parametrize("game", [bilinear(), polynomial_game()], ids=lambda g: g.name)
def test_iterates_agree_with_exact_printed_rule(method, game):
    """Two implementations of one rule: SymPy Rationals (as printed in 5.1) vs torch float64."""
    eta, tau, z0 = sp.Rational(1, 4), sp.Rational(5, 2), (sp.Rational(2, 3), sp.Rational(-1, 2))
    exact = exact_iterates(game, method, eta, tau, z0, 3)
    got = float_iterates(game, method, eta, tau, z0, 3)
    for e, g in zip(exact, got, strict=True):
        ref = torch.tensor([float(v) for v in e])
        torch.testing.assert_close(g, ref, **TOL["exact_vs_float"])


def test_first_iterates_pinned_on_bilinear():
    """Hand-derived for f = xy, F = (y, -x): one tau-EG step from (x, y)."""
    eta, tau, x, y = 0.3, 2.0, 1.0, 0.5
    xh, yh = x - eta / tau * y, y + eta * x
    expect = torch.tensor([x - eta / tau * yh, y + eta * xh])
    z, _ = get_optimizer("tau_eg", eta=eta, tau=tau).step(
        torch.tensor([x, y]), (), bilinear().operator
    )
    torch.testing.assert_close(z, expect, **TOL["exact_vs_float"])


def _growth(name, eta, steps=50):
    opt, F = get_optimizer(name, eta=eta), bilinear().operator
    z = torch.tensor([1.0, 0.0])
    state = opt.init(z)
    for _ in range(steps):
        z, state = opt.step(z, state, F)
    return float(z.norm()) ** (1 / steps)


@pytest.mark.parametrize("eta", [0.05, 0.2, 0.5])
def test_gda_spirals_out_and_eg_contracts_on_bilinear(eta):
    """Negative results are results: on f = xy the GDA map has modulus sqrt(1 + eta^2) > 1 and
    the EG map sqrt((1 - eta^2)^2 + eta^2) < 1 for 0 < eta < 1 (eigenvalues of I - eta J)."""
    assert _growth("gda", eta) == pytest.approx(math.sqrt(1 + eta**2), rel=1e-12)
    assert _growth("eg", eta) == pytest.approx(math.sqrt((1 - eta**2) ** 2 + eta**2), rel=1e-12)
    assert _growth("gda", eta) > 1 > _growth("eg", eta)


@pytest.mark.parametrize("name", NAMES)
def test_step_preserves_dtype_shape_and_inputs(name):
    opt, F = get_optimizer(name), polynomial_game().operator
    z = torch.tensor([0.3, -0.2])
    before = z.clone()
    state = opt.init(z)
    z1, state = opt.step(z, state, F)
    assert torch.equal(z, before), "step mutated its input"
    assert z1.shape == z.shape
    assert z1.dtype == torch.float64
    assert torch.isfinite(z1).all()


@pytest.mark.parametrize(
    ("name", "kwargs", "message"),
    [
        pytest.param("gda", {"eta": 0.0}, r"eta must be finite and > 0, got 0.0", id="eta-zero"),
        pytest.param(
            "tau_eg", {"tau": -1.0}, r"tau must be finite and > 0, got -1.0", id="tau-negative"
        ),
        pytest.param(
            "tau_gda", {"eta": float("nan")}, r"eta must be finite and > 0, got nan", id="eta-nan"
        ),
        pytest.param("adamw", {}, r"unknown optimizer 'adamw'; choose one of", id="unknown"),
        pytest.param(
            "gda", {"tau": 2.0}, r"optimizer 'gda' has no hyper-parameter 'tau'", id="bad-kwarg"
        ),
    ],
)
def test_errors(name, kwargs, message):
    with pytest.raises(ZiganError, match=message):
        get_optimizer(name, **kwargs)
