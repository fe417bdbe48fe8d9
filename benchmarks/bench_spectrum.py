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
    """One matvec with Lambda_tau DF (cached Curvature, into a preallocated buffer as ARPACK's
    operator does) vs one gradient (``prob.F``: torch.func.grad of f) and vs the closed-form
    gradient, measured in the same run; the target is <= 4 against ``prob.F``."""
    prob, z = paper_point
    curv = Curvature(prob, z)
    v = torch.randn(prob.dim, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    out = torch.empty_like(v)
    t_grad = _median_time(lambda: prob.F(z))
    t_closed_grad = _median_time(curv.gradient)
    t_mv = _median_time(lambda: curv.jacobian_vector(v, 4.0, out=out))
    t_mv_alloc = _median_time(lambda: curv.jacobian_vector(v, 4.0))
    benchmark.extra_info.update(
        grad_s=t_grad,
        closed_form_grad_s=t_closed_grad,
        matvec_s=t_mv,
        matvec_alloc_s=t_mv_alloc,
        ratio=t_mv / t_grad,
        ratio_closed_form=t_mv / t_closed_grad,
    )
    print(
        f"\nratio matvec / autograd gradient = {t_mv / t_grad:.2f} ({t_mv * 1e3:.1f} ms / "
        f"{t_grad * 1e3:.1f} ms); matvec / closed-form gradient = {t_mv / t_closed_grad:.2f} "
        f"({t_closed_grad * 1e3:.1f} ms); matvec allocating its output {t_mv_alloc * 1e3:.1f} ms"
    )
    benchmark(curv.jacobian_vector, v, 4.0, out=out)
    assert t_mv / t_grad <= 4.0


@pytest.mark.slow
def test_paper_scale_top10(benchmark):
    """The whole check at App. C's size: target <= 60 s on 2 cores and <= 4 GB peak RSS."""
    ev = benchmark.pedantic(
        theorem3_spectrum, kwargs=dict(k=10, tau=4.0, progress=False), rounds=1, iterations=1
    )
    keys = (
        "max_rel_error", "matvecs", "seconds_arpack", "seconds_matvec", "seconds_arpack_own",
        "seconds_mu", "peak_rss_gb", "ncv", "tol",
    )  # fmt: skip
    benchmark.extra_info.update({k: ev.data[k] for k in keys})
    print("\n" + ", ".join(f"{k} = {ev.data[k]:.3g}" for k in keys))
    assert ev.data["max_rel_error"] <= 1e-6
    assert ev.data["peak_rss_gb"] <= 4.0
