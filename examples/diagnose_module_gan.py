"""004's diagnostics of your own ``nn.Module`` GAN in one call: train a small NSGAN for 200
simultaneous gradient steps, then ``diagnose`` the end point with the path-angle from the start.

Run ``python examples/diagnose_module_gan.py OUT_DIR``; prints the report and writes the figures
(PNG, PDF, CSV) and ``landscape.json`` to OUT_DIR (docs/guide/landscape.md shows its output).
"""

import sys

import torch

from zigan_verify.analysis.landscape import diagnose
from zigan_verify.game.module_game import module_game


def mlp(i: int, o: int) -> torch.nn.Module:
    f32 = torch.float32
    return torch.nn.Sequential(
        torch.nn.Linear(i, 8, dtype=f32), torch.nn.Tanh(), torch.nn.Linear(8, o, dtype=f32)
    )


def main(out_dir: str, steps: int = 200):
    torch.manual_seed(0)
    G, D = mlp(2, 1), mlp(1, 1)
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(200, 1, generator=gen, dtype=torch.float32) * 0.5 + 2.0
    z = torch.randn(200, 2, generator=gen, dtype=torch.float32)
    game = module_game(G, D, data=x, latents=z, losses="nsgan")
    w0 = game.pack(G, D)
    params = [*G.parameters(), *D.parameters()]
    opt = torch.optim.SGD(params, lr=0.05)
    sp = torch.nn.functional.softplus
    for _ in range(steps):  # simultaneous gradient steps on the two players' losses
        fake = G(z)
        loss_D = sp(-D(x)).mean() + sp(D(fake.detach())).mean()
        loss_G = sp(-D(fake)).mean()
        gD = torch.autograd.grad(loss_D, list(D.parameters()))
        gG = torch.autograd.grad(loss_G, list(G.parameters()))
        for p, g in zip(params, gG + gD, strict=True):
            p.grad = g
        opt.step()
    return diagnose(game, game.pack(G, D), start=w0, k=4, out_dir=out_dir)


if __name__ == "__main__":
    print(main(sys.argv[1]).text())
