r"""The linearized game dynamics around a stationary point and their real block form (004 Prop. 1).

Gradient dynamics move *against* the vector field: :math:`\dot\omega = -v(\omega)`; with (6) an
equality this is :math:`\dot\omega = -J(\omega - \omega^*)`, solved by
:math:`\omega(t) - \omega^* = e^{-tJ}(\omega(0) - \omega^*)` (004 eq. (10); eq. (9) as printed has
the opposite sign and is not solved by (10)).

For a diagonalizable real ``J``, :func:`real_block_form` returns a real basis ``P`` (columns) and a
block-diagonal ``D`` with ``J = P D P^{-1}``: a ``1 x 1`` block ``lambda`` per real eigenvalue and a
``2 x 2`` block ``[[a, b], [-b, a]]`` per pair ``a +- i b`` (columns ``Re u, Im u`` of the
eigenvector ``u`` of ``a + i b``; ``J u = (a + i b) u`` gives ``J P = P D``). In the coordinates
``c(t) = P^{-1}(omega(t) - omega*)`` (not ``P(...)`` as Prop. 1 prints, which is the inverse of (14))

.. math::
    c_j(t) = e^{-\lambda_j t}c_j(0),\qquad
    \begin{bmatrix}c_j\\c_{j+1}\end{bmatrix}(t) = e^{-at}
    \begin{bmatrix}\cos bt & -\sin bt\\ \sin bt & \cos bt\end{bmatrix}
    \begin{bmatrix}c_j\\c_{j+1}\end{bmatrix}(0)

(:func:`block_flow`). Prop. 1's printed rotation ``[[cos, sin], [-sin, cos]]`` of angle
``|Im lambda_j| t`` is this matrix exactly when ``b < 0``: the block must be built from the
eigenvector of the member of the pair with *negative* imaginary part (``negative_imag_first``);
with the other member the printed rotation turns the wrong way.
"Attraction" needs ``Re lambda > 0``: a real ``lambda_j < 0`` gives repulsion.

Public: the names in ``__all__``; the rest may change.

References:
    Berard et al. (004), §3.3 Proposition 1, App. A.1 Proposition' 1, eq. (9)-(14).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.linalg import expm

from zigan_verify._errors import ZiganError

__all__ = ["RealBlockForm", "block_flow", "flow", "real_block_form"]

# Imaginary parts below this (relative to ||J||) count as a real eigenvalue.
IMAG_RTOL = 1e-10


class RealBlockForm(NamedTuple):
    """``J = P D P^{-1}``; ``blocks`` lists ``(start, size, lambda)`` of each diagonal block."""

    P: np.ndarray
    D: np.ndarray
    blocks: tuple[tuple[int, int, complex], ...]


def real_block_form(J, *, negative_imag_first: bool = False) -> RealBlockForm:
    """The real block-diagonal form of a diagonalizable real ``J`` (see the module docstring).

    ``negative_imag_first``: build each pair's block from the eigenvector of ``a - i|b|`` (the
    ordering under which Prop. 1's printed rotation matrix holds) instead of ``a + i|b|``.
    """
    J = np.asarray(J, dtype=np.float64)
    vals, vecs = np.linalg.eig(J)
    if np.linalg.cond(vecs) > 1e10:
        raise ZiganError("J is not (numerically) diagonalizable: eigenvector matrix is singular")
    tol = IMAG_RTOL * max(1.0, float(np.abs(J).max()))
    cols, blocks, used, start = [], [], np.zeros(len(vals), bool), 0
    D = np.zeros_like(J)
    for i in np.argsort(np.abs(vals.imag), kind="stable"):  # real ones first
        if used[i]:
            continue
        lam, u = vals[i], vecs[:, i]
        if abs(lam.imag) <= tol:
            cols.append(u.real / np.linalg.norm(u.real))
            D[start, start] = lam.real
            blocks.append((start, 1, complex(lam.real)))
            used[i] = True
            start += 1
            continue
        want_sign = -1 if negative_imag_first else 1
        j = int(np.argmin(np.abs(vals - np.conj(lam)) + used * 1e300))
        used[i] = used[j] = True
        if np.sign(lam.imag) != want_sign:
            lam, u = vals[j], vecs[:, j]
        a, b = lam.real, lam.imag
        cols.extend([u.real, u.imag])
        D[start : start + 2, start : start + 2] = [[a, b], [-b, a]]
        blocks.append((start, 2, complex(lam)))
        start += 2
    P = np.stack(cols, axis=1)
    return RealBlockForm(P, D, tuple(blocks))


def flow(J, omega0, omega_star, t: float) -> np.ndarray:
    """``omega(t) = omega* + expm(-t J)(omega0 - omega*)``: the solved linear ODE (eq. (10))."""
    J = np.asarray(J, dtype=np.float64)
    return np.asarray(omega_star) + expm(-t * J) @ (np.asarray(omega0) - np.asarray(omega_star))


def block_flow(form: RealBlockForm, c0, t: float, *, printed_rotation: bool = False) -> np.ndarray:
    """Prop. 1's prediction of the coordinates ``c(t)`` from ``c(0)`` block by block.

    ``printed_rotation``: use Prop. 1's matrix ``[[cos, sin], [-sin, cos]]`` of the angle
    ``|Im(lambda_j)| t`` (case 2's ``|lambda_j t|``; case 3's ``Im(lambda_j t)`` read with
    ``Im lambda_j > 0``) instead of the derived ``[[cos bt, -sin bt], [sin bt, cos bt]]``, where
    ``a + i b`` is the eigenvalue whose eigenvector built the block.
    """
    c0 = np.asarray(c0, dtype=np.float64)
    out = np.empty_like(c0)
    for start, size, lam in form.blocks:
        if size == 1:
            out[start] = np.exp(-lam.real * t) * c0[start]
            continue
        a, b = lam.real, lam.imag
        th = abs(b) * t if printed_rotation else -b * t
        R = [[np.cos(th), np.sin(th)], [-np.sin(th), np.cos(th)]]
        out[start : start + 2] = np.exp(-a * t) * (np.asarray(R) @ c0[start : start + 2])
    return out
