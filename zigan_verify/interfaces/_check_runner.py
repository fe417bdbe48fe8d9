"""Running claim checks, in parallel worker processes, with per-check timing.

NOTE: [parallel checks]
Claim checks are independent (each builds its own instances from literal seeds), so
:func:`run_checks` runs the fast ones in ``jobs`` worker processes
(``concurrent.futures.ProcessPoolExecutor``). Each worker sets torch to one intra-op thread
(``jobs`` processes x 1 thread: no oversubscription of the cores), ignores SIGINT (the calling
process handles Ctrl-C and stops the workers) and uses the proof cache as the caller does
(NOTE: [proof cache]). Checks are submitted longest first, by the wall times of the previous
run (kept in the cache directory while the cache is on; registry order otherwise), so the longest
check does not start last. ``jobs=1`` runs everything in the calling process. Slow (paper-scale)
claims always run in the calling process, one at a time, after the others: they report their
inner progress and need up to ~2 GB each. Workers start by ``fork`` on Linux, by ``spawn``
elsewhere. Before forking, the calling process imports the check modules of the claims to run
and what ``torch.func`` imports on first use (``torch._dynamo`` for ``grad``, ~1 s CPU; the
forward-mode decompositions for ``jacfwd``, ~0.2 s), so that the workers inherit them instead of each importing them again; it computes nothing (a forked child
must not inherit a started OpenMP pool).

Results come back in the order of the claims given, each with the wall and CPU seconds its
check took in its own process (CPU time is what a loaded machine does not inflate); :attr:`Evidence.data` comes back JSON-safe (:func:`zigan_verify.interfaces.report.jsonable`)
so that any check's numbers cross the process boundary.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from zigan_verify import _disk_cache
from zigan_verify._errors import ZiganError
from zigan_verify.claims import Claim, Evidence, Status, get_claim, run_check
from zigan_verify.claims._test_index import tests_of
from zigan_verify.interfaces.report import jsonable

__all__ = ["CheckRun", "default_jobs", "run_checks"]

_TIMINGS = "check-seconds"  # the cache entry with the previous run's wall time per claim


@dataclass(frozen=True)
class CheckRun:
    """One claim's check in one run: its evidence and the wall and CPU seconds the check took."""

    claim: Claim
    evidence: Evidence
    seconds: float
    cpu_seconds: float = 0.0

    @property
    def agrees(self) -> bool:
        return self.evidence.verdict is self.claim.status

    def row(self) -> dict:
        """The claim's row of the ``check --json`` report (``schemas/check.schema.json``)."""
        c, e = self.claim, self.evidence
        paper = c.paper_info
        return {
            "id": c.id,
            "paper": {
                "id": paper.id,
                "short": paper.short,
                "title": paper.title,
                "authors": paper.authors,
                "file": paper.file,
            },
            "where": c.where,
            "statement": c.statement,
            "registered": c.status.value,
            "verdict": e.verdict.value,
            "agrees": self.agrees,
            "correction": c.correction or None,
            "evidence": e.summary,
            "data": jsonable(e.data),
            "tests": tests_of(c.id),
            "seconds": self.seconds,
            "cpu_seconds": self.cpu_seconds,
        }


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _timed(claim: Claim) -> CheckRun:
    start, cpu = time.perf_counter(), time.process_time()
    evidence = run_check(claim)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return CheckRun(
        claim, Evidence(evidence.verdict, evidence.summary, jsonable(evidence.data)), seconds, cpu
    )


def _init_worker(cache_enabled: bool) -> None:
    from zigan_verify._runtime import set_threads

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # one thread per worker, for torch and for NumPy's BLAS (NOTE: [threads on a shared machine])
    set_threads(1)
    _disk_cache.configure(enabled=cache_enabled)


def _check_in_worker(claim_id: str) -> tuple[str, str, dict, float, float]:
    run = _timed(get_claim(claim_id))
    e = run.evidence
    return e.verdict.value, e.summary, e.data, run.seconds, run.cpu_seconds


