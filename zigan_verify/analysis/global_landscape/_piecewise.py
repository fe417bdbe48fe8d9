r"""Exact piecewise-linear scalar functions over the rationals, for drawn ``h_1, h_2, h`` (003 §4).

A :class:`PiecewiseLinear` is continuous, linear between sorted breakpoints and linear on both
tails; every operation used by Theorems 1-2 (sum, scaling, ``t -> -t``, shift, supremum over the
reals) is exact in :class:`fractions.Fraction`, so properties over drawn concave ``h`` decide the
inequalities of §4.1 without a tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

__all__ = ["PiecewiseLinear", "xi_pl", "two_cycle_value"]

INF = float("inf")


@dataclass(frozen=True)
class PiecewiseLinear:
    """``h(b_k) = v_k`` at sorted breakpoints ``b``, slopes ``left``/``right`` on the tails."""

    breakpoints: tuple[Fraction, ...]
    values: tuple[Fraction, ...]
    left: Fraction
    right: Fraction

    def __post_init__(self):
        if not self.breakpoints or len(self.breakpoints) != len(self.values):
            raise ValueError("need as many values as breakpoints (at least one)")
        if any(b >= c for b, c in zip(self.breakpoints, self.breakpoints[1:], strict=False)):
            raise ValueError(f"breakpoints must increase strictly: {self.breakpoints}")

    def __call__(self, t) -> Fraction:
        t, b, v = Fraction(t), self.breakpoints, self.values
        if t <= b[0]:
            return v[0] + self.left * (t - b[0])
        if t >= b[-1]:
            return v[-1] + self.right * (t - b[-1])
        k = next(i for i in range(len(b) - 1) if b[i] <= t <= b[i + 1])
        return v[k] + (v[k + 1] - v[k]) * (t - b[k]) / (b[k + 1] - b[k])

    def slopes(self) -> list[Fraction]:
        """The slopes from ``-oo`` to ``+oo``."""
        b, v = self.breakpoints, self.values
        inner = [(v[k + 1] - v[k]) / (b[k + 1] - b[k]) for k in range(len(b) - 1)]
        return [self.left, *inner, self.right]

    def is_concave(self) -> bool:
        s = self.slopes()
        return all(p >= q for p, q in zip(s, s[1:], strict=False))

    def sup(self):
        """``sup_t h(t)`` exactly (``inf`` when unbounded above)."""
        if self.left < 0 or self.right > 0:
            return INF
        return max(self.values)

    def __add__(self, other: PiecewiseLinear) -> PiecewiseLinear:
        pts = sorted(set(self.breakpoints) | set(other.breakpoints))
        return PiecewiseLinear(
            tuple(pts),
            tuple(self(p) + other(p) for p in pts),
            self.left + other.left,
            self.right + other.right,
        )

    def scaled(self, c) -> PiecewiseLinear:
        c = Fraction(c)
        return PiecewiseLinear(
            self.breakpoints, tuple(c * v for v in self.values), c * self.left, c * self.right
        )

    def reflected(self) -> PiecewiseLinear:
        """``t -> h(-t)``."""
        return PiecewiseLinear(
            tuple(-b for b in reversed(self.breakpoints)),
            tuple(reversed(self.values)),
            -self.right,
            -self.left,
        )

    def shifted(self, c) -> PiecewiseLinear:
        """``h + c``."""
        c = Fraction(c)
        return PiecewiseLinear(
            self.breakpoints, tuple(v + c for v in self.values), self.left, self.right
        )


def xi_pl(h1: PiecewiseLinear, h2: PiecewiseLinear, count: int):
    r""":math:`\xi(m) = \sup_t (h_1(t) + m h_2(-t))` exactly; ``xi(0) = sup h_1`` (003 §4.1)."""
    if count == 0:
        return h1.sup()
    return (h1 + h2.reflected().scaled(count)).sup()


def two_cycle_value(h: PiecewiseLinear):
    r"""A 2-cycle's contribution :math:`\sup_t [h(t) + h(-t)]` (NOTE: [pairing graph]), exactly."""
    return (h + h.reflected()).sup()


def cycle_value_lp(h: PiecewiseLinear, k: int) -> float:
    r""":math:`\sup_{t_1+\dots+t_k=0} \sum_j h(t_j)` for a concave ``h``, by a linear program.

    An independent route to the cycle contribution of NOTE: [pairing graph] (``k h(0)`` by
    Jensen): a concave piecewise-linear ``h`` is the minimum of its affine pieces, so the
    supremum is ``max sum_j s_j`` subject to ``s_j <= alpha t_j + beta`` and ``sum_j t_j = 0``.
    """
    import numpy as np
    from scipy.optimize import linprog

    if not h.is_concave():
        raise ValueError("the linear program represents a concave h only")
    b, v, slopes = h.breakpoints, h.values, h.slopes()
    anchors = [(b[0], v[0]), *zip(b, v, strict=True)]
    lines = [(float(s), float(y - s * x)) for s, (x, y) in zip(slopes, anchors, strict=True)]
    # variables: t_1..t_k, s_1..s_k
    rows, rhs = [], []
    for j in range(k):
        for alpha, beta in lines:
            row = np.zeros(2 * k)
            row[j], row[k + j] = -alpha, 1.0
            rows.append(row)
            rhs.append(beta)
    eq = np.zeros((1, 2 * k))
    eq[0, :k] = 1.0
    res = linprog(
        c=np.r_[np.zeros(k), -np.ones(k)],
        A_ub=np.array(rows),
        b_ub=np.array(rhs),
        A_eq=eq,
        b_eq=[0.0],
        bounds=[(None, None)] * (2 * k),
        method="highs",
    )
    if res.status != 0:
        raise ArithmeticError(f"linear program failed: {res.message}")
    return -res.fun
