"""Checks of 000 App. B.4 (the display of M in the proof of Theorem 2) and App. B.5 (global
solutions with ``w != 0``); each returns an Evidence.

Public: the names in ``__all__``; the rest may change.

References:
    Lee & Kim, *Zero-Infinity GAN*, App. B.4 (proof of Theorem 2) and App. B.5 (proof of Theorem 3).
"""

from __future__ import annotations

import functools

import numpy as np
import sympy as sp
import torch

from zigan_verify.checks.evidence import Evidence, Status
from zigan_verify.game.symbolic import zigan

__all__ = [
    "B4_DIMS",
    "PRINTED_M",
    "W_NONZERO_TAUS",
    "b4_blocks",
    "check_b4_display",
    "check_b5_w_nonzero",
    "w_nonzero_points",
]

# App. B.4's display of M as transcribed in the seed text (000, App. B.4):
#   M := [[grad^2_ww f, grad^2_{w a_l} f], [grad^2_{a_l w} f, grad^2_{w a_l} f]]
# (the second display, M = [[0, ...], ...], is not legible in the transcription). Entries name
# the Hessian block at each position of the 2 x 2 block matrix.
PRINTED_M = (("ww", "wa"), ("aw", "wa"))
# The trace sentence: tr(M) = sum_{i=1}^{n} lambda_i, "n" the number of samples.
PRINTED_TRACE_TERMS = "n"

# n = 3 samples, d1 = 2, d2 = 1, r = 2 units, m = 1: r = d1, so the printed (2,2) block
# grad^2_{w a_l} f (r x d1) has the shape of grad^2_{a_l a_l} f (d1 x d1) and can be compared
# entry by entry; n = 3 != r + d1 = 4 separates the two eigenvalue counts.
B4_DIMS = zigan.Dims(3, 2, 1, 2, 1)


@functools.cache
def b4_blocks(w_l=0, dims: zigan.Dims = B4_DIMS, unit: int = 0) -> dict[str, sp.Matrix]:
    """The blocks ``ww``, ``wa``, ``aw``, ``aa`` of ``grad^2_yy f`` on ``(w, a_l)``, ``l = unit``,
    by SymPy differentiation of the ZI loss (``y = (w, a_1, ..., a_r)``), at ``w_l = w_l``
    (Theorem 2's points have ``w_l = 0``). Cached: the result is exact and deterministic."""
    inst = zigan.instance(dims)
    f = zigan.loss_expr(dims, "zi")
    a_l = list(inst.A.row(unit))
    w = list(inst.w)
    at = {inst.w[unit]: w_l}
    first = {p: f.diff(p) for p in w + a_l}

    def block(rows, cols):
        return sp.Matrix([[first[p].diff(q).subs(at) for q in cols] for p in rows])

    return {"ww": block(w, w), "wa": block(w, a_l), "aw": block(a_l, w), "aa": block(a_l, a_l)}


def _assemble(layout, b: dict[str, sp.Matrix]) -> sp.Matrix | None:
    rows = [[b[name] for name in row] for row in layout]
    if any(m.shape[0] != row[0].shape[0] for row in rows for m in row) or any(
        rows[0][c].shape[1] != rows[1][c].shape[1] for c in range(2)
    ):
        return None  # the printed blocks do not fit together
    return sp.BlockMatrix(rows).as_explicit()


def _is_zero(expr) -> bool:
    return sp.expand(expr) == 0


