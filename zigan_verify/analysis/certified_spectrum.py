r"""Top-``k`` spectra of a game's Jacobian and player Hessians with a certificate of what they are
(004 §4.2, App. B; issue 27).

NOTE: [certified top-k]
Which method answers which question (``docs/guide/landscape_spectra.md`` has the measurements):

* ``dim <= dense_max``: the matrix is assembled from batched products (NOTE: [chunked dense
  Jacobian]) and solved densely (``eigh`` for ``S_1``, ``S_2``, ``eig`` for ``J``); the top-``k``
  set is the dense solver's, every eigenvalue is computed.
* otherwise a block Krylov-Schur method (:func:`block_krylov_schur`): a basis grown by blocks of
  ``b`` vectors, each block one batched product on the retained graph (NOTE: [products on a
  retained graph]); Rayleigh-Ritz on the stored products ``V^T (M V)``; a thick restart that
  keeps the (real Schur) Ritz vectors of the ``p = k + guard`` wanted values. A block of size
  ``b`` larger than a multiplicity finds every copy of a repeated eigenvalue, where a
  single-vector Krylov method (ARPACK) finds one copy per restart cycle and can stop with a
  cluster half found -- issue 27's MoG generator Hessian, ``+-0.9146`` of multiplicity 4 each,
  came back as 6 of its top 10.
* the ends of a symmetric spectrum (``SA``, ``LA``) are extreme eigenvalues, where Krylov
  methods converge fastest; ``LM`` of a symmetric block is both ends at once (one solve ranked by
  ``|theta|``), or, where the ``SA`` end is already solved at the point, the ``LA`` end merged
  with it. ``SR`` / ``LR`` of ``J`` rank the Ritz values by real part.

Tolerance: the solver stops when every wanted Ritz pair has ``||M x - theta x|| <= rtol * s``
(``s`` the largest wanted ``|theta|``; default :data:`RTOL`), ``rtol`` chosen for what is read from
the values (4 printed digits, a sign against ``eig_tol``), not ARPACK's fixed ``1e-8``.

What is certified (:class:`Certificate`):

* every returned value carries its true residual ``||M x - theta x|| / ||x||`` from fresh
  products (for ``J`` matrix-free, ``M = J^T``; ``theta`` is then an exact eigenvalue of
  ``J + E``, ``||E|| <= ||r||``);
* symmetric ``S_i`` (Weyl): with ``X`` the ``p`` orthonormal Ritz vectors and ``R = S X - X Theta``,
  ``S`` is within ``eta = ||R||_2`` of ``diag(Theta, A_22)``, ``A_22`` the compression of ``S`` to
  the complement of ``X``; so the sorted eigenvalues of ``S`` are within ``eta`` of those of
  ``Theta`` together with ``Sp(A_22)``. A bound ``beta`` on ``Sp(A_22)`` (largest value for
  ``LA``, smallest for ``SA``, largest magnitude for ``LM``) beyond which the ``k`` returned
  values lie makes them the top ``k`` eigenvalues of ``S`` to within ``eta`` each -- repeated
  values and clusters included, with no gap needed at the cut. ``beta`` comes from Lanczos on
  ``A_22`` from a random start (:func:`rest_bound`, Kuczynski & Wozniakowski 1992): it holds with
  probability ``>= 1 - delta`` over our own random start;
* dense: the whole spectrum is computed; the set is certified to the dense solver's backward
  error;
* ``J`` matrix-free: ``J`` is not normal, so no bound on the rest of ``Sp(J)`` follows from
  residuals; the set is reported as *not certified*.

A time budget stops the solver after the block in flight; what was computed by then is returned
with its true residuals and ``converged=False``.

Public: :class:`Certificate`, :func:`certified_top_k`, :func:`block_krylov_schur`,
:func:`rest_bound`, :data:`RTOL`, :data:`DENSE_MAX`.

References:
    Stewart, A Krylov-Schur algorithm for large eigenproblems, SIAM J. Matrix Anal. Appl. 2001.
    Kuczynski & Wozniakowski, Estimating the largest eigenvalue by the power and Lanczos
    algorithms with a random start, SIAM J. Matrix Anal. Appl. 13(4), 1992, Theorem 4.2.
    Weyl's inequality; Parlett, The Symmetric Eigenvalue Problem, §11.5 (residual bounds).
"""

from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np
import scipy.linalg as sl
import torch

from zigan_verify._errors import check_choice

