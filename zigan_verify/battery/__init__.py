"""The optimizer conformance battery: guard a minimax optimizer against what the theorems predict.

Hand it an optimizer (NOTE: [battery candidates]) and get, for each theorem-derived check, an
outcome and measured numbers (spectral radius of the linearized update map, NOTE: [battery
linearization]; contraction rate; invariant drift; iterates), what the theorems predict for the
built-in it behaves like (``golden.json``: outcome and numbers with tolerances), a verdict
(``pass`` / ``fail`` / ``error``) and the evidence; a ``fail`` names the mismatch with its numbers
("behaves unlike tau_eg: radius 0.943921 vs predicted 0.955471 (tol 1e-06)"). A check that raises, produces a
non-finite or wrongly shaped iterate, or runs past its time limit gets an ``error`` verdict
with the message; the other checks still run.

Examples:
    >>> from zigan_verify.battery import builtin_candidates, run_battery
    >>> results = run_battery(builtin_candidates()["tau_eg"], only=["dirac_zi"])
    >>> [(r.check, r.outcome, r.verdict) for r in results]
    [('dirac_zi', 'converges', 'pass')]

On a user's zero-sum :class:`~zigan_verify.game.games.Game`, ``run_on_game(candidate, game, omega_star,
eta=...)`` compares the candidate's update map at a stationary point with the theory's prediction
there (NOTE: [battery on a game]); a non-zero-sum game is refused with a clear error.

Public: ``run_battery``, ``run_on_game``, ``CheckResult``, ``load_candidate``, ``resolve_candidate``, ``builtin_candidates``,
``Candidate``, ``golden``, ``CHECKS``; the rest may change.
"""

from __future__ import annotations

import json
import math
import signal
import threading
import time
from collections.abc import Iterable
from contextlib import contextmanager
from functools import cache
from importlib import resources

import numpy as np

from zigan_verify._errors import ZiganError, check_choice, check_positive
from zigan_verify._float64 import float64_default
from zigan_verify.battery._candidate import (
    Candidate,
    builtin_candidates,
    load_candidate,
    resolve_candidate,
)
from zigan_verify.battery._checks import CHECKS
from zigan_verify.battery._game import run_on_game
from zigan_verify.battery._result import CheckResult

__all__ = [
    "CheckTimeout",
    "CHECKS",
    "Candidate",
    "CheckResult",
    "builtin_candidates",
    "golden",
    "load_candidate",
    "resolve_candidate",
    "run_battery",
    "run_on_game",
]

DEFAULT_TIME_LIMIT_S = 60.0  # wall clock: generous for loaded CI machines
MAX_TIME_LIMIT_S = 86400.0  # a day: beyond it, setitimer overflows on some platforms


@cache
def golden() -> dict[str, dict[str, dict]]:
    """Expectations of every built-in optimizer: ``{name: {check: {"expect", "why", "numbers"}}}``
    where ``numbers`` maps a measured quantity (``rho``, ``rate``, ``relative_violation``,
    ``iterates``) to ``{"value", "tol", "why"}``; entries with ``"baseline": true`` are
    regression baselines, the others derived from a theorem."""
    text = resources.files("zigan_verify.battery").joinpath("golden.json").read_text()
    return json.loads(text)["expectations"]


LABELS = {
    "rho": "radius",
    "rate": "contraction rate",
    "relative_violation": "invariant drift",
    "iterates": "iterates",
}


def _deviation(got, value) -> float:
    """``|got - value|`` (max over entries for lists; ``inf`` for a missing or misshapen one)."""
    if got is None:
        return math.inf
    a, b = np.asarray(got, dtype=float), np.asarray(value, dtype=float)
    if a.shape != b.shape:
        return math.inf
    return float(np.max(np.abs(a - b), initial=0.0)) if np.all(np.isfinite(a)) else math.inf


def _mismatches(out, expectation: dict) -> list[str]:
    """What separates a measured outcome from the expectation, in words with the numbers."""
    misses = []
    if out.outcome != expectation["expect"]:
        misses.append(f"outcome {out.outcome!r} vs predicted {expectation['expect']!r}")
    for key, spec in expectation.get("numbers", {}).items():
        got, value, tol = out.data.get(key), spec["value"], spec["tol"]
        dev = _deviation(got, value)
        if dev <= tol:
            continue
        if isinstance(value, list):
            misses.append(f"{LABELS[key]} differ by up to {dev:.2e} (tol {tol:.0e})")
        else:
            shown = "missing" if got is None else f"{got:.6f}"
            misses.append(f"{LABELS[key]} {shown} vs predicted {value:.6f} (tol {tol:.0e})")
    return misses


class CheckTimeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    """Raise :class:`CheckTimeout` after ``seconds`` (SIGALRM; main thread only, else no limit)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def handler(signum, frame):
        raise CheckTimeout(f"exceeded the time limit of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_battery(
    candidate: Candidate,
    *,
    only: Iterable[str] | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT_S,
) -> list[CheckResult]:
    """Run the checks (all, or ``only`` these) on ``candidate``; never raises for a faulty
    candidate: its faults become ``error`` verdicts."""
    check_positive("time limit", time_limit)
    if time_limit > MAX_TIME_LIMIT_S:
        raise ZiganError(
            f"time limit must be at most {MAX_TIME_LIMIT_S:g} s per check, got {time_limit:g}"
        )
    names = list(CHECKS) if only is None else list(only)
    for name in names:
        check_choice("check", name, CHECKS)
    expectations = golden()[candidate.behaves_like]
    results = []
    for name in names:
        fn, claim, _ = CHECKS[name]
        expectation = expectations[name]
        expected = expectation["expect"]
        start = time.perf_counter()
        try:
            with _time_limit(time_limit), float64_default():  # NOTE: [float64 verification]
                out = fn(candidate)
        except ZiganError:
            raise
        except Exception as exc:  # noqa: BLE001 - a faulty optimizer is reported, not raised
            seconds = time.perf_counter() - start
            results.append(
                CheckResult(
                    name, claim, "error", expected, "error", f"{type(exc).__name__}: {exc}", seconds
                )
            )
            continue
        seconds = time.perf_counter() - start
        misses = _mismatches(out, expectation)
        verdict, evidence = "pass", out.evidence
        if misses:
            verdict = "fail"
            evidence = f"behaves unlike {candidate.behaves_like}: {'; '.join(misses)}. {evidence}"
        results.append(
            CheckResult(name, claim, out.outcome, expected, verdict, evidence, seconds, out.data)
        )
    return results