def _longest_first(claims: list[Claim]) -> list[Claim]:
    seconds = _disk_cache.load(_TIMINGS) or {}
    # never timed: first (it may be long); then by the previous wall time, longest first
    return sorted(claims, key=lambda c: -float(seconds.get(c.id, float("inf"))))


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now (on Ctrl-C or an error)."""
    kill = getattr(pool, "terminate_workers", None)  # Python >= 3.14
    if kill is not None:
        kill()
        return
    workers = list((getattr(pool, "_processes", None) or {}).values())  # before shutdown drops it
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        process.terminate()


def _preload(claims: list[Claim]) -> None:
    """Import what every forked worker would otherwise import again (NOTE: [parallel checks])."""
    import torch._decomp.decompositions_for_jvp  # noqa: F401 - by torch.func.jacfwd's first call
    import torch._dynamo  # noqa: F401 - by torch.func.grad's first call

    for claim in claims:
        try:
            claim.check_function()
        except Exception:  # noqa: BLE001, S112 - the worker imports it again and reports the error
            continue


def _in_pool(
    claims: list[Claim], jobs: int, on_done: Callable[[CheckRun], None]
) -> dict[str, CheckRun]:
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    if method == "fork":
        _preload(claims)
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
        initargs=(_disk_cache.enabled(),),
    )
    done: dict[str, CheckRun] = {}
    try:
        futures: dict[Future, Claim] = {
            pool.submit(_check_in_worker, c.id): c for c in _longest_first(claims)
        }
        for future in as_completed(futures):
            claim = futures[future]
            try:
                verdict, summary, data, seconds, cpu = future.result()
                run = CheckRun(claim, Evidence(Status(verdict), summary, data), seconds, cpu)
            except Exception as exc:  # noqa: BLE001 - a dead worker is this check's error verdict
                run = CheckRun(claim, Evidence(Status.ERROR, f"{type(exc).__name__}: {exc}"), 0.0)
            done[claim.id] = run
            on_done(run)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)
    return done


def run_checks(
    claims: Iterable[Claim],
    *,
    jobs: int = 1,
    on_done: Callable[[CheckRun], None] = lambda run: None,
    on_progress: Callable[[Claim, str], None] | None = None,
) -> list[CheckRun]:
    """Run the checks of ``claims`` (NOTE: [parallel checks]); results in the order given.

    Args:
        claims: the claims to check.
        jobs: worker processes for the fast checks (1: in this process).
        on_done: called with each result as it arrives.
        on_progress: called with a slow check's inner progress messages.
    """
    if jobs < 1:
        raise ZiganError(f"jobs must be >= 1, got {jobs}")
    claims = list(claims)
    fast = [c for c in claims if not c.slow]
    decided = [c for c in fast if c.status is not Status.PENDING and c.check]
    done: dict[str, CheckRun] = {}
    if jobs > 1 and len(decided) > 1:
        done.update(_in_pool(decided, min(jobs, len(decided)), on_done))
    for claim in fast:
        if claim.id not in done:
            done[claim.id] = run = _timed(claim)
            on_done(run)
    for claim in (c for c in claims if c.slow):
        done[claim.id] = run = _slow(claim, on_progress)
        on_done(run)
    _disk_cache.store(_TIMINGS, {**(_disk_cache.load(_TIMINGS) or {}), **_seconds(done)})
    return [done[c.id] for c in claims]


def _seconds(done: dict[str, CheckRun]) -> dict[str, float]:
    return {cid: run.seconds for cid, run in done.items()}


def _slow(claim: Claim, on_progress: Callable[[Claim, str], None] | None) -> CheckRun:
    if on_progress is None:
        return _timed(claim)
    from zigan_verify.analysis.paper_scale import progress_reporter

    with progress_reporter(lambda msg: on_progress(claim, msg)):
        return _timed(claim)
