"""Checks of what the two-timescale linearization says about optimal and non-optimal points:
000 §5.1 (plain GDA cannot tell them apart), App. B.1 (P2) and footnote 8, and 001's Lemma 1
(Jin-Netrapalli-Jordan), 'type (i) makes GDA unstable' and 'tau-GDA also escapes some optimal
points'. Seeded quadratic games ``x^T A x / 2 + x^T C y + y^T B y / 2`` at the origin; local
minimax decided without S_res (:func:`zigan_verify.analysis.local_minimax.local_minimax_quadratic`).

Public: the names in ``__all__``; the rest may change.
"""

from __future__ import annotations

import numpy as np

from zigan_verify.analysis.local_minimax import (
    local_minimax_quadratic,
    quadratic_games,
    random_blocks,
)
from zigan_verify.analysis.schur import classify_blocks
from zigan_verify.analysis.spectrum import spectral_radius, timescaled_jacobian, update_map
from zigan_verify.checks.asymptotic_spectrum import theorem1_errors
from zigan_verify.checks.evidence import Evidence, Status, verdict

__all__ = [
    "TAUS",
    "check_footnote8",
    "check_lemma1",
    "check_local_nash",
    "check_p2",
    "check_plain_gda",
    "check_type_i",
    "radii",
]

TAUS = tuple(float(t) for t in np.logspace(0, 6, 13))
_RADIUS_ATOL = 1e-12  # eigenvalue rounding of an O(1) update map


def _jacobian(A, C, B) -> np.ndarray:
    return np.block([[A, C], [-C.T, -B]])


def radii(A, C, B, eta_scale: float, taus=TAUS) -> dict[str, np.ndarray]:
    """Linearized radii of tau-GDA and tau-EG at the origin over ``taus``, with
    ``eta = eta_scale / ||DF||``."""
    DF = _jacobian(A, C, B)
    eta = eta_scale / max(np.linalg.norm(DF, 2), 1e-12)
    out = {"tau_gda": [], "tau_eg": []}
    for tau in taus:
        J = timescaled_jacobian(DF, A.shape[0], tau)
        for m in out:
            out[m].append(spectral_radius(update_map(J, eta, m)))
    return {m: np.asarray(v) for m, v in out.items()}


def check_plain_gda(eta_scale: float = 0.1) -> Evidence:
    """000 §5.1 ('plain GDA cannot distinguish between optimal and non-optimal stationary
    points' [16]): on seeded quadratic games, GDA (tau = 1) is linearly unstable at some local
    minimax points and stable at some strict non-minimax points."""
    rng = np.random.default_rng(20240401)
    unstable_opt = stable_strict = n_opt = n_strict = 0
    for A, C, B in quadratic_games(rng, 300):
        lm = local_minimax_quadratic(A, C, B)
        strict = classify_blocks(A, C, B).strict_non_minimax
        rho = radii(A, C, B, eta_scale, taus=(1.0,))["tau_gda"][0]
        if lm.is_local_minimax:
            n_opt += 1
            unstable_opt += rho > 1 + _RADIUS_ATOL
        if strict:
            n_strict += 1
            stable_strict += rho < 1 - _RADIUS_ATOL
    ok = unstable_opt > 0 and stable_strict > 0
    return Evidence(
        verdict(ok),
        f"300 quadratic games, eta = {eta_scale}/||DF||, tau = 1: GDA unstable at "
        f"{unstable_opt}/{n_opt} local minimax points and stable at {stable_strict}/{n_strict} "
        "strict non-minimax points",
        {"unstable_optimal": unstable_opt, "stable_strict": stable_strict},
    )


def _singular_optima(rng, n: int):
    """Quadratic games whose origin is local minimax with singular grad^2_yy f (seeded)."""
    for A, C, B in quadratic_games(rng, n):
        if np.abs(np.linalg.eigvalsh(B)).min(initial=np.inf) > 1e-9:
            continue
        if local_minimax_quadratic(A, C, B).is_local_minimax:
            yield A, C, B


def check_p2(eta_scale: float = 0.1) -> Evidence:
    """000 App. B.1 (P2) and 001 ('tau-GDA also escapes some optimal points'): at some local
    minimax points with singular grad^2_yy f the linearized tau-GDA map is unstable for every tau
    of :data:`TAUS` while tau-EG's is stable (radius < 1) for all large tau; the bilinear game
    f = x y (A = B = 0) is one, with GDA radius sqrt(1 + eta^2 / tau) > 1."""
    rng = np.random.default_rng(20240402)
    games = list(_singular_optima(rng, 400))
    both = 0
    for A, C, B in games:
        r = radii(A, C, B, eta_scale)
        gda_escapes = bool((r["tau_gda"] > 1 + _RADIUS_ATOL).all())
        eg_converges = bool((r["tau_eg"][-4:] < 1 - _RADIUS_ATOL).all())
        both += gda_escapes and eg_converges
    r = radii(np.zeros((1, 1)), np.ones((1, 1)), np.zeros((1, 1)), eta_scale)
    eta = eta_scale / 1.0
    formula = float(np.abs(r["tau_gda"] - np.sqrt(1 + eta**2 / np.asarray(TAUS))).max())
    ok = both > 0 and formula <= 1e-12 and (r["tau_eg"] < 1).all()
    return Evidence(
        verdict(ok),
        f"{len(games)} seeded local minimax quadratic games with singular grad^2_yy f: tau-GDA "
        f"unstable at every tau in 1..1e6 and tau-EG stable for tau >= 1e4.5 at {both}; f = x y: "
        f"GDA radius = sqrt(1 + eta^2/tau) (error {formula:.0e}), EG radius < 1 at every tau",
        {"games": len(games), "gda_escapes_eg_converges": both, "bilinear_formula": formula},
    )


