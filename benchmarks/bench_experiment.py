"""One full-batch tau-EG step of the 000 §7 experiment at each scale, float64 vs float32, CPU
(and CUDA when present): the cost behind the projected paper-scale time (docs/guide/experiments.md).

Run: ``pytest benchmarks/bench_experiment.py``. Each case times
``tau_eg.step(z, state, F)`` on the ZI problem of :data:`zigan_verify.experiments.zigan_s7.SCALES`
(two evaluations of ``F`` by ``torch.func.grad`` of the problem's ``f``);
``extra_info["projected_hours"]`` is ``mean step time x scale.steps / 3600`` for one run, and
the float32 case stores its speed-up over float64 in ``extra_info["speedup_vs_float64"]``.
"""

import pytest
import torch

from zigan_verify.experiments import zigan_s7

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
_FLOAT64_MEAN: dict[tuple[str, str], float] = {}


pytestmark = pytest.mark.usefixtures("one_torch_thread")  # benchmarks/conftest.py


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("scale", list(zigan_s7.SCALES))
@pytest.mark.parametrize("dtype", ["float64", "float32"])  # float64 first: the ratio needs it
@pytest.mark.benchmark(group="s7-eg-step")
def test_eg_step(benchmark, scale, dtype, device):
    sc = zigan_s7.SCALES[scale]
    prob = zigan_s7.build(sc, dtype=getattr(torch, dtype), device=device)
    z = zigan_s7.initial_point(prob, 0)
    opt, F = zigan_s7.Setting("zi", "eg", 5.0).optimizer(sc.eta), prob.operator
    state = opt.init(z)

    def step():
        out = opt.step(z, state, F)[0]
        if device == "cuda":
            torch.cuda.synchronize()
        return out

    rounds = 3 if scale == "paper" else 10
    out = benchmark.pedantic(step, rounds=rounds, warmup_rounds=1)
    assert out.dtype == getattr(torch, dtype)
    assert torch.isfinite(out).all()
    mean = benchmark.stats.stats.mean
    benchmark.extra_info["projected_hours"] = mean * sc.steps / 3600
    if dtype == "float64":
        _FLOAT64_MEAN[(scale, device)] = mean
    elif (scale, device) in _FLOAT64_MEAN:
        benchmark.extra_info["speedup_vs_float64"] = _FLOAT64_MEAN[(scale, device)] / mean
