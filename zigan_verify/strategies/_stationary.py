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
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy
from scipy.optimize import least_squares
from scipy.special import expit

from zigan_verify._errors import ZiganError
from zigan_verify.game.problem import ZIGANProblem
from zigan_verify.strategies._validate import (
    check_bool,
    check_scale,
    check_size,
    sized,
    valued,
)

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
    r"""A constructed stationary point ``z`` of ``problem``, with the accuracy it was built to.

    * ``problem`` -- the :class:`~zigan_verify.game.problem.ZIGANProblem` (data, latents, loss).
    * ``z`` -- the point, a float64 vector ``(g, theta, w, A)`` (``problem.unpack(z)`` splits it).
    * ``family`` -- how it was built (module docstring).
    * ``perm`` -- ``pi`` for ``"global"`` (``Phi_i g = x_{pi(i)}``), else ``None``.
    * ``residual`` -- ``||F(z)||_2`` as drawn (``<=`` :data:`STATIONARY_TOL`).
    * ``misfit`` -- the residual of the family's defining equations, which the Hessian at ``z``
      inherits: ``max |Phi g - Q_pi^T x|`` (``"global"``), ``|sum_i (x_i - Phi_i g)| / n``
      (``"degenerate"``, ``"dead_units"``: the mean match), ``0`` where the equations hold
      exactly by construction (``"a_zero"``) and ``||grad_w f||`` (``"balanced"``).

    ``F`` is ``problem.F(z)``, ``DF`` is ``zigan_verify.analysis.spectrum.dense_jacobian(problem, z)``
    and the Hessian blocks ``zigan_verify.game.closed_form.hessian_blocks(problem, z)``.
    """

    problem: ZIGANProblem
    z: torch.Tensor
    family: str
    perm: tuple[int, ...] | None = None
    residual: float = float("nan")
    misfit: float = float("nan")


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


def _accept(problem, z, family, misfit, perm=None) -> StationaryPoint | None:
    """The point with its residual ``||F(z)||``, or ``None`` unless ``<= STATIONARY_TOL``."""
    residual = float(torch.linalg.vector_norm(problem.F(z)))
    if not residual <= STATIONARY_TOL:
        return None
    return StationaryPoint(problem, z, family, perm, residual, float(misfit))


def _mean_misfit(problem, z) -> float:
    g, theta, _, _ = problem.unpack(z)
    Y = problem.generated(g, theta)
    return float(torch.linalg.vector_norm((problem.data - Y).sum(0))) / problem.sizes.n


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
    return _accept(problem, z, "a_zero", 0.0)


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
    return _accept(problem, z, "balanced", torch.linalg.vector_norm(problem.unpack(problem.F(z)).w))


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
    return _accept(problem, z, "dead_units", _mean_misfit(problem, z))


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
    misfit = np.abs(Phi @ Gt - problem.data.numpy()[perm]).max()
    return _accept(problem, z, "global", misfit, tuple(int(i) for i in perm))


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
    return _accept(problem, z, "degenerate", _mean_misfit(problem, z))


def _perms(n):
    from itertools import permutations

    return permutations(range(n))


# ----- strategies -----
_FAMILIES = ("a_zero", "balanced", "dead_units")


def _check_sizes(where, allow_large, **sizes):
    check_bool(where, "allow_large", allow_large, none_ok=False)
    for name, value in sizes.items():
        check_size(where, name, value, 1, allow_large=allow_large)


