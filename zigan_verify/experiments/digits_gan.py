r"""004 §5.2 and App. C.5 at CPU scale: an NSGAN on scikit-learn's bundled 8x8 digits, trained by
Adam or ExtraAdam, and the spectra §5.2 reads at its end point (Figs. 5-6, 8-9).

The paper trains DCGANs on MNIST (50K images, batch 100, 100,000 iterations, App. C.2). Here:
``N_IMAGES`` digits of 8 x 8 = 64 pixels scaled to ``[-1, 1]`` (App. C.2's scaling), presampled
latents ``N(0, I_4)`` (one full batch, so the game is a fixed function of ``omega`` and its
Jacobian is exact), generator ``Linear(4, 8) - ReLU - Linear(8, 64) - Tanh``, discriminator
``Linear(64, 8) - LeakyReLU(0.2) - Linear(8, 1)`` (1,145 parameters in all, small enough for a
dense game Jacobian). App. C.2's NSGAN rates are 2e-4 (G) and 5e-5 (D) with beta_1 = 0.5 (Adam) or
0.9 (ExtraAdam); at ``ITERATIONS`` full-batch steps we use ten times those rates (documented in the
claims' corrections).

Public: the names in ``__all__``.

References:
    Berard et al. (004), §5.2, App. C.2, C.5; Gidel et al. (2019) for ExtraAdam.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import numpy as np
import torch

from zigan_verify._errors import check_choice
from zigan_verify.game.module_game import ModuleGame, module_game
from zigan_verify.optim.torch_optim import ExtraAdam

__all__ = ["BETA1", "ITERATIONS", "LR", "N_IMAGES", "DigitsEnd", "digits_game", "run"]

N_IMAGES = 128
LATENT = 4
HIDDEN = 8
ITERATIONS = 1000
LR = {"G": 2e-3, "D": 5e-4}  # App. C.2's NSGAN rates times ten (CPU-scale run)
BETA1 = {"adam": 0.5, "extra_adam": 0.9}  # App. C.2


class DigitsEnd(NamedTuple):
    """What §5.2 / App. C.5 read at an end point: ``||v||`` there and at the start, the extreme
    eigenvalues of each player's Hessian (S_1 = grad^2_theta L_G, S_2 = grad^2_phi L_D) and the
    smallest real part of the game Jacobian's spectrum, and an MMD^2 (Gaussian kernel, bandwidth
    the data's median distance) between generated and real images as a quality proxy."""

    method: str
    seed: int
    grad_norm_start: float
    grad_norm_end: float
    lambda_min_G: float
    lambda_max_G: float
    lambda_min_D: float
    lambda_max_D: float
    min_re_J: float
    mmd2: float


def digits_game(seed: int = 0) -> ModuleGame:
    """The NSGAN on the bundled digits (module docstring) as a full-batch game."""
    from sklearn.datasets import load_digits

    images = load_digits().images  # (1797, 8, 8), values 0..16
    idx = np.random.default_rng(seed).choice(len(images), size=N_IMAGES, replace=False)
    x = torch.from_numpy(images[idx].reshape(N_IMAGES, -1) / 8.0 - 1.0)  # [-1, 1]
    gen = torch.Generator().manual_seed(seed)
    z = torch.randn(N_IMAGES, LATENT, generator=gen, dtype=torch.float64)
    torch.manual_seed(seed)
    f64 = torch.float64
    G = torch.nn.Sequential(
        torch.nn.Linear(LATENT, HIDDEN, dtype=f64),
        torch.nn.ReLU(),
        torch.nn.Linear(HIDDEN, 64, dtype=f64),
        torch.nn.Tanh(),
    )
    D = torch.nn.Sequential(
        torch.nn.Linear(64, HIDDEN, dtype=f64),
        torch.nn.LeakyReLU(0.2),
        torch.nn.Linear(HIDDEN, 1, dtype=f64),
    )
    return module_game(G, D, data=x, latents=z, losses="nsgan", seed=seed, name="digits NSGAN")


def _mmd2(a: torch.Tensor, b: torch.Tensor) -> float:
    d = torch.cdist(b, b)
    h2 = float(d[d > 0].median()) ** 2

    def k(u, v):
        return torch.exp(-(torch.cdist(u, v) ** 2) / h2).mean()

    return float(k(a, a) + k(b, b) - 2 * k(a, b))


@cache
def run(method: str, seed: int = 0, iterations: int = ITERATIONS) -> DigitsEnd:
    """Train with ``"adam"`` or ``"extra_adam"`` (per-player rates :data:`LR`) and measure."""
    check_choice("method", method, tuple(BETA1))
    game = digits_game(seed)
    n = game.n_theta
    omega0 = game.initial_point.detach().clone()
    theta = torch.nn.Parameter(omega0[:n].clone())
    phi = torch.nn.Parameter(omega0[n:].clone())
    groups = [{"params": [theta], "lr": LR["G"]}, {"params": [phi], "lr": LR["D"]}]
    betas = (BETA1[method], 0.999)
    opt = (
        ExtraAdam(groups, betas=betas)
        if method == "extra_adam"
        else torch.optim.Adam(groups, betas=betas)
    )

    def set_grad():
        with torch.no_grad():
            v = game.v(torch.cat([theta, phi]))
        theta.grad, phi.grad = v[:n].clone(), v[n:].clone()

    for _ in range(iterations):
        set_grad()
        if method == "extra_adam":
            opt.extrapolation()
            set_grad()
        opt.step()
    omega = torch.cat([theta, phi]).detach()
    J = game.jacobian(omega).numpy()
    S1, S2 = (J[:n, :n] + J[:n, :n].T) / 2, (J[n:, n:] + J[n:, n:].T) / 2
    e1, e2 = np.linalg.eigvalsh(S1), np.linalg.eigvalsh(S2)
    from torch.func import functional_call

    with torch.no_grad():
        params = game.layout_G.unflatten(omega[:n])
        fake = functional_call(game.generator, params, (game.latents,))
    mmd2 = _mmd2(fake, game.data)
    return DigitsEnd(
        method,
        seed,
        float(game.v(omega0).norm()),
        float(game.v(omega).norm()),
        float(e1[0]),
        float(e1[-1]),
        float(e2[0]),
        float(e2[-1]),
        float(np.linalg.eigvals(J).real.min()),
        mmd2,
    )
