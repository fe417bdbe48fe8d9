r"""The restricted Schur complement (000 App. B.2, Def. 4; 001 Def. 2) and strict non-minimax points.

NOTE: [Hessian block conventions]
For :math:`\min_x\max_y f` we write, as 000 App. B.2 does, :math:`A = \nabla^2_{xx}f`,
:math:`B = \nabla^2_{yy}f`, :math:`C = \nabla^2_{xy}f` (rows ``x``, columns ``y``) and
:math:`DF = \begin{bmatrix} A & C\\ -C^\top & -B\end{bmatrix}`. The generalized Schur complement is
:math:`S = A - C B^\dagger C^\top`, which is also the Schur complement of the ``(2,2)`` block of
``DF`` (the two minus signs cancel), so 000 B.2 and 001 (slide "Restricted Schur complement",
:math:`S = \nabla^2_{xx}f - \nabla^2_{xy}f(\nabla^2_{yy}f)^\dagger\nabla^2_{yx}f`) agree. At a local
minimax point :math:`B \preceq 0` (001 Prop. 2), so ``-B`` (not ``B``) is the matrix whose
eigenvalues are tested in Def. 1 / Def. 3; both papers use :math:`\lambda_{\min}(-\nabla^2_{yy}f)`.

.. math::
    B = P\Delta P^\top,\quad CP = [C_1\ C_2],\quad
    \mathcal{R}(U) = \mathcal{R}(C_2)^\perp,\quad
    S_{res} = U^\top (A - CB^\dagger C^\top) U

``C_2`` collects the columns of ``CP`` on the null space of ``B`` (001 calls it :math:`\Gamma`).
``R(C_2) = C\,\mathcal{N}(B)`` does not depend on the choice of ``P``; a different orthonormal ``U``
is ``UQ`` with ``Q`` orthogonal, so the spectrum of ``S_res`` does not depend on ``U`` either.

Public: :func:`restricted_schur`, :class:`RestrictedSchur`, :func:`split_hessian`,
:func:`classify_blocks`, :func:`classify`, :class:`Classification`; the rest may change.

References:
    Lee & Kim, Zero-Infinity GAN, Def. 1 and App. B.2 (Def. 4).
    Chae, Kim & Kim, Two-timescale extragradient for finding local minimax points, ICLR 2024,
    Def. 4-5 (001 Def. 2-3, Prop. 1).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch

from zigan_verify._errors import ZiganError, check_positive

__all__ = [
    "Classification",
    "RestrictedSchur",
    "classify",
    "classify_blocks",
    "restricted_schur",
    "split_hessian",
]

# Relative size below which an eigenvalue / singular value counts as zero: a few thousand ulps of
# the largest entry, well above the rounding of an eigen-decomposition of a matrix of size <= 100.
RANK_RTOL = 1e-10


class RestrictedSchur(NamedTuple):
    """The pieces of Def. 4: ``S = A - C B^+ C^T``, ``U``, ``S_res = U^T S U`` and the ranks."""

    S: np.ndarray
    U: np.ndarray
    S_res: np.ndarray
    rank_B: int
    gamma: np.ndarray  # C_2 (001's Gamma): columns of C P on the null space of B


def _np(a) -> np.ndarray:
    if isinstance(a, torch.Tensor):
        a = a.detach().cpu().numpy()
    return np.asarray(a, dtype=np.float64)


def _null_tol(*mats: np.ndarray) -> float:
    scale = max([1.0] + [float(np.abs(m).max()) for m in mats if m.size])
    return RANK_RTOL * scale


def restricted_schur(hxx, hxy, hyy, *, U_rotation=None) -> RestrictedSchur:
    r"""The restricted Schur complement of Def. 4 (000 App. B.2).

    Args:
        hxx: :math:`A = \nabla^2_{xx}f`, shape ``(d_x, d_x)``.
        hxy: :math:`C = \nabla^2_{xy}f`, shape ``(d_x, d_y)``.
        hyy: :math:`B = \nabla^2_{yy}f`, shape ``(d_y, d_y)``.
        U_rotation: optional orthogonal matrix ``Q``; the basis used is ``U Q`` (to test that the
            spectrum does not depend on the choice of ``U``).

    Returns:
        :class:`RestrictedSchur`.

    Examples:
        >>> import numpy as np
        >>> rs = restricted_schur(np.eye(2), np.array([[1.0], [0.0]]), np.zeros((1, 1)))
        >>> rs.U.shape, float(rs.S_res[0, 0])
        ((2, 1), 1.0)
    """
    A, C, B = _np(hxx), _np(hxy), _np(hyy)
    d_x, d_y = C.shape
    if A.shape != (d_x, d_x) or B.shape != (d_y, d_y):
        raise ZiganError(f"block shapes {A.shape}, {C.shape}, {B.shape} do not fit together")
    tol = _null_tol(A, B, C)
    delta, P = np.linalg.eigh((B + B.T) / 2)
    nonzero = np.abs(delta) > tol
    CP = C @ P
    C1, C2 = CP[:, nonzero], CP[:, ~nonzero]
    S = A - (C1 / delta[nonzero]) @ C1.T
    if C2.shape[1] == 0:
        U = np.eye(d_x)
    else:
        left, sing, _ = np.linalg.svd(C2, full_matrices=True)
        U = left[:, int((sing > tol).sum()) :]
    if U_rotation is not None:
        Q = _np(U_rotation)
        if Q.shape != (U.shape[1], U.shape[1]):
            raise ZiganError(f"U_rotation has shape {Q.shape}, expected {(U.shape[1],) * 2}")
        U = U @ Q
    return RestrictedSchur(S, U, U.T @ S @ U, int(nonzero.sum()), C2)


def split_hessian(H, n_x: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(A, C, B) = (H_xx, H_xy, H_yy)`` of a full Hessian whose first ``n_x`` rows are ``x``."""
    H = _np(H)
    return H[:n_x, :n_x], H[:n_x, n_x:], H[n_x:, n_x:]


