"""Strategies for GAN problem instances (000 eq. (3)/(4)) and points in their parameter space."""

from __future__ import annotations

import torch
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from zigan_verify.problem import ZIGANProblem

__all__ = ["points", "zi_problems"]


def _ints(value: int | SearchStrategy[int], low: int, high: int) -> SearchStrategy[int]:
    return (
        value
        if isinstance(value, SearchStrategy)
        else st.just(value)
        if value
        else st.integers(low, high)
    )


@st.composite
def _problems(draw, n, d1, d2, r, p, loss, data_scale) -> ZIGANProblem:
    sizes = [
        draw(_ints(v, lo, hi))
        for v, lo, hi in ((n, 1, 4), (d1, 1, 3), (d2, 1, 3), (r, 1, 4), (p, 1, 3))
    ]
    n_, d1_, d2_, r_, p_ = sizes
    seed = draw(st.integers(0, 2**32 - 1))
    scale = draw(data_scale if isinstance(data_scale, SearchStrategy) else st.just(data_scale))
    gen = torch.Generator().manual_seed(seed)
    data = scale * torch.randn(n_, d1_, generator=gen, dtype=torch.float64)
    latents = torch.randn(n_, p_, generator=gen, dtype=torch.float64)
    loss_ = draw(loss if isinstance(loss, SearchStrategy) else st.just(loss))
    return ZIGANProblem(data, latents, r=r_, width=d2_, loss=loss_)


def zi_problems(
    *,
    n: int | SearchStrategy[int] = 0,
    d1: int | SearchStrategy[int] = 0,
    d2: int | SearchStrategy[int] = 0,
    r: int | SearchStrategy[int] = 0,
    p: int | SearchStrategy[int] = 0,
    loss: str | SearchStrategy[str] = "zi",
    data_scale: float | SearchStrategy[float] = 1.0,
) -> SearchStrategy[ZIGANProblem]:
    """Small GAN problems with Gaussian data and latents and the default ``sigma(W z)`` generator.

    * ``n, d1, d2, r, p`` -- sizes: a value, a strategy, or ``0`` for a small default range
      (``n`` 1-4, ``d1`` 1-3, ``d2`` 1-3, ``r`` 1-4, ``p`` 1-3).
    * ``loss`` -- ``"zi"``, ``"js"`` or a strategy of those.
    * ``data_scale`` -- standard deviation of the data (value or strategy).
    """
    return _problems(n, d1, d2, r, p, loss, data_scale)


def points(
    problem: ZIGANProblem, *, scale: float | SearchStrategy[float] = 1.0
) -> SearchStrategy[torch.Tensor]:
    """Points ``z`` with i.i.d. ``N(0, scale^2)`` entries (seeded from the draw)."""
    scales = scale if isinstance(scale, SearchStrategy) else st.just(scale)
    return st.builds(
        lambda seed, s: problem.random_point(torch.Generator().manual_seed(seed), s),
        st.integers(0, 2**32 - 1),
        scales,
    )
