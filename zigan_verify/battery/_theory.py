r"""What the theorems predict for the linear built-in methods, from their characteristic polynomials.

Near a stationary point every method of the registry that is linear in ``F`` acts, on one
eigen-direction of :math:`\eta\Lambda_\tau DF` with eigenvalue :math:`\lambda`, as the roots
:math:`\xi` of a polynomial in :math:`\lambda`:

* GDA / tau-GDA: :math:`\xi = 1 - \lambda`;
* EG / tau-EG: :math:`\xi = 1 - \lambda + \lambda^2` (000 §5.1);
* OGDA: :math:`\xi^2 - (1 - 2\lambda)\xi - \lambda = 0` (from
  :math:`z_{k+1} = z_k - 2\eta\Lambda F(z_k) + \eta\Lambda F(z_{k-1})`);
* heavy-ball momentum: :math:`\xi^2 - (1 - \lambda + \beta)\xi + \beta = 0`;
* alternating tau-GDA on a bilinear block (:math:`\lambda = \pm i\beta`):
  :math:`\xi^2 - (2 + \lambda^2)\xi + 1 = 0` (determinant 1: a rotation when
  :math:`\beta^2 \le 4`).

At a ZI global solution (000 App. B.5) the eigenvalues are :math:`\lambda = \pm i\eta\sqrt{\mu_k/\tau}`;
at a Theorem-2 point with ``w = 0, A = 0`` the blocks decouple and the max player sees
:math:`\lambda = -\eta h` for each eigenvalue ``h > 0`` of :math:`\nabla^2_{yy} f`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = [
    "POLYNOMIALS",
    "LinearMethod",
    "linear_method",
    "RANGE_PRESERVING",
    "derived_expectations",
    "predicted_radius",
    "rotation_eigenvalues",
    "stability_outcome",
]

# name -> coefficients (highest power first) of the polynomial in xi, given lambda and the
# registry's default hyper-parameters ``hp``.
POLYNOMIALS = {
    "gda": lambda lam, hp: [1, -(1 - lam)],
    "tau_gda": lambda lam, hp: [1, -(1 - lam)],
    "eg": lambda lam, hp: [1, -(1 - lam + lam**2)],
    "tau_eg": lambda lam, hp: [1, -(1 - lam + lam**2)],
    "alternating_gda": lambda lam, hp: [1, -(2 + lam**2), 1],
    "ogda": lambda lam, hp: [1, -(1 - 2 * lam), -lam],
    "momentum": lambda lam, hp: [1, -(1 - lam + hp["beta"]), hp["beta"]],
}


def _defaults(name: str) -> dict:
    from zigan_verify.optim.minimax import optim_db

    return next(info.defaults for info in optim_db if info.name == name)


@dataclass(frozen=True)
class LinearMethod:
    r"""A method linear in ``F`` near a stationary point: ``roots(lam)`` are the multipliers
    :math:`\xi` of one eigen-direction of :math:`\eta\Lambda_\tau DF` with eigenvalue
    ``lam``; ``uses_tau``: whether ``Lambda_tau`` scales the min player (else ``tau = 1``)."""

    label: str
    roots: Callable[[complex], np.ndarray]
    uses_tau: bool


def linear_method(name: str) -> LinearMethod:
    """The built-in ``name``'s characteristic polynomial at its registry defaults."""
    poly, hp = POLYNOMIALS[name], _defaults(name)
    return LinearMethod(name, lambda lam: np.roots(poly(lam, hp)), "tau" in hp)


def _method(method: str | LinearMethod) -> LinearMethod:
    return linear_method(method) if isinstance(method, str) else method


def predicted_radius(method: str | LinearMethod, lams: np.ndarray) -> float:
    """Largest root modulus over the eigenvalues ``lams`` of ``eta Lambda DF`` (already scaled)."""
    roots = _method(method).roots
    return max(float(np.abs(roots(complex(lam))).max()) for lam in lams)


def rotation_eigenvalues(
    method: str | LinearMethod, eta: float, tau: float, mus: np.ndarray
) -> np.ndarray:
    """``i eta sqrt(mu_k / tau)`` for the nonzero ``mu_k`` (``tau = 1`` for single-timescale)."""
    t = tau if _method(method).uses_tau else 1.0
    return 1j * eta * np.sqrt(mus[mus > 1e-12 * mus.max()] / t)


def stability_outcome(rho: float) -> str:
    """``stable`` / ``neutral`` / ``unstable`` for a predicted transverse spectral radius."""
    if rho < 1 - 1e-12:
        return "stable"
    return "neutral" if rho <= 1 + 1e-12 else "unstable"


