r"""Training only the last layer (000 §6): ``theta`` frozen, the game in ``(g, w, A)``.

NOTE: [last-layer structure]
With the rows of ``G`` stacked into ``g`` (NOTE: [parameter layout]) and the samples stacked as
``x = (x_1; ...; x_n)``, the matrix :math:`\Phi = [\Phi_1; \dots; \Phi_n]`,
:math:`\Phi_i = I_{d_1} \otimes \varphi_i^\top`, never needs to be formed. Write
:math:`\Phi_f \in \mathbb{R}^{n\times d_2}` for the features :math:`\varphi_\theta(z_i)` as rows,
``Y`` for an ``(n, d1)`` matrix whose rows are the blocks of ``y`` and ``G`` for ``g``. Then

.. math::
    \Phi g \leftrightarrow \Phi_f G^\top, \qquad
    \Phi^\top y \leftrightarrow Y^\top \Phi_f, \qquad
    \Phi\Phi^\top = K \otimes I_{d_1}, \quad K = \Phi_f\Phi_f^\top,

so with the thin SVD :math:`\Phi_f = U S V^\top` of rank :math:`\rho` (singular values below
``rcond * s_max`` dropped, which handles rank-deficient :math:`\Phi`)

.. math::
    P_{\mathcal{R}(\Phi^\top)} g \leftrightarrow G V V^\top
        = G\,\Phi_f^\top K^+ \Phi_f, \qquad
    P_{\mathcal{N}(\Phi)} g \leftrightarrow G (I - V V^\top), \qquad
    \Phi^+ y \leftrightarrow Y^\top U S^{-1} V^\top = Y^\top K^+ \Phi_f .

The projections act on the *rows* of ``G``. Cost: one ``n x d2`` SVD, then ``O(d1 d2 rho)`` per
projection, instead of a pseudo-inverse of the ``(n d1) x (d1 d2)`` matrix :math:`\Phi`
(``25088 x 392000``, 78 GB, at the sizes of App. C).

Public: :class:`LastLayer`, :class:`Matching`, :func:`iterate`, :func:`invariant_violation`,
:func:`train_to_solution`, :func:`limit_report`, :func:`digits_28`; the rest may change.

References:
    Lee & Kim, Zero-Infinity GAN, §6 (the solution set
    :math:`\Phi^\top(\Phi\Phi^\top)^{-1}Q_\pi^\top x + \mathcal{N}(\Phi)`) and App. C (sizes).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import cached_property
from typing import NamedTuple

import torch
from scipy.optimize import linear_sum_assignment
from torch.func import grad

from zigan_verify import _moved
from zigan_verify._errors import ZiganError, check_finite, check_positive, check_shape
from zigan_verify.game.problem import ZIGANProblem
from zigan_verify.optim.minimax import Optimizer, SaddleOperator, saddle_operator

__all__ = [
    "INVARIANT_RTOL",
    "LastLayer",
    "LimitReport",
    "Matching",
    "Run",
    "digits_28",
    "invariant_violation",
    "iterate",
    "limit_report",
    "train_to_solution",
]

EPS = torch.finfo(torch.float64).eps

# Each step adds a computed gradient Y^T Phi_f whose rows leave R(Phi^T) only by rounding
# (~ d2 eps relative), so the drift of P_N(g) is bounded by a modest multiple of eps times the
# length of the path travelled by g; 1e3 leaves room for sums over d2 <= 1e3 terms.
INVARIANT_RTOL = 1e3 * EPS


class Matching(NamedTuple):
    """The permutation ``perm`` with ``x_{perm[i]}`` closest to the generated ``Phi_i g`` (000 §6's
    ``pi``), and the residual ``||Phi g - Q_pi^T x||``."""

    perm: tuple[int, ...]
    residual: float


class LastLayer:
    r"""The GAN (3) with the generator's hidden layers ``theta`` frozen (000 §6).

    The variable is ``u = (g, w, A)``, the layout of ``z`` (NOTE: [parameter layout]) with
    ``theta`` removed; ``g`` is the min player. See NOTE: [last-layer structure] for the linear
    algebra of :math:`\Phi`.

    Args:
        problem: the full problem; its data, latents, loss and feature map are used.
        theta: the frozen hidden-layer parameters, shape ``(m,)``.
        rcond: singular values of :math:`\Phi_f` below ``rcond * s_max`` count as zero;
            default ``max(n, d2) * eps`` (as ``numpy.linalg.matrix_rank``).

    Examples:
        >>> import torch
        >>> from zigan_verify.game.problem import ZIGANProblem
        >>> gen = torch.Generator().manual_seed(0)
        >>> prob = ZIGANProblem(torch.randn(2, 3, generator=gen), torch.randn(2, 4, generator=gen),
        ...                     r=5, width=6)
        >>> layer = LastLayer(prob, torch.randn(prob.sizes.m, generator=gen))
        >>> layer.rank, layer.n_x
        (2, 18)
        >>> g = layer.min_norm_solution((1, 0))
        >>> layer.match(g).perm
        (1, 0)
    """

    def __init__(
        self, problem: ZIGANProblem, theta: torch.Tensor, *, rcond: float | None = None
    ) -> None:
        theta = torch.as_tensor(theta, dtype=torch.float64)
        check_shape("theta", theta, (problem.sizes.m,))
        check_finite("theta", theta)
        n, d1, d2 = problem.sizes.n, problem.sizes.d1, problem.sizes.d2
        if rcond is None:
            rcond = max(n, d2) * EPS
        check_positive("rcond", rcond)
        self.problem, self.theta, self.rcond = problem, theta, rcond
        self.features = problem.phi(theta, problem.latents)  # Phi_f, (n, d2)
        U, S, Vh = torch.linalg.svd(self.features, full_matrices=False)
        rank = int((S > rcond * S[0]).sum()) if S.numel() and S[0] > 0 else 0
        self.rank = rank
        self._U, self._S, self._V = U[:, :rank], S[:rank], Vh[:rank].T
        self.d1, self.d2, self.n = d1, d2, n
        self.n_x = d1 * d2
        r = problem.sizes.r
        self.slices = {"g": slice(0, d1 * d2), "w": slice(d1 * d2, d1 * d2 + r)}
        self.slices["A"] = slice(self.slices["w"].stop, self.slices["w"].stop + r * d1)
        self.dim = self.slices["A"].stop

    # ----- the linear algebra of Phi (NOTE: [last-layer structure]) -----
    @property
    def gram(self) -> torch.Tensor:
        """``K = Phi_f Phi_f^T``; ``Phi Phi^T = K kron I_{d1}``."""
        return self.features @ self.features.T

    @property
    def singular_values(self) -> torch.Tensor:
        """The ``rank`` non-zero singular values of ``Phi_f`` (also those of ``Phi``, each
        repeated ``d1`` times)."""
        return self._S

    def _G(self, g: torch.Tensor) -> torch.Tensor:
        g = torch.as_tensor(g, dtype=torch.float64)
        check_shape("g", g, (self.n_x,))
        return g.view(self.d1, self.d2)

    def apply(self, g: torch.Tensor) -> torch.Tensor:
        """``Phi g`` as the ``(n, d1)`` matrix of generated samples ``Phi_i g`` (rows)."""
        return self.features @ self._G(g).T

    def apply_transpose(self, Y: torch.Tensor) -> torch.Tensor:
        """``Phi^T y`` for ``y`` given as the ``(n, d1)`` matrix of its blocks."""
        Y = torch.as_tensor(Y, dtype=torch.float64)
        check_shape("Y", Y, (self.n, self.d1))
        return (Y.T @ self.features).reshape(-1)

    def project_range(self, g: torch.Tensor) -> torch.Tensor:
        """``P_{R(Phi^T)} g``: every row of ``G`` projected onto ``span{phi_i}``."""
        G = self._G(g)
        return ((G @ self._V) @ self._V.T).reshape(-1)

    def project_null(self, g: torch.Tensor) -> torch.Tensor:
        """``P_{N(Phi)} g = g - P_{R(Phi^T)} g``."""
        return g - self.project_range(g)

    def pinv_apply(self, Y: torch.Tensor) -> torch.Tensor:
        """``Phi^+ y = Phi^T (Phi Phi^T)^+ y``, the minimum-norm least-squares ``g``."""
        Y = torch.as_tensor(Y, dtype=torch.float64)
        check_shape("Y", Y, (self.n, self.d1))
        return ((Y.T @ self._U) / self._S @ self._V.T).reshape(-1)

    def dense(self) -> torch.Tensor:
        """The dense ``(n d1, d1 d2)`` matrix ``Phi``; for cross-checks at small sizes only."""
        eye = torch.eye(self.d1, dtype=torch.float64)
        return torch.cat([torch.kron(eye, phi[None, :]) for phi in self.features])

    # ----- the solutions of 000 §6 -----
    def targets(self, perm) -> torch.Tensor:
        """``Q_pi^T x`` as an ``(n, d1)`` matrix: row ``i`` is ``x_{pi(i)}``."""
        perm = tuple(int(p) for p in perm)
        if sorted(perm) != list(range(self.n)):
            raise ZiganError(f"perm must be a permutation of 0..{self.n - 1}, got {perm}")
        return self.problem.data[list(perm)]

    def min_norm_solution(self, perm) -> torch.Tensor:
        r"""``Phi^T (Phi Phi^T)^+ Q_pi^T x`` (000 §6 with ``^{-1}`` read as ``^+``)."""
        return self.pinv_apply(self.targets(perm))

    def consistency_residual(self, perm) -> float:
        """``||Phi Phi^+ Q_pi^T x - Q_pi^T x||``: zero iff ``x = Q_pi Phi g`` has a solution."""
        Y = self.targets(perm)
        return float((self._U @ (self._U.T @ Y) - Y).norm())

    def match(self, g: torch.Tensor) -> Matching:
        """Match generated samples to data by minimum total squared distance (Hungarian)."""
        gen = self.apply(g)
        cost = torch.cdist(gen, self.problem.data).square().numpy()
        rows, cols = linear_sum_assignment(cost)
        perm = tuple(int(c) for _, c in sorted(zip(rows, cols, strict=True)))
        return Matching(perm, float((gen - self.targets(perm)).norm()))

    # ----- the sub-problem in u = (g, w, A) -----
    def pack(self, g, w, A) -> torch.Tensor:
        """Flatten ``(g, w, A)`` into ``u``; ``g`` may be given as ``G``."""
        parts = [torch.as_tensor(v, dtype=torch.float64).reshape(-1) for v in (g, w, A)]
        for name, part in zip(("g", "w", "A"), parts, strict=True):
            want = self.slices[name].stop - self.slices[name].start
            if part.numel() != want:
                raise ZiganError(f"block {name} has {part.numel()} entries, expected {want}")
        return torch.cat(parts)

    def unpack(self, u: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """The blocks ``(g, w, A)`` of ``u`` (views; ``A`` as ``(r, d1)``)."""
        check_shape("u", u, (self.dim,))
        s = self.slices
        return u[s["g"]], u[s["w"]], u[s["A"]].view(-1, self.d1)

    def embed(self, u: torch.Tensor) -> torch.Tensor:
        """The full ``z = (g, theta, w, A)`` of the problem."""
        g, w, A = self.unpack(u)
        return self.problem.pack(g, self.theta, w, A)

    def restrict(self, z: torch.Tensor) -> torch.Tensor:
        """``u`` from a full ``z`` (its ``theta`` is dropped)."""
        p = self.problem.unpack(z)
        return self.pack(p.g, p.w, p.A)

    def f(self, u: torch.Tensor) -> torch.Tensor:
        """The objective (3) at ``(g, theta, w, A)``."""
        return self.problem.f(self.embed(u))

    def F(self, u: torch.Tensor) -> torch.Tensor:
        r"""``(grad_g f, -grad_w f, -grad_A f)`` in closed form (000 eqs. (5), (7), (8), any loss).

        With :math:`\alpha_i = -l'(D(x_i))/n`, :math:`\beta_i = l'(-D(y_i))/n`,
        :math:`y_i = \Phi_i g`: :math:`\nabla_G f = \sum_i \beta_i A^\top(w\odot\sigma'(Ay_i))
        \varphi_i^\top`, :math:`\nabla_w f = \sum_i \alpha_i\sigma(Ax_i) + \beta_i\sigma(Ay_i)`,
        :math:`\nabla_A f = \sum_i w\odot(\alpha_i\sigma'(Ax_i)x_i^\top +
        \beta_i\sigma'(Ay_i)y_i^\top)`.
        """
        check_shape("u", u, (self.dim,))
        return self._F(u)

    def _F(self, u: torch.Tensor) -> torch.Tensor:
        """:meth:`F` without the shape check: the hot path of every run (:attr:`operator`)."""
        s = self.slices  # views, no re-validation of the blocks
        g, w, A = u[s["g"]], u[s["w"]], u[s["A"]].view(-1, self.d1)
        X, Y = self.problem.data, self.features @ g.view(self.d1, self.d2).T
        loss, n = self.problem.loss, self.n
        sX, sY = torch.sigmoid(X @ A.T), torch.sigmoid(Y @ A.T)  # (n, r)
        # torch.rsub(s, 1) is the kernel ``1 - s`` calls, without Tensor.__rsub__'s Python
        # wrapper (a third of this function's time on these tiny tensors); same arithmetic
        s1X, s1Y = sX * torch.rsub(sX, 1), sY * torch.rsub(sY, 1)
        alpha, beta = -loss.dl(sX @ w) / n, loss.dl(-(sY @ w)) / n
        H = (beta[:, None] * s1Y * w) @ A  # rows beta_i A^T (w * sigma'(A y_i))
        grad_g = (H.T @ self.features).reshape(-1)
        grad_w = alpha @ sX + beta @ sY
        grad_A = w[:, None] * ((alpha[:, None] * s1X).T @ X + (beta[:, None] * s1Y).T @ Y)
        return torch.cat([grad_g, -grad_w, -grad_A.reshape(-1)])

    def F_autograd(self, u: torch.Tensor) -> torch.Tensor:
        """``F`` by ``torch.func.grad`` of :meth:`f`; the reference for :meth:`F`."""
        gu = grad(self.f)(u)
        return torch.cat([gu[: self.n_x], -gu[self.n_x :]])

    @cached_property
    def operator(self) -> SaddleOperator:
        """:meth:`F` packaged for the optimizers (NOTE: [optimizer interface])."""
        return saddle_operator(self._F, self.n_x)

    def objective_gap(self, u: torch.Tensor) -> float:
        """``||F(u)||``; zero at stationary points, in particular at global solutions."""
        return float(self.F(u).norm())


# ----- running optimizers -----
def iterate(
    optimizer: Optimizer, F: SaddleOperator, u0: torch.Tensor, steps: int
) -> Iterator[torch.Tensor]:
    """Yield ``u_1, ..., u_steps`` of ``optimizer`` on ``F`` from ``u0``."""
    u, state = u0, optimizer.init(u0)
    for _ in range(steps):
        u, state = optimizer.step(u, state, F)
        yield u


def invariant_violation(
    layer: LastLayer, optimizer: Optimizer, u0: torch.Tensor, steps: int
) -> tuple[float, float]:
    r"""Largest drift :math:`\max_k \|P_N(g_k) - P_N(g_0)\|` of the null-space component of ``g``,
    and the scale it is measured against: :math:`\|g_0\| + \sum_k \|g_{k+1} - g_k\|` (the length
    of the path; rounding makes the drift at most ``INVARIANT_RTOL`` times that).

    Iterates stop being measured once they turn non-finite.
    """
    g_prev = layer.unpack(u0)[0]
    null0 = layer.project_null(g_prev)
    worst, path = 0.0, float(g_prev.norm())
    for u in iterate(optimizer, layer.operator, u0, steps):
        g = layer.unpack(u)[0]
        if not bool(torch.isfinite(g).all()):
            break
        path += float((g - g_prev).norm())
        worst = max(worst, float((layer.project_null(g) - null0).norm()))
        g_prev = g
    return worst, path


class Run(NamedTuple):
    """Outcome of :func:`train_to_solution`."""

    u: torch.Tensor
    steps: int
    converged: bool
    matching: Matching
    gradient_norm: float


def train_to_solution(
    layer: LastLayer,
    optimizer: Optimizer,
    u0: torch.Tensor,
    *,
    max_steps: int,
    tol: float = 1e-9,
    check_every: int = 100,
) -> Run:
    """Run ``optimizer`` until a global solution: generated samples match the data up to a
    permutation (matching residual ``<= tol``) and ``||F|| <= tol``; else stop after ``max_steps``.

    A global solution of the ZI-GAN has ``Phi g = Q_pi^T x`` (the generated multiset equals the
    data) and ``w = 0`` (000 §5.3, §6).
    """
    u, state = u0, optimizer.init(u0)
    F = layer.operator
    # inference mode: the same float64 arithmetic without autograd bookkeeping (~1.6x faster on
    # these tiny tensors); the end point is cloned out of it so callers may differentiate at it
    with torch.inference_mode():
        for k in range(1, max_steps + 1):
            u, state = optimizer.step(u, state, F)
            if k % check_every == 0 or k == max_steps:
                if not bool(torch.isfinite(u).all()):
                    break
                m = layer.match(layer.unpack(u)[0])
                gnorm = layer.objective_gap(u)
                if m.residual <= tol and gnorm <= tol:
                    return Run(u.clone(), k, True, m, gnorm)
    u = u.clone()
    m = layer.match(layer.unpack(u)[0]) if bool(torch.isfinite(u).all()) else Matching((), math.inf)
    return Run(u, k, False, m, layer.objective_gap(u) if math.isfinite(m.residual) else math.inf)


# ----- App. C scale -----
def digits_28(n: int, *, seed: int = 0) -> torch.Tensor:
    """``n`` of scikit-learn's bundled 8x8 digits resized to 28x28 in ``[0, 1]``, rows of length
    784 (a download-free stand-in for App. C's MNIST; see :func:`zigan_verify.data.digits.digits`)."""
    from zigan_verify.data.digits import digits

    return digits(n, side=28, seed=seed).to(torch.float64)


class LimitReport(NamedTuple):
    """What :func:`limit_report` measured on one run of tau-EG (000 §6)."""

    converged: bool
    steps: int
    perm: tuple[int, ...]
    limit_error: float  # ||g_K - (Phi^+ Q_pi^T x + P_N(g_0))||
    min_norm: float  # ||Phi^+ Q_pi^T x||
    best_min_norm: float  # min over all permutations with a solution of ||Phi^+ Q_sigma^T x||


def limit_report(
    layer: LastLayer,
    u0: torch.Tensor,
    *,
    eta: float,
    tau: float,
    max_steps: int,
    tol: float = 1e-9,
) -> LimitReport:
    r"""Run tau-EG from ``u0`` and compare its end point with the solution 000 §6 predicts,
    :math:`\Phi^+ Q_\pi^\top x + P_{\mathcal{N}(\Phi)}(g_0)` for the permutation :math:`\pi`
    reached (found by matching generated samples to data)."""
    from itertools import permutations

    from zigan_verify.optim.minimax import tau_eg

    run = train_to_solution(layer, tau_eg(eta, tau), u0, max_steps=max_steps, tol=tol)
    if not run.converged:
        return LimitReport(False, run.steps, run.matching.perm, math.nan, math.nan, math.nan)
    g0, g = layer.unpack(u0)[0], layer.unpack(run.u)[0]
    target = layer.min_norm_solution(run.matching.perm)
    error = float((g - target - layer.project_null(g0)).norm())
    norms = [
        float(layer.min_norm_solution(s).norm())
        for s in permutations(range(layer.n))
        if layer.consistency_residual(s) <= 1e-8
    ]
    return LimitReport(True, run.steps, run.matching.perm, error, float(target.norm()), min(norms))


# NOTE: [moved modules]: names that moved out of this module in 0.2
__getattr__ = _moved.forward(
    __name__,
    {
        "paper_scale_invariant": "zigan_verify.checks.implicit_bias",
    },
)
