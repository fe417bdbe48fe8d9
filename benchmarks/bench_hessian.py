"""Closed-form full Hessian (000 App. B.3) vs ``torch.func.hessian`` and
``torch.autograd.functional.hessian``, at three sizes, with 1 torch thread and torch's default.

Run: ``pytest benchmarks/bench_hessian.py -p no:cacheprovider -s``. Each case times the three in
the same run (median CPU seconds, ``time.process_time``: robust to other processes on a shared
machine), prints the ratios, checks the closed form against ``torch.func.hessian`` and writes its
benchmark-table rows to ``benchmarks/results/``. NOTE: [threads on a shared machine] in
:mod:`zigan_verify._runtime` says why the thread count matters for these small ops.

Routes (1 thread, CPU ms, load 6-10; closed form vs ``torch.func.hessian`` at 864 / 1408 / 2368):

* einsum per block over the samples, three- to five-operand einsums, ``SigmoidLayer.hessian``'s
  ``(n, d2, m, m)`` tensor, ``torch.block_diag`` of ``r`` blocks: 25 / 38 / 341 ms vs 98 / 284 /
  688 (3.9x / 7.4x / 2.0x); profile: ``mul`` (broadcast einsum intermediates) and ``permute`` /
  ``copy_`` were 80% of the time.
* NOTE: [Hessian by matrix products] in :mod:`zigan_verify.game.closed_form` (rowwise Kronecker
  factors, one matmul per term, blocks written into views of one preallocated ``H``, deltas on
  diagonal views, the sigmoid feature curvature block-diagonal): 8.2 / 15.2 / 31.4 ms vs 107 /
  210 / 601 (13x / 14x / 19x); then the theta blocks as plain matmuls over the flattened ``J``
  (no einsum permute copies), this benchmark: 8.6 / 11.0 / 37.9 ms vs 103 / 222 / 592 (11.9x /
  20.1x / 15.6x; ``torch.autograd.functional.hessian`` 155x / 218x / 126x). What is left is
  mostly zero-filling and copying ``H`` itself.
* With torch's default 2 threads under load ~8 both sides collapse (closed form 321-600 ms,
  ``torch.func.hessian`` 473-1325 ms: 1.5-2.2x; NOTE: [threads on a shared machine]). On the idle
  machine (2026-12-02, this code) the same rows read 1.0 / 1.7 / 9.9 ms vs 38 / 96 / 338 ms (37x /
  56x / 34x) with 2 threads and 1.3 / 2.5 / 28.8 ms vs 40 / 113 / 311 ms (32x / 46x / 11x) with 1.
"""

import pytest
import torch
from _results import median_cpu, write_rows

from zigan_verify.game.closed_form import hessian
from zigan_verify.game.problem import ZIGANProblem

# (n, d1, d2, r, p): 864 parameters (the size), then r and the widths grown.
SIZES = {864: (16, 16, 16, 32, 4), 1408: (16, 16, 16, 64, 4), 2368: (16, 24, 24, 64, 8)}
THREADS = {"1 thread": 1, "default threads": None}


def _instance(n, d1, d2, r, p):
    gen = torch.Generator().manual_seed(20261125)
    prob = ZIGANProblem(torch.randn(n, d1, generator=gen), torch.randn(n, p, generator=gen),
                        r=r, width=d2, loss="zi")  # fmt: skip
    return prob, prob.random_point(gen)


@pytest.mark.parametrize("threads", list(THREADS), ids=list(THREADS))
@pytest.mark.parametrize("dim", list(SIZES), ids=[f"{d}p" for d in SIZES])
def test_closed_form_vs_autograd(benchmark, dim, threads):
    prob, z = _instance(*SIZES[dim])
    assert prob.dim == dim
    before = torch.get_num_threads()
    if THREADS[threads] is not None:
        torch.set_num_threads(THREADS[threads])
    try:
        n_threads = torch.get_num_threads()
        t_cf = median_cpu(lambda: hessian(prob, z), 7)
        t_func = median_cpu(lambda: torch.func.hessian(prob.f)(z), 3)
        t_agf = median_cpu(lambda: torch.autograd.functional.hessian(prob.f, z), 1)
        H = benchmark(hessian, prob, z)
    finally:
        torch.set_num_threads(before)
    torch.testing.assert_close(H, torch.func.hessian(prob.f)(z), rtol=1e-10, atol=1e-12)
    benchmark.extra_info.update(
        closed_form_cpu_s=t_cf, func_hessian_cpu_s=t_func, autograd_functional_cpu_s=t_agf,
        ratio_func=t_func / t_cf, ratio_autograd_functional=t_agf / t_cf, threads=n_threads,
    )  # fmt: skip
    print(
        f"\n{dim} parameters, {n_threads} thread(s), CPU: closed form {t_cf * 1e3:.1f} ms, "
        f"torch.func.hessian {t_func * 1e3:.1f} ms ({t_func / t_cf:.1f}x), "
        f"autograd.functional.hessian {t_agf * 1e3:.0f} ms ({t_agf / t_cf:.0f}x)"
    )
    write_rows(
        f"hessian_{dim:05d}_{THREADS[threads] or 0}",
        [
            (
                f"closed-form Hessian, {dim} parameters, {n_threads} thread(s), vs "
                "`torch.func.hessian` / `torch.autograd.functional.hessian` (CPU)",
                f"{t_cf * 1e3:.1f} ms vs {t_func * 1e3:.0f} ms ({t_func / t_cf:.1f}x) / "
                f"{t_agf * 1e3:.0f} ms ({t_agf / t_cf:.0f}x)",
            )
        ],
    )
