"""The whole optimizer battery for one optimizer (issue target: <= 30 s on 2 cores).

Run: ``pytest benchmarks/bench_battery.py``; compares a step-interface built-in (linearized by
autograd, cross-checked by central differences) with the same method as a torch.optim class
(fresh instances per evaluation, central differences at two step sizes).
"""

import pytest

from zigan_verify.battery import resolve_candidate, run_battery

SPECS = [
    "tau_eg",
    "zigan_verify.optim.torch_optim:ExtraSGD",
    "adam_eg",
    "zigan_verify.optim.torch_optim:ExtraAdam",
    "jare",
]


@pytest.mark.benchmark(group="battery")
@pytest.mark.parametrize("spec", SPECS)
def test_battery_one_optimizer(benchmark, spec):
    results = benchmark.pedantic(run_battery, (resolve_candidate(spec),), rounds=1, iterations=1)
    assert all(r.verdict == "pass" for r in results)
