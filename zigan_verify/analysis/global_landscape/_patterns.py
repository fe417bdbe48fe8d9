r"""Configurations ``Y`` of generated points relative to distinct data points ``X`` (003 §3-§4).

NOTE: [patterns]
In function space the losses (003 eq. (5), (6)) depend on ``Y`` only through its *pattern*
``sigma``: ``sigma[i] = j`` when ``y_i = x_j`` and ``sigma[i] = FREE`` when ``y_i`` is no data point.
Because the ``x_j`` are distinct and finitely many, a free ``y_i`` keeps a positive distance from
``X``; so every ``Y'`` close enough to ``Y`` has a pattern obtained from ``sigma`` by freeing a subset
of its matched entries, and every such freeing occurs arbitrarily close to ``Y``.  Hence ``Y`` is a
local minimum iff no freeing lowers the value, and a *strict* one iff moreover ``sigma`` has no free
entry (a free ``y_i`` moves without changing the value) and every non-empty freeing raises it.
This is the certified neighbourhood argument used for Corollary 3.1 and Theorem 1.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from fractions import Fraction

__all__ = [
    "FREE",
    "Pattern",
    "patterns",
    "freeings",
    "pattern_of",
    "is_permutation",
    "counts",
    "two_point_state",
    "state_transitions",
]

FREE = -1
Pattern = tuple[int, ...]


def patterns(n: int, *, free: bool = True) -> Iterator[Pattern]:
    """Every pattern of ``n`` generated points: ``(n + 1)^n`` of them, ``n^n`` with ``free=False``."""
    choices = [*range(n), FREE] if free else list(range(n))
    return itertools.product(choices, repeat=n)


def freeings(sigma: Pattern) -> Iterator[Pattern]:
    """The patterns of all points near ``Y`` other than ``Y``'s own (NOTE: [patterns])."""
    matched = [i for i, j in enumerate(sigma) if j != FREE]
    for size in range(1, len(matched) + 1):
        for chosen in itertools.combinations(matched, size):
            yield tuple(FREE if i in chosen else j for i, j in enumerate(sigma))


def pattern_of(X: Sequence[Sequence[Fraction]], Y: Sequence[Sequence[Fraction]]) -> Pattern:
    """The pattern of exact (rational) coordinates ``Y`` against distinct ``X`` (one row per point)."""
    where = {tuple(x): j for j, x in enumerate(X)}
    if len(where) != len(X):
        raise ValueError("the data points x_1..x_n must be distinct (003 Theorems 1-2)")
    return tuple(where.get(tuple(y), FREE) for y in Y)


def is_permutation(sigma: Pattern) -> bool:
    """``{y_1..y_n} = {x_1..x_n}``: the pattern is a permutation of the data indices."""
    return sorted(sigma) == list(range(len(sigma)))


def counts(sigma: Pattern) -> list[int]:
    """``m_j = #{i : y_i = x_j}`` for each data point ``x_j``."""
    out = [0] * len(sigma)
    for j in sigma:
        if j != FREE:
            out[j] += 1
    return out


def two_point_state(sigma: Pattern) -> str:
    """The state of 003 §3 (``s_0, s_1a, s_1b, s_2``) of a 2-point pattern."""
    hit = {j for j in sigma if j != FREE}
    if len(hit) == 2:
        return "s_2"
    if len(hit) == 0:
        return "s_0"
    return "s_1a" if FREE not in sigma else "s_1b"


def state_transitions(n: int = 2) -> set[frozenset[str]]:
    """Pairs of 003 §3 states a continuous path can pass between directly.

    ``A`` and ``B`` are adjacent when a point of one is a limit of points of the other, i.e.
    (NOTE: [patterns]) some pattern of one state is a freeing of some pattern of the other.
    """
    out = set()
    for sigma in patterns(n):
        for near in freeings(sigma):
            a, b = two_point_state(sigma), two_point_state(near)
            if a != b:
                out.add(frozenset((a, b)))
    return out
