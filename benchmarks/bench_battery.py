"""The whole optimizer battery for one optimizer, the conditions matrix included (issue 23
target: <= 60 CPU seconds per optimizer on 2 cores).

Run: ``pytest benchmarks/bench_battery.py``; compares a step-interface built-in (linearized by
autograd, cross-checked by central differences) with the same method as a torch.optim class
(fresh instances per evaluation, central differences at two step sizes) and as a user's
two-optimizer GAN set-up driven through the training-loop harness (``TrainingLoop``: modules,
``backward()``, ``zero_grad()``). Writes ``results/battery.md``: CPU seconds
(``time.process_time``: robust to other processes on a shared machine) beside wall seconds and
the load average.
"""

import os
import sys
import time
from pathlib import Path

import pytest
from _results import write_rows

from zigan_verify.battery import MAX_TIME_LIMIT_S, loop_candidate, resolve_candidate, run_battery

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

SPECS = [
    "tau_eg",
    "zigan_verify.optim.torch_optim:ExtraSGD",
    "adam_eg",
    "zigan_verify.optim.torch_optim:ExtraAdam",
    "zigan_verify.optim.torch_optim:OptimisticSGD",
    "jare",
    "gan_loop",  # tests/battery_variants_loop.py: separate G/D extragradient SGD, own train_step
]
ROWS: dict[str, tuple[float, float, float, float]] = {}  # name: CPU, wall, conditions wall, load


def _candidate(spec: str):
    if spec == "gan_loop":
        from battery_variants_loop import GAN_LOOP

        return loop_candidate(GAN_LOOP, "gan_loop")
    return resolve_candidate(spec)


def _timed(candidate):
    cpu, wall = time.process_time(), time.perf_counter()
    # no wall-clock limit: on a loaded shared machine it would turn slow checks into errors
    results = run_battery(candidate, time_limit=MAX_TIME_LIMIT_S)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    conditions = next(r.seconds for r in results if r.check == "conditions")
    ROWS[candidate.name] = (cpu, wall, conditions, os.getloadavg()[0])
    return results


@pytest.mark.benchmark(group="battery")
@pytest.mark.parametrize("spec", SPECS)
def test_battery_one_optimizer(benchmark, spec):
    results = benchmark.pedantic(_timed, (_candidate(spec),), rounds=1, iterations=1)
    shown = ", ".join(
        f"{name.rsplit(':', 1)[-1]} {cpu:.1f} s CPU ({wall:.1f} s wall, load {load:.1f})"
        for name, (cpu, wall, _, load) in ROWS.items()
    )
    write_rows("battery", [("the whole battery with the conditions matrix, per optimizer", shown)])
    assert all(r.verdict == "pass" for r in results), [r.evidence for r in results]
