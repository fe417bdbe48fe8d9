r"""Path-angle and path-norm along the linear path between two parameter vectors (004 §4.2, eq. (7)).

.. math::
    c(\alpha) = \frac{\langle\omega' - \omega, v_\alpha\rangle}{\|\omega' - \omega\|\,\|v_\alpha\|},
    \qquad v_\alpha = v(\alpha\omega' + (1 - \alpha)\omega),\qquad \text{path-norm } \|v_\alpha\|

For the linear field of eq. (8), :math:`v(\omega) = J(\omega - \omega^*)`, with
:math:`d = \omega' - \omega` and :math:`e = \omega - \omega^*`,

.. math:: c(\alpha) = \frac{d^\top J e + \alpha\, d^\top J d}{\|d\|\,\|J e + \alpha J d\|}

(:func:`linear_path_angle`), which the archetype properties of Fig. 2 use.

App. C.3: several end points ``omega'`` (same start), the median path-angle and the interquartile
range over them (:func:`aggregate`).

Public: the names in ``__all__``; the rest may change.

References:
    Berard et al. (004), §4.1-4.3, eq. (7), (8), Fig. 2, App. C.3.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch

from zigan_verify._errors import ZiganError, check_shape

__all__ = ["PathAngle", "PathSummary", "aggregate", "linear_path_angle", "path_angle"]


class PathAngle(NamedTuple):
    """``c(alpha)`` (eq. (7)) and ``||v_alpha||`` at each ``alpha``."""

    alphas: np.ndarray
    cosine: np.ndarray
    norm: np.ndarray


class PathSummary(NamedTuple):
    """App. C.3: median and quartiles over end points of the path-angle and of the path-norm."""

    alphas: np.ndarray
    median: np.ndarray
    q25: np.ndarray
    q75: np.ndarray
    norm_median: np.ndarray
    norm_q25: np.ndarray
    norm_q75: np.ndarray
    n_ends: int


def _alphas(alphas) -> np.ndarray:
    a = np.asarray(alphas, dtype=np.float64).reshape(-1)
    if a.size == 0 or not np.isfinite(a).all():
        raise ZiganError("alphas must be a non-empty array of finite numbers")
    return a


def path_angle(game, start, end, alphas=None) -> PathAngle:
    """eq. (7) for any :class:`~zigan_verify.games.Game`: one ``v`` per ``alpha`` (gradients only).

    ``alphas`` defaults to 101 points on ``[0, 1.2]`` (004 §4.2: ``b > 1`` extrapolates past
    ``omega'``). Where ``v_alpha = 0`` the cosine is undefined and reported as NaN.
    """
    a = _alphas(np.linspace(0.0, 1.2, 101) if alphas is None else alphas)
    start = torch.as_tensor(start, dtype=torch.float64)
    end = torch.as_tensor(end, dtype=torch.float64)
    check_shape("start", start, (game.dim,))
    check_shape("end", end, (game.dim,))
    d = end - start
    dn = float(torch.linalg.vector_norm(d))
    if dn == 0.0:
        raise ZiganError("start and end are the same point: the path has no direction")
    cos, norm = np.empty(a.size), np.empty(a.size)
    for i, alpha in enumerate(a):
        va = game.v(alpha * end + (1 - alpha) * start)
        vn = float(torch.linalg.vector_norm(va))
        norm[i] = vn
        cos[i] = float(d @ va) / (dn * vn) if vn > 0 else np.nan
    return PathAngle(a, cos, norm)


def linear_path_angle(J, omega_star, start, end, alphas) -> PathAngle:
    """The closed form of eq. (7) for ``v(omega) = J (omega - omega*)`` (eq. (8)), in NumPy."""
    J = np.asarray(J, dtype=np.float64)
    a = _alphas(alphas)
    d = np.asarray(end, dtype=np.float64) - np.asarray(start, dtype=np.float64)
    e = np.asarray(start, dtype=np.float64) - np.asarray(omega_star, dtype=np.float64)
    Je, Jd = J @ e, J @ d
    num = d @ Je + a * (d @ Jd)
    vecs = Je[None, :] + a[:, None] * Jd[None, :]
    norm = np.linalg.norm(vecs, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.where(norm > 0, num / (np.linalg.norm(d) * norm), np.nan)
    return PathAngle(a, cos, norm)


def aggregate(curves: list[PathAngle]) -> PathSummary:
    """App. C.3: median and interquartile range over end points (same ``alphas`` for all)."""
    if not curves:
        raise ZiganError("aggregate needs at least one path-angle curve")
    a = curves[0].alphas
    if any(c.alphas.shape != a.shape or not np.array_equal(c.alphas, a) for c in curves):
        raise ZiganError("all path-angle curves must share the same alphas")
    C = np.stack([c.cosine for c in curves])
    N = np.stack([c.norm for c in curves])
    qc = np.nanpercentile(C, [25, 50, 75], axis=0)
    qn = np.percentile(N, [25, 50, 75], axis=0)
    return PathSummary(a, qc[1], qc[0], qc[2], qn[1], qn[0], qn[2], len(curves))
