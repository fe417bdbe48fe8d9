r"""Theorem 3's spectrum at the size of 000 App. C, matrix-free (about 2.8M parameters).

At a global solution with ``w = 0`` (000 §5.3), :math:`\Lambda_\tau DF = [[0, C/\tau], [-C^\top, 0]]`
where only the ``w`` columns of :math:`C = \nabla^2_{xy}f` are non-zero
(:mod:`zigan_verify.analysis.spectrum`). Its largest eigenvalues are :math:`\pm i\sqrt{\mu_k/\tau}` with
:math:`\mu_k` the largest eigenvalues of the ``r x r`` matrix :math:`C_w^\top C_w`, which we apply
through its structure, never forming ``C`` (``392000 x 3000`` for ``g`` alone):

.. math::
    (\nabla^2_{gw}f)_{:,l} = -\tfrac1n\, a_l\otimes q_l,\ q_l = \sum_i\sigma'(a_l^\top y_i)\varphi_i
    \ \Rightarrow\ \nabla^2_{gw}f^\top\nabla^2_{gw}f = \tfrac1{n^2}(AA^\top)\odot(QQ^\top),

    (\nabla^2_{w\theta}f)_{l,(q,j)} = -\tfrac1n\sum_i \sigma'(a_l^\top y_i)(AG)_{lq}\,
    \sigma'(W_q z_i)\, z_{ij}

(``theta = W`` of the App. C hidden layer ``sigma(W z)``). ARPACK (``scipy.sparse.linalg.eigs``)
finds the top-``k`` eigenvalues of :math:`\Lambda_\tau DF` as a ``LinearOperator`` whose matvec is
the closed-form Hessian-vector product of :mod:`zigan_verify.game.hvp` (NOTE: [Jv not J^T v]).
Where a probe of the full operator shows ``J_xx = J_yy = 0`` and ``H_Ax = 0`` at the point,
ARPACK's Lanczos (``eigsh``) on the symmetric ``r x r`` matrix ``C_w^T C_w`` replaces it (NOTE:
[Lanczos on the off-diagonal block]);
either way the eigenvalues' true residuals on the full :math:`\Lambda_\tau DF` are recomputed.

Public: :func:`paper_problem`, :func:`predicted_mu`,
:func:`timescaled_operator`, :func:`progress_reporter`; the rest may change.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np
import torch
from scipy.sparse.linalg import LinearOperator, eigsh

from zigan_verify import _moved
from zigan_verify._errors import ZiganError, check_positive
from zigan_verify._runtime import device_scope
from zigan_verify.game.hvp import Curvature
from zigan_verify.game.problem import ZIGANProblem

__all__ = [
    "block_diagonal_defect",
    "device_scope",
    "paper_problem",
    "predicted_mu",
    "progress_reporter",
    "ritz_residuals",
    "timescaled_operator",
]

# App. C: 32 samples, 784 pixels, generator hidden width 500, discriminator width 3000, latent 100.
PAPER_SIZES = dict(n=32, d1=784, d2=500, r=3000, p=100)


def paper_problem(*, n=32, d1=784, d2=500, r=3000, p=100, seed: int = 0):
    """A global solution ``(problem, z, perm)`` of the ZI-GAN at the given sizes.

    Data: :func:`zigan_verify.data.digits.digits` when ``d1`` is a square ``>= 64``, else Gaussian.
    ``theta = W ~ N(0, 1/p)``, ``A ~ N(0, 1/d1)``, ``w = 0``, ``g`` the minimum-norm solution of
    ``Phi g = Q_pi^T x`` for a random permutation ``pi`` (needs ``n <= d2``).
    """
    if n > d2:
        raise ZiganError(f"a global solution needs n <= d2, got n={n}, d2={d2}")
    rng = np.random.default_rng(seed)
    side = int(round(d1**0.5))
    if side * side == d1 and side >= 8:
        from zigan_verify.data.digits import digits

        X = digits(n, side=side, seed=seed)
    else:
        X = torch.from_numpy(rng.standard_normal((n, d1)))
    Z = torch.from_numpy(rng.standard_normal((n, p)))
    prob = ZIGANProblem(X, Z, r=r, width=d2)
    W = torch.from_numpy(rng.standard_normal((d2, p)) / np.sqrt(p))
    Phi = prob.phi(W.reshape(-1), Z)
    perm = rng.permutation(n)
    Gt = torch.linalg.lstsq(Phi, X[perm], driver="gelsd").solution  # (d2, d1)
    A = torch.from_numpy(rng.standard_normal((r, d1)) / np.sqrt(d1))
    z = prob.pack(Gt.T, W.reshape(-1), torch.zeros(r), A)
    return prob, z, perm


def predicted_mu(problem: ZIGANProblem, z: torch.Tensor, k: int) -> np.ndarray:
    """The ``k`` largest eigenvalues of :math:`C_w^\top C_w` (``r x r``), by structure."""
    n, d1, d2, r, m, p = problem.sizes
    g, theta, w, A = problem.unpack(z)
    if bool(w.any()):
        raise ZiganError("predicted_mu needs a global solution with w = 0")
    G, W, Z = g.view(d1, d2), theta.view(d2, p), problem.latents
    Phi = torch.sigmoid(Z @ W.T)
    S1P = Phi * (1 - Phi)
    sV = torch.sigmoid(Phi @ G.T @ A.T)
    s1V = sV * (1 - sV)  # (n, r)
    Q = s1V.T @ Phi  # (r, d2): q_l
    gram_g = (A @ A.T) * (Q @ Q.T) / n**2
    AG = A @ G  # (r, d2)

    def h_wtheta(u):  # (r,) <- (d2*p,)
        K = S1P * (Z @ u.view(d2, p).T)  # (n, d2)
        return -(s1V * (K @ AG.T)).sum(0) / n

    def h_wtheta_t(v):  # (d2*p,) <- (r,)
        T = (s1V * v) @ AG  # (n, d2)
        return (-(T * S1P).T @ Z / n).reshape(-1)

    def matvec(v):
        v = torch.from_numpy(np.asarray(v, dtype=np.float64).reshape(-1))
        return (gram_g @ v + h_wtheta(h_wtheta_t(v))).numpy()

    op = LinearOperator((r, r), matvec=matvec, dtype=np.float64)
    if k >= r - 1:
        dense = np.stack([matvec(e) for e in np.eye(r)], axis=1)
        return np.sort(np.linalg.eigvalsh(dense))[::-1][:k]
    vals = eigsh(op, k=k, which="LA", tol=MU_TOL, return_eigenvectors=False)
    return np.sort(vals)[::-1]


def _tensor(v: np.ndarray, curv: Curvature) -> torch.Tensor:
    """A float64 ``v`` from ARPACK as a tensor on ``curv``'s device (no copy on the CPU)."""
    v = np.ascontiguousarray(v.reshape(-1), dtype=np.float64)  # a no-op for ARPACK's vectors
    return torch.from_numpy(v).to(curv.device)