def check_footnote8() -> Evidence:
    """000 footnote 8: [6, Thm 5.7] 'directly applies to two-timescale GDA, based on the fact that
    it is [more] unstable than two-timescale EG'. Per eigenvalue z = eta lambda of eta Lambda DF the
    maps are 1 - z (GDA) and 1 - z + z^2 (EG): ``|1 - z + z^2| > 1`` does not imply ``|1 - z| > 1``
    (z = 3/2: 7/4 vs 1/2), so 'more unstable' is not a property of the maps. What carries over is
    the mechanism of [6]: for large tau a strict non-minimax point has an eigenvalue of
    Lambda_tau DF with Re < 0, where ``|1 - z| > 1`` for every eta. On seeded strict non-minimax
    quadratic games (grad^2_yy f or S_res invertible, as [6] assumes): at tau = 1e6 every one has
    such an eigenvalue, and wherever tau-EG's radius is > 1 (``eta ||DF||`` in {0.1, 1.8}) so is
    tau-GDA's."""
    z = 1.5
    scalar = (abs(1 - z + z**2), abs(1 - z))
    rng = np.random.default_rng(20240403)
    counts = {0.1: [0, 0], 1.8: [0, 0]}  # eta scale: [EG unstable, of which GDA stable]
    n_games = neg_re = 0
    for _ in range(300):
        d_x, d_y = (int(v) for v in rng.integers(1, 4, size=2))
        A, C, B = random_blocks(rng, d_x, d_y, int(rng.integers(0, d_y + 1)))
        c = classify_blocks(A, C, B)
        if not (c.strict_non_minimax and (c.s_res_invertible or c.hyy_invertible)):
            continue
        n_games += 1
        lam = np.linalg.eigvals(timescaled_jacobian(_jacobian(A, C, B), d_x, TAUS[-1]))
        neg_re += bool(lam.real.min() < 0)
        for scale, cnt in counts.items():
            r = radii(A, C, B, scale)
            eg_bad = r["tau_eg"] > 1 + _RADIUS_ATOL
            cnt[0] += int(eg_bad.sum())
            cnt[1] += int((eg_bad & (r["tau_gda"] <= 1 + _RADIUS_ATOL)).sum())
    games_ok = (
        n_games > 0 and neg_re == n_games and all(c[0] > 0 and c[1] == 0 for c in counts.values())
    )
    ok = scalar[0] > 1 > scalar[1] and games_ok
    return Evidence(
        Status.CONDITIONAL if ok else Status.REFUTED,
        f"z = 3/2: |1 - z + z^2| = {scalar[0]:.2f} > 1 > |1 - z| = {scalar[1]:.2f}; {n_games} "
        f"strict non-minimax quadratic games (hypothesis of [6]): {neg_re} have an eigenvalue with "
        f"Re < 0 at tau = 1e6; over tau = 1..1e6, eta ||DF|| = 0.1: EG unstable at "
        f"{counts[0.1][0]} (game, tau), GDA not at {counts[0.1][1]}; eta ||DF|| = 1.8: "
        f"{counts[1.8][0]}, {counts[1.8][1]}",
        {"counts": {str(k): v for k, v in counts.items()}, "games": n_games, "neg_re": neg_re},
    )


