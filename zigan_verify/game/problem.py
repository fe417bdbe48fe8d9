r"""The finite-sample GAN problem (000 eq. (3)/(4)) on one flat parameter vector.

.. math::
    \min_{g,\theta}\max_{w,A} f = -\frac1n\sum_{i=1}^n
        \big[l(w^\top\sigma(Ax_i)) + l(-w^\top\sigma(A\Phi_i(\theta)g))\big]

NOTE: [parameter layout]
``z = (x, y)`` with the min player ``x = (g, theta)`` first and the max player ``y = (w, A)``.
``g = G.reshape(-1)`` stacks the *rows* of ``G`` in ``R^{d1 x d2}``: that is the convention under
which ``Phi_i = I_{d1} kron phi_i^T`` satisfies ``G phi_i = Phi_i g`` (claim ``000.s4.vec``; with the
column-stacking ``vec`` one would need ``phi_i^T kron I_{d1}``). ``A`` is stacked by rows
``a_1, ..., a_r``, so ``y = (w, a_1, ..., a_r)`` as in the ``grad^2_yy f`` of 000 App. B.4.
``F = (grad_x f, -grad_y f)`` is the saddle operator and ``DF`` its Jacobian (000 §5.1, B.5).

Examples:
    >>> import torch
    >>> from zigan_verify.game.problem import ZIGANProblem
    >>> gen = torch.Generator().manual_seed(0)
    >>> prob = ZIGANProblem(torch.randn(3, 2, generator=gen), torch.randn(3, 2, generator=gen),
    ...                     width=4, r=5)
    >>> prob.sizes
    Sizes(n=3, d1=2, d2=4, r=5, m=8, p=2)
    >>> z = prob.random_point(gen)
    >>> prob.F(z).shape == z.shape
    True

References:
    Lee & Kim, Zero-Infinity GAN, eq. (3), (4), §5.1 and App. B.3.
"""

from __future__ import annotations

from functools import cached_property
from typing import NamedTuple

import torch
from torch.func import grad, hessian, jacfwd

from zigan_verify._errors import ZiganError, check_finite, check_shape
from zigan_verify.game.features import FeatureMap, SigmoidLayer
from zigan_verify.game.losses import Loss, get_loss
from zigan_verify.optim.minimax import SaddleOperator, saddle_operator, timescale

__all__ = ["Params", "Sizes", "ZIGANProblem"]

BLOCKS = ("g", "theta", "w", "A")


class Sizes(NamedTuple):
    """``n`` samples, data dimension ``d1``, generator width ``d2``, discriminator width ``r``,
    ``m`` generator parameters ``theta`` and latent dimension ``p``."""

    n: int
    d1: int
    d2: int
    r: int
    m: int
    p: int


class Params(NamedTuple):
    """The named blocks of ``z``: ``g`` (d1*d2,), ``theta`` (m,), ``w`` (r,), ``A`` (r, d1)."""

    g: torch.Tensor
    theta: torch.Tensor
    w: torch.Tensor
    A: torch.Tensor


