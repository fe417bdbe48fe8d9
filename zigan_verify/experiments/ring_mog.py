r"""002 §7 / App. F.2 (Figures 2, 7, 8) at CPU scale: a ring of Gaussians learned by SimGD,
ConOpt and JARE with RMSProp, through the general game type.

The paper's setting (§7 "Mixture of Gaussians"): modes uniformly on a circle of radius ``r = 2``
(``r = 10`` in Fig. 8), networks and "other settings" of Mescheder et al. (2017) (their toy
notebook: 8 modes, std 0.01, generator and discriminator with 4 hidden ReLU layers of 16 units,
non-saturating loss, batch 512), latent ``z ~ N(0, r I_64)``, RMSProp with learning rate
``1e-4`` for 10K iterations, ``gamma = 10`` for ConOpt and JARE (Fig. 2; ``1000`` in Figs. 7-8).

Our analogue (:data:`SETTING`) keeps the modes, radius, latent covariance ``r I``, width, loss,
``gamma`` and RMSProp, and changes what a CPU check cannot afford: mode std ``0.1`` instead of
``0.01`` (a 3-std neighbourhood a short run can reach), 3 hidden layers instead of 4 and a
16-dimensional latent (Mescheder et al.'s notebook size) instead of 64 (with 4 layers and 64
latents no method covered more than 3 of the 8 modes at any record of 1200 steps, seeds 0-2), one fixed full batch of
256 data points and latents (the game is a fixed function of the parameters, as in
:mod:`zigan_verify.experiments.mog`), learning rate ``3e-3`` instead of ``1e-4`` and ``steps``
(default 1200) instead of 10K. RMSProp
(``torch.optim.RMSprop``, ``alpha = 0.9`` as TensorFlow's decay) preconditions each method's
update direction.

NOTE: [update direction of a one-step method]
SimGD, ConOpt and JARE are the registry's optimizers (:func:`~zigan_verify.optim.minimax.gda`,
:func:`~zigan_verify.optim.minimax.conopt`, :func:`~zigan_verify.optim.minimax.jare`); each step is
``z - eta d(z)`` with ``d`` not depending on ``eta``. Their direction at ``w`` is read off exactly
as minus one step with ``eta = 1`` from ``0`` of the operator recentred at ``w``
(``u -> v(w + u)``): ``0 - 1 * d = -d`` has no rounding. RMSProp then takes ``d`` as its gradient,
as Mescheder et al. feed ``v + gamma grad L`` to RMSProp.

Mode coverage (:func:`mode_coverage`): a generated sample is *high quality* if it lies within 3 std
of its nearest mode; a mode is *covered* if at least ``min_share`` of its fair share ``1/K`` of
the samples are high-quality samples nearest to it.

Public: the names in ``__all__``; the rest may change.

References:
    Nie & Patel 2019, arXiv:1806.09235, §7 "Mixture of Gaussians", Figs. 2, 7, 8 (App. F.2);
    Mescheder, Nowozin & Geiger 2017, The Numerics of GANs, arXiv:1705.10461 (setting, ConOpt);
    Srivastava et al. 2017 (VEEGAN) for the 3-std high-quality criterion.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import torch
from torch.func import functional_call

from zigan_verify._errors import ZiganError, check_choice, check_positive
from zigan_verify.game.module_game import ModuleGame, module_game
from zigan_verify.optim.minimax import Optimizer, conopt, gda, jare, saddle_operator

__all__ = [
    "METHODS",
    "PAPER",
    "SETTING",
    "RingRun",
    "direction",
    "mode_coverage",
    "plot_samples",
    "ring_game",
    "ring_means",
    "settled_at",
    "train",
]

METHODS = ("simgd", "conopt", "jare")
PAPER = dict(modes=8, radius=2.0, std=0.01, latent_dim=64, hidden=16, layers=4, batch=512,
             lr=1e-4, steps=10_000, gamma=10.0)  # fmt: skip
SETTING = dict(modes=8, radius=2.0, std=0.1, latent_dim=16, hidden=16, layers=3, batch=256,
               lr=3e-3, steps=1200, gamma=10.0, record_every=100, eval_samples=2000)  # fmt: skip


def ring_means(modes: int, radius: float) -> torch.Tensor:
    """``(K, 2)``: the ``K`` mode centres ``r (cos 2 pi k/K, sin 2 pi k/K)``."""
    angle = 2 * math.pi * torch.arange(modes, dtype=torch.float64) / modes
    return radius * torch.stack([torch.cos(angle), torch.sin(angle)], 1)


def _mlp(inputs: int, outputs: int, seed: int, s: dict) -> torch.nn.Module:
    torch.manual_seed(seed)  # float64 at creation: the draw does not depend on the default dtype
    layers, width = [], inputs
    for _ in range(s["layers"]):
        layers += [torch.nn.Linear(width, s["hidden"], dtype=torch.float64), torch.nn.ReLU()]
        width = s["hidden"]
    return torch.nn.Sequential(*layers, torch.nn.Linear(width, outputs, dtype=torch.float64))


def _latents(n: int, s: dict, gen: torch.Generator) -> torch.Tensor:
    # N(0, r I): covariance r I as printed in §7
    return math.sqrt(s["radius"]) * torch.randn(
        n, s["latent_dim"], generator=gen, dtype=torch.float64
    )


def ring_game(seed: int = 0, **setting) -> ModuleGame:
    """The ring GAN (non-saturating losses) as a :class:`~zigan_verify.game.module_game.ModuleGame`."""
    s = {**SETTING, **setting}
    gen = torch.Generator().manual_seed(seed)
    k = torch.randint(0, s["modes"], (s["batch"],), generator=gen)
    noise = torch.randn(s["batch"], 2, generator=gen, dtype=torch.float64)
    x = ring_means(s["modes"], s["radius"])[k] + s["std"] * noise
    z = _latents(s["batch"], s, gen)
    return module_game(
        _mlp(s["latent_dim"], 2, seed + 1, s),
        _mlp(2, 1, seed + 2, s),
        data=x,
        latents=z,
        losses="nsgan",
        name=f"ring of {s['modes']} Gaussians",
    )


def mode_coverage(
    samples: torch.Tensor, means: torch.Tensor, std: float, min_share: float = 0.2
) -> tuple[int, float]:
    """``(modes covered, fraction of high-quality samples)`` (module docstring)."""
    check_positive("std", std)
    dist = torch.cdist(torch.as_tensor(samples, dtype=torch.float64), means)
    nearest = dist.min(1)
    good = nearest.values < 3 * std
    counts = torch.bincount(nearest.indices[good], minlength=means.shape[0])
    covered = counts >= min_share * samples.shape[0] / means.shape[0]
    return int(covered.sum()), float(good.double().mean())


def direction(opt: Optimizer, F, w: torch.Tensor) -> torch.Tensor:
    """A one-step method's update direction at ``w`` (NOTE: [update direction of a one-step method])."""
    recentred = saddle_operator(lambda u: F(w + u), F.n_x)
    return -opt.step(torch.zeros_like(w), opt.init(w), recentred)[0]


