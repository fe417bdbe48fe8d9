"""Checks of 001 Def. 1 (local minimax, Jin-Netrapalli-Jordan) and Prop. 2 (second-order
necessary): seeded quadratic games decided by NOTE: [local minimax of a quadratic game] in
:mod:`zigan_verify.analysis.local_minimax`, and non-quadratic games by its grid brute force.

Public: the names in ``__all__``; the rest may change.
"""

from __future__ import annotations

import numpy as np

from zigan_verify.analysis.local_minimax import (
    def1_grid,
    def1_sampled_margin,
    jnj_condition,
    local_minimax_quadratic,
    quadratic_games,
)
from zigan_verify.analysis.schur import restricted_schur
from zigan_verify.checks.evidence import Evidence, verdict

__all__ = ["UNCALM_S_RES", "check_definition1", "check_prop2", "uncalm_game"]


def _strict_minimax_game(x, y):  # -x^2 + 2xy - y^2/2 + cubic/quartic terms; S = -2 + 4 = 2 > 0
    y = y[:, 0]
    return -(x**2) + 2 * x * y - y**2 / 2 + x**3 + x * y**2 - y**4 / 4


def _non_minimax_game(x, y):  # -5x^2/2 + 2xy - y^2/2 + the same terms; S = -5 + 4 = -1 < 0
    return _strict_minimax_game(x, y) - 1.5 * x**2


def uncalm_game(x, y):  # -x^2 + x y_1 y_2: B = 0, C = 0, S_res = A = -2 < 0
    return -(x**2) + x * y[:, 0] * y[:, 1]


UNCALM_S_RES = -2.0  # the S_res of uncalm_game at the origin: A = -2, U = R (Gamma = 0)


def check_definition1() -> Evidence:
    """001 Def. 1 and the slides' 'loose' second-order necessary condition (JNJ).

    On 200 seeded quadratic games the origin is decided by NOTE: [local minimax of a quadratic
    game]; a certificate ``h(delta) = H delta`` is re-checked with the exact inner max over the
    y-ball; JNJ's condition must hold at every local minimax point, and be loose (hold at some
    non-minimax point) only when grad^2_yy f is singular. Two non-quadratic games are decided by
    a grid brute force of Def. 1 and agree with JNJ's sufficient condition / Schur test.
    """
    rng = np.random.default_rng(20240310)
    n_min = n_loose = loose_singular = necessary_fail = 0
    worst_cert = np.inf
    games = list(quadratic_games(rng, 200))
    for A, C, B in games:
        lm = local_minimax_quadratic(A, C, B)
        jnj = jnj_condition(A, C, B)
        if lm.is_local_minimax:
            n_min += 1
            necessary_fail += not jnj
            worst_cert = min(worst_cert, def1_sampled_margin(A, C, B, lm.radius, n=300))
        elif jnj:
            n_loose += 1
            loose_singular += bool(np.abs(np.linalg.eigvalsh(B)).min() <= 1e-9)
    deltas = (1e-1, 3e-2, 1e-2, 3e-3)
    l_ok, r_ok = def1_grid(_strict_minimax_game, 1, deltas, lambda d: 4 * d)
    l_bad, r_bad = def1_grid(_non_minimax_game, 1, deltas, lambda d: 4 * d)
    # the grid's max over y' is a lower bound of the true one (x and y' on grids of 41 points)
    ok = (
        0 < n_min < len(games)
        and necessary_fail == 0
        and worst_cert >= -1e-9
        and n_loose > 0
        and loose_singular == n_loose
        and l_ok <= 0 <= r_ok
        and r_bad < 0
    )
    return Evidence(
        verdict(ok),
        f"200 quadratic games: {n_min} local minimax (Def. 1 decided by the penalised value, "
        f"certificate h = H delta re-checked, min sampled margin {worst_cert:.1e}); JNJ's "
        f"condition holds at all of them ({necessary_fail} failures) and at {n_loose} "
        f"non-minimax ones, all with singular grad^2_yy f ('loose'); non-quadratic grid "
        f"brute force: S=2 game max f(0,y)-f* = {l_ok:.1e}, min max f - f* = {r_ok:.1e}; "
        f"S=-1 game min max f - f* = {r_bad:.1e} < 0",
        {
            "games": len(games),
            "local_minimax": n_min,
            "necessary_failures": necessary_fail,
            "loose": n_loose,
            "loose_with_singular_hyy": loose_singular,
            "min_certificate_margin": worst_cert,
            "grid_minimax": (l_ok, r_ok),
            "grid_non_minimax": r_bad,
        },
    )