__all__ = [
    "DENSE_MAX",
    "DELTA",
    "RTOL",
    "Certificate",
    "block_krylov_schur",
    "certified_top_k",
    "rest_bound",
]

# relative residual at which the solver stops: 1e-6 of the largest wanted |theta|, 100x below
# the 4 significant digits reports print (for a symmetric block the error is <= the residual);
# the DNE decision compares with eig_tol = RTOL * scale (classification)
RTOL = 1e-6
# dense below this size: eigh/eig of a 2000 x 2000 matrix takes seconds, its 32 MB fit anywhere
DENSE_MAX = 2000
# guard Ritz values within this fraction of the largest |theta| of the cut are converged with
# the k asked for, so a small cluster straddling the cut is deflated whole (the certificate's
# rest bound clears a gap of ~0.75% after 160 products); a cluster that fills the whole guard
# (a near-continuum, as the 34k-parameter ring GAN's Hessians) is left: no gap is in sight
CLUSTER = 0.02
# failure probability of the random-start rest bound (over our own random start)
DELTA = 1e-6
# Lanczos steps on the complement at which the rest bound is tried (a union bound over them)
REST_STEPS = (10, 20, 40, 80, 160)


class Certificate(NamedTuple):
    """What a top-``k`` result is certified to be (NOTE: [certified top-k]).

    ``is_top_k``: ``True`` when the returned values are shown to be the ``k`` wanted eigenvalues
    (each within ``eta`` of its own), ``False`` when a value beyond the cut was found outside
    them, ``None`` when it could not be shown. ``rest``: the bound on the rest of the spectrum
    in the order of ``which`` (for ``LM`` a magnitude), ``confidence`` its probability.
    """

    is_top_k: bool | None
    method: str
    eta: float
    rest: float | None
    confidence: float
    note: str


class _Result(NamedTuple):
    values: np.ndarray
    vectors: np.ndarray
    converged: bool
    restarts: int


def _key(which: str):
    """Sort key: smaller is more wanted."""
    return {
        "LM": lambda x: -np.abs(x),
        "SR": lambda x: np.real(x),
        "SA": lambda x: np.real(x),
        "LR": lambda x: -np.real(x),
        "LA": lambda x: -np.real(x),
    }[which]


def _orth(W: np.ndarray, V: np.ndarray | None, rng, tol: float = 1e-10) -> np.ndarray:
    """Orthonormal columns spanning ``W`` minus its part in ``span V`` (classical Gram-Schmidt
    twice); columns lost to rounding are replaced by random directions."""
    b = W.shape[1]
    for _ in range(2):
        if V is not None and V.shape[1]:
            W = W - V @ (V.T @ W)
    Q, R = np.linalg.qr(W)
    scale = max(float(np.abs(np.diag(R)).max(initial=0.0)), 1e-300)
    bad = np.abs(np.diag(R)) <= tol * scale
    if bad.any():
        Q[:, bad] = rng.standard_normal((W.shape[0], int(bad.sum())))
        full = Q if V is None or not V.shape[1] else np.hstack([V, Q[:, ~bad]])
        Q[:, bad] = _orth(Q[:, bad], full, rng, tol)
    return Q[:, :b]