def _method(method: str, gamma: float) -> Optimizer:
    check_choice("method", method, METHODS)
    return {"simgd": lambda: gda(1.0), "conopt": lambda: conopt(1.0, gamma),
            "jare": lambda: jare(1.0, gamma)}[method]()  # fmt: skip


class RingRun(NamedTuple):
    """A run: ``steps`` recorded every ``record_every``, ``covered`` modes and ``quality`` (the
    high-quality fraction) at each, and the generator's ``samples`` at the end."""

    method: str
    seed: int
    steps: np.ndarray
    covered: np.ndarray
    quality: np.ndarray
    samples: np.ndarray


def train(method: str, seed: int = 0, **setting) -> RingRun:
    """Train ``method`` with RMSProp on :func:`ring_game` and record the mode coverage of
    ``eval_samples`` fixed latents (module docstring)."""
    s = {**SETTING, **setting}
    if s["steps"] < 1 or s["record_every"] < 1:
        raise ZiganError(
            f"steps and record_every must be >= 1, got {s['steps']}, {s['record_every']}"
        )
    game = ring_game(seed, **s)
    opt, F = _method(method, s["gamma"]), game.operator
    means = ring_means(s["modes"], s["radius"])
    z_eval = _latents(s["eval_samples"], s, torch.Generator().manual_seed(10_000 + seed))
    w = game.initial_point.clone()
    rms = torch.optim.RMSprop([w], lr=s["lr"], alpha=0.9)
    steps, covered, quality = [], [], []

    def generate():
        return functional_call(
            game.generator, game.layout_G.unflatten(w[: game.n_theta]), (z_eval,)
        )

    for it in range(s["steps"] + 1):
        if it % s["record_every"] == 0 or it == s["steps"]:
            c, q = mode_coverage(generate(), means, s["std"])
            steps.append(it), covered.append(c), quality.append(q)
        if it == s["steps"]:
            break
        w.grad = direction(opt, F, w)
        rms.step()
        if not torch.isfinite(w).all():
            raise ZiganError(f"{method} seed {seed}: parameters stopped being finite at step {it}")
    return RingRun(method, seed, np.array(steps), np.array(covered), np.array(quality),
                   generate().detach().numpy())  # fmt: skip


def settled_at(run: RingRun, modes: int) -> int | None:
    """The first recorded step from which every later record covers all ``modes`` (``None`` if the
    last record does not): full coverage that stays, not a pass through it while oscillating."""
    full = run.covered >= modes
    if not full[-1]:
        return None
    i = len(full) - 1
    while i > 0 and full[i - 1]:
        i -= 1
    return int(run.steps[i])


def plot_samples(runs: list[RingRun], path, **setting) -> None:
    """Final generated samples of each run (one panel per run) over the mode centres; PNG etc."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    s = {**SETTING, **setting}
    means = ring_means(s["modes"], s["radius"]).numpy()
    fig, axes = plt.subplots(1, len(runs), figsize=(3 * len(runs), 3), squeeze=False)
    lim = 1.6 * s["radius"]
    for ax, r in zip(axes[0], runs, strict=True):
        ax.scatter(*r.samples.T, s=1, alpha=0.3)
        ax.scatter(*means.T, marker="x", c="r")
        ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal",
               title=f"{r.method} seed {r.seed}: {r.covered[-1]}/{s['modes']}")  # fmt: skip
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