def timescaled_operator(
    problem: ZIGANProblem, z: torch.Tensor, tau: float, counter=None, *, curvature=None
):
    """``Lambda_tau DF`` at ``z`` as a :class:`scipy.sparse.linalg.LinearOperator` (``J v``).

    The matvec is the closed-form product of :class:`~zigan_verify.game.hvp.Curvature` (never autograd
    for the App. C generator): a float64 ``v`` from ARPACK is shared with torch without a copy and
    the product is written straight into the returned array (NOTE: [HVP without copies]).
    ``counter``: called after each product; ``curvature``: a :class:`Curvature` at ``z`` to reuse.
    """
    check_positive("tau", tau)
    curv = Curvature(problem, z) if curvature is None else curvature
    dim = problem.dim

    def apply(v: np.ndarray, out: np.ndarray) -> None:
        if curv.device.type == "cpu":
            curv.jacobian_vector(_tensor(v, curv), tau, out=torch.from_numpy(out))
        else:  # scipy's vectors live on the host: one copy each way
            torch.from_numpy(out).copy_(curv.jacobian_vector(_tensor(v, curv), tau))

    def matvec(v):
        v = np.asarray(v)
        if np.iscomplexobj(v):  # the residual check: real and imaginary parts separately
            re, im = np.empty(dim), np.empty(dim)
            apply(v.real, re)
            apply(v.imag, im)
            out = re + 1j * im
        else:
            out = np.empty(dim)
            apply(v, out)
        if counter is not None:
            counter()
        return out

    return LinearOperator((dim, dim), matvec=matvec, dtype=np.float64)


