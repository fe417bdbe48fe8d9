r"""003 §5 at CPU scale: the two-cluster experiment (Fig. 5-6), JS-GAN vs RS-GAN.

True data: ``n`` points around ``c_1 = 0`` and ``c_2 = 4``; ``z_1..z_n`` uniform on ``[-1, 1]``,
fixed (the empirical loss of 003 eq. (1)/(4)); 4-layer MLPs for ``G`` and ``D``; full-batch
Adam, the same for both losses; non-saturating generator losses:

* JS-GAN: :math:`L_D = -\frac1n\sum_i[\log\sigma(f(x_i)) + \log(1-\sigma(f(y_i)))]`,
  :math:`L_G = -\frac1n\sum_i \log\sigma(f(y_i))`;
* RS-GAN: :math:`L_D = -\frac1n\sum_i \log\sigma(f(x_i) - f(y_i))`,
  :math:`L_G = -\frac1n\sum_i \log\sigma(f(y_i) - f(x_i))`.

The *escape iteration* of a run is the first iteration at which both clusters hold at least
``cover`` of the generated points (within distance 1 of their centre) — leaving the collapsed
patterns s_1a of §3.  A run that never gets there counts as ``iterations`` (censored).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

__all__ = ["TwoClusterConfig", "RunResult", "run", "escape_iterations", "imbalanced_shares"]

CENTRES = (0.0, 4.0)


@dataclass(frozen=True)
class TwoClusterConfig:
    """Sizes and optimizer of one run (defaults: CPU scale; the paper uses n = 100, 4 layers)."""

    n: int = 100
    width: int = 16
    iterations: int = 3000
    lr: float = 1e-3
    spread: float = 0.1
    cover: float = 0.3
    every: int = 10  # measure coverage every `every` iterations
    first_share: float = 0.5  # share of the data at c_1 (003 App. C's imbalanced data: != 0.5)


@dataclass(frozen=True)
class RunResult:
    """One run: its escape iteration (``None`` if censored) and the minimum D loss seen."""

    loss: str
    seed: int
    escape: int | None
    min_d_loss: float


def _mlp(width: int) -> torch.nn.Sequential:
    # float64 explicitly: the run must not depend on torch's default dtype (NOTE: [float64 verification])
    f64 = {"dtype": torch.float64}
    return torch.nn.Sequential(
        torch.nn.Linear(1, width, **f64),
        torch.nn.LeakyReLU(0.2),
        torch.nn.Linear(width, width, **f64),
        torch.nn.LeakyReLU(0.2),
        torch.nn.Linear(width, width, **f64),
        torch.nn.LeakyReLU(0.2),
        torch.nn.Linear(width, 1, **f64),
    )


def _losses(loss: str, fx: torch.Tensor, fy: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(discriminator loss, non-saturating generator loss) for ``"js"`` or ``"rs"``."""
    logsig = torch.nn.functional.logsigmoid
    if loss == "js":
        return -(logsig(fx) + logsig(-fy)).mean(), -logsig(fy).mean()
    if loss == "rs":
        return -logsig(fx - fy).mean(), -logsig(fy - fx).mean()
    raise ValueError(f"loss must be 'js' or 'rs', got {loss!r}")


def _coverage(y: torch.Tensor) -> float:
    """The smaller share of generated points within distance 1 of either centre."""
    return min(float(((y - c).abs() < 1).double().mean()) for c in CENTRES)


def run(loss: str, seed: int, config: TwoClusterConfig = TwoClusterConfig()) -> RunResult:
    """Train one GAN until it escapes (or ``config.iterations``); data, latents and initial
    weights depend only on ``seed``."""
    result, _ = _train(loss, seed, config, stop_at_escape=True)
    return result


def imbalanced_shares(
    loss: str, seed: int, config: TwoClusterConfig = TwoClusterConfig()
) -> tuple[float, float]:
    """Train for all ``config.iterations`` and return the shares of generated points within
    distance 1 of ``c_1`` and of ``c_2`` (003 App. C: imbalanced data, ``config.first_share``)."""
    _, y = _train(loss, seed, config, stop_at_escape=False)
    return tuple(float(((y - c).abs() < 1).double().mean()) for c in CENTRES)


def _train(loss: str, seed: int, config: TwoClusterConfig, *, stop_at_escape: bool):
    gen = torch.Generator().manual_seed(seed)
    half = round(config.n * config.first_share)
    x = torch.cat(
        [
            c + config.spread * torch.randn(n, 1, generator=gen, dtype=torch.float64)
            for c, n in zip(CENTRES, (half, config.n - half), strict=True)
        ]
    )
    z = 2 * torch.rand(config.n, 1, generator=gen, dtype=torch.float64) - 1
    torch.manual_seed(seed)
    G, D = _mlp(config.width), _mlp(config.width)
    opt_g = torch.optim.Adam(G.parameters(), lr=config.lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=config.lr, betas=(0.5, 0.999))
    min_d = float("inf")
    for it in range(config.iterations):
        y = G(z)
        d_loss, _ = _losses(loss, D(x), D(y.detach()))
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
        min_d = min(min_d, float(d_loss.detach()))
        _, g_loss = _losses(loss, D(x), D(G(z)))
        opt_g.zero_grad()
        g_loss.backward()
        opt_g.step()
        if stop_at_escape and it % config.every == 0:
            with torch.no_grad():
                if _coverage(G(z)) >= config.cover:
                    return RunResult(loss, seed, it, min_d), None
    with torch.no_grad():
        return RunResult(loss, seed, None, min_d), G(z)


def escape_iterations(seeds, config: TwoClusterConfig = TwoClusterConfig()) -> dict[str, list]:
    """Escape iterations per loss over ``seeds`` (censored runs count as ``config.iterations``)."""
    out: dict[str, list] = {"js": [], "rs": []}
    for seed in seeds:
        for loss in out:
            r = run(loss, seed, config)
            out[loss].append(config.iterations if r.escape is None else r.escape)
    return out
