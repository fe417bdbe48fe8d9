r"""Novel optimizers: checks and expectations that hold for *any* first-order minimax method.

NOTE: [battery novel optimizers]
A method that is none of the built-ins (``behaves_like = None``) is judged by

* what holds for every first-order method: its fixed points are exactly the stationary points
  (``fixed_points``), it is clean (``hygiene``);
* what it declares on its factory or class (``make_candidate`` collects the attributes):

  - ``characteristic = lambda lam: [...]``: the coefficients (highest power first) of the
    polynomial in :math:`\xi` whose roots are the multipliers of one eigen-direction of
    :math:`\eta\Lambda_\tau DF` with eigenvalue ``lam`` (EG with heavy-ball momentum
    :math:`\beta`: ``[1, -(1 - lam + lam**2 + beta), beta]``), or
    ``linearization = lambda lam: M``: a square matrix with those multipliers as eigenvalues.
    The battery then predicts the radius and outcome of every linearized check from the
    battery's own instances, exactly as it does for the built-ins (000 §5.1, Thm. 2, Thm. 3;
    002 Thm. 1), and compares them with the radius of the candidate's linearized update map;
  - ``timescale = False``: ``Lambda_tau`` does not apply (default ``True``: the min player's
    learning rate is ``eta / tau``);
  - ``expect = {"global_stability_below": "stable", ...}``: outcomes of single checks;
  - ``acts_through_gradients = True``: every g-update is a combination of g-gradients, so the
    000 §6 minimum-norm invariant holds (default: ``True`` when a characteristic polynomial or
    linearization is declared, undeclared otherwise);

* a recorded baseline (NOTE: [battery baselines]).

A check with none of these has no expectation: its verdict is ``report`` (the numbers, nothing
compared). For every candidate the radii at the theorem points are reported, and where a
measured radius equals a built-in's prediction the verdict says so (:func:`radius_hint`).
"""

from __future__ import annotations

import math

import numpy as np
import torch

from zigan_verify._errors import ZiganError
from zigan_verify.battery._adam import ADAM_OUTCOME, adam_expectation
from zigan_verify.battery._theory import (
    RHO_TOL,
    LinearMethod,
    number,
    polynomial_expectations,
)
from zigan_verify.optim.minimax import saddle_operator

__all__ = [
    "check_declarations",
    "declared_method",
    "check_fixed_points",
    "declared_expectations",
    "radius_hint",
]

F64 = torch.float64


# ----- any first-order method: fixed points are exactly the stationary points -----
FIXED_STEPS = 5
# A step from an exact zero of F moves a consistent method by nothing: z - eta * 0 is z exactly,
# and so is Adam's 0 / (0 + eps); a reformulated update may round, a few ulps per step.
FIXED_TOL = 64 * torch.finfo(F64).eps * FIXED_STEPS
# Away from stationary points a step must move: ||z_{k+1} - z_k|| above rounding of z while
# ||F(z_k)|| is O(1).
STALL_TOL = 64 * torch.finfo(F64).eps
STALL_ETA = 0.05


def _fixed_point_games():
    """Operators with an *exact* zero ``c`` (``F(c) = 0`` in floating point, since ``c - c = 0``):
    a rotation, the battery's quadratic game, a monotone game with a cubic term."""
    rng = np.random.default_rng(20261206)
    M_rot = torch.tensor([[0.0, 1.0], [-1.0, 0.0]], dtype=F64)
    A = torch.from_numpy(rng.standard_normal((4, 4)))
    # skew part plus a strongly monotone part, ||M|| ~ 1 so that every built-in is stable at
    # STALL_ETA (ConOpt's J^T F term squares it)
    M_mono = 0.25 * (A - A.T) + 0.5 * torch.eye(4, dtype=F64)
    from zigan_verify.battery._checks import quadratic_game

    quadratic, _ = quadratic_game()
    c2 = torch.tensor([0.75, -1.25], dtype=F64)
    c4 = torch.from_numpy(rng.standard_normal(4))
    return [
        ("rotation", saddle_operator(lambda z: M_rot @ (z - c2), 1), c2),
        ("quadratic game", saddle_operator(lambda z: quadratic(z - c4), 2), c4),
        (
            "monotone cubic",
            saddle_operator(lambda z: M_mono @ (z - c4) + (z - c4) ** 3, 2),
            c4,
        ),
    ]


