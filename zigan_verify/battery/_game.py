r"""The battery on a user's game: a candidate's local behaviour at a stationary point of any
zero-sum :class:`~zigan_verify.game.games.Game`, against what the theory predicts there.

NOTE: [battery on a game]
At a stationary point :math:`\omega^*` (``v(omega*) = 0``) a method that is linear in the
operator acts on each eigen-direction of :math:`\eta\Lambda_\tau\nabla v(\omega^*)`, with
eigenvalue :math:`\lambda`, as the roots :math:`\xi` of its characteristic polynomial
(:data:`~zigan_verify.battery._theory.POLYNOMIALS`). The check linearizes the candidate's whole
update map there (NOTE: [battery linearization]) and compares its transverse spectral radius with
the largest root modulus predicted for the built-in it behaves like, within
:data:`~zigan_verify.battery._theory.RHO_TOL`. Eigenvalues of :math:`\eta\Lambda_\tau\nabla v`
within ``UNIT`` of 0 map to 1 and are left out on both sides (the solution set's tangent).

The battery's checks derive from theorems about zero-sum minimax ``min_theta max_phi f`` (000), and
its optimizers take the saddle operator ``F = (grad_theta f, -grad_phi f)``; a game that is not
zero-sum (``L_D != -L_G``, e.g. NSGAN) is refused with a :class:`ZiganError`.

References:
    000 §5.1 (the update rules and their linearization); 004 eq. (3), (5) (the game Jacobian).
"""

from __future__ import annotations

import time

import numpy as np
import torch

from zigan_verify._errors import ZiganError, check_positive
from zigan_verify._float64 import float64_default
from zigan_verify.battery._candidate import Candidate
from zigan_verify.battery._linearize import UNIT, linearize
from zigan_verify.battery._novel import declared_method
from zigan_verify.battery._theory import (
    POLYNOMIALS,
    RHO_TOL,
    LinearMethod,
    linear_method,
    predicted_radius,
)

__all__ = ["STATIONARY_TOL", "run_on_game"]

STATIONARY_TOL = 1e-8  # ||v(omega*)|| / max(1, ||omega*||): a fixed point to rounding


def run_on_game(
    candidate: Candidate, game, omega_star, *, eta: float, tau: float = 1.0
):  # -> CheckResult
    """Linearize ``candidate.make(eta, tau)`` at the stationary point ``omega_star`` of the
    zero-sum ``game`` and compare its spectral radius with the theory's (NOTE: [battery on a
    game]); returns one :class:`~zigan_verify.battery.CheckResult` (``game:<name>``).

    Examples:
        >>> import torch
        >>> from zigan_verify.battery import builtin_candidates, run_on_game
        >>> from zigan_verify.game.games import Game
        >>> game = Game.zero_sum(lambda w: w[0] ** 2 / 2 + w[0] * w[1], n_theta=1, dim=2)
        >>> r = run_on_game(builtin_candidates()["eg"], game, torch.zeros(2), eta=0.5)
        >>> r.verdict, r.outcome, round(r.data["predicted_rho"], 4)
        ('pass', 'converges', 0.6614)

    Raises:
        ZiganError: the game is not zero-sum, ``omega_star`` is not stationary, the step size or
            timescale is not positive, or the candidate behaves like a method with no
            characteristic polynomial (JARE, ConOpt, Adam: no linear prediction).
    """
    from zigan_verify.battery._result import CheckResult

    if not getattr(game, "is_zero_sum", False):
        raise ZiganError(
            f"the battery's theory is for zero-sum minimax (L_D = -L_G); game "
            f"{getattr(game, 'name', game)!r} is not zero-sum (build it with Game.zero_sum)"
        )
    check_positive("eta", eta)
    check_positive("tau", tau)
    method = _linear_method(candidate)
    start = time.perf_counter()
    with float64_default():  # NOTE: [float64 verification]
        w = torch.as_tensor(omega_star, dtype=torch.float64)
        residual = float(game.v(w).norm()) / max(1.0, float(w.norm()))
        if residual > STATIONARY_TOL:
            raise ZiganError(
                f"omega_star is not a stationary point of {game.name!r}: "
                f"||v|| / max(1, ||omega||) = {residual:.2e} > {STATIONARY_TOL:g}"
            )
        t = tau if method.uses_tau else 1.0  # a two-timescale method
        scale = torch.ones(game.dim, dtype=torch.float64)
        scale[: game.n_theta] = 1 / t
        lams = eta * np.linalg.eigvals((scale[:, None] * game.jacobian(w)).numpy())
        lams = lams[np.abs(lams) > UNIT]
        predicted = predicted_radius(method, lams) if lams.size else 0.0
        lin = linearize(candidate, eta, tau, w, game.operator)
    seconds = time.perf_counter() - start
    expected = "converges" if predicted < 1 - 1e-12 else "diverges"
    if not lin.linearizable:
        outcome, verdict = "not linearizable", "fail"
        evidence = f"not linearizable: {lin.reason}"
    else:
        outcome = "converges" if lin.rho < 1 - 1e-12 else "diverges"
        dev = abs(lin.rho - predicted)
        verdict = "pass" if dev <= RHO_TOL and outcome == expected else "fail"
        evidence = (
            f"eta={eta:g}, tau={tau:g}: radius {lin.rho:.6f} ({lin.method}) vs predicted "
            f"{predicted:.6f} for {method.label} (tol {RHO_TOL:.0e})"
        )
        if verdict == "fail":
            evidence = f"behaves unlike {method.label}: {evidence}"
    return CheckResult(
        f"game:{game.name}",
        "000.s5.1.updates",
        outcome,
        expected,
        verdict,
        evidence,
        seconds,
        {"rho": lin.rho, "predicted_rho": predicted, "stationarity": residual},
    )


def _linear_method(candidate: Candidate) -> LinearMethod:
    """The built-in's characteristic polynomial, or a novel method's declared one (NOTE:
    [battery novel optimizers])."""
    if candidate.behaves_like in POLYNOMIALS:
        return linear_method(candidate.behaves_like)
    if candidate.behaves_like is None:
        method = declared_method("its declaration", candidate.declared or {})
        if method is not None:
            return method
    raise ZiganError(
        f"no linear prediction for {candidate.behaves_like!r}: run_on_game needs a method "
        f"linear in the operator, one of {sorted(POLYNOMIALS)}, or a novel method that "
        "declares its characteristic polynomial or linearization"
    )
