"""Strategies for the last-layer problem of 000 §6 (``theta`` frozen) and its starting points."""

from __future__ import annotations

import torch
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from zigan_verify.analysis.lastlayer import LastLayer
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

__all__ = ["last_layer_problems", "last_layer_starts"]


_WHERE = "last_layer_problems"


def _scale(where, name, positive):
    return lambda value: check_scale(where, name, value, positive=positive)


@st.composite
def _last_layers(draw, n, d1, d2, r, p, loss, data_scale, theta_scale, rank_deficient, big):
    n_ = draw(sized(_WHERE, "n", n, 1, 4, allow_large=big))
    d1_ = draw(sized(_WHERE, "d1", d1, 1, 3, allow_large=big))
    d2_ = draw(sized(_WHERE, "d2", d2, 1, 6, allow_large=big))
    r_ = draw(sized(_WHERE, "r", r, 1, 6, allow_large=big))
    p_ = draw(sized(_WHERE, "p", p, 1, 3, allow_large=big))
    deficient = draw(rank_deficient)
    if deficient:
        n_ = max(n_, 2)  # a single non-zero feature vector always has full row rank
    gen = torch.Generator().manual_seed(draw(st.integers(0, 2**32 - 1)))
    scale = draw(data_scale)
    data = scale * torch.randn(n_, d1_, generator=gen, dtype=torch.float64)
    latents = torch.randn(n_, p_, generator=gen, dtype=torch.float64)
    if deficient and n_ <= d2_:
        # A repeated latent repeats a feature vector: K = Phi_f Phi_f^T loses rank.
        i, j = draw(st.lists(st.integers(0, n_ - 1), min_size=2, max_size=2, unique=True))
        latents[j] = latents[i]
    problem = ZIGANProblem(data, latents, r=r_, width=d2_, loss=draw(loss))
    t_scale = draw(theta_scale)
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
    allow_large: bool = False,
) -> SearchStrategy[LastLayer]:
    """Last-layer problems (000 §6): Gaussian data and latents, a frozen ``sigma(W z)`` layer.

    * ``n, d1, d2, r, p`` -- sizes: an integer ``>= 1``, a strategy, or ``None`` for a small
      default range (``n`` 1-4, ``d1`` 1-3, ``d2`` 1-6, ``r`` 1-6, ``p`` 1-3).
    * ``loss`` -- ``"zi"`` (default) or ``"js"``, or a strategy of those.
    * ``data_scale`` -- standard deviation of the data, in ``(0, 1e4]``.
    * ``theta_scale`` -- standard deviation of the frozen ``theta``, in ``[0, 1e4]``.
    * ``rank_deficient`` -- ``True`` forces ``rank(Phi) < n d1`` (a repeated latent, or
      ``n > d2``; needs ``n >= 2``), ``False`` leaves it generic (full rank when ``n <= d2``),
      ``None`` draws both.
    * ``allow_large`` -- lift the size cap (``SIZE_CAP = 32``).

    Draws a :class:`~zigan_verify.analysis.lastlayer.LastLayer` ``layer``: ``layer.problem`` (the full
    :class:`~zigan_verify.game.problem.ZIGANProblem`), ``layer.theta``, ``layer.features``
    (``Phi_f``), ``layer.rank``; points ``u = (g, w, A)`` of length ``layer.dim``
    (:func:`last_layer_starts`), ``F`` at ``u`` is ``layer.F(u)`` and ``DF`` of the full problem
    ``zigan_verify.analysis.spectrum.dense_jacobian(layer.problem, layer.embed(u))``.

    Raises:
        hypothesis.errors.InvalidArgument: at construction, for any argument outside the above
            (a drawn value outside them when drawn).
    """
    check_bool(_WHERE, "allow_large", allow_large, none_ok=False)
    for name, value in (("n", n), ("d1", d1), ("d2", d2), ("r", r), ("p", p)):
        check_size(_WHERE, name, value, 1, allow_large=allow_large)
    check_choice(_WHERE, "loss", loss, LOSSES)
    check_scale(_WHERE, "data_scale", data_scale, positive=True)
    check_scale(_WHERE, "theta_scale", theta_scale, positive=False)
    check_bool(_WHERE, "rank_deficient", rank_deficient)
    if rank_deficient is True and n == 1:
        raise InvalidArgument(f"{_WHERE}: rank_deficient=True needs n >= 2, got n=1")
    return _last_layers(
        n,
        d1,
        d2,
        r,
        p,
        valued(loss, st.just("zi"), lambda v: check_choice(_WHERE, "loss", v, LOSSES)),
        valued(data_scale, st.just(1.0), _scale(_WHERE, "data_scale", True)),
        valued(theta_scale, st.just(1.0), _scale(_WHERE, "theta_scale", False)),
        valued(rank_deficient, st.booleans(), lambda v: check_bool(_WHERE, "rank_deficient", v)),
        allow_large,
    )