def check_fixed_points(candidate):
    """000 §5.1: every update rule vanishes where ``F`` does and only there. From an exact zero
    ``c`` of ``F`` (fresh state) the candidate must stay at ``c`` for ``FIXED_STEPS`` steps; from
    points where ``F != 0`` every step must move ``z``."""
    from zigan_verify.battery._checks import Outcome, _run

    drift, stall, worst = 0.0, math.inf, ""
    for name, F, c in _fixed_point_games():
        for z in _run(candidate.make(0.1, 4.0), c.clone(), F, FIXED_STEPS):
            d = float((z - c).abs().max()) / max(1.0, float(c.abs().max()))
            if d > drift:
                drift, worst = d, name
        z_prev = c + torch.linspace(0.5, -0.5, len(c), dtype=F64)
        for z in _run(candidate.make(STALL_ETA, 4.0), z_prev.clone(), F, 20):
            force = float(F(z_prev).norm())
            if force > 1e-3:  # far enough from c that a stalled step is a spurious fixed point
                moved = float((z - z_prev).abs().max()) / (1 + float(z_prev.abs().max()))
                stall = min(stall, moved)
            z_prev = z.clone()  # a step that mutates its input must not move our copy
    if drift > FIXED_TOL:
        outcome = "drifts"
    elif stall <= STALL_TOL:
        outcome = "stalls"
    else:
        outcome = "exact"
    evidence = (
        f"from an exact zero of F: moved {drift:.2e} (relative, max over 3 games, tol "
        f"{FIXED_TOL:.0e}{'; worst: ' + worst if worst else ''}); where ||F|| > 1e-3 the "
        f"smallest step was {stall:.2e} (relative, must exceed {STALL_TOL:.0e})"
    )
    return Outcome(outcome, evidence, {"drift": drift, "smallest_step": stall})


FIXED_POINTS_WHY = (
    "000 §5.1: every update rule is a function of F that vanishes exactly where F does, so a "
    "first-order method's fixed points are the stationary points; bound: rounding, 64 ulps a step"
)


def fixed_points_expectation() -> dict:
    return {
        "expect": "exact",
        "why": FIXED_POINTS_WHY,
        "numbers": {"drift": number(0.0, FIXED_TOL, FIXED_POINTS_WHY)},
    }


# ----- what a novel method declares -----
def declared_method(name: str, declared: dict) -> LinearMethod | None:
    uses_tau = bool(declared.get("timescale", True))
    if "characteristic" in declared:
        poly = declared["characteristic"]
        return LinearMethod(
            name, lambda lam: np.roots(np.asarray(poly(lam), dtype=complex)), uses_tau
        )
    if "linearization" in declared:
        lin = declared["linearization"]
        return LinearMethod(
            name,
            lambda lam: np.linalg.eigvals(np.atleast_2d(np.asarray(lin(lam), dtype=complex))),
            uses_tau,
        )
    return None


def check_declarations(name: str, declared: dict, checks) -> None:
    """Validate a novel method's declarations eagerly (one :class:`ZiganError` naming the bad
    value): callables that give finite multipliers at a test eigenvalue, known check names,
    string outcomes."""
    method = declared_method(name, declared)
    if method is not None:
        which = "characteristic" if "characteristic" in declared else "linearization"
        try:
            roots = method.roots(0.1 + 0.2j)
        except Exception as exc:  # noqa: BLE001 - a user's declaration that fails is a usage error
            raise ZiganError(
                f"{name}: {which}(lam) raised {type(exc).__name__}: {exc}; it must return "
                "polynomial coefficients (highest power first) or a square matrix"
            ) from None
        if roots.size == 0 or not np.all(np.isfinite(roots)):
            raise ZiganError(f"{name}: {which}(0.1+0.2j) gives no finite multipliers: {roots}")
    expect = declared.get("expect", {})
    if not isinstance(expect, dict):
        raise ZiganError(f"{name}: expect must be a dict {{check: outcome}}, got {expect!r}")
    for check, outcome in expect.items():
        if check not in checks:
            raise ZiganError(
                f"{name}: expect names unknown check {check!r}; choose from {', '.join(checks)}"
            )
        if not isinstance(outcome, str):
            raise ZiganError(
                f"{name}: expect[{check!r}] must be an outcome string, got {outcome!r}"
            )


