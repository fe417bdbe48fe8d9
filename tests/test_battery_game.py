"""The battery on a user's zero-sum Game (NOTE: [battery on a game], issue #10): a candidate's
linearized update map at a stationary point vs the characteristic-polynomial prediction."""

import battery_variants as bv
import numpy as np
import pytest
import torch

from zigan_verify._errors import ZiganError
from zigan_verify.battery import Candidate, builtin_candidates, run_on_game
from zigan_verify.game.games import Game, quadratic_game

BUILTINS = builtin_candidates()
ETA, TAU = 0.3, 2.0


def _f(w):
    """A non-quadratic zero-sum game, stationary at 0: grad v(0) = [[S, B], [-B^T, C]]."""
    x, y = w[:2], w[2:]
    S = torch.tensor([[1.5, 0.2], [0.2, 0.4]], dtype=w.dtype)
    B = torch.tensor([[1.0], [-2.0]], dtype=w.dtype)
    return 0.5 * x @ S @ x + x @ B @ y - 0.25 * y @ y + (x**3).sum() * y.sum() + x.pow(4).sum()


GAME = Game.zero_sum(_f, n_theta=2, dim=3, name="cubic")
ZERO = torch.zeros(3, dtype=torch.float64)


@pytest.mark.parametrize("name", ["gda", "tau_gda", "eg", "tau_eg", "ogda", "momentum"])
def test_builtin_matches_its_prediction_on_a_game(name):
    r = run_on_game(BUILTINS[name], GAME, ZERO, eta=ETA, tau=TAU)
    assert r.verdict == "pass", r.evidence
    assert r.check == "game:cubic"
    assert abs(r.data["rho"] - r.data["predicted_rho"]) <= 1e-6


def test_gda_prediction_is_the_radius_of_the_linear_map():
    """Independent: tau-GDA's map at 0 is I - eta Lambda_tau J, J typed from the Hessian of f."""
    J = np.array([[1.5, 0.2, 1.0], [0.2, 0.4, -2.0], [-1.0, 2.0, 0.5]])
    lam = np.diag([1 / TAU, 1 / TAU, 1.0])
    want = np.abs(np.linalg.eigvals(np.eye(3) - ETA * lam @ J)).max()
    r = run_on_game(BUILTINS["tau_gda"], GAME, ZERO, eta=ETA, tau=TAU)
    assert r.data["predicted_rho"] == pytest.approx(want, rel=1e-12)
    assert r.data["rho"] == pytest.approx(want, rel=1e-9)


@pytest.mark.parametrize("broken", [bv.eg_tau_on_max_player, bv.eg_grad_at_start])
def test_broken_extragradient_fails_on_a_game(broken):
    """Negative control: a one-line bug in tau-EG moves the radius off the prediction."""
    r = run_on_game(Candidate(broken.__name__, broken, "tau_eg"), GAME, ZERO, eta=ETA, tau=TAU)
    assert r.verdict == "fail"
    assert "behaves unlike tau_eg" in r.evidence


def test_run_on_game_refuses_what_its_theory_does_not_cover():
    nonzero = quadratic_game([[1.0]], [[1.0]], [[0.5]], [[1.0]], name="nonzero")  # A != -B^T
    with pytest.raises(ZiganError, match="zero-sum minimax.*'nonzero' is not zero-sum"):
        run_on_game(BUILTINS["eg"], nonzero, torch.zeros(2), eta=ETA)
    with pytest.raises(ZiganError, match="not a stationary point"):
        run_on_game(BUILTINS["eg"], GAME, torch.ones(3, dtype=torch.float64), eta=ETA)
    with pytest.raises(ZiganError, match="no linear prediction for 'jare'"):
        run_on_game(BUILTINS["jare"], GAME, ZERO, eta=ETA)
    with pytest.raises(ZiganError, match="eta"):
        run_on_game(BUILTINS["eg"], GAME, ZERO, eta=0.0)