def check_b4_display(w_l=0) -> Evidence:
    """App. B.4: M is the submatrix of ``grad^2_yy f`` on ``(w, a_l)`` at a point with
    ``w_l = 0``; the proof says M has zero diagonal (so ``tr M = 0``) and a non-zero off-diagonal
    entry. Derived by SymPy from the loss at :data:`B4_DIMS` (undefined ``sigma``, ``phi``):

    * the derived M is compared entry by entry with the display as transcribed
      (:data:`PRINTED_M`);
    * ``tr M`` of the derived M must vanish identically, its diagonal must be zero and its
      ``grad^2_{w a_l} f`` block non-zero (evaluated with ``sigma = tanh`` at a seeded point);
    * the trace sentence's sum has ``n`` terms; M has ``r + d1`` eigenvalues.

    Verdict: refuted if the derived M has a non-zero diagonal or trace (the proof's argument
    fails) or a zero ``grad^2_{w a_l} f`` block; verified if moreover the display and the trace
    sentence match the derivation; erratum if they do not (the proof's argument stands on the
    derived M). ``w_l`` (default 0, Theorem 2's assumption) is the negative control's knob."""
    b = b4_blocks(w_l)
    derived = _assemble((("ww", "wa"), ("aw", "aa")), b)
    printed = _assemble(PRINTED_M, b)
    diag_zero = all(_is_zero(derived[k, k]) for k in range(derived.shape[0]))
    trace_zero = _is_zero(derived.trace())
    wa = zigan.numeric_substitution(b["wa"], B4_DIMS)
    symbols = sorted(wa.free_symbols, key=sp.default_sort_key)
    point = dict(zip(symbols, np.random.default_rng(4).normal(size=len(symbols)), strict=True))
    wa_size = float(max(abs(sp.N(e.subs(point))) for e in wa))
    if printed is None:
        display_equal, mismatched = False, ["shape"]
    else:
        mismatched = [
            f"({i + 1},{j + 1})"
            for i in range(2)
            for j in range(2)
            if PRINTED_M[i][j] != ("ww", "wa", "aw", "aa")[2 * i + j]
            and not _is_zero(
                (_block_at(printed, i, j, B4_DIMS) - _block_at(derived, i, j, B4_DIMS)).norm()
            )
        ]
        display_equal = not mismatched
    n_terms = {"n": B4_DIMS.n, "r + d1": B4_DIMS.r + B4_DIMS.d1}[PRINTED_TRACE_TERMS]
    eigen_count = derived.shape[0]
    printed_trace = None if printed is None else sp.expand(printed.trace())
    argument = diag_zero and trace_zero and wa_size > 1e-8
    if not argument:
        status = Status.REFUTED
    elif display_equal and n_terms == eigen_count:
        status = Status.VERIFIED
    else:
        status = Status.ERRATUM
    return Evidence(
        status,
        f"SymPy from the ZI loss (n={B4_DIMS.n}, d1={B4_DIMS.d1}, r={B4_DIMS.r}, w_l = {w_l}): "
        f"derived M = [[grad_ww f, grad_wa_l f], [grad_a_lw f, grad_a_la_l f]] has zero diagonal: "
        f"{diag_zero}, tr M = 0 identically: {trace_zero}, max |grad_wa_l f| = {wa_size:.2e} at a "
        f"seeded point (sigma = tanh); the display as transcribed differs in block(s) "
        f"{', '.join(mismatched) or 'none'} (printed (2,2) = grad_wa_l f, whose trace is "
        f"{'undefined' if printed_trace is None else ('0' if printed_trace == 0 else 'non-zero')});"
        f" the trace sentence sums {n_terms} eigenvalues, M has {eigen_count}",
        {
            "diagonal_zero": diag_zero,
            "trace_zero": trace_zero,
            "max_abs_wa": wa_size,
            "mismatched_blocks": mismatched,
            "trace_terms_printed": n_terms,
            "eigenvalues": eigen_count,
        },
    )


def _block_at(M: sp.Matrix, i: int, j: int, dims: zigan.Dims) -> sp.Matrix:
    """Block ``(i, j)`` of a 2 x 2 block matrix on ``(w, a_l)`` (sizes ``r`` and ``d1``)."""
    cuts = (0, dims.r, dims.r + dims.d1)
    return M[cuts[i] : cuts[i + 1], cuts[j] : cuts[j + 1]]


W_NONZERO_TAUS = tuple(float(t) for t in np.logspace(-2, 4, 7))
_RADIUS_ATOL = 1e-12  # eigenvalue rounding of an O(1) update map


def w_nonzero_points(seeds=range(3), r: int = 16):
    """Seeded global solutions (n = 3, d1 = 2, d2 = 4, m = 8) with ``w != 0`` in
    ``null(grad^2_xw f)``; ``r = 16`` exceeds ``rank grad^2_xw f <= n d1 + m = 14``."""
    from zigan_verify.analysis.global_solutions import nonzero_discriminator_solution
    from zigan_verify.strategies._stationary import build_global, make_problem

    out = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        prob = make_problem(rng, 3, 2, 4, r, 2)
        pt = build_global(prob, rng)
        z = None if pt is None else nonzero_discriminator_solution(pt, rng)
        if z is not None:
            out.append((prob, z))
    return out


