r"""Path-angle and path-norm along the linear path between two parameter vectors (004 §4.2, eq. (7)).

.. math::
    c(\alpha) = \frac{\langle\omega' - \omega, v_\alpha\rangle}{\|\omega' - \omega\|\,\|v_\alpha\|},
    \qquad v_\alpha = v(\alpha\omega' + (1 - \alpha)\omega),\qquad \text{path-norm } \|v_\alpha\|

For the linear field of eq. (8), :math:`v(\omega) = J(\omega - \omega^*)`, with
:math:`d = \omega' - \omega` and :math:`e = \omega - \omega^*`,

.. math:: c(\alpha) = \frac{d^\top J e + \alpha\, d^\top J d}{\|d\|\,\|J e + \alpha J d\|}

(:func:`linear_path_angle`), which the archetype properties of Fig. 2 use.

NOTE: [path-angle sign]
We compute eq. (7) exactly as printed: the inner product of ``v_alpha`` with ``omega' - omega``
(end minus start). ``v`` is the *gradient* field (each player's update is ``-v``), so near an
attracting LSSP ``v`` points away from ``omega*``: for pure attraction (``S_1, S_2 > 0``,
``A = B = 0``, eq. (8)) :math:`c(\alpha) \to -1` for :math:`\alpha \ll 1` and :math:`+1` for
:math:`\alpha \gg 1` (:func:`linear_path_angle`; with ``omega*`` on the path and ``S = sI``,
:math:`c = \operatorname{sign}(\alpha - \alpha^*)` with :math:`\alpha^*` the projection of
``omega*`` on the path). 004 §4.3's text describes the opposite signs ("c = 1 for alpha << 1 and
-1 for alpha >> 1": the direction of the *update* ``-v``), and so does the authors' code
(``plot_path_tools.compute_path_stats`` takes ``params_diff = checkpoint_1 - checkpoint_2``,
start minus end). So ``c_ours(alpha) = -c_text(alpha) = -c_authors(alpha)``, exactly; a
rotation's bump (Fig. 2b) flips with it, its height does not. Negate ``cosine`` to plot 004's
convention (tests/test_landscape_conventions.py pins both against the closed form).

App. C.3: several end points ``omega'`` (same start), the median path-angle and the interquartile
range over them (:func:`aggregate`).

The "bump" of Figs. 2-3 (:func:`bump`): how far ``c`` leaves, inside the window
:data:`BUMP_WINDOW` around ``alpha = 1``, the range spanned by its values at the window's two
edges. A monotone curve (a pure sign switch, Fig. 2a with ``S = sI``) has height 0; a pure rotation
(Fig. 2b, edges ~0) has its peak ``|c|``; a mixed curve (Fig. 2c) its overshoot past the edge level
(the ``max c - c(b)`` of 004.fig2c when the edges are at the far levels). A bump is present when
the height exceeds :data:`BUMP_MIN`.

Public: the names in ``__all__``; the rest may change.

References:
    Berard et al. (004), §4.1-4.3, eq. (7), (8), Fig. 2, App. C.3.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch

from zigan_verify._errors import ZiganError, check_shape

__all__ = [
    "BUMP_MIN",
    "BUMP_WINDOW",
    "Bump",
    "PathAngle",
    "PathSummary",
    "aggregate",
    "bump",
    "linear_path_angle",
    "path_angle",
]

# 004 Figs. 2-3 place the bump "close to alpha = 1" and plot up to b = 1.2 (path_angle's default):
# the window is symmetric about 1 with its right edge at b.
BUMP_WINDOW = (0.8, 1.2)
# the level below which the project calls |c| "vanished" (004.fig2b's ends): a smaller excess is
# not a bump
BUMP_MIN = 0.05


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


def path_angle(game, start, end, alphas=None, *, batch: int = 16) -> PathAngle:
    """eq. (7) for any :class:`~zigan_verify.game.games.Game`: one ``v`` per ``alpha`` (gradients only).

    ``alphas`` defaults to 101 points on ``[0, 1.2]`` (004 §4.2: ``b > 1`` extrapolates past
    ``omega'``). Where ``v_alpha = 0`` the cosine is undefined and reported as NaN. The sign is
    eq. (7)'s as printed (NOTE: [path-angle sign]).

    NOTE: [batched path points]
    All path points go through :meth:`Game.fields <zigan_verify.game.games.Game.fields>` at once: a
    generic game vmaps ``v`` over ``batch`` points per call (one batched forward and backward
    instead of ``batch`` calls of ``torch.func.grad``, whose Python overhead exceeds a small
    model's gradient); a :class:`~zigan_verify.game.module_game.ModuleGame` uses a plain script's reverse
    mode (NOTE: [eager game field]). Same numbers either way; ``batch`` bounds the memory
    (``batch`` copies of the forward pass).
    """
    a = _alphas(np.linspace(0.0, 1.2, 101) if alphas is None else alphas)
    start = torch.as_tensor(start, dtype=torch.float64)
    end = torch.as_tensor(end, dtype=torch.float64)
    check_shape("start", start, (game.dim,))
    check_shape("end", end, (game.dim,))
    if batch < 1:
        raise ZiganError(f"batch must be >= 1, got {batch}")
    d = end - start
    dn = float(torch.linalg.vector_norm(d))
    if dn == 0.0:
        raise ZiganError("start and end are the same point: the path has no direction")
    at = torch.from_numpy(a)[:, None]
    points = at * end + (1 - at) * start
    if hasattr(game, "fields"):
        V = game.fields(points, batch).detach()
    else:  # any object with ``dim`` and ``v`` (e.g. a minimization, experiments.mog.Minimization)
        V = torch.stack([game.v(p) for p in points]).detach()
    norm = torch.linalg.vector_norm(V, dim=1).cpu().numpy()
    dots = (V @ d).cpu().numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.where(norm > 0, dots / (dn * norm), np.nan)
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


class Bump(NamedTuple):
    """:func:`bump`'s result: ``height`` (0 when none), where (``alpha``) and which way
    (``sign``: +1 above the edges' range, -1 below it, 0 none); ``present``: ``height > min``."""

    height: float
    alpha: float
    sign: int
    present: bool


def bump(alphas, cosine, window=BUMP_WINDOW, min_height: float = BUMP_MIN) -> Bump:
    """The bump of a path-angle curve near ``alpha = 1`` (module docstring): with ``c_L, c_R`` the
    values at the window's edges, ``height = max(max_W c - max(c_L, c_R), min(c_L, c_R) - min_W c,
    0)``. ``cosine`` may be a median curve (App. C.3); NaNs (``v = 0``) are ignored."""
    a, c = _alphas(alphas), np.asarray(cosine, dtype=np.float64).reshape(-1)
    if c.shape != a.shape:
        raise ZiganError(f"alphas and cosine differ in length: {a.size} vs {c.size}")
    inside = (a >= window[0]) & (a <= window[1]) & np.isfinite(c)
    if inside.sum() < 3:
        raise ZiganError(f"need at least 3 finite points of c in the window {window}")
    order = np.argsort(a[inside])
    aw, cw = a[inside][order], c[inside][order]
    lo, hi = min(cw[0], cw[-1]), max(cw[0], cw[-1])
    up, down = float(cw.max() - hi), float(lo - cw.min())
    height = max(up, down, 0.0)
    sign = 0 if height == 0.0 else (1 if up >= down else -1)
    where = float(aw[np.argmax(cw)] if sign > 0 else aw[np.argmin(cw)]) if sign else float("nan")
    return Bump(height, where, sign, bool(height > min_height))
