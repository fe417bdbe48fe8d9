r"""Stationary points of a two-player game: DNE (004 Def. 1) vs LSSP (004 Def. 2), and, for a
zero-sum game, the strict non-minimax criterion of 000 Def. 1 (:func:`zigan_verify.analysis.schur.classify_blocks`).

.. math::
    \text{DNE:}\ v(\omega^*) = 0,\ S_1 \succ 0,\ S_2 \succ 0;\qquad
    \text{LSSP:}\ v(\omega^*) = 0,\ \Re\lambda > 0\ \ \forall\lambda\in\mathrm{Sp}(\nabla v(\omega^*))

with :math:`\nabla v = [[S_1, B], [A, S_2]]` (004 eq. (5)).

NOTE: [certifying from part of a spectrum]
``method="exact"`` uses the dense blocks: every verdict is decided (``True`` / ``False``) unless an
eigenvalue lies within ``eig_tol`` of the boundary (then ``None``: degenerate, Defs. 1-2 need
strict inequalities). ``method="matrix-free"`` computes only the ``k`` most negative eigenvalues
(ARPACK, :func:`zigan_verify.analysis.spectrum.top_k` with ``SA`` / ``SR``) and says what that part can
certify:

* *not DNE* is certified by one Ritz pair of ``S_i`` with ``theta + ||r|| < -eig_tol``: for a
  symmetric matrix some eigenvalue lies within ``||r||`` of ``theta``.
* *not LSSP* from a Ritz pair of ``J`` with ``Re theta + ||r|| < -eig_tol`` is certified only for a
  nearby matrix: ``theta`` is an exact eigenvalue of ``J + E`` with ``||E|| <= ||r||``; ``J`` is not
  normal, so no bound on the distance to ``Sp(J)`` follows without its eigenvector conditioning.
  It is reported as ``False`` with that caveat in ``notes``.
* *DNE* is certified from a partial spectrum only with the certificate of the set (NOTE:
  [certified top-k] in :mod:`zigan_verify.analysis.certified_spectrum`): when the ``k`` returned values of
  each ``S_i`` are shown to be its ``k`` most negative (each within ``eta`` of its own eigenvalue,
  the rest above them, with probability ``>= 1 - delta`` over the solver's random start) and the
  smallest minus ``eta`` exceeds ``eig_tol``, then ``S_1, S_2 > 0``. Otherwise ``None``.
* *LSSP* is never certified from a partial spectrum (``None``): ``J`` is not normal, so no bound
  on its unreturned eigenvalues follows. ``notes`` says so.

Public: :class:`StationaryClass`, :func:`classify_blocks`, :func:`classify`; the rest may change.

References:
    Berard et al. (004), Defs. 1-2, eq. (5), Table 1; Lee & Kim (000), Def. 1 and App. B.2.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch

from zigan_verify._errors import ZiganError, check_choice, check_positive
from zigan_verify.analysis.schur import RANK_RTOL, Classification
from zigan_verify.analysis.schur import classify_blocks as _schur_classify

__all__ = ["StationaryClass", "classify", "classify_blocks"]


class StationaryClass(NamedTuple):
    """Verdicts at one point; ``None`` = cannot be decided (NOTE: [certifying from part of a spectrum])."""

    stationary: bool
    grad_norm: float
    dne: bool | None
    lssp: bool | None
    lambda_min_G: float
    lambda_min_D: float
    min_re_J: float
    eig_tol: float
    method: str
    strict_non_minimax: Classification | None = None
    notes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        def word(flag, name):
            return name if flag else ("?" + name if flag is None else "not " + name)

        return f"{word(self.dne, 'DNE')}, {word(self.lssp, 'LSSP')}"


def _decide(value: float, tol: float) -> bool | None:
    return True if value > tol else (False if value < -tol else None)


def classify_blocks(
    S1, B, A, S2, *, grad_norm: float = 0.0, grad_tol: float = 1e-8, zero_sum=False
):
    """Exact classification from the dense blocks of eq. (5)."""
    S1, B, A, S2 = (np.atleast_2d(np.asarray(M, dtype=np.float64)) for M in (S1, B, A, S2))
    J = np.block([[S1, B], [A, S2]])
    # eigenvalue rounding of a dense eigensolve, relative to the largest entry (schur.RANK_RTOL)
    eig_tol = RANK_RTOL * max(1.0, float(np.abs(J).max()))
    lam_G = float(np.linalg.eigvalsh((S1 + S1.T) / 2)[0])
    lam_D = float(np.linalg.eigvalsh((S2 + S2.T) / 2)[0])
    re_J = float(np.linalg.eigvals(J).real.min())
    stationary = grad_norm <= grad_tol
    dne = _decide(min(lam_G, lam_D), eig_tol) if stationary else False
    lssp = _decide(re_J, eig_tol) if stationary else False
    snm = _schur_classify(S1, B, -S2, grad_norm=grad_norm) if zero_sum else None
    return StationaryClass(
        stationary, grad_norm, dne, lssp, lam_G, lam_D, re_J, eig_tol, "exact", snm
    )


def classify(
    game,
    omega,
    *,
    method: str = "auto",
    grad_tol: float = 1e-8,
    k: int = 6,
    dense_max: int = 2000,
    progress=None,
    jacobian=None,
    spectra=None,
    products=None,
) -> StationaryClass:
    """Classify ``omega`` for a :class:`~zigan_verify.game.games.Game`.

    Args:
        method: ``"exact"`` (dense blocks), ``"matrix-free"`` (``k`` most negative eigenvalues of
            ``S_1``, ``S_2`` and real parts of ``J``) or ``"auto"`` (exact when ``dim <= dense_max``).
        grad_tol: ``||v(omega)||`` above which ``omega`` is not stationary (both verdicts ``False``).
        jacobian: the dense ``J`` at ``omega`` if the caller has it (``method="exact"``); else it
            is built in memory-bounded chunks (NOTE: [chunked dense Jacobian]).
        spectra: for ``"matrix-free"``, :class:`~zigan_verify.analysis.spectrum.TopK` results already
            computed at ``omega`` under the keys ``"G SA"``, ``"D SA"``, ``"J SR"`` (e.g. by
            :func:`~zigan_verify.analysis.landscape.diagnose`), used instead of new solves.
        products: a :class:`~zigan_verify.game.products.GameProducts` at ``omega`` to reuse.
    """
    from zigan_verify.analysis.certified_spectrum import RTOL
    from zigan_verify.analysis.spectrum import top_k

    check_choice("method", method, ("auto", "exact", "matrix-free"))
    check_positive("grad_tol", grad_tol)
    omega = torch.as_tensor(omega, dtype=torch.float64)
    norm = float(torch.linalg.vector_norm(game.v(omega)))
    if method == "exact" or (method == "auto" and game.dim <= dense_max):
        if jacobian is None:
            S1, B, A, S2 = game.blocks(omega)
        else:
            J, n = np.asarray(jacobian, dtype=np.float64), game.n_theta
            S1, B, A, S2 = J[:n, :n], J[:n, n:], J[n:, :n], J[n:, n:]
        return classify_blocks(
            S1, B, A, S2, grad_norm=norm, grad_tol=grad_tol, zero_sum=game.is_zero_sum
        )
    if k < 1:
        raise ZiganError(f"k must be >= 1, got {k}")
    spectra = spectra or {}
    sizes = {"G": game.n_theta, "D": game.n_phi, "J": game.dim - 2}
    parts = {
        b: spectra.get(f"{b} {w}")
        or top_k(game, omega, min(k, sizes[b]), block=b, which=w, progress=progress,
                 products=products)
        for b, w in (("G", "SA"), ("D", "SA"), ("J", "SR"))
    }  # fmt: skip
    scale = max(1.0, *(float(np.abs(p.eigenvalues).max()) for p in parts.values()))
    eig_tol = RTOL * scale  # the solver's relative residual tolerance (NOTE: [certified top-k])
    lows = {b: int(np.argmin(p.eigenvalues.real)) for b, p in parts.items()}
    low = {b: float(parts[b].eigenvalues.real[i]) for b, i in lows.items()}
    upper = {b: low[b] + float(parts[b].residuals[i]) for b, i in lows.items()}
    stationary = norm <= grad_tol
    notes = []
    if not stationary:
        dne = lssp = False
    else:
        if min(upper["G"], upper["D"]) < -eig_tol:
            dne = False
            notes.append(
                "not DNE: certified by a Ritz pair of a player Hessian (symmetric residual bound)"
            )
        elif all(_positive_certified(parts[b], eig_tol) for b in ("G", "D")):
            dne = True
            conf = min(parts[b].certificate.confidence for b in ("G", "D"))
            notes.append(
                f"DNE: the {k} most negative eigenvalues of S_1 and S_2 are certified as such "
                f"and > eig_tol (probability >= {conf:g} over the solver's random start)"
            )
        else:
            dne = None
            notes.append(
                f"DNE cannot be certified from the {k} most negative Ritz values of S_1, S_2"
            )
        if upper["J"] < -eig_tol:
            lssp = False
            notes.append(
                "not LSSP: an eigenvalue of J + E with ||E|| <= residual has Re < 0 (J is not normal)"
            )
        else:
            lssp = None
            notes.append(
                f"LSSP cannot be certified from the {k} eigenvalues of J with smallest real part"
            )
    return StationaryClass(
        stationary,
        norm,
        dne,
        lssp,
        low["G"],
        low["D"],
        low["J"],
        eig_tol,
        "matrix-free",
        None,
        tuple(notes),
    )


def _positive_certified(part, eig_tol: float) -> bool:
    """``S_i > 0`` shown: the ``k`` most negative values are certified (NOTE: [certified top-k])
    and the smallest, less its error ``eta``, exceeds ``eig_tol``."""
    cert = part.certificate
    if cert is None or cert.is_top_k is not True:
        return False
    return float(part.eigenvalues.real.min()) - cert.eta > eig_tol
