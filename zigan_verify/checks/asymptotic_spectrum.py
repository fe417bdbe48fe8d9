"""Check of 001 Theorem 1: the asymptotic spectrum of Lambda_tau DF as tau -> infinity.

Public: the names in ``__all__``; the rest may change.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

from zigan_verify._errors import ZiganError
from zigan_verify.analysis.local_minimax import random_blocks
from zigan_verify.analysis.schur import restricted_schur
from zigan_verify.analysis.spectrum import asymptotic_spectrum, timescaled_jacobian
from zigan_verify.checks.evidence import Evidence, verdict

__all__ = ["THEOREM1_MARGIN", "check_theorem1", "theorem1_blocks", "theorem1_errors"]


def theorem1_errors(A, C, B, eps_values):
    """Per ``eps``: max matching error of each family of 001 Theorem 1, scaled by its rate."""
    asym = asymptotic_spectrum(A, C, B)
    d_x = A.shape[0]
    DF = np.block([[A, C], [-C.T, -B]])
    out = []
    for eps in eps_values:
        got = np.linalg.eigvals(timescaled_jacobian(DF, d_x, 1 / eps))
        fam = asym.predicted(eps)
        want = np.concatenate(fam)
        if len(want) != len(got):
            raise ValueError(f"Theorem 1 predicts {len(want)} eigenvalues for {len(got)}")
        cost = np.abs(want[:, None] - got[None, :])
        rows, cols = linear_sum_assignment(cost)
        err = cost[rows, cols]
        k1, k2 = len(fam[0]), len(fam[1])
        out.append(
            (
                float(err[:k1].max(initial=0) / np.sqrt(eps)),
                float(err[k1 : k1 + k2].max(initial=0) / eps),
                float(err[k1 + k2 :].max(initial=0)),
            )
        )
    return out


THEOREM1_MARGIN = 1e-3  # smallest singular value of Gamma / |eigenvalue| of S_res accepted


def theorem1_blocks(rng, d_x=4, d_y=5, rank_b=3, *, max_tries: int = 100):
    """Random blocks satisfying 001 Theorem 1's hypotheses, verified: ``B`` of rank ``rank_b <
    d_y`` (singular), ``Gamma = C_2`` of full column rank ``d_y - rank_b <= d_x`` and ``S_res``
    invertible, both with smallest singular value / eigenvalue modulus >= ``THEOREM1_MARGIN``;
    a draw failing them is redrawn (at most ``max_tries`` times, else ``ZiganError``)."""
    if not 0 <= rank_b < d_y or d_y - rank_b > d_x:
        raise ZiganError(f"need 0 <= rank_b < d_y and d_y - rank_b <= d_x, got {d_x, d_y, rank_b}")
    for _ in range(max_tries):
        A, C, B = random_blocks(rng, d_x, d_y, rank_b)
        rs = restricted_schur(A, C, B)
        sigma = np.linalg.svd(rs.gamma, compute_uv=False)
        s_res = np.linalg.eigvalsh((rs.S_res + rs.S_res.T) / 2)
        if (
            rs.rank_B == rank_b
            and rs.gamma.shape[1] == d_y - rank_b
            and sigma.min(initial=np.inf) >= THEOREM1_MARGIN
            and np.abs(s_res).min(initial=np.inf) >= THEOREM1_MARGIN
        ):
            return A, C, B
    raise ZiganError(f"no block triple satisfying Theorem 1's hypotheses in {max_tries} draws")


def check_theorem1() -> Evidence:
    """001 Theorem 1: scaled errors decrease to 0 along eps = 10^-2 .. 10^-7."""
    rng = np.random.default_rng(7)
    eps_values = [10.0**-k for k in range(2, 8)]
    worst_final, min_slope = 0.0, np.inf
    for _ in range(5):
        A, C, B = theorem1_blocks(rng)
        errs = np.log10(np.array(theorem1_errors(A, C, B, eps_values)))
        worst_final = max(worst_final, float(10 ** errs[-1].max()))
        # slope of log10(scaled error) per decade of eps over the last four eps: > 0 means -> 0
        slopes = (errs[-4] - errs[-1]) / 3
        min_slope = min(min_slope, float(slopes.min()))
    ok = worst_final <= 1e-2 and min_slope >= 0.4  # measured 0.5 (family i), 1 (ii, iii)
    return Evidence(
        verdict(ok),
        "5 random block triples (d_x=4, d_y=5, rank B=3), eps = 1e-2..1e-7: the scaled errors "
        f"err_i/sqrt(eps), err_ii/eps, err_iii fall with slope >= {min_slope:.2f} per decade "
        f"(o(.) rates hold), max at eps=1e-7 {worst_final:.1e}",
        {"max_final": worst_final, "min_slope": min_slope},
    )
