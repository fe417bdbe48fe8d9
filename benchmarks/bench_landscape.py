"""Benchmarks: top-10 game-Jacobian spectrum through the general game type (004 App. B), with the
matvec cost as a ratio to one evaluation of the game vector field ``v`` (one gradient per player),
measured in the same run (CPU time, ``time.process_time``: the machine is shared).

* the MoG GAN of 004 App. C.1 (``module_game``, forward-over-reverse ``J u``; target <= 3x);
* the paper-scale ZI-GAN (000 App. C, 2.8M parameters) through ``ZIGANProblem.game()``, whose
  ``J u`` is the closed-form product of :mod:`zigan_verify.hvp` (``slow``).

Run with ``pytest benchmarks/bench_landscape.py --benchmark-only -p no:cacheprovider`` (and
``-m slow`` for the paper-scale one).
"""

import time

import numpy as np
import pytest
import torch

from zigan_verify.experiments.mog import mog_game
from zigan_verify.spectrum import top_k


def _cpu_median(fn, repeats=5):
    times = []
    for _ in range(repeats):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return float(np.median(times))


def _ratio(game, w, benchmark, label):
    u = torch.randn(game.dim, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    Ju = game.jacobian_product(w)
    game.v(w), Ju(u)  # warm-up (torch.func's first call)
    t_v = _cpu_median(lambda: game.v(w))
    t_mv = _cpu_median(lambda: Ju(u))
    t = time.process_time()
    spec = top_k(game, w, 10, block="J", which="LM")
    t_spec = time.process_time() - t
    benchmark.extra_info.update(
        v_s=t_v, matvec_s=t_mv, ratio=t_mv / t_v, top10_s=t_spec, matvecs=spec.matvecs, dim=game.dim
    )
    print(
        f"\n{label}: dim {game.dim}, matvec / v = {t_mv / t_v:.2f} ({t_mv * 1e3:.1f} / {t_v * 1e3:.1f} ms CPU); "
        f"top-10 LM: {spec.matvecs} matvecs, {t_spec:.1f} s CPU, max residual {spec.residuals.max():.1e}"
    )
    benchmark.pedantic(Ju, args=(u,), rounds=3, iterations=1)
    return t_mv / t_v, spec


def test_mog_top10_matvec_ratio(benchmark):
    game = mog_game("nsgan", n=1000)
    ratio, spec = _ratio(game, game.initial_point, benchmark, "MoG NSGAN (n = 1000)")
    assert spec.residuals.max() < 1e-6
    assert ratio <= 3.0


@pytest.mark.slow
def test_paper_scale_zi_top10_through_game_type(benchmark):
    from zigan_verify.paper_scale import PAPER_SIZES, paper_problem

    prob, z, _ = paper_problem(**PAPER_SIZES)
    ratio, spec = _ratio(prob.game(), z, benchmark, "ZI-GAN App. C")
    assert spec.residuals.max() < 1e-6 * float(np.abs(spec.eigenvalues).max())
    assert ratio <= 3.0
