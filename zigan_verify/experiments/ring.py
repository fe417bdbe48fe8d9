r"""A 2-D ring-of-Gaussians MLP GAN (the toy of issue 27's scale targets) and a DCGAN-size
convolutional GAN on the bundled 28x28 digits, as :class:`~zigan_verify.game.module_game.ModuleGame`\ s.

* :func:`ring_game`: eight Gaussians of standard deviation 0.05 on the circle of radius 2,
  generator ``latent 2 -> hidden -> hidden -> 2`` and discriminator ``2 -> hidden -> hidden -> 1``,
  ReLU, NSGAN losses, full batch. ``hidden = 128`` has 34,179 parameters, ``hidden = 32`` 2,403.
* :func:`digits_dcgan_game`: a DCGAN (Radford et al. 2016) shrunk to 28x28: generator
  ``z (64) -> 256 x 7 x 7 -> ConvT 128 x 14 x 14 -> ConvT 1 x 28 x 28`` (tanh), discriminator
  ``Conv 64 x 14 x 14 -> Conv 128 x 7 x 7 -> 1`` (LeakyReLU 0.2), no BatchNorm (a full-batch game is
  a fixed function of ``omega``); about 1M parameters.

Public: :func:`ring_game`, :func:`ring_data`, :func:`digits_dcgan_game`.
"""

from __future__ import annotations

import math

import torch

from zigan_verify.game.module_game import ModuleGame, module_game

__all__ = ["digits_dcgan_game", "ring_data", "ring_game"]


def ring_data(n: int = 512, *, modes: int = 8, radius: float = 2.0, std: float = 0.05, seed=0):
    """``n`` samples of the ring mixture and ``n`` standard-normal 2-D latents (float64)."""
    gen = torch.Generator().manual_seed(seed)
    k = torch.randint(modes, (n,), generator=gen)
    angle = 2 * math.pi * k.to(torch.float64) / modes
    centres = radius * torch.stack([angle.cos(), angle.sin()], 1)
    x = centres + std * torch.randn(n, 2, generator=gen, dtype=torch.float64)
    return x, torch.randn(n, 2, generator=gen, dtype=torch.float64)


def _mlp(sizes: list[int]) -> torch.nn.Sequential:
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        layers.append(torch.nn.Linear(a, b, dtype=torch.float64))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def ring_game(hidden: int = 128, *, n: int = 512, seed: int = 0) -> ModuleGame:
    """The ring GAN at its initialization (``game.initial_point``)."""
    x, z = ring_data(n, seed=seed)
    torch.manual_seed(seed + 1)
    G = _mlp([2, hidden, hidden, 2])
    D = _mlp([2, hidden, hidden, 1])
    return module_game(G, D, data=x, latents=z, losses="nsgan", name=f"ring GAN (hidden {hidden})")


class _Reshape(torch.nn.Module):
    def __init__(self, *shape: int) -> None:
        super().__init__()
        self.shape = shape

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], *self.shape)


def digits_dcgan_game(n: int = 64, *, latent: int = 64, seed: int = 0) -> ModuleGame:
    """The DCGAN-size convolutional GAN on ``n`` bundled 28x28 digits scaled to ``[-1, 1]``."""
    from zigan_verify.data.digits import digits

    x = digits(n, side=28, seed=seed).to(torch.float64).reshape(n, 1, 28, 28)
    x = 2 * (x - x.min()) / (x.max() - x.min()) - 1
    z = torch.randn(n, latent, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    torch.manual_seed(seed + 1)
    f64 = torch.float64
    G = torch.nn.Sequential(
        torch.nn.Linear(latent, 256 * 7 * 7, dtype=f64),
        torch.nn.ReLU(),
        _Reshape(256, 7, 7),
        torch.nn.ConvTranspose2d(256, 128, 4, 2, 1, dtype=f64),
        torch.nn.ReLU(),
        torch.nn.ConvTranspose2d(128, 1, 4, 2, 1, dtype=f64),
        torch.nn.Tanh(),
    )
    D = torch.nn.Sequential(
        torch.nn.Conv2d(1, 64, 4, 2, 1, dtype=f64),
        torch.nn.LeakyReLU(0.2),
        torch.nn.Conv2d(64, 128, 4, 2, 1, dtype=f64),
        torch.nn.LeakyReLU(0.2),
        torch.nn.Flatten(),
        torch.nn.Linear(128 * 7 * 7, 1, dtype=f64),
    )
    return module_game(G, D, data=x, latents=z, losses="nsgan", name="digits DCGAN")