def block_krylov_schur(
    matmat,
    n: int,
    k: int,
    which: str,
    *,
    symmetric: bool,
    block: int | None = None,
    guard: int | None = None,
    basis: int | None = None,
    rtol: float = RTOL,
    seed: int = 0,
    deadline: float | None = None,
    max_restarts: int = 500,
    progress=None,
) -> _Result:
    """The ``k`` Ritz pairs of ``M`` wanted by ``which`` (NOTE: [certified top-k]).

    Args:
        matmat: ``X (n, b) -> M X (n, b)``, one batched product.
        block: vectors per product (default ``min(16, max(4, k))``).
        guard: Ritz vectors kept beyond ``k`` at a restart (default ``max(4, 2 block)``).
        basis: largest basis before a restart (default ``max(2 (k + guard), k + guard + 4 block)``).
        deadline: ``time.monotonic()`` after which the current Ritz pairs are returned.
    """
    rng = np.random.default_rng(seed)
    b = min(n, block or min(16, max(4, k)))
    p = min(n, k + (guard if guard is not None else max(4, 2 * b)))
    m = min(n, basis or max(2 * p, p + 4 * b))
    key = _key(which)
    V = np.zeros((n, 0))
    AV = np.zeros((n, 0))
    new = _orth(rng.standard_normal((n, b)), None, rng)
    restarts, converged = 0, False
    while True:
        while new.shape[1] and V.shape[1] < m:
            new = new[:, : m - V.shape[1]]
            AV = np.hstack([AV, matmat(new)])
            V = np.hstack([V, new])
            if V.shape[1] >= m or _late(deadline):
                break
            new = _orth(AV[:, -new.shape[1] :], V, rng)
        H = V.T @ AV
        if symmetric:
            theta, Y = np.linalg.eigh((H + H.T) / 2)
        else:
            theta, Y = np.linalg.eig(H)
        order = np.argsort(key(theta), kind="stable")
        theta, Y = theta[order], Y[:, order]
        scale = max(float(np.abs(theta[:k]).max()), np.finfo(float).tiny)
        # the k asked for, and every guard value within CLUSTER of the cut: a cluster at the cut
        # is converged whole, so the certificate can deflate it (NOTE: [certified top-k])
        near = np.abs(key(theta[:p]) - key(theta[k - 1])) <= CLUSTER * scale
        q = max(k, int(np.flatnonzero(near).max()) + 1)
        if q >= p:  # the cluster runs through the whole guard: no gap in sight, only the k
            q = k
        R = AV @ Y[:, :q] - (V @ Y[:, :q]) * theta[:q]
        res = np.linalg.norm(R, axis=0) / np.linalg.norm(V @ Y[:, :q], axis=0)
        converged = bool(res.max() <= rtol * scale)
        if progress is not None:
            progress(restarts, float(res.max() / scale))
        if converged or _late(deadline) or restarts >= max_restarts or V.shape[1] >= n:
            # the p wanted Ritz pairs: the k asked for and the guard (for the certificate)
            return _Result(theta[:p], V @ Y[:, :p], converged, restarts)
        keep = _wanted_basis(H, theta, Y, p, key, symmetric)
        V, AV = V @ keep, AV @ keep
        V, AV = _reorth(V, AV)
        W = AV - V @ (V.T @ AV)  # the residual space: the next block of the Krylov sequence
        U, s, _ = np.linalg.svd(W - V @ (V.T @ W), full_matrices=False)
        new = _orth(U[:, : min(b, n - V.shape[1])], V, rng)
        restarts += 1