def check_prop2() -> Evidence:
    """001 Prop. 2: at a local minimax point grad^2_yy f <= 0, and S_res >= 0 if h is calm
    (limsup h(delta)/delta < inf).

    Quadratic games (their local minimax points are calm: h = H delta by NOTE: [local minimax of a
    quadratic game]): every local minimax point has lambda_max(B) <= 0 and lambda_min(S_res) >= 0,
    and lambda_min(S_res) equals the eps -> 0 limit of the penalised value. The calmness
    hypothesis is needed: f = -x^2 + x y_1 y_2 is local minimax with h(delta) = sqrt(3 delta) (grid
    brute force) but with no h = L delta, and S_res = -2.
    """
    rng = np.random.default_rng(20240311)
    n_min = bad = 0
    worst_limit, worst_min, min_neg = 0.0, np.inf, 0.0
    for A, C, B in quadratic_games(rng, 200):
        lm = local_minimax_quadratic(A, C, B)
        if lm.lambda_max_hyy > 1e-9:
            continue
        s_eigs = np.linalg.eigvalsh(restricted_schur(A, C, B).S_res)
        lam_s = float(s_eigs[0]) if s_eigs.size else np.inf
        if np.isfinite(lam_s):
            worst_limit = max(worst_limit, abs(lm.limit - lam_s))
        if lm.is_local_minimax:
            n_min += 1
            bad += not (lm.lambda_max_hyy <= 1e-9 and lam_s >= -1e-9)
            worst_min = min(worst_min, lam_s)
        else:
            min_neg = min(min_neg, lam_s)
    deltas = (1e-1, 1e-2, 1e-3, 1e-4, 1e-5)
    left, uncalm = def1_grid(uncalm_game, 2, deltas, lambda d: np.sqrt(3 * d))
    calm = {L: def1_grid(uncalm_game, 2, deltas, lambda d, L=L: L * d)[1] for L in (1, 10, 100)}
    # with h = L delta the y-gain is |x| L^2 delta^2 / 2 < x^2 at x = delta < 2 / L^2 (2e-4 at L=100)
    ok = (
        n_min > 0
        and bad == 0
        and worst_limit <= 1e-6  # M_eps at eps = 1e-8 carries rounding ~ ||C||^2 eps_mach / 1e-8
        and left <= 0 <= uncalm
        and all(v < 0 for v in calm.values())
    )
    return Evidence(
        verdict(ok),
        f"{n_min} local minimax quadratic games: all have grad^2_yy f <= 0 and S_res >= 0 "
        f"(min eigenvalue {worst_min:.1e}; non-minimax ones reach {min_neg:.2f}); "
        f"|lim penalised value - lambda_min(S_res)| <= {worst_limit:.1e}; calmness is needed: "
        f"-x^2 + x y1 y2 is local minimax with h = sqrt(3 delta) (grid margin {uncalm:.1e}) but "
        f"not with h = L delta (L = 1, 10, 100: {', '.join(f'{v:.1e}' for v in calm.values())}), "
        f"and its S_res = {UNCALM_S_RES:g}",
        {
            "local_minimax": n_min,
            "violations": bad,
            "max_limit_error": worst_limit,
            "uncalm_margin": uncalm,
            "calm_margins": calm,
        },
    )
