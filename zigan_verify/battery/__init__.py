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
``Candidate``, ``TrainingLoop``, ``loop_candidate``, ``golden``, ``CHECKS``; the rest may change.
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
from zigan_verify.battery._baseline import (
    MARGIN,
    load_baseline,
    record_baseline,
    write_baseline,
)
from zigan_verify.battery._candidate import (
    Candidate,
    builtin_candidates,
    load_candidate,
    loop_candidate,
    make_candidate,
    resolve_candidate,
)
from zigan_verify.battery._game import run_on_game
from zigan_verify.battery._harness import TrainingLoop
from zigan_verify.battery._novel import check_declarations, declared_expectations, radius_hint
from zigan_verify.battery._registry import CHECKS
from zigan_verify.battery._result import CheckResult

__all__ = [
    "CheckTimeout",
    "CHECKS",
    "Candidate",
    "CheckResult",
    "TrainingLoop",
    "builtin_candidates",
    "expectations_for",
    "golden",
    "load_baseline",
    "load_candidate",
    "loop_candidate",
    "make_candidate",
    "record_baseline",
    "write_baseline",
    "resolve_candidate",
    "run_battery",
    "run_on_game",
]

# NOTE: [battery CPU time]
# The per-check limit counts the process's CPU time (user + system, all threads: ITIMER_PROF and
# time.process_time), not wall-clock time: on a shared CI runner a check that waits for a core
# gets no less CPU, so it is not turned into an ``error`` verdict by other jobs' load. A check that
# blocks without computing (a sleep, a lock) is stopped by a wall-clock backstop at
# WALL_BACKSTOP times the limit: loaded runners slow CPU-bound work by the number of jobs per core
# (2-4 on the shared CI machines), far less than 10.
DEFAULT_TIME_LIMIT_S = 60.0
WALL_BACKSTOP = 10.0
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
    "drift": "drift from an exact zero of F",
    "unit_ratio": "step/lr at |g| ~ 1",
    "tiny_ratio": "step/lr at |g| = 1e-10",
    "eps_effective": "effective eps",
}


# numbers whose measurement carries its own error bound (NOTE: [battery baselines])
ERROR_OF = {"rho": "rho_err", "iterates": "iterates_err"}


def _deviation(got, value) -> float:
    """``|got - value|`` (max over entries for lists; ``inf`` for a missing or misshapen one)."""
    if got is None:
        return math.inf
    a, b = np.asarray(got, dtype=float), np.asarray(value, dtype=float)
    if a.shape != b.shape:
        return math.inf
    return float(np.max(np.abs(a - b), initial=0.0)) if np.all(np.isfinite(a)) else math.inf


def _fmt(x: float, near: float | None = None) -> str:
    """Six decimals (three significant digits in scientific notation for tiny numbers), or as
    many significant digits as it takes to tell ``x`` from ``near``."""
    if near is not None and x != near and abs(x - near) < 1e-6 * max(abs(x), abs(near)):
        digits = min(17, 2 + math.ceil(-math.log10(abs(x - near) / max(abs(x), abs(near)))))
        return f"{x:.{digits}g}"
    return f"{x:.6f}" if x == 0 or abs(x) >= 1e-3 else f"{x:.3e}"


def _mismatches(out, expectation: dict, word: str = "predicted") -> list[str]:
    """What separates a measured outcome from the expectation, numbers first: ``radius 1.732051
    vs predicted 1.000000 (tol 1e-06)``; ``word`` says where the expectation came from."""
    misses = []
    for key, spec in expectation.get("numbers", {}).items():
        got, value, tol = out.data.get(key), spec["value"], spec["tol"]
        err = out.data.get(ERROR_OF.get(key, ""))
        if word == "recorded" and err is not None and math.isfinite(err):
            tol += MARGIN * err  # the recording's error bound is in tol; this measurement's adds
        dev = _deviation(got, value)
        if dev <= tol:
            continue
        if isinstance(value, list):
            misses.append(f"{LABELS[key]} differ by up to {dev:.2e} from {word} (tol {tol:.0e})")
        else:
            shown = "missing" if got is None else _fmt(got, value)
            misses.append(f"{LABELS[key]} {shown} vs {word} {_fmt(value, got)} (tol {tol:.0e})")
    if out.outcome != expectation["expect"]:
        misses.append(f"outcome {out.outcome!r} vs {word} {expectation['expect']!r}")
    return misses


