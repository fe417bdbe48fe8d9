"""The structured projection onto R(Phi^T) (NOTE: [last-layer structure]) vs a dense
``numpy.linalg.pinv`` projection, at App. C's n = 32, d2 = 500 and the largest d1 whose dense Phi
is pseudo-inverted in reasonable time on 2 cores (d1 = 32: Phi is 1024 x 16000, ~40 s).

Run: ``pytest benchmarks/bench_lastlayer.py``. The dense projection is timed once (it is the
slow side); the structured one (SVD of the 32 x 500 features + the projection) is benchmarked and
the speed-up is stored in ``extra_info["speedup_vs_dense_pinv"]``. At App. C's d1 = 784 the dense
Phi (25088 x 392000, 78 GB) does not fit in memory, so only the structured side is timed there.
"""

import time

import numpy as np
import pytest
import torch

from zigan_verify.analysis.lastlayer import LastLayer
from zigan_verify.game.problem import ZIGANProblem

N, D2, P = 32, 500, 100
D1_DENSE = 32


pytestmark = pytest.mark.usefixtures("one_torch_thread")  # benchmarks/conftest.py


def _layer(d1: int) -> tuple[LastLayer, torch.Tensor]:
    gen = torch.Generator().manual_seed(20261125)
    prob = ZIGANProblem(
        torch.randn(N, d1, generator=gen, dtype=torch.float64),
        torch.randn(N, P, generator=gen, dtype=torch.float64),
        r=3,
        width=D2,
    )
    theta = torch.randn(prob.sizes.m, generator=gen, dtype=torch.float64) / P**0.5
    g = torch.randn(d1 * D2, generator=gen, dtype=torch.float64)
    return LastLayer(prob, theta), g


def _structured(layer: LastLayer, g: torch.Tensor) -> torch.Tensor:
    return LastLayer(layer.problem, layer.theta).project_range(g)


@pytest.mark.benchmark(group="lastlayer-projection")
def test_structured_vs_dense_pinv(benchmark):
    layer, g = _layer(D1_DENSE)
    Phi = layer.dense().numpy()
    start = time.perf_counter()
    dense = np.linalg.pinv(Phi) @ (Phi @ g.numpy())
    dense_seconds = time.perf_counter() - start
    got = benchmark(_structured, layer, g)
    speedup = dense_seconds / benchmark.stats.stats.mean
    benchmark.extra_info.update(
        {
            "phi_shape": list(Phi.shape),
            "dense_seconds": dense_seconds,
            "speedup_vs_dense_pinv": speedup,
        }
    )
    print(
        f"dense pinv {dense_seconds:.2f} s; structured {benchmark.stats.stats.mean * 1e3:.3f} ms;"
        f" speed-up {speedup:.0f}x"
    )
    # both are projections computed through SVDs of matrices with cond ~ 1e2: ~1e-10 agreement
    np.testing.assert_allclose(got.numpy(), dense, rtol=1e-8, atol=1e-8)
    assert speedup >= 100


@pytest.mark.benchmark(group="lastlayer-projection-paper")
def test_structured_at_paper_size(benchmark):
    """d1 = 784: G is 784 x 500 (392000 entries); the dense Phi would need 78 GB."""
    layer, g = _layer(784)
    out = benchmark(_structured, layer, g)
    assert out.shape == g.shape
