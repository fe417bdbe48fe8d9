"""The battery's checks in their order, and the built-ins' theorem-derived expectations of all of
them: the core checks of :mod:`~zigan_verify.battery._checks` with the checks that hold for any
first-order method (:mod:`~zigan_verify.battery._novel`), Adam's step law
(:mod:`~zigan_verify.battery._adam`) and the conditions matrix
(:mod:`~zigan_verify.battery._conditions`)."""

from __future__ import annotations

from collections.abc import Callable

from zigan_verify.battery import _checks
from zigan_verify.battery._adam import adam_expectation, check_adam_moments
from zigan_verify.battery._conditions import CONDITIONS_CHECKS
from zigan_verify.battery._novel import check_fixed_points, fixed_points_expectation
from zigan_verify.battery._theory import derived_expectations as _core_expectations

__all__ = ["CHECKS", "derived_expectations"]

# name -> (function, claim id it derives from, one-line description); cheap and universal first
CHECKS: dict[str, tuple[Callable, str, str]] = {
    "fixed_points": (
        check_fixed_points,
        "000.s5.1.updates",
        "fixed points are exactly the zeros of F (any first-order method)",
    ),
    **{k: v for k, v in _checks.CHECKS.items() if k != "hygiene"},
    "adam_moments": (
        check_adam_moments,
        "",
        "constant F at 4 scales: bias correction and eps placement (Kingma & Ba Alg. 1)",
    ),
    "hygiene": _checks.CHECKS["hygiene"],
    **CONDITIONS_CHECKS,  # NOTE: [battery conditions]
}


def derived_expectations(name: str) -> dict[str, dict]:
    """Every expectation a theorem predicts for built-in ``name`` (see
    :func:`zigan_verify.battery._theory.derived_expectations`), with ``fixed_points`` and
    ``adam_moments``."""
    return {
        **_core_expectations(name),
        "fixed_points": fixed_points_expectation(),
        "adam_moments": adam_expectation(name),
    }
