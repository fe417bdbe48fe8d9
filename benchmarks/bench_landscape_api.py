"""Benchmark: path-angle and path-norm (004 eq. (7)) along 101 path points of a 248-parameter MLP
GAN (NSGAN, 1-D MoG data, n = 1000, float64), our :func:`zigan_verify.analysis.path_angle.path_angle`
(one ``vmap`` of ``v`` over a batch of path points, NOTE: [batched path points]) against the
plain script a user would write, the authors' route (``plot_path_tools.compute_path_stats`` of
004's code: load each interpolated point into the modules, one forward, ``backward`` of each
player's loss), measured in the same run, CPU seconds (``time.process_time``, the machine is
shared) beside wall seconds.

Both are warm (one call before timing): the first ``torch.func`` call of a process imports
``torch._dynamo`` (~1.3 s once), which the plain script does not pay.

Run: ``PYTHONPATH=. python -m pytest benchmarks/bench_landscape_api.py --benchmark-only
-p no:cacheprovider -p no:randomly -s``; writes ``benchmarks/results/landscape_api.md``.
"""

import os
import time

import numpy as np
import torch
from _results import median_cpu, write_rows

from zigan_verify.analysis.path_angle import path_angle
from zigan_verify.experiments.mog import mog_data
from zigan_verify.game.module_game import module_game

HIDDEN = 41  # 2 x (3 x 41 + 1) = 248 parameters: the issue's ~250-parameter path
ALPHAS = np.linspace(0.0, 1.2, 101)


def _mlp():
    f64 = torch.float64
    return torch.nn.Sequential(
        torch.nn.Linear(1, HIDDEN, dtype=f64),
        torch.nn.ReLU(),
        torch.nn.Linear(HIDDEN, 1, dtype=f64),
    )


def _setup():
    torch.manual_seed(0)
    G, D = _mlp(), _mlp()
    x, z = mog_data(1000)
    game = module_game(G, D, data=x, latents=z)
    w0 = game.initial_point
    w1 = w0 + 0.1 * torch.randn(
        game.dim, generator=torch.Generator().manual_seed(1), dtype=torch.float64
    )
    return G, D, x, z, game, w0, w1


def plain_script(G, D, x, z, w0, w1):
    """The authors' route: set the modules' parameters to each path point, one forward, one
    ``backward`` per player (the other player's parameters frozen), cosine with ``w1 - w0``."""
    sp = torch.nn.functional.softplus
    pg, pd = list(G.parameters()), list(D.parameters())
    n = sum(p.numel() for p in pg)
    d = w1 - w0
    cos, norm = [], []
    for a in ALPHAS:
        w = a * w1 + (1 - a) * w0
        with torch.no_grad():
            torch.nn.utils.vector_to_parameters(w[:n], pg)
            torch.nn.utils.vector_to_parameters(w[n:], pd)
        fake = G(z)
        loss_g = sp(-D(fake)).mean()
        loss_d = sp(-D(x)).mean() + sp(D(fake.detach())).mean()
        gg = torch.autograd.grad(loss_g, pg)
        gd = torch.autograd.grad(loss_d, pd)
        v = torch.cat([g.reshape(-1) for g in (*gg, *gd)])
        norm.append(float(v.norm()))
        cos.append(float(v @ d) / (float(d.norm()) * norm[-1]))
    return np.array(cos), np.array(norm)


def test_path_angle_vs_plain_script(benchmark):
    G, D, x, z, game, w0, w1 = _setup()
    ours = path_angle(game, w0, w1, ALPHAS)
    cos, norm = plain_script(G, D, x, z, w0, w1)
    # same numbers: both are float64 gradients of the same losses (rounding only)
    np.testing.assert_allclose(ours.cosine, cos, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.norm, norm, rtol=1e-12)
    t_ours = median_cpu(lambda: path_angle(game, w0, w1, ALPHAS), 5)
    t_plain = median_cpu(lambda: plain_script(G, D, x, z, w0, w1), 5)
    points = [a * w1 + (1 - a) * w0 for a in ALPHAS]
    t_old = median_cpu(lambda: [game.v(p) for p in points], 3)  # the previous route: one
    # torch.func.grad of each player's loss per point (issue 27: 2.6 s on its 250-parameter path)
    t = time.perf_counter()
    path_angle(game, w0, w1, ALPHAS)
    wall = time.perf_counter() - t
    ratio = t_plain / t_ours
    print(
        f"\npath-angle, {game.dim} parameters, {ALPHAS.size} points: ours {t_ours:.3f} s CPU "
        f"({wall:.3f} s wall), plain script {t_plain:.3f} s CPU: {ratio:.2f}x; previous route "
        f"{t_old:.3f} s CPU"
    )
    write_rows(
        "landscape_api",
        [
            (
                f"path-angle + path-norm, {game.dim}-parameter MLP GAN, {ALPHAS.size} points "
                "(ours vs the authors' per-point backward loop, same run)",
                f"{t_ours:.3f} s vs {t_plain:.3f} s CPU: {ratio:.1f}x (load average "
                f"{os.getloadavg()[0]:.1f})",
            ),
            (
                "path-angle, same path: previous route (one torch.func.grad per point) vs ours",
                f"{t_old:.3f} s vs {t_ours:.3f} s CPU: {t_old / t_ours:.1f}x",
            ),
        ],
    )
    benchmark.extra_info.update(ours_cpu_s=t_ours, plain_cpu_s=t_plain, ratio=ratio)
    benchmark.pedantic(path_angle, args=(game, w0, w1, ALPHAS), rounds=3, iterations=1)
    # the acceptance: no slower than the plain script; 25% for the shared machine's noise
    # (repeated medians on an idle machine: ratio 0.95-1.05)
    assert t_ours <= 1.25 * t_plain
