"""Strategies for the last-layer problem of 000 §6 (``theta`` frozen) and its starting points."""

from __future__ import annotations

import torch
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from zigan_verify._errors import ZiganError
from zigan_verify.lastlayer import LastLayer
from zigan_verify.problem import ZIGANProblem

__all__ = ["last_layer_problems", "last_layer_starts"]


def _values(value, default: SearchStrategy) -> SearchStrategy:
    if isinstance(value, SearchStrategy):
        return value
    return default if value is None else st.just(value)


@st.composite
def _last_layers(draw, n, d1, d2, r, p, loss, data_scale, theta_scale, rank_deficient):
    n_ = draw(_values(n, st.integers(1, 4)))
    d1_ = draw(_values(d1, st.integers(1, 3)))
    d2_ = draw(_values(d2, st.integers(1, 6)))
    r_ = draw(_values(r, st.integers(1, 6)))
    p_ = draw(_values(p, st.integers(1, 3)))
    deficient = draw(_values(rank_deficient, st.booleans()))
    if deficient:
        n_ = max(n_, 2)  # a single non-zero feature vector always has full row rank
    gen = torch.Generator().manual_seed(draw(st.integers(0, 2**32 - 1)))
    scale = draw(_values(data_scale, st.just(1.0)))
    data = scale * torch.randn(n_, d1_, generator=gen, dtype=torch.float64)
    latents = torch.randn(n_, p_, generator=gen, dtype=torch.float64)
    if deficient and n_ <= d2_:
        # A repeated latent repeats a feature vector: K = Phi_f Phi_f^T loses rank.
        i, j = draw(st.lists(st.integers(0, n_ - 1), min_size=2, max_size=2, unique=True))
        latents[j] = latents[i]
    problem = ZIGANProblem(data, latents, r=r_, width=d2_, loss=draw(_values(loss, st.just("zi"))))
    t_scale = draw(_values(theta_scale, st.just(1.0)))
    theta = t_scale * torch.randn(problem.sizes.m, generator=gen, dtype=torch.float64)
    return LastLayer(problem, theta)


def last_layer_problems(
    *,
    n: int | SearchStrategy[int] | None = None,
    d1: int | SearchStrategy[int] | None = None,
    d2: int | SearchStrategy[int] | None = None,
    r: int | SearchStrategy[int] | None = None,
    p: int | SearchStrategy[int] | None = None,
    loss: str | SearchStrategy[str] = "zi",
    data_scale: float | SearchStrategy[float] = 1.0,
    theta_scale: float | SearchStrategy[float] = 1.0,
    rank_deficient: bool | SearchStrategy[bool] | None = None,
) -> SearchStrategy[LastLayer]:
    """Last-layer problems (000 §6): Gaussian data and latents, a frozen ``sigma(W z)`` layer.

    * ``n, d1, d2, r, p`` -- sizes: a value, a strategy, or ``None`` for a small default range
      (``n`` 1-4, ``d1`` 1-3, ``d2`` 1-6, ``r`` 1-6, ``p`` 1-3).
    * ``loss`` -- ``"zi"`` (default) or ``"js"``, or a strategy of those.
    * ``data_scale`` -- standard deviation of the data.
    * ``theta_scale`` -- standard deviation of the frozen ``theta``.
    * ``rank_deficient`` -- ``True`` forces ``rank(Phi) < n d1`` (a repeated latent, or
      ``n > d2``), ``False`` leaves it generic (full rank when ``n <= d2``), ``None`` draws both.
    """
    if rank_deficient is True and n == 1:
        raise ZiganError("rank_deficient=True needs n >= 2, got n=1")
    return _last_layers(n, d1, d2, r, p, loss, data_scale, theta_scale, rank_deficient)


def _scales(value) -> SearchStrategy[float]:
    if isinstance(value, SearchStrategy):
        return value
    if value < 0:
        raise ZiganError(f"a scale must be >= 0, got {value!r}")
    return st.just(float(value))


def last_layer_starts(
    layer: LastLayer,
    *,
    range_scale: float | SearchStrategy[float] = 0.0,
    null_scale: float | SearchStrategy[float] | None = None,
    w_scale: float | SearchStrategy[float] = 1.0,
    A_scale: float | SearchStrategy[float] = 1.0,
) -> SearchStrategy[torch.Tensor]:
    """Starting points ``u_0 = (g_0, w_0, A_0)`` of ``layer`` with a chosen split of ``g_0``.

    * ``range_scale`` -- size of the component of ``g_0`` in ``R(Phi^T)`` (``0``: none).
    * ``null_scale`` -- size of the component of ``g_0`` in ``N(Phi)`` (default: none, or a
      unit Gaussian's projection, drawn when ``None``). Both are projections of Gaussians.
    * ``w_scale``, ``A_scale`` -- standard deviations of ``w_0`` and ``A_0``.
    """
    nulls = st.sampled_from([0.0, 1.0]) if null_scale is None else _scales(null_scale)
    scales = st.tuples(_scales(range_scale), nulls, _scales(w_scale), _scales(A_scale))

    def build(seed: int, s: tuple[float, float, float, float]) -> torch.Tensor:
        gen = torch.Generator().manual_seed(seed)
        g_r, g_n = (torch.randn(layer.n_x, generator=gen, dtype=torch.float64) for _ in "rn")
        g0 = s[0] * layer.project_range(g_r) + s[1] * layer.project_null(g_n)
        r = layer.problem.sizes.r
        w0 = s[2] * torch.randn(r, generator=gen, dtype=torch.float64)
        A0 = s[3] * torch.randn(r, layer.d1, generator=gen, dtype=torch.float64)
        return layer.pack(g0, w0, A0)

    return st.builds(build, st.integers(0, 2**32 - 1), scales)