@st.composite
def _theorem2(draw, families, n, d1, d2, r, p, min_u_norm, allow_large):
    where = "theorem2_points"
    family = draw(st.sampled_from(families))
    n_ = draw(sized(where, "n", n, 2, 4, allow_large=allow_large))
    d1_ = draw(sized(where, "d1", d1, 1, 3, allow_large=allow_large))
    p_ = draw(sized(where, "p", p, 1, 3, allow_large=allow_large))
    # dead units spend d1 equations on the mean, so the live units need d2 >= 2 to be solvable
    d2_low = 2 if family == "dead_units" else 1
    d2_ = draw(sized(where, "d2", d2, d2_low, 3, allow_large=allow_large))
    # at most as many equations in g as the rank of their Jacobian, d1 * min(n, d2)
    room = d1_ * min(n_, d2_) - (d1_ if family == "dead_units" else 0)
    if family == "balanced":
        r_ = draw(sized(where, "r", r, 1, max(1, min(4, room)), allow_large=allow_large))
    elif family == "dead_units":
        r_ = draw(sized(where, "r", r, 2, 1 + max(1, min(3, room)), allow_large=allow_large))
    else:
        r_ = draw(sized(where, "r", r, 1, 4, allow_large=allow_large))
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
    families: tuple[str, ...] | None = None,
    n: int | SearchStrategy[int] | None = None,
    d1: int | SearchStrategy[int] | None = None,
    d2: int | SearchStrategy[int] | None = None,
    r: int | SearchStrategy[int] | None = None,
    p: int | SearchStrategy[int] | None = None,
    min_u_norm: float = 1e-4,
    allow_large: bool = False,
) -> SearchStrategy[StationaryPoint]:
    """Stationary points satisfying the hypothesis of Theorem 2 (000 §5.2).

    * ``families`` -- a non-empty tuple of ``"a_zero"``, ``"balanced"``, ``"dead_units"`` (module
      docstring); ``None``: all three.
    * ``n, d1, d2, r, p`` -- sizes: an integer, a strategy, or ``None`` for a small default
      range (``n`` 2-4, ``n >= 2``; ``d1, d2, p`` 1-3; ``r`` at most the number of solvable
      equations). ``"dead_units"`` needs ``r >= 2`` and ``d2 >= 2`` (checked when drawn).
    * ``min_u_norm`` -- some unit with ``w_l = 0`` has ``||u_l|| >= min_u_norm``
      (:func:`unit_imbalance`), so that the theorem's ``!= 0`` holds beyond rounding; in
      ``(0, 1e4]``.
    * ``allow_large`` -- lift the size cap (``SIZE_CAP = 32``).

    Draws a :class:`StationaryPoint` (``problem``, ``z``, ``family``, ``residual = ||F(z)|| <=
    1e-10``, ``misfit``).
    ``F`` at the point is ``point.problem.F(point.z)``, ``DF`` is
    ``zigan_verify.analysis.spectrum.dense_jacobian(point.problem, point.z)``, the Hessian blocks
    ``zigan_verify.game.closed_form.hessian_blocks(point.problem, point.z)``.

    Raises:
        hypothesis.errors.InvalidArgument: at construction, for any argument outside the above.
    """
    where = "theorem2_points"
    if families is None:
        families = _FAMILIES
    if (
        isinstance(families, str)
        or not isinstance(families, (tuple, list))
        or not families
        or any(f not in _FAMILIES for f in families)
    ):
        raise InvalidArgument(
            f"{where}: families must be a non-empty tuple of {_FAMILIES}, got families={families!r}"
        )
    _check_sizes(where, allow_large, d1=d1, d2=d2, r=r, p=p)
    check_size(where, "n", n, 2, allow_large=allow_large)
    check_scale(where, "min_u_norm", min_u_norm, positive=True)
    if isinstance(min_u_norm, SearchStrategy):
        raise InvalidArgument(f"{where}: min_u_norm must be a number, got {min_u_norm!r}")
    return _theorem2(tuple(families), n, d1, d2, r, p, float(min_u_norm), allow_large)


@st.composite
def _globals(draw, n, d1, d2, r, p, null_space, a_scale, allow_large):
    where = "global_solutions"
    n_ = draw(sized(where, "n", n, 1, 3, allow_large=allow_large))
    d2_ = draw(sized(where, "d2", d2, n_, n_ + 2, allow_large=allow_large))  # n <= d2
    d1_, r_, p_ = (
        draw(sized(where, name, v, 1, hi, allow_large=allow_large))
        for name, v, hi in (("d1", d1, 3), ("r", r, 4), ("p", p, 3))
    )
    ns = draw(null_space)
    scale = draw(a_scale)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    problem = make_problem(rng, n_, d1_, d2_, r_, p_)
    point = build_global(problem, rng, null_space=ns, a_scale=scale)
    assume(point is not None)
    return point


