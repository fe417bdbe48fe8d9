"""The whole battery (13 checks) for novel optimizers judged by their declarations and a recorded
baseline, beside built-ins in the same run (issue 23 target: <= 60 s per optimizer on 2 cores).

Run: ``OMP_NUM_THREADS=1 pytest benchmarks/bench_battery_novel.py -p no:randomly`` (record
``uptime`` beside it). Each case reports wall and CPU seconds (``time.process_time``, robust to
other processes on a shared machine) and writes ``benchmarks/results/battery_novel.md``. The novel
cases are the self-test's implementations (``tests/battery_novel_variants.py``): a subclass of
torch's SGD (EG with momentum 0.5, declared characteristic polynomial) and a subclass of torch's
Adam (optimistic Adam), both linearized by central differences, the slowest path.
"""

import sys
import time
from pathlib import Path

import pytest
from _results import write_rows

from zigan_verify.battery import record_baseline, resolve_candidate, run_battery

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import battery_novel_variants as V  # noqa: E402 - the self-test's implementations

ROWS: dict[str, str] = {}


def _cases():
    yield "tau_eg (built-in, autograd)", lambda: resolve_candidate("tau_eg"), False
    yield (
        "ExtraAdam (torch.optim class)",
        lambda: resolve_candidate("zigan_verify.optim.torch_optim:ExtraAdam"),
        False,
    )
    yield (
        "EG-momentum, torch SGD subclass, declared + baseline",
        lambda: V.candidate(V.ExtraSGDMomentum, "egm", "eg_momentum", declare=True),
        True,
    )
    yield (
        "optimistic Adam, torch Adam subclass, baseline",
        lambda: V.candidate(V.OptimisticTorchAdam, "oadam", "optimistic_adam", declare=True),
        True,
    )


@pytest.mark.benchmark(group="battery_novel")
@pytest.mark.parametrize(
    ("what", "build", "baseline"),
    list(_cases()),
    ids=["tau_eg", "ExtraAdam", "eg_momentum_sgd", "optimistic_torch_adam"],
)
def test_battery_novel(benchmark, what, build, baseline):
    candidate = build()
    recorded = record_baseline(candidate, run_battery(candidate)) if baseline else None
    t, c = time.perf_counter(), time.process_time()
    results = benchmark.pedantic(
        run_battery, (candidate,), {"baseline": recorded}, rounds=1, iterations=1
    )
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    assert [r.check for r in results if r.verdict != "pass"] == []
    ROWS[what] = f"{cpu:.1f} s CPU, {wall:.1f} s wall"
    write_rows(
        "battery_novel",
        [(f"whole battery, {k} (`bench_battery_novel.py`)", v) for k, v in ROWS.items()],
    )
