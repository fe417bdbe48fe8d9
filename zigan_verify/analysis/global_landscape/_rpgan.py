r"""The RpGAN loss in function space, 003 eq. (6), its pairing graph and Theorem 2's path.

NOTE: [pairing graph]
Draw an edge ``x_i -> y_i`` for every pair of eq. (6).  Each data node has exactly one outgoing
edge and a generated point that is no data point is a sink, so every edge lies either on a *cycle*
(``x_i -> x_{sigma(i)} -> ... -> x_i``; a fixed point ``y_i = x_i`` is a cycle of length 1) or on a
*tree* hanging into a cycle or a sink.  ``f`` can push every tree edge's difference
``f(x_i) - f(y_i)`` to ``+oo`` (``sup h`` each), while around a cycle of length ``k`` the differences
sum to zero, so the cycle contributes :math:`\sup_{t_1+\dots+t_k=0} \sum_j h(t_j)`, which is
``k h(0)`` for a concave ``h`` (Jensen).  Hence, under Assumptions 4.4-4.5,

.. math:: g_R(Y) = \frac{h(0)}{n}\, c(Y), \qquad c(Y) = \#\{i : \text{pair } i \text{ lies on a cycle}\}.

Theorem 2's path moves the tree points one at a time onto their own data point; it never touches a
cycle, so ``c`` never decreases (NOTE: [Theorem 2 path]).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from zigan_verify.analysis.global_landscape._patterns import FREE, Pattern

__all__ = [
    "cycles",
    "on_cycle",
    "rpgan_value",
    "PathStep",
    "pattern_path",
    "segment_hits",
    "geometric_path",
    "non_increasing",
]


def cycles(sigma: Pattern) -> list[tuple[int, ...]]:
    """The cycles of the pairing graph, each as the tuple of its pair indices."""
    out, seen = [], set()
    for start in range(len(sigma)):
        path, i = [], start
        while i != FREE and i not in seen and i not in path:
            path.append(i)
            i = sigma[i]
        if i != FREE and i in path:
            out.append(tuple(path[path.index(i) :]))
        seen.update(path)
    return out


def on_cycle(sigma: Pattern) -> set[int]:
    """Indices ``i`` whose pair lies on a cycle."""
    return {i for c in cycles(sigma) for i in c}


def rpgan_value(sigma: Pattern, cycle_value: Callable[[int], object], sup_h=0):
    """``g_R`` of a pattern: cycles contribute ``cycle_value(k)``, tree edges ``sup h``, over ``n``."""
    found = cycles(sigma)
    tree = len(sigma) - sum(len(c) for c in found)
    return _mean(sum(cycle_value(len(c)) for c in found) + tree * sup_h, len(sigma))


def _mean(total, n: int):
    """``total / n`` without leaving exact arithmetic when ``total`` is a plain integer."""
    return Fraction(total, n) if isinstance(total, int) else total / n


@dataclass(frozen=True)
class PathStep:
    """One state along a path: the pattern and which point moves (``None`` at the start)."""

    pattern: Pattern
    moving: int | None


def pattern_path(sigma: Pattern, order: Iterable[int] | None = None) -> list[PathStep]:
    """NOTE: [Theorem 2 path] — for each tree index (in ``order``): leave, then land on ``x_i``.

    Leaving makes ``y_i`` free (no cycle uses edge ``i``, so none breaks); landing on ``x_i``
    closes the self-loop ``x_i -> x_i``.  The end pattern is a permutation.
    """
    tree = [i for i in range(len(sigma)) if i not in on_cycle(sigma)]
    order = tree if order is None else list(order)
    if sorted(order) != tree:
        raise ValueError(f"order {order} is not an ordering of the tree indices {tree}")
    steps, cur = [PathStep(sigma, None)], list(sigma)
    for i in order:
        if cur[i] != FREE:
            cur[i] = FREE
            steps.append(PathStep(tuple(cur), i))
        cur[i] = i
        steps.append(PathStep(tuple(cur), i))
    return steps


def segment_hits(
    start: Sequence[Fraction], end: Sequence[Fraction], X
) -> list[tuple[Fraction, int]]:
    """Data points on the segment ``start -> end`` as ``(s, j)`` with ``0 < s <= 1``, in order (exact)."""
    direction = [e - s for s, e in zip(start, end, strict=True)]
    hits = []
    for j, x in enumerate(X):
        offset = [xx - s for s, xx in zip(start, x, strict=True)]
        k = next(i for i, d in enumerate(direction) if d != 0)
        s = offset[k] / direction[k]
        if 0 < s <= 1 and all(o == s * d for o, d in zip(offset, direction, strict=True)):
            hits.append((s, j))
    return sorted(hits)


def geometric_path(X, Y, order: Iterable[int] | None = None, *, stop_on_cycle: bool = True):
    """Theorem 2's path realised in ``R^d`` with straight moves, the states it passes in order.

    ``X``, ``Y``: rows of exact coordinates.  Each tree point ``y_i`` moves straight to ``x_i``; on
    the way it may pass other data points ``x_k`` (always in ``d = 1``).  With ``stop_on_cycle`` it
    stops at an ``x_k`` whose arrival closes a cycle (the value drops and must not rise again);
    without it, it passes on.  Returns the list of patterns of the states along the path.
    """
    from zigan_verify.analysis.global_landscape._patterns import pattern_of

    X = [tuple(Fraction(v) for v in x) for x in X]
    Y = [tuple(Fraction(v) for v in y) for y in Y]
    sigma = pattern_of(X, Y)
    tree = [i for i in range(len(sigma)) if i not in on_cycle(sigma)]
    order = tree if order is None else list(order)
    states, cur = [sigma], list(sigma)
    for i in order:
        if i in on_cycle(tuple(cur)):
            continue  # an earlier stop closed a cycle through i
        if Y[i] == X[i]:
            continue
        if cur[i] != FREE:
            cur[i] = FREE
            states.append(tuple(cur))
        for s, k in segment_hits(Y[i], X[i], X):
            cur[i] = k
            states.append(tuple(cur))
            if s == 1 or (stop_on_cycle and i in on_cycle(tuple(cur))):
                Y[i] = X[k]
                break
            cur[i] = FREE
            states.append(tuple(cur))
    return states


def non_increasing(values: Sequence) -> bool:
    """Whether a sequence of exact values never increases (Definition 4.1 along a path)."""
    return all(b <= a for a, b in zip(values, values[1:], strict=False))