class ZIGANProblem:
    """The GAN (3) with data ``x_i``, presampled latents ``z_i`` and loss ``l``.

    Args:
        data: real samples ``x_i`` as rows, shape ``(n, d1)``.
        latents: presampled ``z_i`` as rows, shape ``(n, p)``.
        r: discriminator width.
        loss: ``"zi"`` (``l(t) = -t``, eq. (4)) or ``"js"`` (logistic, eq. (1)).
        width: generator width ``d2`` of the default feature map ``sigma(W z)`` (App. C).
        feature_map: a :class:`zigan_verify.game.features.FeatureMap` replacing the default.
    """

    def __init__(
        self,
        data: torch.Tensor,
        latents: torch.Tensor,
        *,
        r: int,
        loss: str = "zi",
        width: int | None = None,
        feature_map: FeatureMap | None = None,
    ) -> None:
        data = torch.as_tensor(data, dtype=torch.float64)
        latents = torch.as_tensor(latents, dtype=torch.float64)
        check_shape("data", data, (None, None))
        check_shape("latents", latents, (data.shape[0], None))
        check_finite("data", data)
        check_finite("latents", latents)
        if r < 1:
            raise ZiganError(f"discriminator width r must be >= 1, got {r}")
        if feature_map is None:
            if width is None or width < 1:
                raise ZiganError(f"generator width must be >= 1, got {width}")
            feature_map = SigmoidLayer(latents.shape[1], width)
        self.data, self.latents = data, latents
        self.loss: Loss = get_loss(loss)
        self.phi = feature_map
        n, d1 = data.shape
        self.sizes = Sizes(n, d1, feature_map.out_dim, r, feature_map.num_params, latents.shape[1])

    # ----- layout (NOTE: [parameter layout]) -----
    @cached_property
    def slices(self) -> dict[str, slice]:
        n, d1, d2, r, m, _ = self.sizes
        lengths = {"g": d1 * d2, "theta": m, "w": r, "A": r * d1}
        out, start = {}, 0
        for name in BLOCKS:
            out[name] = slice(start, start + lengths[name])
            start += lengths[name]
        return out

    @property
    def dim(self) -> int:
        return self.slices["A"].stop

    @property
    def n_x(self) -> int:
        """Size of the min player ``x = (g, theta)``."""
        return self.slices["w"].start

    def pack(self, g, theta, w, A) -> torch.Tensor:
        """Flatten named blocks into ``z``; ``g`` may be given as the matrix ``G``."""
        parts = [torch.as_tensor(v, dtype=torch.float64).reshape(-1) for v in (g, theta, w, A)]
        for name, part in zip(BLOCKS, parts, strict=True):
            want = self.slices[name].stop - self.slices[name].start
            if part.numel() != want:
                raise ZiganError(f"block {name} has {part.numel()} entries, expected {want}")
        return torch.cat(parts)

    def unpack(self, z: torch.Tensor) -> Params:
        """The named blocks of ``z`` (views)."""
        check_shape("z", z, (self.dim,))
        s = self.slices
        return Params(z[s["g"]], z[s["theta"]], z[s["w"]], z[s["A"]].view(self.sizes.r, -1))

    def random_point(self, generator: torch.Generator, scale: float = 1.0) -> torch.Tensor:
        """A point with i.i.d. ``N(0, scale^2)`` entries."""
        return scale * torch.randn(self.dim, generator=generator, dtype=torch.float64)

    # ----- the objective and its derivatives -----
    def generated(self, g: torch.Tensor, theta: torch.Tensor) -> torch.Tensor:
        """Generated samples ``Phi_i(theta) g = G phi_theta(z_i)`` as rows ``(n, d1)``."""
        G = g.view(self.sizes.d1, self.sizes.d2)
        return self.phi(theta, self.latents) @ G.T

    def f(self, z: torch.Tensor) -> torch.Tensor:
        """The scalar objective (3); with ``loss="zi"`` exactly eq. (4)."""
        g, theta, w, A = self.unpack(z)
        D_real = torch.sigmoid(self.data @ A.T) @ w
        D_fake = torch.sigmoid(self.generated(g, theta) @ A.T) @ w
        return -(self.loss.l(D_real) + self.loss.l(-D_fake)).mean()

    def F(self, z: torch.Tensor) -> torch.Tensor:
        """The saddle operator ``F = (grad_x f, -grad_y f)`` (000 §5.1).

        A plain tensor (no ``requires_grad``, outside ``torch.func`` transforms and inference
        mode: an optimizer's iterate) takes one reverse pass of ``torch.autograd.grad``, the
        same backward kernels as ``torch.func.grad`` at less than half its Python overhead per
        call; every other ``z`` goes through ``torch.func.grad``, which composes with
        ``jacfwd``/``vmap`` and outer autograd.
        """
        if _plain(z):
            with torch.enable_grad():
                leaf = z.detach().requires_grad_(True)
                (gz,) = torch.autograd.grad(self.f(leaf), leaf)
        else:
            gz = grad(self.f)(z)
        return torch.cat([gz[: self.n_x], -gz[self.n_x :]])

    @property
    def operator(self) -> SaddleOperator:
        """``F`` packaged for the optimizers (NOTE: [optimizer interface])."""
        return saddle_operator(self.F, self.n_x)

    def DF(self, z: torch.Tensor) -> torch.Tensor:
        """Dense Jacobian of ``F`` (by ``torch.func.jacfwd``); small problems only."""
        return jacfwd(self.F)(z)

    def hessian(self, z: torch.Tensor) -> torch.Tensor:
        """Dense Hessian of ``f`` by ``torch.func.hessian``; the reference for closed forms."""
        return hessian(self.f)(z)

    def game(self):
        """This problem as a zero-sum :class:`~zigan_verify.game.games.Game` (``L_G = f``, ``L_D = -f``,
        ``v = F``), whose ``J u`` is the closed-form product of :class:`~zigan_verify.game.hvp.Curvature`
        (NOTE: [game layout])."""
        from zigan_verify.game.games import Game
        from zigan_verify.game.hvp import Curvature

        def linearize(z: torch.Tensor):
            return Curvature(self, z).jacobian_vector

        return Game.zero_sum(
            self.f, n_theta=self.n_x, dim=self.dim, name="ZI-GAN", linearize=linearize
        )

    def timescale(self, tau: float) -> torch.Tensor:
        """The diagonal of ``Lambda_tau = diag((1/tau) I_x, I_y)``."""
        return timescale(torch.ones(self.dim, dtype=torch.float64), self.n_x, tau)


def _plain(z: torch.Tensor) -> bool:
    """``z`` is an ordinary tensor that no one differentiates through (see :meth:`ZIGANProblem.F`)."""
    return not (
        z.requires_grad
        or z.is_inference()
        or torch.is_inference_mode_enabled()
        or torch._C._functorch.is_functorch_wrapped_tensor(z)
    )
