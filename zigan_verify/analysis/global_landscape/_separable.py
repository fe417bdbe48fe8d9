r"""The separable-GAN loss in function space, 003 eq. (5), and its local minima (Theorem 1).

.. math:: g_{SP}(Y) = \frac{1}{2n} \sup_{f} \sum_i [h_1(f(x_i)) + h_2(-f(y_i))]
          = \frac{1}{2n} \Big[\sum_j \psi(1, m_j) + \#\{i: y_i \notin X\} \sup h_2\Big]

(NOTE: [function-space inner supremum]); under Assumption 4.1 this is
:math:`\frac{1}{2n}\sum_j \xi(m_j)` with :math:`\xi(0) = 0`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import mpmath
import sympy as sp

from zigan_verify.analysis.global_landscape._patterns import (
    FREE,
    Pattern,
    counts,
    freeings,
    patterns,
)
from zigan_verify.analysis.global_landscape._rpgan import _mean

__all__ = ["separable_value", "compare", "LocalMinima", "separable_local_minima"]

_DIGITS = 60
_TIE = mpmath.mpf(10) ** (-40)  # |difference| below this: decided symbolically, never by rounding


def separable_value(sigma: Pattern, xi_values: Sequence, sup_h2=0):
    """``g_SP`` of a pattern from ``xi_values[k] = xi(k)`` (``k = 0..n``) and ``sup h_2``."""
    n = len(sigma)
    free = sum(1 for j in sigma if j == FREE)
    return _mean(sum(xi_values[k] for k in counts(sigma)) + free * sup_h2, 2 * n)


def compare(u, v) -> int:
    """The sign of ``u - v`` for exact SymPy numbers: 60-digit evaluation, ties proved by simplify."""
    return _sign(sp.sympify(u) - sp.sympify(v))


@cache
def _sign(diff: sp.Expr) -> int:
    if diff.is_Rational:
        return int(sp.sign(diff))
    with mpmath.workdps(_DIGITS):
        value = mpmath.mpf(sp.N(diff, _DIGITS))
        if abs(value) > _TIE:
            return 1 if value > 0 else -1
    if sp.simplify(diff) == 0:
        return 0
    raise ArithmeticError(f"cannot decide the sign of {diff}")


@dataclass(frozen=True)
class LocalMinima:
    """Theorem 1's objects for one loss and ``n``, found by enumerating every pattern."""

    n: int
    global_value: object
    global_minimizers: tuple[Pattern, ...]
    strict_suboptimal: tuple[Pattern, ...]
    nonstrict_local: tuple[Pattern, ...]


def separable_local_minima(n: int, xi_values: Sequence, sup_h2=0) -> LocalMinima:
    """Every pattern of ``n`` points classified by the certified neighbourhood argument.

    NOTE: [patterns] — a strict local minimum has no free entry and every freeing raises the
    value; the count of sub-optimal ones is compared with ``n^n - n!`` by the caller.  Values are
    keyed by the multiset of counts ``m_j`` and the number of free points, on which they depend.
    """
    key = {s: (tuple(sorted(counts(s))), s.count(FREE)) for s in patterns(n)}
    exact: dict = {}
    for s, k in key.items():
        if k not in exact:
            exact[k] = separable_value(s, xi_values, sup_h2)
    sign = (
        _RationalSigns(exact)
        if all(isinstance(v, (int, Fraction)) for v in exact.values())
        else _Signs(exact)
    )
    best = min(exact, key=sign.numeric)
    glob = tuple(s for s, k in key.items() if sign(k, best) == 0)
    strict, nonstrict = [], []
    for s, k in key.items():
        around = [sign(key[f], k) for f in freeings(s)]
        if any(c < 0 for c in around) or sign(k, best) == 0:
            continue
        (strict if FREE not in s and all(c > 0 for c in around) else nonstrict).append(s)
    return LocalMinima(n, exact[best], glob, tuple(strict), tuple(nonstrict))


class _RationalSigns:
    """Exact comparisons of rational values (piecewise-linear losses): no rounding at all."""

    def __init__(self, exact: dict):
        self.exact = exact

    def numeric(self, k):
        return self.exact[k]

    def __call__(self, k1, k2) -> int:
        a, b = self.exact[k1], self.exact[k2]
        return (a > b) - (a < b)


class _Signs:
    """``compare`` between keyed exact values, memoised (equal keys are equal values)."""

    def __init__(self, exact: dict):
        self.exact = exact
        with mpmath.workdps(_DIGITS):
            self._mp = {k: mpmath.mpf(sp.N(v, _DIGITS)) for k, v in exact.items()}
        self._memo: dict = {}

    def numeric(self, k):
        return self._mp[k]

    def __call__(self, k1, k2) -> int:
        if k1 == k2:
            return 0
        if (k1, k2) not in self._memo:
            with mpmath.workdps(_DIGITS):
                d = self._mp[k1] - self._mp[k2]
            self._memo[k1, k2] = (
                (1 if d > 0 else -1) if abs(d) > _TIE else compare(self.exact[k1], self.exact[k2])
            )
        return self._memo[k1, k2]