# Methods whose g-update is a combination of g-gradients of functions of (Phi g, theta, w, A):
# f itself, and ||F_y||^2 / ||F||^2 for JARE and ConOpt. Each such gradient lies in R(Phi^T)
# (000 §6), so from g = 0 the iterates stay there.
RANGE_PRESERVING = {"jare", "conopt", *POLYNOMIALS}

# A measured spectral radius matches a predicted one within RHO_TOL: the linearization is exact
# to rounding by autograd (~1e-12) and to ~1e-9 by central differences (h = 1e-5); the broken
# variants of the self-test sit >= 1e-4 away.
RHO_TOL = 1e-6
# Iterates match the claimed built-in's within ITERATE_TOL (max abs difference, iterates O(1)):
# the same arithmetic in another order moves them by ~1e-15, but Adam's eps added before the
# bias correction (the public ExtraAdam; torch.optim.Adam adds it after) is an eps up to
# 1/sqrt(1 - b2) ~ 32x larger and moves the 20 iterates by 8.6e-6; the broken variants of the
# self-test differ by >= 1e-2.
ITERATE_TOL = 1e-4


def number(value, tol: float, why: str) -> dict:
    """One quantitative expectation: ``|measured - value| <= tol`` (max over lists)."""
    return {"value": value, "tol": tol, "why": why}


def _expect(outcome: str, why: str, **numbers: dict) -> dict:
    return {"expect": outcome, "why": why, "numbers": numbers}


def _timescale(method: LinearMethod) -> float:
    from zigan_verify.battery import _checks as C

    return C.TAU if method.uses_tau else 1.0


def _decoupled_radius(method: LinearMethod, lams: np.ndarray) -> float:
    # With w = 0 and A = 0 the players decouple, so alternation changes nothing: use GDA's map.
    return predicted_radius("gda" if method.label == "alternating_gda" else method, lams)


def _rate_numbers(rho: float, why: str) -> dict:
    from zigan_verify.battery import _checks as C

    return {
        "rho": number(rho, RHO_TOL, why),
        "rate": number(
            rho, C.rate_tolerance(rho), f"{why}; the measured rate fits it within 10% in log"
        ),
    }


def _simple_gan_linear(method: str | LinearMethod) -> dict:
    """002 Thm. 1: the eigenvalues of the SimGD Jacobian at w* = (v, 0); each linear method maps
    them through its polynomial."""
    method = _method(method)  # a built-in's name, or a declared method
    import torch

    from zigan_verify.battery import _checks as C

    F, w_star = C._simple_gan()
    lams = C.SIMPLE_GAN["eta"] * torch.linalg.eigvals(torch.func.jacfwd(F)(w_star)).numpy()
    rho = predicted_radius(method, lams)
    why = f"002 Thm. 1: eigenvalues of eta DF(w*) through the method's polynomial; predicted rate {rho:.6f}"
    return _expect("converges" if rho < 1 else "diverges", why, **_rate_numbers(rho, why))


def _simple_gan_regularized(name: str) -> dict:
    """002 §5: the Jacobian A of the JARE / ConOpt update rule (Thm. 3, App. D); rate rho(I + eta A)."""
    from zigan_verify.analysis.jare import factors
    from zigan_verify.battery import _checks as C

    gamma = _defaults(name)["gamma"]
    A = factors.jacobian_numeric(name, C.SIMPLE_GAN["sigma2"], list(C.SIMPLE_GAN["v"]), gamma)
    rho = factors.spectral_radius(A, C.SIMPLE_GAN["eta"])
    why = f"002 §5 (Thm. 3 / App. D): rate rho(I + eta A) = {rho:.6f}"
    return _expect("converges" if rho < 1 else "diverges", why, **_rate_numbers(rho, why))


def _quadratic(method: str | LinearMethod) -> dict:
    """The quadratic game's ``F = M z``: eigenvalues of ``eta Lambda_tau M`` through the
    polynomial (with the tau of the method: slowing the min player's stiff curvature)."""
    method = _method(method)  # a built-in's name, or a declared method
    import torch

    from zigan_verify.battery import _checks as C

    F, z = C.quadratic_game()
    M = torch.func.jacfwd(F)(z)
    scale = torch.ones(4, dtype=M.dtype)
    scale[: F.n_x] = 1 / _timescale(method)
    lams = C.QUADRATIC["eta"] * torch.linalg.eigvals(scale[:, None] * M).numpy()
    rho = predicted_radius(method, lams)
    why = f"eigenvalues of eta Lambda_tau M through the method's polynomial; predicted spectral radius {rho:.10f}"
    return _expect(
        "converges" if rho < 1 - 1e-12 else "diverges", why, rho=number(rho, RHO_TOL, why)
    )


