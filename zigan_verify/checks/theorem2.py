"""Checks of 000 §5.2 (Theorem 2, the degenerate example after it) and App. B.4 (its proof)
on seeded constructed stationary points.

Public: the names in ``__all__``; the rest may change.
"""

from __future__ import annotations

import numpy as np

from zigan_verify.analysis.global_solutions import perm_distance
from zigan_verify.analysis.schur import classify
from zigan_verify.analysis.spectrum import blocks
from zigan_verify.checks.evidence import Evidence, verdict
from zigan_verify.game.closed_form import hessian_blocks
from zigan_verify.strategies._stationary import (
    build_a_zero,
    build_balanced,
    build_dead_units,
    build_degenerate,
    make_problem,
    unit_imbalance,
)

__all__ = ["ZERO_ATOL", "check_b4_proof", "check_degenerate", "check_theorem2", "theorem2_samples"]

# Blocks that vanish at a stationary point vanish up to rounding of sums of n sigmoid terms.
ZERO_ATOL = 1e-12

_BUILDERS = {"a_zero": build_a_zero, "balanced": build_balanced, "dead_units": build_dead_units}


def theorem2_samples(seeds=range(8)):
    """Seeded Theorem-2 points of each family, with the acceptance count of each builder."""
    points, tries = [], dict.fromkeys(_BUILDERS, 0)
    accepted = dict.fromkeys(_BUILDERS, 0)
    for family, build in _BUILDERS.items():
        for seed in seeds:
            rng = np.random.default_rng(seed)
            n, d1, p = 3, 2, 2
            d2 = 3
            r = {"a_zero": 3, "balanced": 1 + seed % 4, "dead_units": 2 + seed % 3}[family]
            problem = make_problem(rng, n, d1, d2, r, p)
            kw = {"n_dead": 1} if family == "dead_units" else {}
            point = build(problem, rng, **kw)
            tries[family] += 1
            if point is not None:
                accepted[family] += 1
                points.append(point)
    return points, tries, accepted


def check_theorem2() -> Evidence:
    """Every constructed Theorem-2 point is classified strict non-minimax."""
    points, tries, accepted = theorem2_samples()
    strict, margins = 0, []
    for pt in points:
        c = classify(pt.problem, pt.z)
        strict += c.strict_non_minimax
        margins.append(-c.lambda_min_neg_hyy)
    # no generated point is no evidence: refuted, not vacuously verified
    ok = len(points) > 0 and strict == len(points)
    rate = accepted["balanced"] / tries["balanced"]
    return Evidence(
        verdict(ok),
        f"{strict}/{len(points)} stationary points (families A=0, balanced, dead units) are strict "
        f"non-minimax; min lambda_max(grad_yy f) = {min(margins, default=np.nan):.2e}; "
        "balanced-g acceptance "
        f"{accepted['balanced']}/{tries['balanced']} = {rate:.0%}",
        {"strict": strict, "points": len(points), "accepted": accepted, "tries": tries},
    )


def check_b4_proof() -> Evidence:
    """B.4: the 2-block submatrix M = [[0, e_l u^T], [u e_l^T, 0]] has eigenvalues +-||u_l|| and
    lambda_max(grad^2_yy f) >= ||u_l|| by interlacing."""
    points, _, _ = theorem2_samples(range(4))
    worst_m, worst_bound, units = 0.0, np.inf, 0
    for pt in points:
        prob, z = pt.problem, pt.z
        n, d1, d2, r, *_ = prob.sizes
        _, _, hyy = blocks(prob, z)
        u = unit_imbalance(prob, z).numpy()
        w = prob.unpack(z).w.numpy()
        lam_max = np.linalg.eigvalsh(hyy).max()
        for l in np.flatnonzero(w == 0):
            idx = np.r_[np.arange(r), r + l * d1 + np.arange(d1)]
            M = hyy[np.ix_(idx, idx)]
            eig = np.linalg.eigvalsh(M)
            un = np.linalg.norm(u[l])
            worst_m = max(worst_m, abs(eig.max() - un), abs(eig.min() + un))
            worst_bound = min(worst_bound, lam_max - un)
            units += 1
    ok = units > 0 and worst_m <= 1e-12 and worst_bound >= -1e-12
    return Evidence(
        verdict(ok),
        f"{len(points)} points, {units} units with w_l = 0: |eig(M) -+ ||u_l||| <= {worst_m:.1e}; "
        f"min (lambda_max(grad_yy f) - ||u_l||) = {worst_bound:.2e} >= 0",
        {"max_M_error": worst_m, "min_interlacing_margin": float(worst_bound), "units": units},
    )


def check_degenerate() -> Evidence:
    """§5.2: w = 0, A = 0, matched mean: stationary, non-optimal, zero Hessian, not strict."""
    rows = []
    for seed in range(6):
        rng = np.random.default_rng(seed)
        prob = make_problem(rng, 3, 2, 3, 2, 2)
        pt = build_degenerate(prob, rng)
        if pt is None:
            continue
        H = max(float(b.abs().max()) for b in hessian_blocks(prob, pt.z).values())
        c = classify(prob, pt.z)
        rows.append((H, perm_distance(prob, pt.z.numpy()), c.strict_non_minimax))
    # no generated point is no evidence: refuted, not vacuously verified
    ok = len(rows) > 0 and all(h <= ZERO_ATOL and d > 1e-3 and not s for h, d, s in rows)
    n_strict = sum(s for *_, s in rows)
    return Evidence(
        verdict(ok),
        f"{len(rows)} points: max |Hessian| = {max((r[0] for r in rows), default=np.nan):.1e}, "
        f"min distance to a global generator {min((r[1] for r in rows), default=np.nan):.2f}, "
        f"{n_strict} strict non-minimax",
        {"rows": rows},
    )
