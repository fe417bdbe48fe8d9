r"""004 App. C.1 at CPU scale: a 1-D mixture of two Gaussians, one-hidden-layer ReLU networks,
full-batch extragradient vs gradient descent, NSGAN and WGAN-GP, through the general game type.

Data :math:`p(x) = \tfrac12\mathcal N(2, 0.5) + \tfrac12\mathcal N(-2, 1)` (variances), 10,000
samples and latents drawn once and reused (full batch); generator and discriminator
``Linear(., 100) - ReLU - Linear(100, 1)``; learning rates of App. C.1 (NSGAN ``0.1 / 0.1``;
WGAN-GP ``0.01`` generator, ``0.1`` discriminator, penalty ``1e-3``). The latent dimension is not
printed; we use ``LATENT_DIM = 1``. The paper runs 30,000 iterations; ``iterations`` is a parameter
(the registered check runs fewer; README says how many).

One step with per-player rates ``eta = (eta_G 1_theta, eta_D 1_phi)``:
GD ``omega <- omega - eta * v(omega)``; EG ``omega <- omega - eta * v(omega - eta * v(omega))``.

Public: :func:`mog_data`, :func:`mog_game`, :func:`train`, :class:`MoGRun`, :data:`HYPER`.

References:
    Berard et al. (004), §5, App. C.1, C.3, C.4, Figs. 3-7.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch

from zigan_verify._errors import ZiganError, check_choice
from zigan_verify.games import ModuleGame, module_game

__all__ = ["HYPER", "LATENT_DIM", "MoGRun", "mog_data", "mog_game", "train"]

LATENT_DIM = 1
HIDDEN = 100
HYPER = {
    "nsgan": dict(lr_G=1e-1, lr_D=1e-1, gp_weight=0.0),
    "wgan_gp": dict(lr_G=1e-2, lr_D=1e-1, gp_weight=1e-3),
}


def mog_data(n: int = 10_000, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` samples of App. C.1's mixture and ``n`` standard-normal latents, shape ``(n, 1)``."""
    gen = torch.Generator().manual_seed(seed)
    comp = torch.rand(n, generator=gen) < 0.5
    noise = torch.randn(n, generator=gen, dtype=torch.float64)
    x = torch.where(comp, 2.0 + noise * 0.5**0.5, -2.0 + noise)
    z = torch.randn(n, LATENT_DIM, generator=gen, dtype=torch.float64)
    return x[:, None], z


def _mlp(i: int, seed: int) -> torch.nn.Module:
    # float64 at creation: the initial draw does not depend on the caller's default dtype
    torch.manual_seed(seed)
    f64 = torch.float64
    return torch.nn.Sequential(
        torch.nn.Linear(i, HIDDEN, dtype=f64),
        torch.nn.ReLU(),
        torch.nn.Linear(HIDDEN, 1, dtype=f64),
    )


def mog_game(
    loss: str = "nsgan", *, n: int = 10_000, seed: int = 0, subset: int | None = None
) -> ModuleGame:
    """The MoG GAN as a :class:`~zigan_verify.games.ModuleGame` (``subset``: App. B's subset)."""
    check_choice("loss", loss, tuple(HYPER))
    x, z = mog_data(n, seed)
    return module_game(
        _mlp(LATENT_DIM, seed + 1),
        _mlp(1, seed + 2),
        data=x,
        latents=z,
        losses=loss,
        gp_weight=HYPER[loss]["gp_weight"],
        subset=subset,
        seed=seed,
        name=f"MoG {loss}",
    )


class MoGRun(NamedTuple):
    """A training run: ``||v||`` every ``record_every`` steps, the start, the end and the last
    ``n_ends`` recorded points (the close-by end points of App. C.3). ``diverged_at``: the step at
    which ``v`` stopped being finite (then ``end`` is that point and ``grad_norms`` ends in nan),
    else ``None``."""

    loss: str
    method: str
    iterations: int
    grad_norms: np.ndarray
    start: torch.Tensor
    end: torch.Tensor
    ends: list[torch.Tensor]
    diverged_at: int | None = None


def train(
    game: ModuleGame,
    *,
    loss: str,
    method: str = "eg",
    iterations: int = 30_000,
    record_every: int = 100,
    n_ends: int = 5,
) -> MoGRun:
    """Full-batch GD or EG with App. C.1's per-player learning rates (module docstring)."""
    check_choice("method", method, ("eg", "gd"))
    if iterations < 1 or record_every < 1:
        raise ZiganError(
            f"iterations and record_every must be >= 1, got {iterations}, {record_every}"
        )
    h = HYPER[loss]
    eta = torch.cat([torch.full((game.n_theta,), h["lr_G"]), torch.full((game.n_phi,), h["lr_D"])])
    w = game.initial_point.clone()
    start, norms, ends, diverged_at = w.clone(), [], [], None
    for it in range(iterations + 1):
        v = game.v(w)
        if it % record_every == 0:
            norms.append(float(v.norm()))
            ends = (ends + [w.clone()])[-n_ends:]
        if it == iterations:
            break
        if not torch.isfinite(v).all():
            norms.append(float("nan"))
            diverged_at = it
            break
        w = w - eta * (game.v(w - eta * v) if method == "eg" else v)
    return MoGRun(loss, method, iterations, np.asarray(norms), start, w, ends, diverged_at)
