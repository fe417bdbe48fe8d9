r"""Numerical routes to 003's inner suprema, independent of the closed forms.

* :func:`certified_concave_sup`: a one-variable concave maximization with a certificate — a
  bracket where the derivative (torch autograd) changes sign, shrunk by bisection, and the
  tangent-line upper bound of a concave function, so ``lower <= sup <= upper`` is proved.
* :func:`separable_sup_numeric`, :func:`rpgan_sup_numeric`: the discriminator's values at the
  distinct points of ``X`` and ``Y`` maximized directly (L-BFGS-B with torch gradients, float64),
  the function-space losses of 003 eq. (5), (6) without the pattern formulas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from scipy.optimize import minimize

__all__ = ["Bracket", "certified_concave_sup", "separable_sup_numeric", "rpgan_sup_numeric"]

_Fn = Callable[[torch.Tensor], torch.Tensor]
# Box for the discriminator's values: a supremum "at infinity" is approached to within the
# loss's tail at the box edge (e^-40 ~ 4e-18 for the logistic loss), far below the tolerances used.
BOX = 40.0


@dataclass(frozen=True)
class Bracket:
    """``lower <= sup <= upper`` for a concave function, with the maximizer in ``[left, right]``."""

    lower: float
    upper: float
    left: float
    right: float


def _value_and_slope(phi: _Fn, s: float) -> tuple[float, float]:
    x = torch.tensor(s, dtype=torch.float64, requires_grad=True)
    y = phi(x)
    (g,) = torch.autograd.grad(y, x)
    return float(y.detach()), float(g)


def certified_concave_sup(phi: _Fn, *, start: float = 0.0, width: float = 1e-10) -> Bracket:
    """Certified maximum of a differentiable concave ``phi`` with a finite maximizer.

    Raises when no sign change of ``phi'`` is found within ``|t| <= 2^40`` (the supremum is then
    approached at infinity; callers handle those cases by a limit).
    """
    lo, hi, step = start, start, 1.0
    while _value_and_slope(phi, lo)[1] <= 0:
        lo -= step
        step *= 2
        if step > 2**40:
            raise ArithmeticError("phi' does not become positive to the left: no finite maximizer")
    step = 1.0
    while _value_and_slope(phi, hi)[1] >= 0:
        hi += step
        step *= 2
        if step > 2**40:
            raise ArithmeticError("phi' does not become negative to the right: no finite maximizer")
    while hi - lo > width:
        mid = 0.5 * (lo + hi)
        if _value_and_slope(phi, mid)[1] > 0:
            lo = mid
        else:
            hi = mid
    (fl, gl), (fh, gh) = _value_and_slope(phi, lo), _value_and_slope(phi, hi)
    # Tangents at lo (slope gl >= 0) and hi (slope gh <= 0) bound a concave phi from above; they
    # meet inside [lo, hi], so the larger of their values at the opposite ends bounds the sup.
    upper = max(fl + gl * (hi - lo), fh + gh * (lo - hi))
    return Bracket(max(fl, fh), upper, lo, hi)


def _nodes(points: np.ndarray) -> tuple[np.ndarray, int]:
    """An index per row, equal rows sharing one (the distinct points a function f sees)."""
    _, inverse = np.unique(points, axis=0, return_inverse=True)
    return inverse.reshape(-1), int(inverse.max()) + 1


def _maximize(objective: Callable[[torch.Tensor], torch.Tensor], size: int) -> float:
    def negative(v: np.ndarray):
        f = torch.tensor(v, dtype=torch.float64, requires_grad=True)
        value = -objective(f)
        (g,) = torch.autograd.grad(value, f)
        return float(value.detach()), g.numpy()

    res = minimize(
        negative,
        np.zeros(size),
        jac=True,
        method="L-BFGS-B",
        bounds=[(-BOX, BOX)] * size,
        options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 5000},
    )
    return -float(res.fun)


def separable_sup_numeric(h1: _Fn, h2: _Fn, X: np.ndarray, Y: np.ndarray) -> float:
    """003 eq. (5) by direct maximization over ``f`` at the distinct points of ``X`` and ``Y``."""
    n = len(X)
    idx, size = _nodes(np.concatenate([X, Y]))
    ix, iy = torch.as_tensor(idx[:n]), torch.as_tensor(idx[n:])
    return _maximize(lambda f: (h1(f[ix]).sum() + h2(-f[iy]).sum()) / (2 * n), size)


def rpgan_sup_numeric(h: _Fn, X: np.ndarray, Y: np.ndarray) -> float:
    """003 eq. (6) by direct maximization over ``f`` at the distinct points of ``X`` and ``Y``."""
    n = len(X)
    idx, size = _nodes(np.concatenate([X, Y]))
    ix, iy = torch.as_tensor(idx[:n]), torch.as_tensor(idx[n:])
    return _maximize(lambda f: h(f[ix] - f[iy]).sum() / n, size)
