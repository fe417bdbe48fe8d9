"""Wall time of the default test suite: ``pytest -n 2`` and ``pytest -n 0`` (no xdist; issue 16
targets on 2 cores: 60 s and 2 min).

Run: ``pytest benchmarks/bench_suite.py -m slow -s`` on an otherwise idle machine. Each case is
one run of the README's test command in a subprocess (``CI=true``, the project's ``conftest.py`` and
``pyproject.toml`` settings), start-up and collection included; its wall and CPU seconds (user +
system of pytest and its xdist workers) go to the benchmark table (docs/benchmarks.md). The run must pass.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from _results import cpu_children, where_and_load, write_rows

ROOT = Path(__file__).resolve().parents[1]


def _suite(workers: str) -> str:
    env = {**os.environ, "CI": "true"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", workers, "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]
    return proc.stdout.strip().splitlines()[-1]


TARGET = {"2": "60 s", "0": "2 min"}


@pytest.mark.slow
@pytest.mark.benchmark(group="suite")
@pytest.mark.parametrize("workers", list(TARGET))
def test_default_suite_wall_time(benchmark, workers):
    cpu = cpu_children()
    last = benchmark.pedantic(_suite, (workers,), rounds=1, iterations=1)
    wall, cpu = benchmark.stats.stats.max, cpu_children() - cpu
    outcome = re.sub(r" in [\d.]+s.*", "", last.strip("= "))
    print(f"\ndefault suite, -n {workers}: {wall:.1f} s wall, {cpu:.1f} s CPU: {outcome}")
    what = f"default test suite, `pytest -n {workers}`" + (" (no xdist)" if workers == "0" else "")
    write_rows(
        f"suite_n{workers}",
        [
            (
                f"{what}, start-up and collection included (issue 16 target: {TARGET[workers]};"
                f" {where_and_load()})",
                f"{wall:.1f} s wall, {cpu:.1f} s CPU: {outcome}",
            )
        ],
    )