def _late(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() > deadline


def _wanted_basis(H, theta, Y, p, key, symmetric) -> np.ndarray:
    """Orthonormal ``m x p'`` coefficients of the ``p`` wanted Ritz vectors (real Schur vectors
    for a non-symmetric ``H``, conjugate pairs kept together)."""
    if symmetric:
        return Y[:, :p]
    cut = key(theta[min(p, len(theta)) - 1])
    slack = 1e-10 * max(1.0, float(np.abs(theta).max()))  # schur's rounding vs eig's
    T, Z, sdim = sl.schur(H, output="real", sort=lambda re, im: key(re + 1j * im) <= cut + slack)
    return Z[:, : max(sdim, 1)]


def _reorth(V, AV):
    """Re-orthonormalize ``V`` (rounding drift over many restarts) with ``AV`` kept consistent."""
    Q, R = np.linalg.qr(V)
    return Q, sl.solve_triangular(R.T, AV.T, lower=True).T


def rest_bound(
    matmat, X: np.ndarray, which: str, *, target: float, seed: int = 0, delta: float = DELTA
):
    """A bound on ``Sp(A_22)``, ``A_22 = P S P`` with ``P = I - X X^T``, from Lanczos with a random
    start in the complement of ``X`` (NOTE: [certified top-k]).

    Kuczynski & Wozniakowski (Theorem 4.2): for a positive semidefinite ``B`` of size ``N`` and a
    start uniform on the sphere, ``j`` Lanczos steps give a largest Ritz value ``xi`` with
    ``P(xi < (1 - eps) lambda_max(B)) <= 1.648 sqrt(N) exp(-sqrt(eps) (2 j - 1))``. Applied to

    * ``LM``: ``B = A_22^2``, whose ``j``-dimensional Krylov space lies in the ``2 j - 1``
      dimensional one of ``A_22``; ``xi = sigma_max(A_22 Q)^2`` over that space ``Q``;
    * ``LA`` / ``SA``: ``B = c I +- A_22`` with ``c`` a bound on ``||A_22||`` from ``LM`` first.

    Steps are tried at :data:`REST_STEPS` and stop once the bound reaches ``target`` (the ``k``-th
    returned value, in the order of ``which``); every try spends ``delta / len(REST_STEPS)``.

    Returns:
        ``(bound, steps, ritz)``: ``bound`` the value ``Sp(A_22)`` cannot pass (a magnitude for
        ``LM``; ``inf`` / ``-inf`` if none was shown), ``steps`` the products spent, ``ritz`` the
        most wanted Ritz value found in the complement (a value beyond ``target`` there means
        the returned set is not the top ``k``).
    """
    n = X.shape[0]
    N = n - X.shape[1]
    rng = np.random.default_rng(seed + 1)
    x = rng.standard_normal(n)
    x -= X @ (X.T @ x)
    x -= X @ (X.T @ x)
    Q = [x / np.linalg.norm(x)]
    AQ = []
    each = delta / (2 * len(REST_STEPS))  # two bounds (LM, then a shifted end) per try

    def eps(j):  # K-W: the relative shortfall allowed at this probability after j steps
        return (np.log(1.648 * np.sqrt(N) / each) / (2 * j - 1)) ** 2

    bound, ritz = (np.inf if which != "SA" else -np.inf), np.nan
    for steps in REST_STEPS:
        if steps > N:
            break
        while len(AQ) < steps:
            q = Q[len(AQ)]
            aq = matmat(q[:, None])[:, 0]
            aq -= X @ (X.T @ aq)  # A_22 q = P S P q (q is already in the complement)
            AQ.append(aq)
            w = aq - np.column_stack(Q) @ (np.column_stack(Q).T @ aq)
            w -= np.column_stack(Q) @ (np.column_stack(Q).T @ w)
            w -= X @ (X.T @ w)
            nw = np.linalg.norm(w)
            if nw <= 1e-14 * np.linalg.norm(aq):  # an invariant subspace: the Krylov space is exact
                w = rng.standard_normal(n)
                w -= X @ (X.T @ w)
                w -= np.column_stack(Q) @ (np.column_stack(Q).T @ w)
                nw = np.linalg.norm(w)
            Q.append(w / nw)
        Qm, AQm = np.column_stack(Q[:steps]), np.column_stack(AQ)
        T = Qm.T @ AQm
        ritz_all = np.linalg.eigvalsh((T + T.T) / 2)
        smax = float(np.linalg.svd(AQm, compute_uv=False)[0])
        e_lm = eps((steps + 1) // 2)
        rho = smax / np.sqrt(1 - e_lm) if e_lm < 1 else np.inf
        if which == "LM":
            bound, ritz = rho, float(np.abs(ritz_all).max())
        else:
            e = eps(steps)
            top = ritz_all[-1] if which == "LA" else -ritz_all[0]
            shifted = (top + rho) / (1 - e) - rho if e < 1 and np.isfinite(rho) else np.inf
            bound = shifted if which == "LA" else -shifted
            ritz = float(ritz_all[-1] if which == "LA" else ritz_all[0])
        if _beyond(ritz, target, which) or not _beyond(bound, target, which, strict=False):
            return bound, steps, ritz
        if _beyond(
            _best_bound(smax, ritz_all, which, eps, min(N, REST_STEPS[-1])),
            target,
            which,
            strict=False,
        ):
            return bound, steps, ritz  # cannot clear the cut even at the last step: stop here
    return bound, len(AQ), ritz


def _best_bound(smax, ritz_all, which, eps, last: int) -> float:
    """The bound :func:`rest_bound` would give after ``last`` steps if the Ritz values found so
    far did not grow (they only can): if even that misses the cut, more steps cannot help."""
    e_lm = eps((last + 1) // 2)
    rho = smax / np.sqrt(1 - e_lm) if e_lm < 1 else np.inf
    if which == "LM" or not np.isfinite(rho):
        return rho
    e = eps(last)
    top = ritz_all[-1] if which == "LA" else -ritz_all[0]
    shifted = (top + rho) / (1 - e) - rho if e < 1 else np.inf
    return shifted if which == "LA" else -shifted


def _beyond(value: float, target: float, which: str, strict: bool = True) -> bool:
    """Whether ``value`` is more wanted than ``target`` (``strict``) / not less wanted."""
    a, b = (value, target) if which in ("LM", "LA") else (-value, -target)
    return a > b if strict else a >= b


def _symmetric_certificate(matmat, X, theta, R, k, which, seed, delta) -> Certificate:
    """Weyl + :func:`rest_bound` for orthonormal Ritz pairs ``(theta, X)`` sorted by ``which``
    (the first ``k`` returned, the rest kept only to deflate)."""
    eta = float(np.linalg.norm(R, 2)) if R.size else 0.0
    returned = theta[:k]
    if which == "LM":
        cut = float(np.abs(returned).min())
    else:
        cut = float(returned.max() if which == "SA" else returned.min())
    if X.shape[1] >= X.shape[0]:
        return Certificate(True, "krylov (whole space)", eta, None, 1.0, "the basis spans R^n")
    bound, steps, ritz = rest_bound(matmat, X, which, target=cut, seed=seed, delta=delta)
    if _beyond(ritz, cut, which):
        return Certificate(
            False, "krylov+rest", eta, bound, 1 - delta,
            f"Lanczos on the complement found {ritz:.6g} beyond the cut {cut:.6g}: the returned "
            "set is not the top k",
        )  # fmt: skip
    if not _beyond(bound, cut, which, strict=False):
        return Certificate(
            True, "krylov+rest", eta, bound, 1 - delta,
            f"top-{k} to within eta = {eta:.1e} each (Weyl): the rest of the spectrum is "
            f"{'<=' if which != 'SA' else '>='} {bound:.6g} in {'magnitude' if which == 'LM' else 'value'} "
            f"(Lanczos on the complement, {steps} products, probability >= {1 - delta:g})",
        )  # fmt: skip
    return Certificate(
        None, "krylov+rest", eta, bound, 1 - delta,
        f"could not show the set is the top {k}: the rest bound {bound:.6g} after {steps} "
        f"products does not clear the cut {cut:.6g}",
    )  # fmt: skip


def _dense_note(vals_sorted: np.ndarray, k: int, which: str, eta: float) -> str:
    """Say whether the cut between the ``k``-th and ``k+1``-th value falls in a cluster."""
    if len(vals_sorted) <= k:
        return "dense: the whole spectrum"
    key = _key(which)
    gap = float(key(vals_sorted[k]) - key(vals_sorted[k - 1]))
    tie = "a tie/cluster at the cut, " if gap <= 2 * max(eta, 1e-300) else ""
    return f"dense: the whole spectrum; {tie}gap at the cut {gap:.2e}"


def certified_top_k(
    products,
    k: int,
    *,
    block: str = "J",
    which: str = "LM",
    rtol: float = RTOL,
    dense_max: int = DENSE_MAX,
    matrix=None,
    seed: int = 0,
    time_budget: float | None = None,
    delta: float = DELTA,
    block_size: int | None = None,
    progress=None,
):
    """The certified top-``k`` of one block (NOTE: [certified top-k]).

    Args:
        products: a :class:`~zigan_verify.game.products.GameProducts` at the point.
        matrix: the dense block if the caller has it.

    Returns:
        ``(values, residuals, converged, dense, certificate)``.
    """

    check_choice("block", block, ("J", "G", "D"))
    n = products.size(block)
    symmetric = block != "J"
    deadline = None if time_budget is None else time.monotonic() + time_budget

    def matmat(X):
        U = torch.from_numpy(np.ascontiguousarray(np.asarray(X).T))
        return products.apply(block, U).cpu().numpy().T

    def cmatmat(X):  # complex Ritz vectors: real and imaginary parts in one batch
        X = np.asarray(X)
        if not np.iscomplexobj(X):
            return matmat(X)
        out = matmat(np.hstack([X.real, X.imag]))
        return out[:, : X.shape[1]] + 1j * out[:, X.shape[1] :]

    key = _key(which)
    dense = n <= dense_max or k >= n - 1
    answer = ("answer", block, which, k, rtol, dense_max, block_size, seed, delta)
    if answer in products.cache:  # the same question at the same point: asked before
        return products.cache[answer]
    got = _answer(
        products, matmat, cmatmat, n, k, block, which, symmetric, key, dense, rtol, matrix,
        seed, deadline, delta, block_size, progress,
    )  # fmt: skip
    if got[2]:  # converged: keep it for the next caller (classify, then diagnose's spectra)
        products.cache[answer] = got
    return got


def _answer(
    products, matmat, cmatmat, n, k, block, which, symmetric, key, dense, rtol, matrix, seed,
    deadline, delta, block_size, progress,
):  # fmt: skip
    """The body of :func:`certified_top_k` (dense, or the block Krylov-Schur solves)."""
    from zigan_verify.game.products import dense_block

    if dense:
        M = (
            np.asarray(matrix)
            if matrix is not None
            else dense_block(None, None, block, products=products)
        )
        if symmetric:
            vals, vecs = np.linalg.eigh((M + M.T) / 2)
        else:  # left eigenvectors where the products are with J^T: residuals of the same operator
            vals, vecs = np.linalg.eig(M.T if products.transposed else M)
        order = np.argsort(key(vals), kind="stable")
        vals, vecs = vals[order], vecs[:, order]
        values, X = vals[:k], vecs[:, :k]
        resid = _residuals(cmatmat, X, values)
        eta = float(resid.max(initial=0.0))
        cert = Certificate(True, "dense", eta, None, 1.0, _dense_note(vals, k, which, eta))
        return values.astype(complex), resid, True, True, cert

    def solve(question: str, i: int = 0) -> _Result:
        """One solve, shared through ``products.cache`` (``LM`` of ``S_i`` reuses ``SA``)."""
        tag = (block, question, k, rtol, block_size, seed)
        if tag not in products.cache or not products.cache[tag].converged:
            products.cache[tag] = block_krylov_schur(
                matmat, n, k, question, symmetric=symmetric, block=block_size, rtol=rtol,
                seed=seed + i, deadline=deadline, progress=progress,
            )  # fmt: skip
        return products.cache[tag]

    sa_tag = (block, "SA", k, rtol, block_size, seed)
    if symmetric and which == "LM" and sa_tag in products.cache:
        # both ends merged by magnitude, the SA end already solved (diagnose asks SA first)
        ends = [solve("LA", 0), solve("SA", 1)]
        converged = all(e.converged for e in ends)
        X = np.hstack([e.vectors for e in ends])
        return _symmetric_finish(matmat, X, k, "LM", converged, rtol, seed, delta)
    res = solve(which, 0 if which != "SA" else 1)
    values, X = res.values, res.vectors
    if symmetric:
        return _symmetric_finish(matmat, X, k, which, res.converged, rtol, seed, delta)
    values, X = values[:k], X[:, :k]
    resid = _residuals(cmatmat, X, values)
    op = "J^T" if products.transposed else "J"
    note = (
        f"residuals of {op}: each value is an exact eigenvalue of J + E, ||E|| <= its residual; "
        "J is not normal, so no bound on the rest of Sp(J): the set is not certified"
    )
    cert = Certificate(None, "krylov", float(resid.max(initial=0.0)), None, 0.0, note)
    return (
        values.astype(complex),
        resid,
        res.converged,
        False,
        cert if res.converged else _not_converged(resid),
    )


def _not_converged(resid) -> Certificate:
    return Certificate(
        None, "stopped", float(resid.max(initial=0.0)), None, 0.0,
        "stopped (time budget or restart limit) before convergence: values with their true "
        "residuals, the set is not certified",
    )  # fmt: skip


def _ritz(matmat, X):
    """Rayleigh-Ritz on ``span X`` with fresh products: orthonormal Ritz vectors, values, and
    the true residual block ``S X - X Theta``."""
    Q, _ = np.linalg.qr(np.real(X))
    AQ = matmat(Q)
    H = Q.T @ AQ
    theta, Y = np.linalg.eigh((H + H.T) / 2)
    Xr, AX = Q @ Y, AQ @ Y
    return Xr, theta, AX - Xr * theta


def _residuals(cmatmat, X, values) -> np.ndarray:
    """True residuals ``||M x - theta x|| / ||x||`` with fresh (batched) products."""
    if X.shape[1] == 0:
        return np.zeros(0)
    MX = cmatmat(X)
    return np.linalg.norm(MX - X * values, axis=0) / np.linalg.norm(X, axis=0)


def _symmetric_finish(matmat, X, k, which, converged, rtol, seed, delta):
    """Fresh Rayleigh-Ritz on ``span X``, the ``k`` wanted values with true residuals, and the
    certificate from them and the converged guard pairs (an unconverged guard pair would only
    widen ``eta``)."""
    key = _key(which)
    X, values, R = _ritz(matmat, X)
    order = np.argsort(key(values), kind="stable")
    values, X, R = values[order], X[:, order], R[:, order]
    resid = np.linalg.norm(R, axis=0)
    out = values[:k].astype(complex), resid[:k], converged, False
    if not converged:
        return *out, _not_converged(resid[:k])
    scale = max(float(np.abs(values[:k]).max()), np.finfo(float).tiny)
    keep = np.arange(len(values)) < k
    keep |= resid <= max(resid[:k].max(), rtol * scale)
    cert = _symmetric_certificate(
        matmat, X[:, keep], values[keep], R[:, keep], k, which, seed, delta
    )
    return *out, cert
