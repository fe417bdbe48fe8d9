"""Eager argument checks of the public strategies, in the style of ``hypothesis.extra.numpy``.

Every public strategy validates every argument when it is *constructed* and raises
:class:`hypothesis.errors.InvalidArgument` naming the strategy, the argument and the bad value.
An argument given as a strategy is checked when its value is drawn, with the same message.
``None`` is the one sentinel for "the default" (a default range, or drawn both ways).

Size cap: every size argument (``n``, ``d1``, ``d2``, ``r``, ``p``, ``m``) is at most
:data:`SIZE_CAP` unless the strategy is given ``allow_large=True`` -- the closed-form Hessian and
the dense spectra the properties use grow like ``(d2 (d1 + p) + r (d1 + 1))^2``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

__all__ = [
    "LOSSES",
    "SIZE_CAP",
    "check_bool",
    "check_choice",
    "check_scale",
    "check_size",
    "sized",
    "valued",
]

# Largest size a strategy draws without allow_large=True (a dense Hessian of dimension ~ 2e3).
SIZE_CAP = 32
LOSSES = ("zi", "js")


def _is_int(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def check_size(
    where: str, name: str, value, low: int, *, allow_large: bool = False, strategy_ok: bool = True
) -> None:
    """``value`` is ``None``, a strategy, or an integer in ``[low, SIZE_CAP]`` (no cap with
    ``allow_large``)."""
    if value is None or (strategy_ok and isinstance(value, SearchStrategy)):
        return
    if not _is_int(value):
        kinds = "an integer, a strategy or None" if strategy_ok else "an integer"
        raise InvalidArgument(f"{where}: {name} must be {kinds}, got {value!r}")
    if value < low:
        raise InvalidArgument(f"{where}: {name} must be >= {low}, got {name}={value!r}")
    if not allow_large and value > SIZE_CAP:
        raise InvalidArgument(
            f"{where}: {name}={value!r} exceeds the size cap {SIZE_CAP}; "
            "pass allow_large=True for big draws"
        )


def check_scale(
    where: str, name: str, value, *, positive: bool, none_ok: bool = False, high: float = 1e4
) -> None:
    """``value`` is a strategy, or a finite number ``> 0`` (``positive``) or ``>= 0``, ``<= high``."""
    if isinstance(value, SearchStrategy) or (none_ok and value is None):
        return
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(float(value))
    ):
        raise InvalidArgument(f"{where}: {name} must be a finite number, got {name}={value!r}")
    if value < 0 or (positive and value == 0):
        bound = "> 0" if positive else ">= 0"
        raise InvalidArgument(f"{where}: {name} must be {bound}, got {name}={value!r}")
    if value > high:
        raise InvalidArgument(f"{where}: {name} must be <= {high:g}, got {name}={value!r}")


def check_bool(where: str, name: str, value, *, none_ok: bool = True) -> None:
    """``value`` is ``True``, ``False``, a strategy (or ``None`` with ``none_ok``)."""
    if isinstance(value, (bool, SearchStrategy)) or (none_ok and value is None):
        return
    raise InvalidArgument(f"{where}: {name} must be a bool or a strategy, got {name}={value!r}")


def check_choice(where: str, name: str, value, choices: Collection[str]) -> None:
    """``value`` is one of ``choices`` or a strategy."""
    if isinstance(value, SearchStrategy):
        return
    if not isinstance(value, str) or value not in choices:
        raise InvalidArgument(
            f"{where}: {name} must be one of {tuple(choices)} or a strategy, got {name}={value!r}"
        )


def sized(where: str, name: str, value, low: int, high: int, *, allow_large: bool):
    """The strategy for a size argument: ``value``'s draws re-checked, ``None`` -> ``[low, high]``."""
    if value is None:
        return st.integers(low, high)
    if not isinstance(value, SearchStrategy):
        return st.just(value)

    def checked(drawn):
        check_size(where, name, drawn, low, allow_large=allow_large, strategy_ok=False)
        return drawn

    return value.map(checked)


def valued(value, default: SearchStrategy, check=None) -> SearchStrategy:
    """``value`` as a strategy (``None`` -> ``default``), its draws passed through ``check``."""
    if value is None:
        return default
    if not isinstance(value, SearchStrategy):
        return st.just(value)
    if check is None:
        return value

    def checked(drawn):
        check(drawn)
        return drawn

    return value.map(checked)
