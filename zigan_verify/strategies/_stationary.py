r"""Stationary points of the Zero-Infinity GAN (000 eq. (4)) that Theorems 2 and 3 speak about.

Every point is *constructed*, then accepted only if it is stationary to ``||F(z)|| <= 1e-10``
(:data:`STATIONARY_TOL`); a construction that fails is rejected with ``assume``.

Families (``family`` of :class:`StationaryPoint`):

* ``"a_zero"`` -- 000 §5.2's example: ``w = 0``, ``A = 0``, ``sum_i (x_i - Phi_i g) != 0``;
* ``"balanced"`` -- ``w = 0`` with a random ``A``; ``g`` solves the ``r`` equations
  ``sum_i sigma(A x_i) = sum_i sigma(A Phi_i g)`` (``grad_w f = 0``) by SciPy least squares;
* ``"dead_units"`` -- some units ``a_l = 0`` carry ``w_l != 0``, the others have ``w_l = 0`` and are
  balanced as above; ``g`` also matches the mean, ``sum_i Phi_i g = sum_i x_i`` (then
  ``grad_{a_l} f = w_l u_l = 0`` for the dead units and ``grad_g f`` gets no term from them);
* ``"global"`` -- Theorem 3: ``Phi g = Q_pi^T x`` for a random permutation ``pi``, random ``A``,
  ``w = 0`` (needs ``n <= d2`` so that ``Phi`` has full row rank);
* ``"degenerate"`` -- 000 §5.2 after Theorem 2: ``sum_i (x_i - Phi_i g) = 0``, ``w = 0``, ``A = 0``
  with ``Phi g`` not a permutation of ``x`` (non-optimal).

The ``build_*`` functions take a seeded :class:`numpy.random.Generator` and return a
:class:`StationaryPoint` or ``None``; the strategies and the claim checks share them.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from scipy.optimize import least_squares
from scipy.special import expit

from zigan_verify._errors import ZiganError
from zigan_verify.problem import ZIGANProblem
from zigan_verify.strategies._instances import _ints

__all__ = [
    "MAX_COND",
    "STATIONARY_TOL",
    "StationaryPoint",
    "build_a_zero",
    "build_balanced",
    "build_dead_units",
    "build_degenerate",
    "build_global",
    "degenerate_points",
    "global_solutions",
    "make_problem",
    "theorem2_points",
    "unit_imbalance",
]

# The acceptance bound of the issue: a point counts as stationary when ||grad f|| <= 1e-10.
STATIONARY_TOL = 1e-10
# Features phi_i that are nearly parallel make the global g huge (|g| ~ cond(Phi) |x|) and the
# Hessian badly scaled; such draws are rejected.
MAX_COND = 1e3


class StationaryPoint(NamedTuple):
    """A constructed stationary point ``z`` of ``problem``; ``perm`` is ``pi`` for ``"global"``."""

    problem: ZIGANProblem
    z: torch.Tensor
    family: str
    perm: tuple[int, ...] | None = None


def make_problem(rng: np.random.Generator, n, d1, d2, r, p, data_scale=1.0) -> ZIGANProblem:
    """A ZI problem with Gaussian data (std ``data_scale``) and Gaussian latents."""
    data = data_scale * rng.standard_normal((n, d1))
    latents = rng.standard_normal((n, p))
    return ZIGANProblem(torch.from_numpy(data), torch.from_numpy(latents), r=r, width=d2)


def unit_imbalance(problem: ZIGANProblem, z: torch.Tensor) -> torch.Tensor:
    r"""The vectors :math:`u_l = \frac1n\sum_i[\sigma'(a_l^\top x_i)x_i -
    \sigma'(a_l^\top\Phi_i g)\Phi_i g]` as rows ``(r, d1)`` (Theorem 2; row ``l`` of
    :math:`\nabla^2_{wa_l}f`)."""
    g, theta, _, A = problem.unpack(z)
    X, Y = problem.data, problem.generated(g, theta)
    sx, sy = torch.sigmoid(X @ A.T), torch.sigmoid(Y @ A.T)
    return ((sx * (1 - sx)).T @ X - (sy * (1 - sy)).T @ Y) / problem.sizes.n


def _stationary(problem: ZIGANProblem, z: torch.Tensor) -> bool:
    return bool(torch.linalg.vector_norm(problem.F(z)) <= STATIONARY_TOL)


def _features(problem: ZIGANProblem, theta: np.ndarray) -> np.ndarray:
    return problem.phi(torch.from_numpy(theta), problem.latents).numpy()


def _solve_g(problem, theta, A, live, mean_match, rng) -> np.ndarray | None:
    """``g`` with ``sum_i sigma(a_l x_i) = sum_i sigma(a_l Phi_i g)`` for ``l in live``
    (and ``sum_i Phi_i g = sum_i x_i`` if ``mean_match``), by least squares from a random start."""
    n, d1, d2 = problem.sizes.n, problem.sizes.d1, problem.sizes.d2
    X, Phi, Al = problem.data.numpy(), _features(problem, theta), A[live]
    target = expit(X @ Al.T).sum(0) / n

    def fun(g):
        Y = Phi @ g.reshape(d1, d2).T
        res = [target - expit(Y @ Al.T).sum(0) / n]
        if mean_match:
            res.append((X.sum(0) - Y.sum(0)) / n)
        return np.concatenate(res)

    def jac(g):
        Y = Phi @ g.reshape(d1, d2).T
        s = expit(Y @ Al.T)
        rows = [-np.einsum("il,lk,ia->lka", s * (1 - s), Al, Phi).reshape(len(Al), -1) / n]
        if mean_match:
            rows.append(-np.kron(np.eye(d1), Phi.sum(0)[None, :]) / n)
        return np.concatenate(rows)

    g = rng.standard_normal(d1 * d2)
    g = least_squares(fun, g, jac=jac, method="trf", xtol=1e-15, ftol=1e-15, gtol=1e-15).x
    for _ in range(4):  # Gauss-Newton polish with minimum-norm steps
        g = g - np.linalg.lstsq(jac(g), fun(g), rcond=None)[0]
    return g if np.all(np.isfinite(g)) else None


def _pack(problem, g, theta, w, A) -> torch.Tensor:
    return problem.pack(
        *(torch.from_numpy(np.asarray(v, dtype=np.float64)) for v in (g, theta, w, A))
    )


def _theta(problem, rng) -> np.ndarray:
    return rng.standard_normal(problem.sizes.m)


def build_a_zero(problem: ZIGANProblem, rng: np.random.Generator) -> StationaryPoint | None:
    """``w = 0``, ``A = 0`` and a random ``(g, theta)`` (000 §5.2, before Theorem 2)."""
    n, d1, d2, r, *_ = problem.sizes
    z = _pack(
        problem, rng.standard_normal(d1 * d2), _theta(problem, rng), np.zeros(r), np.zeros((r, d1))
    )
    return StationaryPoint(problem, z, "a_zero") if _stationary(problem, z) else None


def build_balanced(
    problem: ZIGANProblem, rng: np.random.Generator, *, a_scale: float = 1.0
) -> StationaryPoint | None:
    """``w = 0``, random ``A``; ``g`` solves ``grad_w f = 0`` (``r`` equations)."""
    n, d1, d2, r, *_ = problem.sizes
    theta, A = _theta(problem, rng), a_scale * rng.standard_normal((r, d1))
    g = _solve_g(problem, theta, A, np.arange(r), False, rng)
    if g is None:
        return None
    z = _pack(problem, g, theta, np.zeros(r), A)
    return StationaryPoint(problem, z, "balanced") if _stationary(problem, z) else None


def build_dead_units(
    problem: ZIGANProblem, rng: np.random.Generator, *, n_dead: int = 1, a_scale: float = 1.0
) -> StationaryPoint | None:
    """Units ``0..n_dead-1`` have ``a_l = 0``, ``w_l ~ N(0, 1)``; the rest ``w_l = 0``, balanced."""
    n, d1, d2, r, *_ = problem.sizes
    if not 1 <= n_dead < r:
        raise ZiganError(f"n_dead must be in [1, r - 1] = [1, {r - 1}], got {n_dead}")
    theta, A = _theta(problem, rng), a_scale * rng.standard_normal((r, d1))
    A[:n_dead] = 0.0
    w = np.zeros(r)
    w[:n_dead] = rng.standard_normal(n_dead)
    g = _solve_g(problem, theta, A, np.arange(n_dead, r), True, rng)
    if g is None:
        return None
    z = _pack(problem, g, theta, w, A)
    return StationaryPoint(problem, z, "dead_units") if _stationary(problem, z) else None


def build_global(
    problem: ZIGANProblem,
    rng: np.random.Generator,
    *,
    null_space: bool = False,
    a_scale: float = 1.0,
    perm: np.ndarray | None = None,
) -> StationaryPoint | None:
    """Theorem 3: ``Phi_i g = x_{pi(i)}`` (min-norm ``g``, plus a null-space part if asked)."""
    n, d1, d2, r, *_ = problem.sizes
    if n > d2:
        raise ZiganError(f"a global solution Phi g = Q_pi^T x needs n <= d2, got n={n}, d2={d2}")
    theta = _theta(problem, rng)
    Phi = _features(problem, theta)
    if np.linalg.cond(Phi) > MAX_COND:
        return None
    perm = rng.permutation(n) if perm is None else np.asarray(perm)
    Gt = np.linalg.lstsq(Phi, problem.data.numpy()[perm], rcond=None)[0]  # (d2, d1), min norm
    if null_space and n < d2:
        null = np.linalg.svd(Phi)[2][n:].T  # (d2, d2 - n) basis of N(Phi)
        Gt = Gt + null @ rng.standard_normal((d2 - n, d1))
    z = _pack(problem, Gt.T, theta, np.zeros(r), a_scale * rng.standard_normal((r, d1)))
    ok = _stationary(problem, z)
    return StationaryPoint(problem, z, "global", tuple(int(i) for i in perm)) if ok else None


def build_degenerate(problem: ZIGANProblem, rng: np.random.Generator) -> StationaryPoint | None:
    """``w = 0``, ``A = 0``, ``sum_i Phi_i g = sum_i x_i`` and ``Phi g`` not a permutation of ``x``."""
    n, d1, d2, r, *_ = problem.sizes
    theta = _theta(problem, rng)
    Phi, X = _features(problem, theta), problem.data.numpy()
    s = Phi.sum(0)  # sum_i phi_i; G s = sum_i x_i is d1 linear equations in G
    G = rng.standard_normal((d1, d2))
    G += np.outer(X.sum(0) - G @ s, s) / (s @ s)
    Y = Phi @ G.T
    optimal = any(np.allclose(Y, X[list(p)]) for p in _perms(n)) if n <= 5 else False
    if optimal:
        return None
    z = _pack(problem, G, theta, np.zeros(r), np.zeros((r, d1)))
    return StationaryPoint(problem, z, "degenerate") if _stationary(problem, z) else None


def _perms(n):
    from itertools import permutations

    return permutations(range(n))


# ----- strategies -----
_FAMILIES = ("a_zero", "balanced", "dead_units")


def _check_family(families):
    if not families or any(f not in _FAMILIES for f in families):
        raise ZiganError(f"families must be a non-empty subset of {_FAMILIES}, got {families!r}")


@st.composite
def _theorem2(draw, families, n, d1, d2, r, p, min_u_norm):
    family = draw(st.sampled_from(families))
    n_ = draw(_ints(n, 2, 4))
    d1_, p_ = draw(_ints(d1, 1, 3)), draw(_ints(p, 1, 3))
    # dead units spend d1 equations on the mean, so the live units need d2 >= 2 to be solvable
    d2_ = draw(_ints(d2, 2 if family == "dead_units" else 1, 3))
    # at most as many equations in g as the rank of their Jacobian, d1 * min(n, d2)
    room = d1_ * min(n_, d2_) - (d1_ if family == "dead_units" else 0)
    if family == "balanced":
        r_ = draw(_ints(r, 1, max(1, min(4, room))))
    elif family == "dead_units":
        r_ = draw(_ints(r, 2, 1 + max(1, min(3, room))))
    else:
        r_ = draw(_ints(r, 1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    problem = make_problem(rng, n_, d1_, d2_, r_, p_)
    if family == "a_zero":
        point = build_a_zero(problem, rng)
    elif family == "balanced":
        point = build_balanced(problem, rng)
    else:
        live = draw(st.integers(1, max(1, min(r_ - 1, room))))
        point = build_dead_units(problem, rng, n_dead=r_ - live)
    assume(point is not None)
    w = problem.unpack(point.z).w
    u = torch.linalg.vector_norm(unit_imbalance(problem, point.z), dim=1)
    assume(bool(((w == 0) & (u >= min_u_norm)).any()))  # Theorem 2's hypothesis holds
    return point


def theorem2_points(
    *,
    families: tuple[str, ...] = _FAMILIES,
    n: int | SearchStrategy[int] = 0,
    d1: int | SearchStrategy[int] = 0,
    d2: int | SearchStrategy[int] = 0,
    r: int | SearchStrategy[int] = 0,
    p: int | SearchStrategy[int] = 0,
    min_u_norm: float = 1e-4,
) -> SearchStrategy[StationaryPoint]:
    """Stationary points satisfying the hypothesis of Theorem 2 (000 §5.2).

    * ``families`` -- any of ``"a_zero"``, ``"balanced"``, ``"dead_units"`` (module docstring).
    * ``n, d1, d2, r, p`` -- sizes: a value, a strategy, or ``0`` for a small default range
      (``n`` 2-4, ``d1, d2, p`` 1-3; ``r`` at most the number of solvable equations).
    * ``min_u_norm`` -- some unit with ``w_l = 0`` has ``||u_l|| >= min_u_norm``
      (:func:`unit_imbalance`), so that the theorem's ``!= 0`` holds beyond rounding.
    """
    families = tuple(families)
    _check_family(families)
    if not min_u_norm > 0:
        raise ZiganError(f"min_u_norm must be > 0, got {min_u_norm!r}")
    return _theorem2(families, n, d1, d2, r, p, min_u_norm)


@st.composite
def _globals(draw, n, d1, d2, r, p, null_space, a_scale):
    n_ = draw(_ints(n, 1, 3))
    d2_ = draw(_ints(d2, n_, n_ + 2))
    if n_ > d2_:
        raise ZiganError(f"global_solutions needs n <= d2, got n={n_}, d2={d2_}")
    d1_, r_, p_ = draw(_ints(d1, 1, 3)), draw(_ints(r, 1, 4)), draw(_ints(p, 1, 3))
    if null_space is None:
        null_space = st.booleans()
    ns = draw(null_space if isinstance(null_space, SearchStrategy) else st.just(null_space))
    scale = draw(a_scale if isinstance(a_scale, SearchStrategy) else st.just(a_scale))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    problem = make_problem(rng, n_, d1_, d2_, r_, p_)
    point = build_global(problem, rng, null_space=ns, a_scale=scale)
    assume(point is not None)
    return point


def global_solutions(
    *,
    n: int | SearchStrategy[int] = 0,
    d1: int | SearchStrategy[int] = 0,
    d2: int | SearchStrategy[int] = 0,
    r: int | SearchStrategy[int] = 0,
    p: int | SearchStrategy[int] = 0,
    null_space: bool | SearchStrategy[bool] | None = None,
    a_scale: float | SearchStrategy[float] = 1.0,
) -> SearchStrategy[StationaryPoint]:
    """Global solutions of Theorem 3 (000 §5.3, §6): ``Phi(theta) g = Q_pi^T x``, ``w = 0``.

    * ``n, d1, d2, r, p`` -- sizes (value, strategy or ``0`` for defaults: ``n`` 1-3,
      ``d2`` from ``n`` to ``n + 2`` so that ``Phi`` has full row rank, ``d1, r, p`` small).
    * ``null_space`` -- add a random ``N(Phi)`` component to the minimum-norm ``g`` (``None``:
      drawn, both ways).
    * ``a_scale`` -- standard deviation of the random discriminator ``A``.
    """
    return _globals(n, d1, d2, r, p, null_space, a_scale)


@st.composite
def _degenerates(draw, n, d1, d2, r, p):
    n_ = draw(_ints(n, 2, 4))
    d1_, d2_, r_, p_ = (draw(_ints(v, 1, 3)) for v in (d1, d2, r, p))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    point = build_degenerate(make_problem(rng, n_, d1_, d2_, r_, p_), rng)
    assume(point is not None)
    return point


def degenerate_points(
    *,
    n: int | SearchStrategy[int] = 0,
    d1: int | SearchStrategy[int] = 0,
    d2: int | SearchStrategy[int] = 0,
    r: int | SearchStrategy[int] = 0,
    p: int | SearchStrategy[int] = 0,
) -> SearchStrategy[StationaryPoint]:
    """The non-optimal stationary points after Theorem 2: ``sum_i (x_i - Phi_i g) = 0``, ``w = 0``,
    ``A = 0``.

    * ``n, d1, d2, r, p`` -- sizes (value, strategy or ``0``: ``n`` 2-4, others 1-3); ``n >= 2``
      so that matching the mean does not already match the samples.
    """
    if isinstance(n, int) and n == 1:
        raise ZiganError("degenerate_points needs n >= 2 (n = 1 makes the point optimal)")
    return _degenerates(n, d1, d2, r, p)
