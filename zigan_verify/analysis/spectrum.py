r"""Spectra of the two-timescaled Jacobian :math:`\Lambda_\tau DF` and of the linearized updates.

* :func:`timescaled_jacobian` -- :math:`\Lambda_\tau DF`, :math:`DF = [[A, C], [-C^\top, -B]]`
  (NOTE: [Hessian block conventions] in :mod:`zigan_verify.analysis.schur`).
* :func:`global_solution_spectrum` -- 000 App. B.5 corrected: at a global solution with ``w = 0``,
  :math:`\Lambda_\tau DF = [[0, C/\tau], [-C^\top, 0]]` with :math:`C = \nabla^2_{xy}f` (rows ``g``
  **and** ``theta``), whose eigenvalues are :math:`\pm i\sigma_k/\sqrt{\tau}` for **every**
  singular value :math:`\sigma_k = \sqrt{\mu_k}` of :math:`C` (``mu_k`` the eigenvalues of
  :math:`C^\top C`) and ``|d_x - d_y|`` zeros -- so ``0`` has multiplicity
  ``d_x + d_y - 2 rank(C)``, with no rank decision made here.
* :func:`update_map` -- the Jacobian of one τ-GDA step, :math:`I - \eta J`, or τ-EG step,
  :math:`I - \eta J + \eta^2 J^2` (:math:`J = \Lambda_\tau DF`, 000 §5.1).
* :func:`asymptotic_spectrum` -- 001 Theorem 1's three families of eigenvalues as
  :math:`\epsilon = 1/\tau \to 0`.
* :func:`match_spectra` -- optimal one-to-one matching of two spectra (Hungarian algorithm).
* :func:`top_k` -- top-``k`` eigenvalues of any :class:`~zigan_verify.game.games.Game`'s Jacobian or of
  one player's Hessian, matrix-free (ARPACK on ``J u``), with the true residuals recomputed
  (NOTE: [top-k of a game]).

Public: the names in ``__all__``; the rest may change.

References:
    Lee & Kim, Zero-Infinity GAN, §5.1, Theorem 3, App. B.5.
    Chae, Kim & Kim, ICLR 2024, Theorem 1 as stated in 001 ("Spectrum of two-timescaled Jacobian").
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch
from scipy.optimize import linear_sum_assignment

from zigan_verify._errors import ZiganError, check_choice, check_positive
from zigan_verify.analysis.schur import RANK_RTOL, _np, restricted_schur, split_hessian

__all__ = [
    "AsymptoticSpectrum",
    "TopK",
    "game_linear_operator",
    "top_k",
    "asymptotic_spectrum",
    "blocks",
    "dense_jacobian",
    "eg_stability_threshold",
    "global_solution_spectrum",
    "match_spectra",
    "spectral_radius",
    "timescaled_jacobian",
    "update_map",
]


def timescaled_jacobian(DF, n_x: int, tau: float) -> np.ndarray:
    r""":math:`\Lambda_\tau DF` with :math:`\Lambda_\tau = \mathrm{diag}(I_{n_x}/\tau, I)`."""
    check_positive("tau", tau)
    J = _np(DF).copy()
    J[:n_x] /= tau
    return J


def dense_jacobian(problem, z: torch.Tensor) -> np.ndarray:
    """``DF`` from the closed-form Hessian of App. B.3: ``[[H_xx, H_xy], [-H_yx, -H_yy]]``."""
    from zigan_verify.game.closed_form import hessian

    H = _np(hessian(problem, z))
    H[problem.n_x :] *= -1
    return H


def update_map(J, eta: float, method: str) -> np.ndarray:
    r"""Jacobian of one step at a stationary point: ``tau_gda`` :math:`I - \eta J`,
    ``tau_eg`` :math:`I - \eta J + \eta^2 J^2` (differentiate 000 §5.1's updates at ``F = 0``)."""
    check_positive("eta", eta)
    check_choice("method", method, ("tau_gda", "tau_eg"))
    J = _np(J)
    M = np.eye(len(J)) - eta * J
    return M + eta**2 * (J @ J) if method == "tau_eg" else M


def spectral_radius(M) -> float:
    """Largest eigenvalue modulus."""
    return float(np.abs(np.linalg.eigvals(_np(M))).max())


def global_solution_spectrum(C, tau: float) -> tuple[np.ndarray, np.ndarray]:
    r"""Predicted eigenvalues of :math:`[[0, C/\tau], [-C^\top, 0]]` and the :math:`\mu_k`.

    Returns ``(eigenvalues, mu)``: ``mu`` are the ``d_y`` eigenvalues of :math:`C^\top C`
    (ascending), the squared singular values :math:`\sigma_k` of ``C`` and ``d_y - min(d_x, d_y)``
    exact zeros; the eigenvalues (complex, length ``d_x + d_y``) are :math:`\pm i\sigma_k/\sqrt\tau`
    for all ``min(d_x, d_y)`` singular values and ``|d_x - d_y|`` zeros. From
    :math:`\det(\lambda^2 I + C^\top C/\tau)` (000 B.5's Schur formula, with the factor
    :math:`\lambda^{d_x - d_y}` of 000.B5.det).

    No rank decision: a zero singular value gives the pair ``0, 0`` by itself, a small one its
    own small pair. Thresholding ``mu`` (``mu <= 1e-10 mu_max`` once) is a threshold
    ``sigma <= 1e-5 sigma_max`` on the eigenvalue and predicted a drawn ``sigma = 1.2e-4`` as 0
    (issues 17, 18). The ``sigma_k`` come from the SVD (absolute error ``~ u ||C||``), not from
    ``sqrt(eigvalsh(C^T C))``, whose ``~ u ||C||^2`` error in ``mu`` becomes ``sqrt(u) ||C||`` on a
    zero ``sigma``. A caller that needs ``rank C`` decides it itself with its own tolerance.
    """
    check_positive("tau", tau)
    C = _np(C)
    d_x, d_y = C.shape
    sigma = np.linalg.svd(C, compute_uv=False) if C.size else np.zeros(0)
    omega = sigma / np.sqrt(tau)
    eigs = np.concatenate([1j * omega, -1j * omega, np.zeros(abs(d_x - d_y))])
    mu = np.sort(np.concatenate([sigma**2, np.zeros(d_y - len(sigma))]))
    return eigs, mu


def match_spectra(got, want) -> np.ndarray:
    """Errors ``|got[i] - want[j]|`` of the optimal one-to-one matching, in the order of ``want``."""
    got, want = np.asarray(got, dtype=complex), np.asarray(want, dtype=complex)
    if got.shape != want.shape:
        raise ZiganError(f"spectra of different sizes: {got.shape} vs {want.shape}")
    cost = np.abs(want[:, None] - got[None, :])
    rows, cols = linear_sum_assignment(cost)
    return cost[rows, cols]


class AsymptoticSpectrum(NamedTuple):
    r"""001 Theorem 1: :math:`\sigma_j` singular values of :math:`\Gamma = C_2`, :math:`\mu_j`
    eigenvalues of :math:`S_{res}`, :math:`\nu_j` non-zero eigenvalues of :math:`-\nabla^2_{yy}f`."""

    sigma: np.ndarray
    mu: np.ndarray
    nu: np.ndarray

    def predicted(self, eps: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The three families at ``eps``: ``(±i sqrt(eps) sigma, eps mu, nu)``."""
        s = np.sqrt(eps) * self.sigma
        return np.concatenate([1j * s, -1j * s]), eps * self.mu.astype(complex), self.nu + 0j


def asymptotic_spectrum(hxx, hxy, hyy) -> AsymptoticSpectrum:
    """The quantities of 001 Theorem 1 for Hessian blocks ``A, C, B`` (NOTE: [Hessian block
    conventions]); ``sigma`` has ``min(d_x, d_y - rank B)`` entries."""
    rs = restricted_schur(hxx, hxy, hyy)
    B = _np(hyy)
    sigma = np.linalg.svd(rs.gamma, compute_uv=False) if rs.gamma.size else np.zeros(0)
    nu = np.linalg.eigvalsh(-(B + B.T) / 2)
    tol = RANK_RTOL * max(1.0, float(np.abs(B).max(initial=0.0)))
    return AsymptoticSpectrum(
        sigma, np.linalg.eigvalsh((rs.S_res + rs.S_res.T) / 2), nu[np.abs(nu) > tol]
    )


def eg_stability_threshold(C, eta: float) -> float:
    r"""The ``tau`` at which the linearized τ-EG map at a global solution reaches radius 1:
    :math:`\rho \le 1 \iff \eta^2\mu_{\max}/\tau \le 1`, i.e. :math:`\tau \ge \eta^2\mu_{\max}`.

    For eigenvalue :math:`i\omega` of ``J`` the EG factor is :math:`1 - \eta^2\omega^2 - i\eta\omega`,
    of squared modulus :math:`1 - \eta^2\omega^2 + \eta^4\omega^4`.
    """
    check_positive("eta", eta)
    _, mu = global_solution_spectrum(C, 1.0)
    return float(eta**2 * mu.max(initial=0.0))


def blocks(problem, z) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(H_xx, H_xy, H_yy)`` of the closed-form Hessian at ``z``."""
    from zigan_verify.game.closed_form import hessian

    return split_hessian(hessian(problem, z), problem.n_x)


# ----- top-k spectra of any game (004 §4.2, App. B) -----
# NOTE: [top-k of a game]
# ``block="J"``: the game Jacobian (non-symmetric; scipy ``eigs``, ``which`` in LM / SR / LR);
# ``"G"`` / ``"D"``: a player's Hessian S_1 / S_2 (symmetric; ``eigsh``, ``which`` in LM / SA / LA).
# Largest magnitude (004's choice) can miss exactly the eigenvalues that decide stability, so SR
# (most negative real part) and SA (most negative) are offered too. Every returned pair carries its
# true residual ||M x - lambda x|| / ||x||, recomputed with one more product, not ARPACK's
# estimate. ARPACK needs k < dim - 1 (eigs) / k < dim (eigsh); for small operators (dim <=
# DENSE_MAX) the matrix is assembled from dim products and solved densely instead.
# ``method="auto"`` (the default) is the certified route of NOTE: [certified top-k]
# (zigan_verify.analysis.certified_spectrum): batched products on a retained graph, dense up to
# certified_spectrum.DENSE_MAX = 2000, block Krylov-Schur above, and a certificate of the set;
# ``method="arpack"`` is the former route, kept as the baseline the benchmarks and tests compare.
DENSE_MAX = 200


class TopK(NamedTuple):
    """``k`` eigenvalues of ``block`` selected by ``which``, their true residuals, and cost."""

    eigenvalues: np.ndarray
    residuals: np.ndarray
    block: str
    which: str
    dim: int
    matvecs: int
    dense: bool
    converged: bool = True
    certificate: object = None  # a certified_spectrum.Certificate (method="auto"), else None


def game_linear_operator(game, omega, block: str = "J", counter=None, *, device=None):
    """``J``, ``S_1`` or ``S_2`` of ``game`` at ``omega`` as a float64 ``LinearOperator`` (matvec).

    ``device``: where the products run (default :func:`zigan_verify._runtime.current_device`, the
    CLI's ``--device``); the game's own tensors must live there (NOTE: [one device for the
    products]).
    """
    from scipy.sparse.linalg import LinearOperator

    from zigan_verify._runtime import current_device, on_device

    check_choice("block", block, ("J", "G", "D"))
    device = device or current_device()
    omega = on_device(omega, device)
    apply = (
        game.jacobian_product(omega) if block == "J" else game.player_hessian_product(omega, block)
    )
    dim = {"J": game.dim, "G": game.n_theta, "D": game.n_phi}[block]

    def real(v):
        u = on_device(torch.from_numpy(np.ascontiguousarray(v, dtype=np.float64)), device)
        try:
            return apply(u).detach().cpu().numpy()
        except RuntimeError as exc:
            if device.type == "cpu" or "device" not in str(exc):
                raise
            raise ZiganError(
                f"{game.name}: its tensors are not on {device} ({str(exc).splitlines()[0]})"
            ) from None

    def matvec(v):
        v = np.asarray(v).reshape(-1)
        if counter is not None:
            counter()
        if np.iscomplexobj(v):  # residual checks: real and imaginary parts separately
            return real(v.real) + 1j * real(v.imag)
        return real(v)

    return LinearOperator((dim, dim), matvec=matvec, dtype=np.float64)


def top_k(
    game,
    omega,
    k: int = 10,
    *,
    block: str = "J",
    which: str = "LM",
    tol: float | None = None,
    ncv: int | None = None,
    seed: int = 0,
    progress=None,
    matrix=None,
    device=None,
    method: str = "auto",
    time_budget: float | None = None,
    dense_max: int | None = None,
    block_size: int | None = None,
    products=None,
) -> TopK:
    """Top-``k`` eigenvalues of the game Jacobian (``block="J"``) or a player Hessian (``"G"``,
    ``"D"``) at ``omega``, matrix-free in float64 (NOTE: [top-k of a game]).

    Args:
        which: ``"LM"`` (largest magnitude), ``"SR"`` (most negative real part; Jacobian),
            ``"SA"`` (most negative; Hessians), ``"LR"`` / ``"LA"``.
        tol: ARPACK's relative tolerance (default that of NOTE: [paper-scale ARPACK settings]).
        progress: called with one line of text every 10 products.
        matrix: the dense operator if the caller already has it (small games: one ``jacfwd``
            instead of ``dim`` products); residuals are still recomputed with products.
        device: where the float64 products run (default: the CLI's ``--device``, else cpu).
        method: ``"auto"``: the certified route (NOTE: [certified top-k]; ``tol`` is then the
            relative residual at which it stops, default ``certified_spectrum.RTOL``);
            ``"arpack"``: ARPACK on one forward-over-reverse product at a time (the former route).
        time_budget: seconds after which ``"auto"`` returns what it has (``converged=False``).
        dense_max: largest size solved densely (default 2000 for ``"auto"``, 200 for ARPACK).
        block_size: vectors per batched product of the block Krylov-Schur solver.
        products: a :class:`~zigan_verify.game.products.GameProducts` of ``game`` at ``omega``
            to reuse (its graph and its solves: ``LM`` of a Hessian reuses its ``SA``).
    """
    from scipy.sparse.linalg import eigs, eigsh

    from zigan_verify.analysis.paper_scale import ARPACK_TOL

    allowed = ("LM", "SR", "LR") if block == "J" else ("LM", "SA", "LA")
    check_choice("block", block, ("J", "G", "D"))
    check_choice("which", which, allowed)
    check_choice("method", method, ("auto", "arpack"))
    if time_budget is not None:
        check_positive("time_budget", time_budget, allow_zero=True)
    if method == "auto":
        return _certified(
            game, omega, k, block, which, tol, seed, progress, matrix, device, time_budget,
            dense_max, block_size, products,
        )  # fmt: skip
    count = [0]

    def counter():
        count[0] += 1
        if progress is not None and count[0] % 10 == 0:
            progress(f"top-{k} {which} of {block}: {count[0]} products")

    op = game_linear_operator(game, omega, block, counter, device=device)
    dim = op.shape[0]
    if not 1 <= k <= dim:
        raise ZiganError(f"k must be in [1, {dim}], got {k}")
    symmetric = block != "J"
    limit = dim if symmetric else dim - 1
    dense = dim <= (DENSE_MAX if dense_max is None else dense_max) or k >= limit
    if dense:
        M = (
            np.asarray(matrix)
            if matrix is not None
            else np.stack([op.matvec(e) for e in np.eye(dim)], axis=1)
        )
        if symmetric:
            vals, vecs = np.linalg.eigh((M + M.T) / 2)
            vals = vals.astype(complex)
        else:
            vals, vecs = np.linalg.eig(M)
        key = {
            "LM": -np.abs(vals),
            "SR": vals.real,
            "SA": vals.real,
            "LR": -vals.real,
            "LA": -vals.real,
        }
        order = np.argsort(key[which], kind="stable")[:k]
        vals, vecs = vals[order], vecs[:, order]
    else:
        v0 = np.random.default_rng(seed).standard_normal(dim)
        kwargs = dict(k=k, which=which, tol=ARPACK_TOL if tol is None else tol, v0=v0, ncv=ncv)
        vals, vecs = (eigsh if symmetric else eigs)(op, **kwargs)
        vals = np.asarray(vals, dtype=complex)
    resid = np.array(
        [np.linalg.norm(op.matvec(vecs[:, j]) - vals[j] * vecs[:, j]) / np.linalg.norm(vecs[:, j])
         for j in range(len(vals))]
    )  # fmt: skip
    return TopK(vals, resid, block, which, dim, count[0], dense)


def _certified(
    game, omega, k, block, which, tol, seed, progress, matrix, device, budget, dense_max, bsize, P
) -> TopK:
    """``top_k(method="auto")``: NOTE: [certified top-k] on batched retained-graph products."""
    from zigan_verify.analysis import certified_spectrum as cs
    from zigan_verify.game.products import GameProducts

    if P is None:
        P = GameProducts(game, omega, device=device)
    elif P.game is not game or not torch.equal(P.omega.cpu(), game._check(omega).cpu()):
        raise ZiganError("products were built for another game or point")
    start = P.count
    dim = P.size(block)
    if not 1 <= k <= dim:
        raise ZiganError(f"k must be in [1, {dim}], got {k}")

    def report(restarts, relres):
        if progress is not None:
            progress(
                f"top-{k} {which} of {block}: {P.count} products, {restarts} restarts, "
                f"residual {relres:.1e}"
            )

    vals, resid, converged, dense, cert = cs.certified_top_k(
        P, k, block=block, which=which, rtol=cs.RTOL if tol is None else tol,
        dense_max=cs.DENSE_MAX if dense_max is None else dense_max, matrix=matrix, seed=seed,
        time_budget=budget, block_size=bsize, progress=report,
    )  # fmt: skip
    return TopK(vals, resid, block, which, dim, P.count - start, dense, converged, cert)
