"""Spectra along training for your own GAN loop (004 §5): a small NSGAN on a 1-D mixture of two
Gaussians, trained with Adam, watched by :class:`zigan_verify.analysis.monitor.SpectraMonitor`.

Run ``python examples/monitor_training.py OUT_DIR [STEPS]``; it writes ``OUT_DIR/trajectories.*``
(eigenvalues of J, S_1, S_2 in the complex plane, coloured by step), ``OUT_DIR/scalars.*``
(path-norm and path-angle from the start against the step) and the numbers
(``monitor.json``, ``monitor.csv``, ``monitor_scalars.csv``). tests/test_monitor.py runs it.
"""

import sys

import torch

from zigan_verify.analysis.monitor import SpectraMonitor
from zigan_verify.experiments.mog import mog_data
from zigan_verify.game.module_game import module_game


def mlp(hidden: int = 8) -> torch.nn.Module:
    f32 = torch.float32  # an ordinary float32 training run
    return torch.nn.Sequential(
        torch.nn.Linear(1, hidden, dtype=f32),
        torch.nn.Tanh(),
        torch.nn.Linear(hidden, 1, dtype=f32),
    )


def main(out_dir: str, steps: int = 300, every: int = 50, k: int = 4) -> SpectraMonitor:
    torch.manual_seed(0)
    G, D = mlp(), mlp()
    x, z = mog_data(256)  # float64; the training itself runs in float32 as usual
    x32, z32 = x.float(), z.float()
    # the game the monitor analyses: the same losses on the same fixed data, full batch
    game = module_game(G, D, data=x, latents=z, losses="nsgan")
    opt_G = torch.optim.Adam(G.parameters(), lr=1e-2, betas=(0.5, 0.999))
    opt_D = torch.optim.Adam(D.parameters(), lr=1e-2, betas=(0.5, 0.999))
    sp = torch.nn.functional.softplus
    with SpectraMonitor(game, every=every, k=k, out_dir=out_dir) as monitor:
        for step in range(steps + 1):
            monitor(step, G, D)  # records at step 0, every, 2 every, ...
            fake = G(z32)
            loss_D = sp(-D(x32)).mean() + sp(D(fake.detach())).mean()
            opt_D.zero_grad()
            loss_D.backward()
            opt_D.step()
            loss_G = sp(-D(fake)).mean()  # non-saturating generator loss
            opt_G.zero_grad()
            loss_G.backward()
            opt_G.step()
    return monitor


if __name__ == "__main__":
    mon = main(sys.argv[1], *(int(a) for a in sys.argv[2:3]))
    for r in mon.records:
        print(f"step {r.step}: ||v|| = {r.grad_norm:.3e}, path-angle {r.path_angle:+.3f}")
    print("\n".join(f"wrote {p}" for p in mon.figures))
