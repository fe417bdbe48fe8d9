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

from zigan_verify.claims import Evidence, Status
from zigan_verify.symbolic import zigan

__all__ = ["B4_DIMS", "PRINTED_M", "b4_blocks", "check_b4_display"]

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