class _Clock:
    """Wall and CPU (``time.process_time``) seconds per named phase: on a shared machine wall time
    is inflated by other processes, CPU time much less."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str, accumulate: bool = False):
        w, c = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            base_w = self.wall.get(name, 0.0) if accumulate else 0.0
            base_c = self.cpu.get(name, 0.0) if accumulate else 0.0
            self.wall[name] = base_w + time.perf_counter() - w
            self.cpu[name] = base_c + time.process_time() - c

    def breakdown(self) -> dict[str, float]:
        """``seconds_<phase>`` (wall) and ``cpu_seconds_<phase>``, with the eigensolver's own
        work (``arpack_own`` = solver - matvec) split out."""
        out = {}
        for kind, table in (("seconds", self.wall), ("cpu_seconds", self.cpu)):
            t = {**table, "arpack_own": table["solver"] - table.get("matvec", 0.0)}
            out.update({f"{kind}_{name}": value for name, value in t.items()})
            out[f"{kind}_total"] = sum(v for n, v in table.items() if n != "matvec")
        return out


# NOTE: [paper-scale ARPACK settings]
# * tol: ARPACK stops when every Ritz estimate ||J v - lambda v|| is <= tol |lambda|. J = Lambda_tau DF
#   is similar, through Lambda_tau^{1/2}, to the skew-symmetric Lambda^{1/2} DF Lambda^{1/2}, so its
#   eigenvector matrix has condition number <= sqrt(tau) and (Bauer-Fike) each Ritz value lies within
#   sqrt(tau) tol |lambda| of an eigenvalue: ARPACK_TOL = 1e-8 gives <= 2e-8 relative at tau = 4,
#   50x below the 1e-6 the check asserts (which recomputes the true residual, not ARPACK's estimate).
#   Measured at App. C sizes: 1e-10 / 1e-9 / 1e-8 take 416 / 313 / 261 matvecs, errors all ~5e-15.
# * ncv: the top mu_k are clustered (mu_5 / mu_6 - 1 = 0.5%, 287 of the 3000 mu_k above mu_1 / 2),
#   so the default 2k + 1 = 21 Lanczos vectors restart often; 40 vectors (22 MB each) need 261
#   matvecs instead of 416 at tol 1e-8. ARPACK's own work (orthogonalising against up to ncv
#   vectors of 2.8M entries, memory-bound) then costs more than the matvecs: 22 s vs 15 s.
ARPACK_TOL = 1e-8
ARPACK_NCV = 40
# mu_k's own eigsh: a symmetric matrix has an eigenvalue within ||r|| <= tol mu of each Ritz value,
# 1000x below RESIDUAL_RTOL; at App. C 1e-9 takes 146 products vs 193 for 1e-12, the mu_k agreeing
# to 6e-15 relative (benchmarks/bench_spectrum.py).
MU_TOL = 1e-9
RESIDUAL_RTOL = 1e-6  # the check: relative error vs +-i sqrt(mu_k/tau) and relative residual

# NOTE: [Lanczos on the off-diagonal block]
# J = Lambda_tau DF = [[J_xx, C/tau], [-C^T, J_yy]] with C = grad^2_xy f. Where J_xx = J_yy = 0
# (at a global solution with w = 0: every x-x term carries w, and grad^2_{w a_l} f =
# (sum_i s'(a_l.x_i) x_i - s'(a_l.y_i) y_i) / n vanishes because y is a permutation of x) and
# the A rows of C^T vanish too (H_Ax = d(grad_A f)/dx carries w), C = [C_w, 0] and J is similar
# to a skew-symmetric matrix whose eigenpairs follow from those of the symmetric r x r matrix
# C_w^T C_w: C_w^T C_w v = mu v, u = C_w v / sqrt(mu) give J [u; +-i sqrt(tau) v; 0] =
# +-i sqrt(mu/tau) [u; +-i sqrt(tau) v; 0]. So we (1) measure the two diagonal blocks and the A
# rows of J (p_x, 0) on a random probe with the FULL operator (block_diagonal_defect, 2
# matvecs) and use Lanczos only when all three are <= STRUCTURE_RTOL relative; (2) run ARPACK
# eigsh on v -> H_wx (H_xw v) (Curvature.cross_t, cross_w: exactly the off-diagonal blocks at any
# point, nothing predicted); (3) map the Ritz vectors back and take as eigenvalues the Rayleigh
# quotients x^H J x / x^H x of the FULL J, whose true residuals ||J x - lambda x|| the check
# recomputes, as for Arnoldi. Lanczos works on r = 3,000 entries (first on C C^T, n_x = 442,000:
# 4.2 s of ARPACK's own work, now 0.2 s; the same 131 products), instead of the 2,797,000 of
# Arnoldi; benchmarks/bench_spectrum.py has the measured numbers. mu_k (predicted_mu) is an
# eigenvalue problem of the same size, but from the App. B formulas of C_w^T C_w (not the HVP
# code), with ARPACK's own random start (not this v0), so the two runs share no code but eigsh.
STRUCTURE_RTOL = 1e-10  # >> the ~1e-16 rounding of the blocks, << RESIDUAL_RTOL
LANCZOS_NCV = 20


def block_diagonal_defect(
    op: LinearOperator, problem: ZIGANProblem, probe: np.ndarray
) -> tuple[float, float, float]:
    """``(||J_xx p_x|| / ||J (p_x, 0)||, ||J_yy p_y|| / ||J (0, p_y)||, ||H_Ax p_x|| /
    ||J (p_x, 0)||)`` for a probe ``p``, with the full operator ``op``: the two diagonal blocks
    and the ``A`` rows of ``-C^T`` (NOTE: [Lanczos on the off-diagonal block])."""
    n_x, a_rows = problem.n_x, problem.slices["A"]
    px, py = probe.copy(), probe.copy()
    px[n_x:], py[:n_x] = 0.0, 0.0
    jx, jy = op.matvec(px), op.matvec(py)
    norm_x = np.linalg.norm(jx)
    return (
        float(np.linalg.norm(jx[:n_x]) / norm_x),
        float(np.linalg.norm(jy[n_x:]) / np.linalg.norm(jy)),
        float(np.linalg.norm(jx[a_rows]) / norm_x),
    )


def _lanczos_ritz_vectors(curv: Curvature, k: int, tau: float, tol, ncv, v0, timed):
    """The ``k/2`` eigenvectors ``[C_w v / sqrt(mu); i sqrt(tau) v; 0]`` of ``J`` from ARPACK
    ``eigsh`` on ``C_w^T C_w`` (NOTE: [Lanczos on the off-diagonal block])."""
    prob = curv.problem
    n_x, r = prob.n_x, prob.sizes.r
    y, x_buf = torch.zeros(prob.dim - n_x, dtype=torch.float64, device=curv.device), None

    def gram(v):
        nonlocal x_buf
        y[:r] = _tensor(v, curv)
        x_buf = curv.cross_t(y, out=x_buf)
        return curv.cross_w(x_buf).cpu().numpy()

    op = LinearOperator((r, r), matvec=timed(gram), dtype=np.float64)
    mu, V = eigsh(op, k=k // 2, which="LA", tol=tol, v0=v0[n_x : n_x + r], ncv=ncv)
    X = np.zeros((prob.dim, k // 2), dtype=complex, order="F")
    X[n_x : n_x + r] = 1j * np.sqrt(tau) * V
    for j in range(k // 2):
        y[:r] = _tensor(V[:, j], curv)
        x_buf = curv.cross_t(y, out=x_buf)
        X[:n_x, j] = x_buf.cpu().numpy() / np.sqrt(mu[j])
    return X


def ritz_residuals(op: LinearOperator, vecs: np.ndarray, vals: np.ndarray | None = None):
    """``(vals, max_j ||J x_j - lambda_j x_j|| / ||x_j||)`` with the full operator ``op``.

    ``vals=None``: ``lambda_j`` is the Rayleigh quotient ``x^H J x / x^H x``, and the conjugate
    pairs ``(conj x_j, conj lambda_j)`` are appended: ``op`` is real, so ``J conj x - conj(lambda)
    conj x = conj(J x - lambda x)`` has the same residual norm (not recomputed).
    """
    lams, worst = [], 0.0
    for j in range(vecs.shape[1]):
        x = np.ascontiguousarray(vecs[:, j])
        jx = op.matvec(x)
        lam = vals[j] if vals is not None else np.vdot(x, jx) / np.vdot(x, x)
        jx -= lam * x
        worst = max(worst, float(np.linalg.norm(jx) / np.linalg.norm(x)))
        lams.append(lam)
    if vals is None:
        lams += [lam.conjugate() for lam in lams]
    return np.asarray(lams), worst


_PROGRESS: ContextVar[Callable[[str], None] | None] = ContextVar(
    "paper_scale_progress", default=None
)


@contextmanager
def progress_reporter(callback: Callable[[str], None]):
    """Inside the block, :func:`theorem3_spectrum` reports progress as one line of text to
    ``callback`` (instead of its own display); ``zigan-verify check`` shows it in its bar."""
    token = _PROGRESS.set(callback)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


# NOTE: [moved modules]: names that moved out of this module in 0.2
__getattr__ = _moved.forward(
    __name__,
    {
        "theorem3_spectrum": "zigan_verify.checks.paper_scale",
    },
)
