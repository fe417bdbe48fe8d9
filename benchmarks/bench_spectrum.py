"""Benchmarks: one Lambda_tau DF matvec vs one gradient, and the paper-scale top-10 spectrum.

Run with ``pytest benchmarks/bench_spectrum.py -m slow --benchmark-only -p no:cacheprovider``.
"""

import time

import numpy as np
import pytest
import torch

from zigan_verify.hvp import Curvature
from zigan_verify.paper_scale import PAPER_SIZES, paper_problem, theorem3_spectrum


@pytest.fixture(scope="module")
def paper_point():
    prob, z, _ = paper_problem(**PAPER_SIZES)
    return prob, z


def _median_time(fn, repeats=5):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return float(np.median(times))


@pytest.mark.slow
def test_matvec_vs_gradient_ratio(benchmark, paper_point):
    """One matvec with Lambda_tau DF (cached Curvature) vs one gradient (torch.func.grad of f),
    measured in the same run; the target is <= 4."""
    prob, z = paper_point
    curv = Curvature(prob, z)
    v = torch.randn(prob.dim, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    t_grad = _median_time(lambda: prob.F(z))
    t_closed_grad = _median_time(curv.gradient)
    t_mv = _median_time(lambda: curv.jacobian_vector(v, 4.0))
    benchmark.extra_info.update(
        grad_s=t_grad, closed_form_grad_s=t_closed_grad, matvec_s=t_mv, ratio=t_mv / t_grad
    )
    benchmark(curv.jacobian_vector, v, 4.0)
    assert t_mv / t_grad <= 4.0


@pytest.mark.slow
def test_paper_scale_top10(benchmark):
    ev = benchmark.pedantic(
        theorem3_spectrum, kwargs=dict(k=10, tau=4.0, progress=False), rounds=1, iterations=1
    )
    benchmark.extra_info.update(
        {k: ev.data[k] for k in ("max_rel_error", "matvecs", "seconds_arpack", "peak_rss_gb")}
    )
    assert ev.data["max_rel_error"] <= 1e-6
