r"""Strategies for the JARE paper (002, Nie & Patel): simple-GAN parameters and Lemma 3 blocks.

* :func:`noise_variances`, :func:`mean_norms`, :func:`regularization_weights` -- the scalars
  ``sigma^2``, ``||v||`` and ``gamma`` of the simple GAN example (002 §4, eq. (3)) and of JARE
  (eq. (7)). The defaults are the paper's hard regime: ``0 < sigma^2 < 2`` (complex
  ``lambda_{1,2}``, the Phase Factor) and ``beta^2 = sigma^2 + ||v||^2 > 2`` (real
  ``lambda_{3,4}``, the Conditioning Factor), see 002 §4 after Corollary 2.
* :func:`simple_gans` -- a :class:`SimpleGANParams` ``(sigma2, v)`` built from those, with ``v`` of
  the drawn norm along a seeded random direction.
* :func:`jacobian_blocks` -- ``(P, Q)`` of Lemma 3 (eq. (8), (9)): ``P`` Gaussian ``m x n`` and
  ``Q = -L L^T`` negative semidefinite, with ``m <= n`` by default (Theorem 4 needs it; see the
  registered condition of claim ``002.thm4``).

Every value is finite and bounded; widening a range is opt-in through the keyword options.

Public: everything in ``__all__``; the rest may change.

References:
    Nie & Patel 2019, arXiv:1806.09235: §4 eq. (3), Theorem 1, Theorem 3, §5.2 (eta_max),
    Lemma 3 (eq. (8), (9)), Theorem 4, Theorem 5.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from zigan_verify.strategies._validate import check_bool, check_size, sized

__all__ = [
    "JacobianBlocks",
    "SimpleGANParams",
    "jacobian_blocks",
    "mean_norms",
    "noise_variances",
    "regularization_weights",
    "simple_gans",
]

# Largest magnitude a default-range float may take (keeps eigenvalue tolerances meaningful).
_MAX_SCALAR = 1e4


class SimpleGANParams(NamedTuple):
    """The data of the simple GAN example: ``x ~ N(v, sigma2 I)``, ``z ~ N(0, sigma2 I)``."""

    sigma2: float
    v: tuple[float, ...]

    @property
    def v_norm2(self) -> float:
        """``||v||^2``."""
        return float(sum(x * x for x in self.v))

    @property
    def beta2(self) -> float:
        """``beta^2 = sigma^2 + ||v||^2`` (Theorem 1)."""
        return self.sigma2 + self.v_norm2


class JacobianBlocks(NamedTuple):
    """``P`` (``m x n``) and ``Q`` (``n x n``, NSD) of Lemma 3: ``A = [[0, -P], [P^T, Q]]``."""

    P: np.ndarray
    Q: np.ndarray


def _range(name: str, min_value: float, max_value: float, *, low: float, strict: bool) -> None:
    """Validate ``low <(=) min_value <= max_value <= _MAX_SCALAR`` eagerly (InvalidArgument)."""
    for label, value in (("min_value", min_value), ("max_value", max_value)):
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            raise InvalidArgument(f"{name}: {label} must be a finite number, got {value!r}")
    if min_value < low or (strict and min_value == low):
        bound = f"> {low}" if strict else f">= {low}"
        raise InvalidArgument(f"{name}: min_value must be {bound}, got {min_value!r}")
    if max_value < min_value:
        raise InvalidArgument(
            f"{name}: max_value must be >= min_value, got {max_value!r} < {min_value!r}"
        )
    if max_value > _MAX_SCALAR:
        raise InvalidArgument(f"{name}: max_value must be <= {_MAX_SCALAR:g}, got {max_value!r}")


def noise_variances(*, min_value: float = 0.01, max_value: float = 1.99) -> SearchStrategy[float]:
    """``sigma^2`` of the simple GAN example.

    * ``min_value`` -- smallest variance, ``> 0`` (default ``0.01``).
    * ``max_value`` -- largest variance (default ``1.99``: below 2, so ``lambda_{1,2}`` of
      Theorem 1 are complex -- the Phase Factor regime).

    Draws a float in ``[min_value, max_value]`` (the ``sigma2`` of :func:`simple_gans`).

    Raises:
        hypothesis.errors.InvalidArgument: ``min_value <= 0``, ``max_value < min_value`` or a non-finite bound.
    """
    _range("noise_variances", min_value, max_value, low=0.0, strict=True)
    return st.floats(min_value, max_value)


def mean_norms(*, min_value: float = 1.5, max_value: float = 12.0) -> SearchStrategy[float]:
    """``||v||``, the norm of the real data's mean.

    * ``min_value`` -- smallest norm, ``>= 0`` (default ``1.5``: with ``sigma^2 > 0`` this gives
      ``beta^2 > 2``, real ``lambda_{3,4}`` -- the Conditioning Factor regime).
    * ``max_value`` -- largest norm (default ``12``; ``tau ~ ||v||^4`` grows fast).

    Draws a float in ``[min_value, max_value]`` (the ``v_norm`` of :func:`simple_gans`).

    Raises:
        hypothesis.errors.InvalidArgument: ``min_value < 0``, ``max_value < min_value`` or a non-finite bound.
    """
    _range("mean_norms", min_value, max_value, low=0.0, strict=False)
    return st.floats(min_value, max_value)


def regularization_weights(
    *, min_value: float = 0.01, max_value: float = 500.0
) -> SearchStrategy[float]:
    """``gamma`` of JARE, ConOpt and the one-player regularizers (002 §5).

    * ``min_value`` -- smallest weight, ``>= 0`` (default ``0.01``; ``0`` is SimGD).
    * ``max_value`` -- largest weight (default ``500``).

    Draws a float in ``[min_value, max_value]``, the ``gamma`` argument of
    ``zigan_verify.analysis.jare.factors.jacobian_numeric``.

    Raises:
        hypothesis.errors.InvalidArgument: ``min_value < 0``, ``max_value < min_value`` or a non-finite bound.
    """
    _range("regularization_weights", min_value, max_value, low=0.0, strict=False)
    return st.floats(min_value, max_value)


def _checked_value(name: str, low: float, strict: bool):
    def check(value):
        _range(name, value, value, low=low, strict=strict)
        return value

    return check


def _values(value, default: SearchStrategy, check) -> SearchStrategy:
    """``value`` as a strategy (``None`` -> ``default``); drawn values pass through ``check``."""
    if value is None:
        return default
    if isinstance(value, SearchStrategy):
        return value.map(check)
    return st.just(value)


@st.composite
def _simple_gans(draw, n, sigma2, v_norm) -> SimpleGANParams:
    n_ = draw(n)
    s2 = draw(sigma2)
    norm = draw(v_norm)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    direction = rng.standard_normal(n_)
    direction /= np.linalg.norm(direction)
    return SimpleGANParams(float(s2), tuple(float(x) for x in norm * direction))


def simple_gans(
    *,
    n: int | SearchStrategy[int] | None = None,
    sigma2: float | SearchStrategy[float] | None = None,
    v_norm: float | SearchStrategy[float] | None = None,
    allow_large: bool = False,
) -> SearchStrategy[SimpleGANParams]:
    """Parameters ``(sigma2, v)`` of the simple GAN example with ``v`` along a random direction.

    * ``n`` -- dimension: an integer ``>= 1``, a strategy, or ``None`` for ``2`` (as in 002 §7).
    * ``sigma2`` -- a value in ``(0, 1e4]``, a strategy, or ``None`` for :func:`noise_variances`.
    * ``v_norm`` -- ``||v||`` in ``[0, 1e4]``: a value, a strategy, or ``None`` for
      :func:`mean_norms`.
    * ``allow_large`` -- lift the size cap on ``n`` (``SIZE_CAP = 32``).

    Draws a :class:`SimpleGANParams` ``params``: ``params.sigma2``, ``params.v`` (a tuple of ``n``
    floats), ``params.v_norm2``, ``params.beta2``. The Jacobian of a method's update at the
    equilibrium is ``zigan_verify.analysis.jare.factors.jacobian_numeric(method, params.sigma2, params.v,
    gamma)`` (``method`` e.g. ``"simgd"``, ``"jare"``).

    Raises:
        hypothesis.errors.InvalidArgument: at construction, for any argument outside the above
            (a drawn value outside them when drawn).
    """
    where = "simple_gans"
    check_bool(where, "allow_large", allow_large, none_ok=False)
    check_size(where, "n", n, 1, allow_large=allow_large)
    if sigma2 is not None and not isinstance(sigma2, SearchStrategy):
        _range("simple_gans sigma2", sigma2, sigma2, low=0.0, strict=True)
    if v_norm is not None and not isinstance(v_norm, SearchStrategy):
        _range("simple_gans v_norm", v_norm, v_norm, low=0.0, strict=False)
    return _simple_gans(
        sized(where, "n", 2 if n is None else n, 1, 2, allow_large=allow_large),
        _values(sigma2, noise_variances(), _checked_value("simple_gans sigma2", 0.0, True)),
        _values(v_norm, mean_norms(), _checked_value("simple_gans v_norm", 0.0, False)),
    )


@st.composite
def _jacobian_blocks(draw, m, n, allow_m_gt_n, scale, allow_large) -> JacobianBlocks:
    where = "jacobian_blocks"
    m_ = draw(sized(where, "m", m, 1, 4, allow_large=allow_large))
    n_ = draw(
        st.integers(m_, m_ + 3)
        if n is None
        else sized(where, "n", n, 1, 1, allow_large=allow_large)
    )
    if not allow_m_gt_n and m_ > n_:
        raise InvalidArgument(
            f"jacobian_blocks: drew m = {m_} > n = {n_}; pass allow_m_gt_n=True "
            "(Theorem 4 then fails, see claim 002.thm4)"
        )
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    L = rng.standard_normal((n_, n_))
    return JacobianBlocks(scale * rng.standard_normal((m_, n_)), -(scale**2) * (L @ L.T))


def jacobian_blocks(
    *,
    m: int | SearchStrategy[int] | None = None,
    n: int | SearchStrategy[int] | None = None,
    allow_m_gt_n: bool = False,
    scale: float = 1.0,
    allow_large: bool = False,
) -> SearchStrategy[JacobianBlocks]:
    """``(P, Q)`` of Lemma 3 with seeded Gaussian entries: ``P ~ scale N(0,1)``, ``Q = -L L^T``.

    * ``m`` -- generator dimension: an integer ``>= 1``, a strategy, or ``None`` for 1-4.
    * ``n`` -- discriminator dimension: an integer ``>= 1``, a strategy, or ``None`` for ``m``
      to ``m + 3``.
    * ``allow_m_gt_n`` -- permit ``m > n`` (default ``False``: Theorem 4 and Theorem 5 as
      printed need ``m <= n``).
    * ``scale`` -- entry scale of ``P`` in ``(0, 1e4]`` (``Q`` scales with ``scale^2``, like
      ``P^T P``).
    * ``allow_large`` -- lift the size cap on ``m`` and ``n`` (``SIZE_CAP = 32``).

    Draws a :class:`JacobianBlocks` ``(P, Q)``: float64 arrays ``m x n`` and ``n x n``; the
    Jacobian of Lemma 3 is ``A = [[0, -P], [P^T, Q]]`` (``np.block``).

    Raises:
        hypothesis.errors.InvalidArgument: at construction, for any argument outside the above
            (``m > n`` as integers without ``allow_m_gt_n`` included); a drawn ``m > n`` or
            size outside them raises when drawn.
    """
    where = "jacobian_blocks"
    check_bool(where, "allow_large", allow_large, none_ok=False)
    check_bool(where, "allow_m_gt_n", allow_m_gt_n, none_ok=False)
    if isinstance(allow_m_gt_n, SearchStrategy):
        raise InvalidArgument(f"{where}: allow_m_gt_n must be a bool, got {allow_m_gt_n!r}")
    for name, value in (("m", m), ("n", n)):
        check_size(where, name, value, 1, allow_large=allow_large)
    if isinstance(m, int) and isinstance(n, int) and m > n and not allow_m_gt_n:
        raise InvalidArgument(
            f"jacobian_blocks: m = {m} > n = {n} needs allow_m_gt_n=True "
            "(Theorem 4 fails there, see claim 002.thm4)"
        )
    _range("jacobian_blocks scale", scale, scale, low=0.0, strict=True)
    return _jacobian_blocks(m, n, allow_m_gt_n, float(scale), allow_large)
