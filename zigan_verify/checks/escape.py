"""Checks of 000 App. B.1 (P1) and 001's tau-EG escape slide: does tau-EG's linearization
become unstable at strict non-minimax points for large tau?

Public: the names in ``__all__``; the rest may change.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch

from zigan_verify.analysis.local_minimax import random_blocks
from zigan_verify.analysis.schur import classify, classify_blocks
from zigan_verify.analysis.spectrum import (
    dense_jacobian,
    spectral_radius,
    timescaled_jacobian,
    update_map,
)
from zigan_verify.checks.evidence import Evidence, Status, verdict
from zigan_verify.checks.global_solutions import regime_run
from zigan_verify.checks.theorem2 import theorem2_samples
from zigan_verify.strategies._stationary import unit_imbalance

__all__ = [
    "ESCAPE_MIN_U_NORM",
    "EscapeRow",
    "check_escape",
    "check_tau_eg_escape_blocks",
    "escape_threshold",
]


def escape_threshold(DF, n_x: int, eta: float, taus=None) -> float:
    """Smallest tau on a log grid (1e-2 .. 1e8) above which the linearized τ-EG radius is > 1
    at every grid point; ``inf`` if it never is."""
    taus = np.logspace(-2, 8, 41) if taus is None else np.asarray(taus)
    unstable = [
        spectral_radius(update_map(timescaled_jacobian(DF, n_x, t), eta, "tau_eg")) > 1 + 1e-9
        for t in taus
    ]
    for i in range(len(taus)):
        if all(unstable[i:]):
            return float(taus[i])
    return np.inf


ESCAPE_MIN_U_NORM = 0.05  # 'u_l of order 1' (as properties/test_escape.py draws them)


class EscapeRow(NamedTuple):
    """One Theorem-2 point of :func:`check_escape`."""

    family: str
    d1: int
    w_zero: bool  # w = 0 entirely (the dead-units family has w_l != 0 on its dead units)
    s_res_invertible: bool
    hyy_invertible: bool
    u_max: float  # max ||u_l|| over the units with w_l = 0
    tau_star: float  # escape_threshold (inf: no escape up to tau = 1e8)


def check_escape() -> Evidence:
    """(P1): at Theorem-2 points, does τ-EG's linearization become unstable for large tau?

    The registered correction says: the hypothesis of [6] Thm. 5.7 fails at the generated points
    (S_res singular at all of them; grad_yy f singular wherever w = 0 and d1 >= 2), generated
    points with some ||u_l|| >= :data:`ESCAPE_MIN_U_NORM` still escape above a finite tau, and
    the strict non-minimax limit of tau-EG near a global solution keeps radius 1 up to 1e8.
    Each part enters the verdict (conditional if all hold, refuted otherwise)."""
    eta, rows = 0.5, []
    points, _, _ = theorem2_samples(range(3))
    for pt in points:
        prob = pt.problem
        c = classify(prob, pt.z)
        w = prob.unpack(pt.z).w.numpy()
        u = np.linalg.norm(unit_imbalance(prob, pt.z).numpy(), axis=1)[w == 0]
        tau_star = escape_threshold(dense_jacobian(prob, pt.z), prob.n_x, eta)
        rows.append(
            EscapeRow(
                pt.family,
                prob.sizes.d1,
                bool(np.all(w == 0)),
                bool(c.s_res_invertible),
                bool(c.hyy_invertible),
                float(u.max(initial=0.0)),
                tau_star,
            )
        )
    # the tau-EG limit near a global solution (r < n d1): strict non-minimax, hypothesis fails
    sim = regime_run(r=2, seed=0, steps=10000)
    prob, z = sim["problem"], torch.from_numpy(sim["z_eg"])
    c = classify(prob, z, grad_tol=1e-9)
    tau_lim = escape_threshold(dense_jacobian(prob, z), prob.n_x, eta)
    escaped = sum(np.isfinite(row.tau_star) for row in rows)
    order_one = [row for row in rows if row.u_max >= ESCAPE_MIN_U_NORM]
    hyp = sum(row.s_res_invertible or row.hyy_invertible for row in rows)
    s_res_singular = all(not row.s_res_invertible for row in rows)
    hyy_singular = all(not row.hyy_invertible for row in rows if row.w_zero and row.d1 >= 2)
    order_one_escape = len(order_one) > 0 and all(np.isfinite(row.tau_star) for row in order_one)
    limit_ok = (
        c.strict_non_minimax
        and not (c.s_res_invertible or c.hyy_invertible)
        and not np.isfinite(tau_lim)
    )
    ok = len(rows) > 0 and s_res_singular and hyy_singular and order_one_escape and limit_ok
    return Evidence(
        Status.CONDITIONAL if ok else Status.REFUTED,
        f"{escaped}/{len(rows)} Theorem-2 points unstable for tau-EG above some tau "
        f"({sum(np.isfinite(row.tau_star) for row in order_one)}/{len(order_one)} of those with "
        f"max ||u_l|| >= {ESCAPE_MIN_U_NORM}); hypothesis S_res or grad_yy f invertible holds at "
        f"{hyp}/{len(rows)} (S_res singular at all: {s_res_singular}; grad_yy f singular at all "
        f"w = 0, d1 >= 2 points: {hyy_singular}); the tau-EG limit near a global solution "
        f"(r < n d1) is strict non-minimax={c.strict_non_minimax}, hypothesis holds="
        f"{c.s_res_invertible or c.hyy_invertible}, and tau-EG's linearization stays at radius 1 "
        f"for tau up to 1e8: {not np.isfinite(tau_lim)}",
        {
            "rows": [row._asdict() for row in rows],
            "limit_threshold": tau_lim,
            "s_res_singular_at_all": s_res_singular,
            "hyy_singular_at_w0": hyy_singular,
            "order_one_escape": order_one_escape,
        },
    )


def check_tau_eg_escape_blocks() -> Evidence:
    """001 slide: with S_res or grad_yy f invertible, strict non-minimax => the linearized τ-EG
    map is unstable for large tau (random quadratic games, eta = 0.1 / ||DF||, tau = 1e4)."""
    rng = np.random.default_rng(11)
    strict_seen = unstable = 0
    for _ in range(60):
        d_x, d_y = (int(v) for v in rng.integers(1, 5, size=2))
        A, C, B = random_blocks(rng, d_x, d_y, int(rng.integers(0, d_y + 1)))
        c = classify_blocks(A, C, B)
        if not (c.strict_non_minimax and (c.s_res_invertible or c.hyy_invertible)):
            continue
        DF = np.block([[A, C], [-C.T, -B]])
        eta = 0.1 / np.linalg.norm(DF, 2)
        rho = spectral_radius(update_map(timescaled_jacobian(DF, d_x, 1e4), eta, "tau_eg"))
        strict_seen += 1
        unstable += rho > 1 + 1e-12  # eigenvalue rounding ~1e-15 of an O(1) matrix
    ok = strict_seen > 10 and unstable == strict_seen
    return Evidence(
        verdict(ok),
        f"{unstable}/{strict_seen} random strict non-minimax quadratic games satisfying the "
        "hypothesis have linearized tau-EG radius > 1 at tau = 1e4",
        {"unstable": unstable, "strict": strict_seen},
    )
