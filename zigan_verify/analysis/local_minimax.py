"""Local minimax points of quadratic games (001 Def. 1, Jin-Netrapalli-Jordan) and the tools
that decide Def. 1: the penalised value, the exact inner maximum over a ball, the slides' 'loose'
necessary condition and a grid brute force for non-quadratic games.

Public: the names in ``__all__``; the rest may change.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = [
    "PENALTIES",
    "LocalMinimax",
    "ball_max",
    "def1_grid",
    "def1_sampled_margin",
    "jnj_condition",
    "local_minimax_quadratic",
    "penalised_lambda",
    "quadratic_games",
    "random_blocks",
]


def random_blocks(rng, d_x, d_y, rank_b):
    """Seeded blocks ``(A, C, B)`` of a quadratic game: ``A`` symmetric, ``C`` Gaussian and ``B``
    symmetric of rank ``rank_b`` (``Q[:, :k] diag(s) Q[:, :k]^T``, random signs)."""
    A = rng.standard_normal((d_x, d_x))
    Q = np.linalg.qr(rng.standard_normal((d_y, d_y)))[0]
    B = (Q[:, :rank_b] * rng.standard_normal(rank_b)) @ Q[:, :rank_b].T
    return (A + A.T) / 2, rng.standard_normal((d_x, d_y)), B


# NOTE: [local minimax of a quadratic game]
# For f = x^T A x / 2 + x^T C y + y^T B y / 2 at the origin, Def. 1 scales: with x = delta x', y' =
# delta y'', the origin is local minimax iff B <= 0 (the y-part) and, for some finite H,
#     m(H) = min_{||x'|| = 1} max_{||y''|| <= H} q(x', y'') >= 0            (h(delta) = H delta).
# Penalising instead of bounding y, max_y q - eps ||y||^2 / 2 = x'^T M_eps x' / 2 with
#     M_eps = A + C (eps I - B)^{-1} C^T,     lambda_eps = lambda_min(M_eps)  (increasing as eps -> 0)
# and the maximiser has ||y|| <= ||C|| / eps, so  lambda_eps / 2 <= m(||C|| / eps)  and
# m(H) <= lambda_eps / 2 + eps H^2 / 2 for every eps, H.  Hence: some lambda_eps >= 0 certifies a
# (calm) local minimax point with h(delta) = ||C|| delta / eps; lim lambda_eps = L < 0 gives
# m(H) <= L / 2 < 0 for every H, i.e. not local minimax for any h.  Neither route uses S_res.
PENALTIES = tuple(10.0**-k for k in range(1, 9))


class LocalMinimax(NamedTuple):
    """Def. 1 decided for a quadratic game at the origin (NOTE: [local minimax of a quadratic
    game]): ``limit`` extrapolates ``lambda_eps`` to ``eps -> 0`` (``+inf`` if it diverges),
    ``radius`` is the certificate ``H`` (``h(delta) = H delta``; ``nan`` if not local minimax)."""

    is_local_minimax: bool
    lambda_max_hyy: float
    lambdas: tuple
    limit: float
    radius: float


def penalised_lambda(A, C, B, eps: float) -> float:
    """``lambda_min(A + C (eps I - B)^{-1} C^T)``: twice ``min_{||x||=1} max_y f - eps||y||^2/2``."""
    d_y = B.shape[0]
    M = A + C @ np.linalg.solve(eps * np.eye(d_y) - B, C.T)
    return float(np.linalg.eigvalsh((M + M.T) / 2)[0])


def local_minimax_quadratic(A, C, B, *, tol: float = 1e-9) -> LocalMinimax:
    """Decide Def. 1 at the origin of ``x^T A x/2 + x^T C y + y^T B y/2`` without ``S_res``.

    ``tol``: eigenvalues within ``tol`` of 0 count as 0 (rounding of O(1) blocks, x1e6).
    """
    A, C, B = (np.asarray(m, dtype=np.float64) for m in (A, C, B))
    lam_b = float(np.linalg.eigvalsh((B + B.T) / 2).max(initial=-np.inf))
    if lam_b > tol:  # f(0, t v) = t^2 lambda_max(B) / 2 > 0 = f(0, 0)
        return LocalMinimax(False, lam_b, (), np.nan, np.nan)
    lams = tuple(penalised_lambda(A, C, B, e) for e in PENALTIES)
    for eps, lam in zip(PENALTIES, lams, strict=True):
        if lam >= -tol:
            radius = max(float(np.linalg.norm(C, 2)), 1.0) / eps
            return LocalMinimax(True, lam_b, lams, _extrapolate(lams), radius)
    return LocalMinimax(False, lam_b, lams, _extrapolate(lams), np.nan)


def _extrapolate(lams) -> float:
    # lambda_eps = L - c eps + O(eps^2) when it converges (the R(C_2) directions cost 1/eps):
    # Richardson on the last two decades; a last step > 1 means divergence (U is empty).
    step = lams[-1] - lams[-2]
    return np.inf if step > 1.0 else float(lams[-1] + step / 9)


def ball_max(b, B, rho: float) -> tuple[np.ndarray, np.ndarray]:
    """``max_{||y|| <= rho} b^T y + y^T B y / 2`` for ``B <= 0``, exactly, for each row of ``b``.

    KKT: ``y = (lam I - B)^{-1} b`` with ``lam >= 0`` and ``||y|| = rho`` unless ``lam = 0``;
    ``||y(lam)||`` decreases in ``lam``, so ``lam`` is found by bisection (80 halvings of
    ``[0, ||b|| / rho]``). Returns ``(values, maximisers)``.
    """
    b = np.atleast_2d(np.asarray(b, dtype=np.float64))
    nu, Q = np.linalg.eigh(-(B + B.T) / 2)
    nu = np.clip(nu, 0.0, None)
    c = b @ Q

    def norm(lam):
        with np.errstate(divide="ignore", invalid="ignore"):
            y = np.where(c == 0, 0.0, c / (lam[:, None] + nu))
        return y, np.linalg.norm(y, axis=1)

    # ||y(hi)|| <= ||b|| / hi = rho; ``tiny`` keeps hi > 0 for a subnormal b
    lo, hi = np.zeros(len(b)), np.maximum(np.linalg.norm(b, axis=1) / rho, np.finfo(float).tiny)
    inside = norm(lo)[1] <= rho
    for _ in range(80):
        mid = (lo + hi) / 2
        big = norm(mid)[1] > rho
        lo, hi = np.where(big, mid, lo), np.where(big, hi, mid)
    lam = np.where(inside, 0.0, hi)
    y, _ = norm(lam)
    values = (c * y).sum(1) - 0.5 * (nu * y**2).sum(1)
    return values, y @ Q.T


def def1_sampled_margin(A, C, B, radius: float, n: int = 2000, seed: int = 0) -> float:
    """``min`` over ``n`` seeded unit ``x`` (and the coordinate axes) of
    ``max_{||y|| <= radius} q(x, y)``: Def. 1's right inequality at scale ``delta = 1``
    with ``h(delta) = radius * delta`` (exact inner max, sampled outer min)."""
    rng = np.random.default_rng(seed)
    d_x = A.shape[0]
    X = np.vstack([rng.standard_normal((n, d_x)), np.eye(d_x), -np.eye(d_x)])
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    vals, _ = ball_max(X @ C, B, radius)
    return float((0.5 * np.einsum("ij,jk,ik->i", X, A, X) + vals).min())


def jnj_condition(A, C, B, *, tol: float = 1e-9) -> bool:
    """The slides' 'loose' necessary condition (Jin-Netrapalli-Jordan): ``grad^2_yy f <= 0`` and,
    if ``grad^2_yy f < 0``, ``S = A - C B^{-1} C^T >= 0`` (``grad f = 0`` holds at the origin)."""
    eig_b = np.linalg.eigvalsh((B + B.T) / 2)
    if eig_b.max(initial=-np.inf) > tol:
        return False
    if eig_b.size and eig_b.max() < -tol:
        S = A - C @ np.linalg.solve(B, C.T)
        return bool(np.linalg.eigvalsh((S + S.T) / 2)[0] >= -tol)
    return True


def quadratic_games(rng, n: int):
    """Seeded quadratic games ``(A, C, B)`` with ``d_x, d_y <= 3``: ``B = -Q diag(d) Q^T``
    (``d >= 0`` with zeros), a positive eigenvalue in one game out of eight, ``A`` shifted up in
    half of them so that both verdicts occur."""
    for i in range(n):
        d_x, d_y = (int(v) for v in rng.integers(1, 4, size=2))
        A = rng.standard_normal((d_x, d_x))
        A = (A + A.T) / 2
        if i % 2:
            A = A + rng.uniform(0, 3) * np.eye(d_x)
        C = rng.standard_normal((d_x, d_y))
        Q = np.linalg.qr(rng.standard_normal((d_y, d_y)))[0]
        d = rng.uniform(0.2, 2.0, d_y) * (rng.random(d_y) < 0.5)
        if i % 8 == 7:
            d[0] = -0.5
        yield A, C, -(Q * d) @ Q.T


# Grid brute force for Def. 1 on non-quadratic games with x in R and y in R^k (k <= 2).
def def1_grid(f, k: int, deltas, h, n_x: int = 41, n_r: int = 41, n_t: int = 72):
    """``(left, right)``: ``left = max_{delta, ||y|| <= delta} f(0, y) - f(0, 0)`` and
    ``right = min_delta min_{|x| <= delta} max_{||y'|| <= h(delta)} f(x, y') - f(0, 0)``
    on grids (Def. 1 holds on the grid iff ``left <= 0 <= right``); ``h`` must be nondecreasing."""
    r = np.linspace(0, 1, n_r)
    if k == 1:
        dirs = np.array([[-1.0], [1.0]])
    else:
        t = np.linspace(0, 2 * np.pi, n_t, endpoint=False)
        dirs = np.stack([np.cos(t), np.sin(t)], axis=1)
    unit = (r[:, None, None] * dirs[None]).reshape(-1, k)  # points of the unit ball
    f0 = f(np.zeros(1), np.zeros((1, k)))[0]
    left, right = -np.inf, np.inf
    for delta in deltas:
        left = max(left, float((f(np.zeros(len(unit)), delta * unit) - f0).max()))
        for x in np.linspace(-delta, delta, n_x):
            # h is nondecreasing, so the ball of radius h(|x|) is admissible too; it resolves the
            # maximiser near small x, where the ball of radius h(delta) is too coarse a grid
            ys = np.vstack([h(delta) * unit, h(abs(x)) * unit])
            right = min(right, float((f(np.full(len(ys), x), ys) - f0).max()))
    return left, right
