r"""Strategies for 003 (Sun, Fang & Schwing): n-point configurations and concave losses.

* :func:`configurations` -- distinct data ``X`` and generated ``Y`` with exact rational
  coordinates in ``R^d``: each ``y_i`` is a data point or a point off the data (NOTE: [patterns]).
  Small integer grids make collinear data points (and so passes through them) frequent.
* :func:`configuration_patterns` -- the pattern ``sigma`` of such a configuration directly.
* :func:`concave_losses` -- an exact concave piecewise-linear ``h`` with ``sup h = 0``
  (Assumption 4.1 / the first half of 4.4), optionally with ``h(0) < 0`` (Assumption 4.4);
  ``concave=False`` draws a non-concave ``h`` (the negative control of Theorem 2).
* :func:`separable_losses` -- a pair ``(h_1, h_2)`` of such losses (Assumption 4.1).

Public: everything in ``__all__``; the rest may change.

References:
    Sun, Fang & Schwing 2020, arXiv:2011.04926, §4.1 (xi(m), Assumptions 4.1-4.5, Theorems 1-2).
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from zigan_verify.analysis.global_landscape import FREE, Pattern, PiecewiseLinear

__all__ = [
    "Configuration",
    "configurations",
    "configuration_patterns",
    "concave_losses",
    "separable_losses",
]


class Configuration(NamedTuple):
    """Distinct data points ``X`` and generated points ``Y`` (rows of Fractions)."""

    X: tuple[tuple[Fraction, ...], ...]
    Y: tuple[tuple[Fraction, ...], ...]


def _check_int(strategy: str, name: str, value: int, lo: int, hi: int) -> None:
    """As ``hypothesis.extra.numpy``: the message names the strategy, the argument and the value."""
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise InvalidArgument(
            f"{strategy}: {name} must be an integer in [{lo}, {hi}], got {name}={value!r}"
        )


def _check_bool(strategy: str, name: str, value: bool) -> None:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{strategy}: {name} must be True or False, got {name}={value!r}")


def configuration_patterns(*, n: int = 3) -> SearchStrategy[Pattern]:
    """Patterns of ``n`` generated points: each entry a data index or :data:`FREE`.

    * ``n`` -- number of points, ``1 <= n <= 8``.
    """
    _check_int("configuration_patterns", "n", n, 1, 8)
    return st.tuples(*[st.sampled_from([*range(n), FREE])] * n)


def configurations(*, n: int = 3, d: int = 2, grid: int = 3) -> SearchStrategy[Configuration]:
    """Exact configurations ``(X, Y)``: ``X`` distinct points of ``{0..grid-1}^d``.

    * ``n`` -- number of points, ``1 <= n <= 8`` (and ``n <= grid^d``);
    * ``d`` -- dimension, ``1 <= d <= 4``;
    * ``grid`` -- side of the integer grid holding ``X``, ``2 <= grid <= 10``; free ``y_i`` sit at
      half-integers, so they are never data points.
    """
    _check_int("configurations", "n", n, 1, 8)
    _check_int("configurations", "d", d, 1, 4)
    _check_int("configurations", "grid", grid, 2, 10)
    if n > grid**d:
        raise InvalidArgument(
            f"configurations: n = {n} distinct points do not fit in a grid^d = {grid}^{d} grid, "
            f"got n={n}"
        )
    point = st.tuples(*[st.integers(0, grid - 1).map(Fraction)] * d)
    off = st.tuples(*[st.integers(-1, grid - 1).map(lambda v: Fraction(2 * v + 1, 2))] * d)

    @st.composite
    def build(draw):
        X = tuple(draw(st.lists(point, min_size=n, max_size=n, unique=True)))
        sigma = draw(configuration_patterns(n=n))
        Y = tuple(X[j] if j != FREE else draw(off) for j in sigma)
        return Configuration(X, Y)

    return build()


def concave_losses(
    *, max_pieces: int = 4, negative_at_zero: bool = False, concave: bool = True
) -> SearchStrategy[PiecewiseLinear]:
    """Exact piecewise-linear ``h`` with ``sup h = 0`` attained (finite tails of opposite sign).

    * ``max_pieces`` -- at most this many breakpoints, ``1 <= max_pieces <= 8``;
    * ``negative_at_zero`` -- also ``h(0) < 0`` (Assumption 4.4);
    * ``concave`` -- slopes non-increasing (Assumption 4.5); ``False`` makes at least one
      slope increase (a non-concave ``h``, for negative controls).
    """
    _check_int("concave_losses", "max_pieces", max_pieces, 1, 8)
    _check_bool("concave_losses", "negative_at_zero", negative_at_zero)
    _check_bool("concave_losses", "concave", concave)
    if not concave and max_pieces < 2:
        raise InvalidArgument(
            "concave_losses: a non-concave piecewise-linear h needs max_pieces >= 2, "
            f"got max_pieces={max_pieces}"
        )
    halves = st.integers(-8, 8).map(lambda v: Fraction(v, 2))
    thirds = st.integers(-9, 9).map(lambda v: Fraction(v, 3))

    @st.composite
    def build(draw):
        size = draw(st.integers(1 if concave else 2, max_pieces))
        bps = sorted(draw(st.lists(halves, min_size=size, max_size=size, unique=True)))
        inner = draw(st.lists(thirds, min_size=len(bps) - 1, max_size=len(bps) - 1))
        left = draw(st.integers(1, 6).map(Fraction))
        right = -draw(st.integers(1, 6).map(Fraction))
        slopes = [left, *inner, right]
        if concave:
            slopes = sorted(slopes, reverse=True)
        else:
            k = draw(st.integers(1, len(slopes) - 2)) if len(slopes) > 2 else 1
            slopes[k] = slopes[k - 1] + draw(st.integers(1, 4))  # slope goes up at breakpoint k-1
        values = [Fraction(0)]
        for k in range(len(bps) - 1):
            values.append(values[-1] + slopes[k + 1] * (bps[k + 1] - bps[k]))
        h = PiecewiseLinear(tuple(bps), tuple(values), slopes[0], slopes[-1])
        h = h.shifted(-h.sup())
        if negative_at_zero and h(0) >= 0:
            h = _move_peak_right(h)
        return h

    return build()


def _move_peak_right(h: PiecewiseLinear) -> PiecewiseLinear:
    """Translate ``h`` so its largest breakpoint value sits at ``t = 1 + max|b|`` (then h(0) < 0)."""
    peak = max(range(len(h.values)), key=lambda k: h.values[k])
    shift = 1 + max(abs(b) for b in h.breakpoints) - h.breakpoints[peak]
    return PiecewiseLinear(tuple(b + shift for b in h.breakpoints), h.values, h.left, h.right)


def separable_losses(
    *, max_pieces: int = 4
) -> SearchStrategy[tuple[PiecewiseLinear, PiecewiseLinear]]:
    """Pairs ``(h_1, h_2)`` of concave losses with ``sup = 0`` each (Assumption 4.1).

    * ``max_pieces`` -- as in :func:`concave_losses`.
    """
    _check_int("separable_losses", "max_pieces", max_pieces, 1, 8)
    return st.tuples(concave_losses(max_pieces=max_pieces), concave_losses(max_pieces=max_pieces))