def check_type_i(eta_scale: float = 0.05) -> Evidence:
    """001 ('type (i) makes GDA unstable'): at the leading order +-i sqrt(eps) sigma the GDA factor
    is ``|1 - eta i sqrt(eps) sigma| = sqrt(1 + eta^2 eps sigma^2) > 1`` for every eta, eps > 0. At a
    finite tau the type-(i) eigenvalues carry a real part of order eps (Theorem 1 bounds only the
    o(sqrt(eps)) remainder) and ``|1 - eta lambda|^2 = 1 - 2 eta Re lambda + eta^2 |lambda|^2``,
    which is < 1 when ``eta |lambda|^2 < 2 Re lambda``: counted on the type-(i) eigenvalues of random blocks
    (d_y > rank B, tau = 1e6, eta = eta_scale / ``||DF||``)."""
    rng = np.random.default_rng(20240404)
    unstable = seen = 0
    for _ in range(20):
        A, C, B = random_blocks(rng, 3, 4, 2)  # Gamma has 2 columns: 4 type-(i) eigenvalues
        DF = _jacobian(A, C, B)
        tau, eta = 1e6, eta_scale / np.linalg.norm(DF, 2)
        lam = np.linalg.eigvals(timescaled_jacobian(DF, 3, tau))
        # type (i): modulus ~ sqrt(eps) = 1e-3, nearly imaginary
        small = (np.abs(lam) < 1e-1) & (np.abs(lam) > 1e-5)
        t1 = lam[small & (np.abs(lam.real) < 1e-2 * np.abs(lam))]
        seen += len(t1)
        unstable += int((np.abs(1 - eta * t1) > 1).sum())
    sigma = np.linspace(0.1, 10, 50)
    leading = np.abs(1 - eta_scale * 1j * 1e-3 * sigma) - 1  # eps = 1e-6
    lead_ok = bool((leading > 0).all())
    if not lead_ok or seen == 0:
        status = Status.REFUTED
    else:
        status = Status.VERIFIED if unstable == seen else Status.CONDITIONAL
    return Evidence(
        status,
        f"leading order: |1 - i eta sqrt(eps) sigma| > 1 for all 50 sigma in 0.1..10: {lead_ok}; "
        f"{seen} type-(i) eigenvalues of 20 random block triples (tau = 1e6): GDA factor > 1 at "
        f"{unstable}, < 1 at {seen - unstable} (their O(eps) real part dominates at this eta)",
        {"type_i": seen, "gda_unstable": unstable},
    )


def check_lemma1() -> Evidence:
    """001 Lemma 1 (JNJ, Lemma 40): with invertible grad^2_yy f the eigenvalues of Lambda_tau DF
    are eps mu_j + o(eps) (mu: eig S) and nu_j + o(1) (nu: eig -grad^2_yy f). Scaled errors fall
    along eps = 1e-2..1e-7 on random invertible blocks; with singular grad^2_yy f the two families
    miss eigenvalues (the slide's 'invertibility is too restrictive')."""
    rng = np.random.default_rng(20240405)
    eps_values = [10.0**-k for k in range(2, 8)]
    worst, min_slope = 0.0, np.inf
    for _ in range(5):
        A, C, B = random_blocks(rng, 3, 3, 3)
        B = B + np.sign(np.linalg.eigvalsh(B).mean() or 1.0) * 0.5 * np.eye(3)
        errs = np.log10(np.maximum(np.array(theorem1_errors(A, C, B, eps_values))[:, 1:], 1e-300))
        worst = max(worst, float(10 ** errs[-1].max()))
        min_slope = min(min_slope, float(((errs[-4] - errs[-1]) / 3).min()))
    A, C, B = random_blocks(rng, 3, 3, 1)
    missing = 6 - (3 + np.linalg.matrix_rank(B))  # Lemma 1 accounts for d_x + rank B values
    ok = worst <= 1e-2 and min_slope >= 0.4 and missing > 0
    return Evidence(
        verdict(ok),
        f"5 random invertible-B triples, eps = 1e-2..1e-7: err/eps and err fall with slope >= "
        f"{min_slope:.2f} per decade, max at 1e-7 {worst:.1e}; rank B = 1 of 3: {missing} "
        "eigenvalues outside Lemma 1's families",
        {"max_final": worst, "min_slope": min_slope, "missing_singular": int(missing)},
    )


def check_local_nash() -> Evidence:
    """001's local Nash conditions: a local Nash point has grad^2_xx f >= 0 and grad^2_yy f <= 0
    (second-order necessary), and it is strict non-Nash if lambda_min(grad^2_xx f) < 0 or
    lambda_min(-grad^2_yy f) < 0. On seeded quadratic games the origin is decided from the
    definition (f(0, y) <= f(0, 0) <= f(x, 0) near 0) by 2000 sampled directions each, which for a
    quadratic is exact up to sampling; the eigenvalue test must agree on every game, and every
    local Nash point must be local minimax (decided without S_res)."""
    rng = np.random.default_rng(20240406)
    agree = n_nash = nash_not_minimax = 0
    games = list(quadratic_games(rng, 200))
    for A, C, B in games:
        X = rng.standard_normal((2000, A.shape[0]))
        Y = rng.standard_normal((2000, B.shape[0]))
        by_definition = bool(
            np.einsum("ij,jk,ik->i", X, A, X).min() >= -1e-12
            and np.einsum("ij,jk,ik->i", Y, B, Y).max(initial=0.0) <= 1e-12
        )
        strict = bool(
            np.linalg.eigvalsh(A).min() < -1e-9
            or np.linalg.eigvalsh(-B).min(initial=np.inf) < -1e-9
        )
        agree += by_definition == (not strict)
        if by_definition:
            n_nash += 1
            nash_not_minimax += not local_minimax_quadratic(A, C, B).is_local_minimax
    ok = agree == len(games) and 0 < n_nash < len(games) and nash_not_minimax == 0
    return Evidence(
        verdict(ok),
        f"{len(games)} quadratic games: the eigenvalue test agrees with the sampled definition on "
        f"{agree}; {n_nash} local Nash points, {nash_not_minimax} of them not local minimax",
        {"agree": agree, "games": len(games), "nash": n_nash},
    )