def global_solutions(
    *,
    n: int | SearchStrategy[int] | None = None,
    d1: int | SearchStrategy[int] | None = None,
    d2: int | SearchStrategy[int] | None = None,
    r: int | SearchStrategy[int] | None = None,
    p: int | SearchStrategy[int] | None = None,
    null_space: bool | SearchStrategy[bool] | None = None,
    a_scale: float | SearchStrategy[float] = 1.0,
    allow_large: bool = False,
) -> SearchStrategy[StationaryPoint]:
    """Global solutions of Theorem 3 (000 §5.3, §6): ``Phi(theta) g = Q_pi^T x``, ``w = 0``.

    * ``n, d1, d2, r, p`` -- sizes (integer, strategy or ``None`` for defaults: ``n`` 1-3,
      ``d2`` from ``n`` to ``n + 2``; ``n <= d2`` so that ``Phi`` has full row rank; ``d1, r, p``
      small).
    * ``null_space`` -- add a random ``N(Phi)`` component to the minimum-norm ``g`` (``None``:
      drawn, both ways).
    * ``a_scale`` -- standard deviation of the random discriminator ``A``, in ``[0, 1e4]``.
    * ``allow_large`` -- lift the size cap (``SIZE_CAP = 32``).

    Draws a :class:`StationaryPoint` with ``family = "global"``, ``perm = pi``, ``residual =
    ||F(z)|| <= 1e-10`` and ``misfit = max |Phi g - Q_pi^T x|`` (the generator misfit; features
    with ``cond(Phi) > MAX_COND`` are rejected).
    ``F`` at the point is ``point.problem.F(point.z)``, ``DF`` is
    ``zigan_verify.analysis.spectrum.dense_jacobian(point.problem, point.z)``, the Hessian blocks
    ``zigan_verify.game.closed_form.hessian_blocks(point.problem, point.z)``.

    Raises:
        hypothesis.errors.InvalidArgument: at construction, for any argument outside the above
            (``n > d2`` as integers included; drawn, when drawn).
    """
    where = "global_solutions"
    _check_sizes(where, allow_large, n=n, d1=d1, d2=d2, r=r, p=p)
    if isinstance(n, int) and isinstance(d2, int) and n > d2:
        raise InvalidArgument(f"{where} needs n <= d2, got n={n}, d2={d2}")
    check_bool(where, "null_space", null_space)
    check_scale(where, "a_scale", a_scale, positive=False)
    return _globals(
        n,
        d1,
        d2,
        r,
        p,
        valued(null_space, st.booleans()),
        valued(a_scale, st.just(1.0), lambda v: check_scale(where, "a_scale", v, positive=False)),
        allow_large,
    )


@st.composite
def _degenerates(draw, n, d1, d2, r, p, allow_large):
    where = "degenerate_points"
    n_ = draw(sized(where, "n", n, 2, 4, allow_large=allow_large))
    d1_, d2_, r_, p_ = (
        draw(sized(where, name, v, 1, 3, allow_large=allow_large))
        for name, v in (("d1", d1), ("d2", d2), ("r", r), ("p", p))
    )
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    point = build_degenerate(make_problem(rng, n_, d1_, d2_, r_, p_), rng)
    assume(point is not None)
    return point


def degenerate_points(
    *,
    n: int | SearchStrategy[int] | None = None,
    d1: int | SearchStrategy[int] | None = None,
    d2: int | SearchStrategy[int] | None = None,
    r: int | SearchStrategy[int] | None = None,
    p: int | SearchStrategy[int] | None = None,
    allow_large: bool = False,
) -> SearchStrategy[StationaryPoint]:
    """The non-optimal stationary points after Theorem 2: ``sum_i (x_i - Phi_i g) = 0``, ``w = 0``,
    ``A = 0``.

    * ``n, d1, d2, r, p`` -- sizes (integer, strategy or ``None``: ``n`` 2-4, others 1-3);
      ``n >= 2`` so that matching the mean does not already match the samples.
    * ``allow_large`` -- lift the size cap (``SIZE_CAP = 32``).

    Draws a :class:`StationaryPoint` with ``family = "degenerate"``, ``residual = ||F(z)||`` and
    ``misfit = |sum_i (x_i - Phi_i g)| / n``.
    ``F`` at the point is ``point.problem.F(point.z)``, ``DF`` is
    ``zigan_verify.analysis.spectrum.dense_jacobian(point.problem, point.z)``, the Hessian blocks
    ``zigan_verify.game.closed_form.hessian_blocks(point.problem, point.z)``.

    Raises:
        hypothesis.errors.InvalidArgument: at construction, for any argument outside the above.
    """
    where = "degenerate_points"
    _check_sizes(where, allow_large, d1=d1, d2=d2, r=r, p=p)
    check_size(where, "n", n, 2, allow_large=allow_large)
    return _degenerates(n, d1, d2, r, p, allow_large)