class Classification(NamedTuple):
    """Verdict of Def. 1 (000) / Def. 3 (001) at a stationary point, with its evidence.

    ``lambda_min_s_res`` is ``+inf`` when ``S_res`` is empty (``U`` has no columns).
    """

    strict_non_minimax: bool
    lambda_min_s_res: float
    lambda_min_neg_hyy: float
    s_res_invertible: bool
    hyy_invertible: bool
    grad_norm: float
    eig_tol: float

    @property
    def label(self) -> str:
        return "strict non-minimax" if self.strict_non_minimax else "not strict non-minimax"


def classify_blocks(hxx, hxy, hyy, *, grad_norm: float = 0.0) -> Classification:
    r"""Def. 1: strict non-minimax iff :math:`\lambda_{\min}(S_{res}) < 0` or
    :math:`\lambda_{\min}(-\nabla^2_{yy}f) < 0`, beyond a tolerance relative to the Hessian."""
    rs = restricted_schur(hxx, hxy, hyy)
    B = _np(hyy)
    eig_tol = 1e3 * _null_tol(_np(hxx), _np(hxy), B)  # eigenvalue rounding of the blocks, x1000
    neg_b = np.linalg.eigvalsh(-(B + B.T) / 2)
    lam_y = float(neg_b[0]) if neg_b.size else np.inf
    s_eigs = np.linalg.eigvalsh((rs.S_res + rs.S_res.T) / 2)
    lam_s = float(s_eigs[0]) if s_eigs.size else np.inf
    return Classification(
        strict_non_minimax=bool(lam_s < -eig_tol or lam_y < -eig_tol),
        lambda_min_s_res=lam_s,
        lambda_min_neg_hyy=lam_y,
        s_res_invertible=bool(np.all(np.abs(s_eigs) > eig_tol)),
        hyy_invertible=rs.rank_B == B.shape[0],
        grad_norm=grad_norm,
        eig_tol=eig_tol,
    )


def classify(problem, z: torch.Tensor, *, grad_tol: float = 1e-8) -> Classification:
    """Classify a stationary point ``z`` of a :class:`~zigan_verify.game.problem.ZIGANProblem`.

    The Hessian is the closed form of App. B.3 (:mod:`zigan_verify.game.closed_form`).

    Raises:
        ZiganError: if ``||F(z)|| > grad_tol`` (``z`` is not stationary); the message gives ``||F||``.
    """
    from zigan_verify.game.closed_form import hessian

    check_positive("grad_tol", grad_tol)
    norm = float(torch.linalg.vector_norm(problem.F(z)))
    if not norm <= grad_tol:
        raise ZiganError(
            f"z is not a stationary point: ||F(z)|| = {norm:.3e} > grad_tol = {grad_tol:.1e}"
        )
    hxx, hxy, hyy = split_hessian(hessian(problem, z), problem.n_x)
    return classify_blocks(hxx, hxy, hyy, grad_norm=norm)