def polynomial_expectations(method: str | LinearMethod) -> dict[str, dict]:
    """Outcome and radius of every linearized check predicted from the method's multipliers."""
    method = _method(method)  # a built-in's name, or a declared method
    import torch

    from zigan_verify.battery import _checks as C
    from zigan_verify.game.closed_form import ClosedForm

    out: dict[str, dict] = {}
    if method.label != "alternating_gda":  # its polynomial holds for bilinear blocks only
        out["simple_gan_contraction"] = _simple_gan_linear(method)
        out["quadratic_timescale"] = _quadratic(method)
    prob, z, mu_max = C._zi_global()
    B = ClosedForm(prob, z).hessian[: prob.n_x, prob.n_x :]
    mus = torch.linalg.eigvalsh(B.T @ B).numpy()
    for check, ratio in (("global_stability_below", 0.5), ("global_stability_above", 2.0)):
        eta = C.stability_eta(ratio, mu_max)
        rho = predicted_radius(method, rotation_eigenvalues(method, eta, C.TAU, mus))
        why = f"000 Thm. 3 / App. B.5: eigenvalues +-i eta sqrt(mu_k/tau); predicted spectral radius {rho:.10f}"
        out[check] = _expect(stability_outcome(rho), why, rho=number(rho, RHO_TOL, why))
    prob2, z2 = C._theorem2_point()
    h = torch.linalg.eigvalsh(ClosedForm(prob2, z2).hessian[prob2.n_x :, prob2.n_x :]).numpy()
    rho = _decoupled_radius(method, -C.ESCAPE_ETA * h[h > 0])
    why = f"000 Thm. 2 / App. B.4: grad^2_yy f has eigenvalue {h.max():.4f} > 0; predicted spectral radius {rho:.6f}"
    out["escape_strict_nonminimax"] = _expect(
        "escapes" if rho > 1 else "stays", why, rho=number(rho, RHO_TOL, why)
    )
    rho = predicted_radius(method, np.array([1j * C.DIRAC_ETA]))
    outcome = {"stable": "converges", "unstable": "diverges", "neutral": "neutral"}[
        stability_outcome(rho)
    ]
    why = (
        f"000 §4: Dirac GAN with l(t) = -t is the rotation F = (-w, g); predicted radius {rho:.6f}"
    )
    out["dirac_zi"] = _expect(outcome, why, rho=number(rho, RHO_TOL, why))
    if method.label in ("eg", "tau_eg"):
        out["dirac_js"] = _expect(
            "stalls", "000 §4, Fig. 1: EG stalls in the flat region of the logistic loss"
        )
    if method.label in ("gda", "tau_gda"):
        out["dirac_js"] = _expect(
            "diverges", "000 §4: GDA diverges on the Dirac GAN for both losses"
        )
    return out


def derived_expectations(name: str) -> dict[str, dict]:
    """The battery expectations that a theorem predicts for built-in ``name``: ``{check:
    {"expect", "why", "numbers": {key: {"value", "tol", "why"}}}}``. Checks absent from the
    result have no theorem for this method."""
    from zigan_verify.battery import _checks as C

    out: dict[str, dict] = {"hygiene": _expect("clean", "required of every optimizer")}
    out["conditions"] = _expect(
        "consistent",
        "NOTE: [battery conditions]: the predictions of the quadratic game (the polynomial's "
        "radius and map for linear methods, the built-in's iterates otherwise) hold however the "
        "optimizer is driven",
    )
    if name in RANGE_PRESERVING:
        why = "000 §6: every g-update is a combination of g-gradients, which lie in R(Phi^T); bound: rounding over 200 steps"
        out["min_norm_invariant"] = _expect(
            "holds", why, relative_violation=number(0.0, C.INVARIANT_BOUND, why)
        )
    if name in ("jare", "conopt"):
        out["simple_gan_contraction"] = _simple_gan_regularized(name)
    if name in POLYNOMIALS:
        out.update(polynomial_expectations(linear_method(name)))
    return out


def baseline_expectation(check: str, outcome, baseline_of: str) -> dict:
    """A regression baseline: the outcome (and numbers) measured on the built-in itself, where
    no theorem predicts them; labelled as such."""
    why = f"regression baseline of {baseline_of}, no theorem: measured {outcome.evidence}"
    numbers = {}
    rho = outcome.data.get("rho")
    if rho is not None and np.isfinite(rho):
        numbers["rho"] = number(rho, RHO_TOL, "regression baseline: the built-in's own radius")
    if "iterates" in outcome.data:
        numbers["iterates"] = number(
            outcome.data["iterates"],
            ITERATE_TOL,
            "regression baseline: the built-in's own iterates",
        )
    return {"expect": outcome.outcome, "why": why, "numbers": numbers, "baseline": True}
