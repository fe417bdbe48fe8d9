"""Benchmarks: top-10 game-Jacobian spectrum through the general game type (004 App. B), with the
matvec cost as a ratio to one evaluation of the game vector field ``v`` measured in the same run
(CPU time, ``time.process_time``: the machine is shared). ``v`` is one gradient per player: for a
zero-sum game one gradient of ``f``; for NSGAN ``grad_theta L_G`` and ``grad_phi L_D``.

* the MoG GAN of 004 App. C.1 (``module_game``, forward-over-reverse ``J u``; target <= 3x);
* the paper-scale ZI-GAN (000 App. C, 2,797,000 parameters) through ``ZIGANProblem.game()``, whose
  ``J u`` is the closed-form product of :mod:`zigan_verify.game.hvp` (``slow``; one run ~1 GB).

Each writes its benchmark-table row to ``benchmarks/results/landscape_*.md`` (``benchmarks/readme_table.py``
splices them in). Run with ``pytest benchmarks/bench_landscape.py --benchmark-only
-p no:cacheprovider -s`` (and ``-m slow`` for the paper-scale one).
"""

import time

import pytest
import torch
from _results import median_cpu, write_rows

from zigan_verify.analysis.spectrum import top_k
from zigan_verify.experiments.mog import mog_game


def _ratio(game, w, benchmark, label, name):
    u = torch.randn(game.dim, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    Ju = game.jacobian_product(w)
    t_v = median_cpu(lambda: game.v(w), 5)  # warm-up included: torch.func's first call
    t_mv = median_cpu(lambda: Ju(u), 5)
    t = time.process_time()
    spec = top_k(game, w, 10, block="J", which="LM")
    t_spec = time.process_time() - t
    ratio = t_mv / t_v
    benchmark.extra_info.update(
        v_s=t_v, matvec_s=t_mv, ratio=ratio, top10_s=t_spec, matvecs=spec.matvecs, dim=game.dim
    )
    print(
        f"\n{label}: dim {game.dim}, matvec / v = {ratio:.2f} ({t_mv * 1e3:.1f} / {t_v * 1e3:.1f} "
        f"ms CPU); top-10 LM: {spec.matvecs} matvecs, {t_spec:.1f} s CPU, max residual "
        f"{spec.residuals.max():.1e}"
    )
    write_rows(
        name,
        [
            (
                f"{label}: one game-Jacobian product J u vs one v (CPU)",
                f"{t_mv * 1e3:.1f} ms vs {t_v * 1e3:.1f} ms: {ratio:.2f}x",
            ),
            (
                f"{label}: top-10 eigenvalues of J (ARPACK, largest magnitude)",
                f"{t_spec:.1f} s CPU, {spec.matvecs} products, max residual "
                f"{spec.residuals.max():.0e}",
            ),
        ],
    )
    benchmark.pedantic(Ju, args=(u,), rounds=3, iterations=1)
    return ratio, spec


def test_mog_top10_matvec_ratio(benchmark):
    game = mog_game("nsgan", n=1000)
    label = "MoG NSGAN (004 App. C.1, n = 1000, 602 parameters), forward-over-reverse"
    ratio, spec = _ratio(game, game.initial_point, benchmark, label, "landscape_mog")
    assert spec.residuals.max() < 1e-6
    assert ratio <= 3.0


@pytest.mark.slow
def test_paper_scale_zi_top10_through_game_type(benchmark):
    from zigan_verify.analysis.paper_scale import PAPER_SIZES, paper_problem

    prob, z, _ = paper_problem(**PAPER_SIZES)
    label = f"ZI-GAN App. C ({prob.dim:,} parameters) as a Game, closed-form J u"
    ratio, spec = _ratio(prob.game(), z, benchmark, label, "landscape_paper")
    assert spec.residuals.max() < 1e-6 * float(abs(spec.eigenvalues).max())
    assert ratio <= 3.0