def check_b5_w_nonzero(eta: float = 0.05) -> Evidence:
    """§5.3 / App. B.5: 'At any global solution of the Zero-Infinity GAN, where w is zero, all
    Hessians are zero except grad^2_gw f and grad^2_theta w f'. Global solutions with ``w != 0``
    (:func:`~zigan_verify.analysis.global_solutions.nonzero_discriminator_solution`) are measured: ``F``,
    the distance of the generator to the data, the Hessian blocks B.5 says vanish, and the
    linearized tau-GDA / tau-EG radii over :data:`W_NONZERO_TAUS`.

    Verdict: refuted if a constructed point is not a stationary global solution (the
    construction, hence the finding, fails); verified if at every point the B.5 structure holds
    anyway (the other blocks vanish: w = 0 loses nothing); conditional if global solutions with
    ``w != 0`` exist where it does not (the sentence holds for the w = 0 ones only)."""
    from zigan_verify.analysis.global_solutions import perm_distance
    from zigan_verify.analysis.spectrum import (
        dense_jacobian,
        spectral_radius,
        timescaled_jacobian,
        update_map,
    )
    from zigan_verify.game.closed_form import hessian_blocks
    from zigan_verify.strategies._stationary import STATIONARY_TOL

    rows = []
    for prob, z in w_nonzero_points():
        H = hessian_blocks(prob, z)
        DF = dense_jacobian(prob, z)
        radii = {"tau_gda": [], "tau_eg": []}
        for tau in W_NONZERO_TAUS:
            J = timescaled_jacobian(DF, prob.n_x, tau)
            for method, rs in radii.items():
                rs.append(spectral_radius(update_map(J, eta, method)))
        rows.append(
            dict(
                F=float(torch.linalg.vector_norm(prob.F(z))),
                perm=perm_distance(prob, z.numpy()),
                w=float(z[prob.slices["w"]].norm()),
                other=max(float(b.abs().max()) for k, b in H.items() if k not in _B5_KEPT),
                hyy=max(float(H[k].abs().max()) for k in ("H_ww", "H_wA", "H_AA")),
                **radii,
            )
        )
    solutions = len(rows) > 0 and all(
        r["F"] <= STATIONARY_TOL and r["perm"] <= 1e-8 and r["w"] > 0.5 for r in rows
    )
    structure = all(r["other"] <= 1e-12 for r in rows)
    cases = len(rows) * len(W_NONZERO_TAUS)
    unstable = {
        m: sum(int((np.asarray(r[m]) > 1 + _RADIUS_ATOL).sum()) for r in rows)
        for m in ("tau_gda", "tau_eg")
    }
    if not solutions:
        status = Status.REFUTED
    else:
        status = Status.VERIFIED if structure else Status.CONDITIONAL
    return Evidence(
        status,
        f"{len(rows)} global solutions with ||w|| = 1 in null(grad^2_xw f) (n=3, d1=2, r=16): "
        f"||F|| <= {max((r['F'] for r in rows), default=np.nan):.1e}, generator off the data by "
        f"<= {max((r['perm'] for r in rows), default=np.nan):.1e}; blocks B.5 says vanish reach "
        f"{max((r['other'] for r in rows), default=np.nan):.2e}, grad^2_yy f <= "
        f"{max((r['hyy'] for r in rows), default=np.nan):.1e}; eta = {eta}, tau = 1e-2..1e4: "
        f"tau-GDA radius > 1 in {unstable['tau_gda']}/{cases} cases, tau-EG radius > 1 in "
        f"{unstable['tau_eg']}/{cases} cases (min tau-EG radius - 1 = "
        f"{min((min(r['tau_eg']) for r in rows), default=np.nan) - 1:.1e})",
        {"rows": rows, "taus": W_NONZERO_TAUS, "unstable": unstable, "cases": cases},
    )


_B5_KEPT = ("H_gw", "H_wtheta")
