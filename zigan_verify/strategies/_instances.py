"""Strategies for GAN problem instances (000 eq. (3)/(4)) and points in their parameter space."""

from __future__ import annotations

import torch
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from zigan_verify.game.problem import ZIGANProblem
from zigan_verify.strategies._validate import (
    LOSSES,
    check_bool,
    check_choice,
    check_scale,
    check_size,
    sized,
    valued,
)

__all__ = ["points", "zi_problems"]

_SIZES = {"n": (1, 4), "d1": (1, 3), "d2": (1, 3), "r": (1, 4), "p": (1, 3)}


def _loss(where):
    return lambda value: check_choice(where, "loss", value, LOSSES)


def _scale(where, name, positive):
    return lambda value: check_scale(where, name, value, positive=positive)


@st.composite
def _problems(draw, sizes, loss, data_scale) -> ZIGANProblem:
    n_, d1_, d2_, r_, p_ = (draw(s) for s in sizes)
    seed = draw(st.integers(0, 2**32 - 1))
    scale = draw(data_scale)
    gen = torch.Generator().manual_seed(seed)
    data = scale * torch.randn(n_, d1_, generator=gen, dtype=torch.float64)
    latents = torch.randn(n_, p_, generator=gen, dtype=torch.float64)
    return ZIGANProblem(data, latents, r=r_, width=d2_, loss=draw(loss))


def zi_problems(
    *,
    n: int | SearchStrategy[int] | None = None,
    d1: int | SearchStrategy[int] | None = None,
    d2: int | SearchStrategy[int] | None = None,
    r: int | SearchStrategy[int] | None = None,
    p: int | SearchStrategy[int] | None = None,
    loss: str | SearchStrategy[str] = "zi",
    data_scale: float | SearchStrategy[float] = 1.0,
    allow_large: bool = False,
) -> SearchStrategy[ZIGANProblem]:
    """Small GAN problems with Gaussian data and latents and the default ``sigma(W z)`` generator.

    * ``n, d1, d2, r, p`` -- sizes (samples, data dim, generator width, discriminator units,
      latent dim): an integer ``>= 1``, a strategy, or ``None`` for a small default range
      (``n`` 1-4, ``d1`` 1-3, ``d2`` 1-3, ``r`` 1-4, ``p`` 1-3).
    * ``loss`` -- ``"zi"``, ``"js"`` or a strategy of those.
    * ``data_scale`` -- standard deviation of the data, in ``(0, 1e4]`` (value or strategy).
    * ``allow_large`` -- lift the size cap (every size ``<= SIZE_CAP = 32`` by default).

    Draws a :class:`~zigan_verify.game.problem.ZIGANProblem` ``problem``: ``problem.data`` ``(n, d1)``,
    ``problem.latents`` ``(n, p)``, ``problem.sizes``; points are vectors of length
    ``problem.dim`` (:func:`points`); ``F`` at ``z`` is ``problem.F(z)``, ``DF`` is
    ``zigan_verify.analysis.spectrum.dense_jacobian(problem, z)``.

    Raises:
        hypothesis.errors.InvalidArgument: at construction, for any argument outside the above
            (a drawn value outside them raises it when drawn).
    """
    where = "zi_problems"
    check_bool(where, "allow_large", allow_large, none_ok=False)
    given = {"n": n, "d1": d1, "d2": d2, "r": r, "p": p}
    for name, value in given.items():
        check_size(where, name, value, 1, allow_large=allow_large)
    check_choice(where, "loss", loss, LOSSES)
    check_scale(where, "data_scale", data_scale, positive=True)
    sizes = tuple(
        sized(where, name, given[name], lo, hi, allow_large=allow_large)
        for name, (lo, hi) in _SIZES.items()
    )
    return _problems(
        sizes,
        valued(loss, st.just("zi"), _loss(where)),
        valued(data_scale, st.just(1.0), _scale(where, "data_scale", True)),
    )


def points(
    problem: ZIGANProblem, *, scale: float | SearchStrategy[float] = 1.0
) -> SearchStrategy[torch.Tensor]:
    """Points ``z`` of ``problem`` with i.i.d. ``N(0, scale^2)`` entries (seeded from the draw).

    * ``problem`` -- a :class:`~zigan_verify.game.problem.ZIGANProblem` (e.g. drawn from
      :func:`zi_problems`).
    * ``scale`` -- standard deviation, in ``[0, 1e4]`` (value or strategy).

    Draws a float64 vector ``z`` of length ``problem.dim``; ``problem.unpack(z)`` gives
    ``(g, theta, w, A)``, ``problem.F(z)`` the saddle operator.

    Raises:
        hypothesis.errors.InvalidArgument: ``problem`` not a ``ZIGANProblem`` or ``scale`` outside
            the above, at construction (a drawn ``scale`` when drawn).
    """
    if not isinstance(problem, ZIGANProblem):
        raise InvalidArgument(f"points: problem must be a ZIGANProblem, got problem={problem!r}")
    check_scale("points", "scale", scale, positive=False)
    return st.builds(
        lambda seed, s: problem.random_point(torch.Generator().manual_seed(seed), s),
        st.integers(0, 2**32 - 1),
        valued(scale, st.just(1.0), _scale("points", "scale", False)),
    )
