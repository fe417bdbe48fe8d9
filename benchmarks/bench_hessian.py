"""Closed-form full Hessian (000 App. B.3) vs torch autograd at the issue's size (864 parameters).

Run: ``pytest benchmarks/bench_hessian.py``. Both benchmarks are in one group, so the table's
relative column is the speed-up of the closed form over ``torch.autograd.functional.hessian``.
"""

import pytest
import torch

from zigan_verify.closed_form import hessian
from zigan_verify.problem import ZIGANProblem

N, D1, D2, R, P = 16, 16, 16, 32, 4  # 256 + 64 + 32 + 512 = 864 parameters


@pytest.fixture(scope="module")
def instance():
    gen = torch.Generator().manual_seed(20261125)
    prob = ZIGANProblem(
        torch.randn(N, D1, generator=gen),
        torch.randn(N, P, generator=gen),
        r=R,
        width=D2,
        loss="zi",
    )
    z = prob.random_point(gen)
    assert prob.dim == 864
    return prob, z


@pytest.mark.benchmark(group="hessian-864")
def test_closed_form_hessian(benchmark, instance):
    prob, z = instance
    H = benchmark(hessian, prob, z)
    ref = torch.func.hessian(prob.f)(z)
    torch.testing.assert_close(H, ref, rtol=1e-10, atol=1e-12)


@pytest.mark.benchmark(group="hessian-864")
def test_autograd_functional_hessian(benchmark, instance):
    prob, z = instance
    benchmark.pedantic(torch.autograd.functional.hessian, (prob.f, z), rounds=3, iterations=1)
