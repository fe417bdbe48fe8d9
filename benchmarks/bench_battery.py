"""The whole optimizer battery for one optimizer (issue target: <= 30 s on 2 cores).

Run: ``pytest benchmarks/bench_battery.py``; compare the built-in tau-EG with the torch.optim-style
adapter (which linearizes by central differences instead of autograd).
"""

import pytest

from zigan_verify.battery import run_battery
from zigan_verify.battery._candidate import builtin_candidates


@pytest.mark.benchmark(group="battery")
@pytest.mark.parametrize("name", ["tau_eg", "jare"])
def test_battery_one_optimizer(benchmark, name):
    results = benchmark.pedantic(run_battery, (builtin_candidates()[name],), rounds=2, iterations=1)
    assert all(r.verdict == "pass" for r in results)