def expectations_for(candidate: Candidate) -> dict[str, dict]:
    """The theory's expectations of ``candidate``: its built-in's golden entries, or a novel
    method's universal and declared ones (NOTE: [battery novel optimizers]); a check absent
    from the result has none."""
    if candidate.behaves_like is None:
        check_declarations(candidate.name, candidate.declared or {}, CHECKS)
        return declared_expectations(candidate.name, candidate.declared or {})
    return golden()[candidate.behaves_like]


def _judge(candidate: Candidate, check: str, out, theory: dict | None, recorded: dict | None):
    """Verdict and evidence of one check's outcome against the theory's expectation and the
    recorded baseline (either may be missing); the numbers lead, then any built-in whose
    predicted radius the measured one equals, then the check's own evidence."""
    who = (
        f"behaves unlike {candidate.behaves_like}"
        if candidate.behaves_like is not None
        else "behaves unlike its declaration"
    )
    parts = []
    if theory is not None:
        misses = _mismatches(out, theory)
        if misses:
            parts.append(f"{who}: {'; '.join(misses)}")
    if recorded is not None:
        misses = _mismatches(out, recorded, "recorded")
        if misses:
            parts.append(f"departs from its baseline: {'; '.join(misses)}")
    hint = radius_hint(check, out.data.get("rho"), candidate.behaves_like, golden())
    if theory is None and recorded is None:
        rho = out.data.get("rho")
        lead = f"radius {rho:.6f}; " if rho is not None and math.isfinite(rho) else ""
        note = f"{lead}no expectation (declare one or record a baseline)"
        return "report", ". ".join(p for p in (note, hint, out.evidence) if p)
    if not parts:  # a built-in's look-alikes are noise when it passes; a novel method's, news
        shown = hint if candidate.behaves_like is None else ""
        return "pass", ". ".join(p for p in (out.evidence, shown) if p)
    return "fail", ". ".join(p for p in ("; ".join(parts), hint, out.evidence) if p)


class CheckTimeout(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    """Raise :class:`CheckTimeout` after ``seconds`` of CPU time (NOTE: [battery CPU time];
    SIGPROF; main thread only, else no limit)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def cpu(signum, frame):
        raise CheckTimeout(f"exceeded the CPU-time limit of {seconds:g} s")

    def wall(signum, frame):
        raise CheckTimeout(
            f"made no progress: {WALL_BACKSTOP * seconds:g} s of wall-clock time "
            f"({WALL_BACKSTOP:g}x the CPU-time limit of {seconds:g} s) without using it"
        )

    previous = signal.signal(signal.SIGPROF, cpu), signal.signal(signal.SIGALRM, wall)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, WALL_BACKSTOP * seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, previous[0])
        signal.signal(signal.SIGALRM, previous[1])


def run_battery(
    candidate: Candidate,
    *,
    only: Iterable[str] | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT_S,
    baseline: dict | None = None,
) -> list[CheckResult]:
    """Run the checks (all, or ``only`` these) on ``candidate``; never raises for a faulty
    candidate: its faults become ``error`` verdicts. ``baseline`` (a document of
    :func:`load_baseline`, NOTE: [battery baselines]) adds the recorded outcomes and numbers to
    the theory's expectations; a check with neither gets the verdict ``report``.
    ``time_limit`` is CPU seconds per check (NOTE: [battery CPU time])."""
    check_positive("time limit", time_limit)
    if time_limit > MAX_TIME_LIMIT_S:
        raise ZiganError(
            f"time limit must be at most {MAX_TIME_LIMIT_S:g} s per check, got {time_limit:g}"
        )
    names = list(CHECKS) if only is None else list(only)
    for name in names:
        check_choice("check", name, CHECKS)
    expectations = expectations_for(candidate)
    recorded_checks = (baseline or {}).get("checks", {})
    results = []
    for name in names:
        fn, claim, _ = CHECKS[name]
        theory, recorded = expectations.get(name), recorded_checks.get(name)
        expected = (theory or recorded or {"expect": "none"})["expect"]
        start, cpu = time.perf_counter(), time.process_time()
        try:
            with _time_limit(time_limit), float64_default():  # NOTE: [float64 verification]
                out = fn(candidate)
        except ZiganError:
            raise
        except Exception as exc:  # noqa: BLE001 - a faulty optimizer is reported, not raised
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            evidence = f"{type(exc).__name__}: {exc}"
            results.append(
                CheckResult(
                    name, claim, "error", expected, "error", evidence, seconds, cpu_seconds=cpu
                )
            )
            continue
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        verdict, evidence = _judge(candidate, name, out, theory, recorded)
        results.append(
            CheckResult(
                name, claim, out.outcome, expected, verdict, evidence, seconds, out.data, cpu
            )
        )
    return results
