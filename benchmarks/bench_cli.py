"""Wall time of the main job, ``zigan-verify check`` (issue #15 target: <= 20 s on 2 cores).

Run: ``pytest benchmarks/bench_cli.py -m slow -s``. Three runs of the installed console script,
each the whole set of fast claim checks, start-up included, in one session:

* ``after-cold`` -- ``-j 2`` with an empty proof cache (a fresh CI machine);
* ``after-warm`` -- ``-j 2`` with the cache the cold run filled (a developer's second run);
* ``before`` -- ``-j 1 --no-cache``: every check in one process, every SymPy proof re-derived
  (what ``check`` did before the parallel runner and the proof cache).

Reference, main at 064a40e (before issue 15's second round: Theorem 3's simulation through the
autograd operator, no preloading before fork): ``check -j 2 --json``, warm cache, quiet machine:
77 s wall, 150 s CPU (000.thm3 51 s, 000.B1.P1 50.5 s). Rows of ``check --json`` carry
``cpu_seconds`` per claim, which a loaded machine inflates less than wall time.

Each run's CPU time (user + sys of the command and its workers) is kept in ``extra_info``;
the three reports must give every claim the same verdict and evidence, so the speed-up weakens
no check.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _results import cpu_children, where_and_load, write_rows

import zigan_verify

SCRIPT = shutil.which("zigan-verify", path=str(Path(sys.executable).parent))
# in this order: the cold run fills the cache the warm run reads
RUNS = {"after-cold": ["-j", "2"], "after-warm": ["-j", "2"], "before": ["-j", "1", "--no-cache"]}
_reports: dict[str, dict] = {}
_measured: dict[str, tuple[float, float]] = {}  # run -> (wall s, CPU s)
_LABEL = {"after-cold": "empty proof cache", "after-warm": "warm proof cache"}


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = str(Path(zigan_verify.__file__).resolve().parents[1])
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]),
        "ZIGAN_VERIFY_CACHE_DIR": str(tmp_path_factory.mktemp("proof-cache")),
        "OMP_NUM_THREADS": "1",
    }


def _check(args: list[str], env: dict) -> dict:
    proc = subprocess.run(
        [SCRIPT, "check", "--json", *args], capture_output=True, text=True, env=env, check=False
    )
    # 1 is a complete run in which some verdict disagrees with the registry (the report says which)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.slow
@pytest.mark.skipif(SCRIPT is None, reason="the console script is not installed")
@pytest.mark.benchmark(group="check")
@pytest.mark.parametrize("run", list(RUNS))
def test_check_wall_time(benchmark, env, run):
    cpu = cpu_children()
    rep = benchmark.pedantic(_check, (RUNS[run], env), rounds=1, iterations=1)
    benchmark.extra_info["cpu_seconds"] = round(cpu_children() - cpu, 1)
    benchmark.extra_info["claims"] = rep["summary"]["total"]
    _reports[run] = rep
    print(
        f"\n{run}: {benchmark.stats.stats.max:.1f} s wall, "
        f"{benchmark.extra_info['cpu_seconds']} s CPU, {rep['summary']['total']} claims, "
        f"exit {rep['exit_code']}, disagree {[r['id'] for r in rep['claims'] if not r['agrees']]}",
        flush=True,
    )
    verdicts = [(r["id"], r["verdict"], r["evidence"]) for r in rep["claims"]]
    first = next(iter(_reports.values()))
    assert verdicts == [(r["id"], r["verdict"], r["evidence"]) for r in first["claims"]]
    _measured[run] = (benchmark.stats.stats.max, benchmark.extra_info["cpu_seconds"])
    if len(_measured) == len(RUNS):
        _write_rows(rep["summary"]["total"])


def _write_rows(claims: int) -> None:
    """Benchmark-table rows (benchmarks/_results.py): each ``after`` run against ``before``."""
    before_wall, before_cpu = _measured["before"]
    rows = []
    for run, label in _LABEL.items():
        wall, cpu = _measured[run]
        rows.append(
            (
                f"`zigan-verify check` ({claims} fast claims, start-up included), `-j 2`, {label}"
                " vs `-j 1 --no-cache` (wall; issue 15 target: 20 s)",
                f"{wall:.1f} s ({cpu:.1f} s CPU) vs {before_wall:.1f} s ({before_cpu:.1f} s CPU):"
                f" {before_wall / wall:.1f}x",
            )
        )
    write_rows("check_cli", rows)
    _write_claim_rows()


def _write_claim_rows(top: int = 5) -> None:
    """The costliest claims of the warm run by CPU seconds (a loaded machine inflates their wall
    time, not their CPU time), with the machine and its load: issue 26's per-check rows."""
    rows = sorted(_reports["after-warm"]["claims"], key=lambda r: -r["cpu_seconds"])[:top]
    where = where_and_load()
    write_rows(
        "check_cli_claims",
        [
            (
                f"`zigan-verify check --claim {r['id']}` inside `check -j 2` (warm cache; {where})",
                f"{r['cpu_seconds']:.2f} s CPU ({r['seconds']:.2f} s wall)",
            )
            for r in rows
        ],
    )