def declared_expectations(name: str, declared: dict) -> dict[str, dict]:
    """Expectations of a novel method (NOTE: [battery novel optimizers]): the universal ones,
    those predicted from its declared linearization, and its declared outcomes."""
    out = {
        "hygiene": {"expect": "clean", "why": "required of every optimizer", "numbers": {}},
        "fixed_points": fixed_points_expectation(),
        "conditions": {
            "expect": "consistent",
            "why": "NOTE: [battery conditions]: a method's run must not depend on how it is "
            "driven (dtype, layout, zero_grad, closure, checkpoint); a novel method is held to "
            "its own run as the battery drives it",
            "numbers": {},
        },
    }
    method = declared_method(name, declared)
    if method is not None:
        out.update(polynomial_expectations(method))
        for entry in out.values():
            entry["why"] = entry["why"].replace(
                "the method's polynomial", "the declared multipliers"
            )
    if declared.get("acts_through_gradients", method is not None):
        from zigan_verify.battery._checks import INVARIANT_BOUND

        why = "000 §6: declared to act through gradients, which lie in R(Phi^T)"
        out["min_norm_invariant"] = {
            "expect": "holds",
            "why": why,
            "numbers": {"relative_violation": number(0.0, INVARIANT_BOUND, why)},
        }
    for check, outcome in declared.get("expect", {}).items():
        prev = out.get(check)  # its numbers stay when the declared outcome agrees with them
        numbers = prev["numbers"] if prev and prev["expect"] == outcome else {}
        if check == "adam_moments" and outcome == ADAM_OUTCOME:  # Adam's step law, derived
            numbers = adam_expectation("adam_eg")["numbers"]
        out[check] = {"expect": outcome, "why": "declared by the optimizer", "numbers": numbers}
    return out


# ----- which built-in a measured radius matches -----
# What a radius equal to another built-in's suggests, keyed by (claimed, matched) families.
HINTS = {
    ("eg", "gda"): "is F re-evaluated at the extrapolated point?",
    ("eg", "eg"): "is tau applied to the min player (and only to it)?",
    ("ogda", "gda"): "is the previous gradient stored and used?",
    ("momentum", "gda"): "is the velocity (momentum buffer) stored?",
    ("gda", "gda"): "is tau applied to the min player (and only to it)?",
}
FAMILY = {
    "gda": "gda",
    "tau_gda": "gda",
    "alternating_gda": "gda",
    "eg": "eg",
    "tau_eg": "eg",
    "ogda": "ogda",
    "momentum": "momentum",
}


def radius_hint(check: str, rho, claimed: str | None, golden: dict, tol: float = RHO_TOL) -> str:
    """``"radius 1.7321 equals gda's 1.7321: <hint>"`` when the measured radius at ``check``
    equals (within ``tol``) another built-in's predicted radius there (``golden``: the built-ins'
    expectations); empty otherwise."""
    if rho is None or not np.isfinite(rho):
        return ""
    matches = []
    for name, entry in golden.items():
        spec = entry.get(check, {}).get("numbers", {}).get("rho")
        if name == claimed or spec is None or entry[check].get("baseline"):
            continue
        if abs(rho - spec["value"]) <= tol:
            matches.append((name, spec["value"]))
    if not matches:
        return ""
    names = ", ".join(f"{n}'s {v:.4f}" for n, v in matches)
    hint = ""
    if claimed in FAMILY:
        for name, _ in matches:
            hint = HINTS.get((FAMILY[claimed], FAMILY.get(name, "")), "")
            if hint:
                break
    return f"radius {rho:.4f} equals {names}" + (f": {hint}" if hint else "")