def last_layer_starts(
    layer: LastLayer,
    *,
    range_scale: float | SearchStrategy[float] = 0.0,
    null_scale: float | SearchStrategy[float] | None = None,
    w_scale: float | SearchStrategy[float] = 1.0,
    A_scale: float | SearchStrategy[float] = 1.0,
) -> SearchStrategy[torch.Tensor]:
    """Starting points ``u_0 = (g_0, w_0, A_0)`` of ``layer`` with a chosen split of ``g_0``.

    * ``layer`` -- a :class:`~zigan_verify.analysis.lastlayer.LastLayer` (e.g. drawn from
      :func:`last_layer_problems`).
    * ``range_scale`` -- size of the component of ``g_0`` in ``R(Phi^T)`` (``0``: none).
    * ``null_scale`` -- size of the component of ``g_0`` in ``N(Phi)``; ``None``: drawn, none or
      a unit Gaussian's projection. Both are projections of Gaussians.
    * ``w_scale``, ``A_scale`` -- standard deviations of ``w_0`` and ``A_0``.

    Every scale is a number in ``[0, 1e4]`` or a strategy. Draws a float64 vector ``u0`` of length
    ``layer.dim``: ``layer.unpack(u0)`` gives ``(g, w, A)``, ``layer.F(u0)`` the last-layer
    operator, ``layer.embed(u0)`` the full point ``z`` of ``layer.problem``.

    Raises:
        hypothesis.errors.InvalidArgument: ``layer`` not a ``LastLayer`` or a scale outside the
            above, at construction (a drawn scale when drawn).
    """
    where = "last_layer_starts"
    if not isinstance(layer, LastLayer):
        raise InvalidArgument(f"{where}: layer must be a LastLayer, got layer={layer!r}")
    given = {"range_scale": range_scale, "null_scale": null_scale}
    given |= {"w_scale": w_scale, "A_scale": A_scale}
    for name, value in given.items():
        check_scale(where, name, value, positive=False, none_ok=name == "null_scale")
    nulls = st.sampled_from([0.0, 1.0])
    scales = st.tuples(
        *(
            valued(value, nulls, _scale(where, name, False)).map(float)
            for name, value in given.items()
        )
    )

    def build(seed: int, s: tuple[float, float, float, float]) -> torch.Tensor:
        gen = torch.Generator().manual_seed(seed)
        g_r, g_n = (torch.randn(layer.n_x, generator=gen, dtype=torch.float64) for _ in "rn")
        g0 = s[0] * layer.project_range(g_r) + s[1] * layer.project_null(g_n)
        r = layer.problem.sizes.r
        w0 = s[2] * torch.randn(r, generator=gen, dtype=torch.float64)
        A0 = s[3] * torch.randn(r, layer.d1, generator=gen, dtype=torch.float64)
        return layer.pack(g0, w0, A0)

    return st.builds(build, st.integers(0, 2**32 - 1), scales)
