"""The verdicts of 000 §7 from the saved metrics (NOTE: [§7 verdict quantities] in :mod:`zigan_verify.experiments.zigan_s7`): each run's outcome (stationary, memorizing, near a global solution) and the statements of Figs. 2-4; and the step-size sweep that chose each scale's eta."""

from __future__ import annotations

import dataclasses
import math
import pathlib
from collections.abc import Sequence

import numpy as np

from zigan_verify.experiments.zigan_s7 import (
    SETTINGS,
    Scale,
    Setting,
    run_experiment,
    vicinity_radius,
)

__all__ = [
    "STATIONARY_RTOL",
    "outcome",
    "step_size_sweep",
    "verdicts",
]


def step_size_sweep(
    scale: Scale,
    etas: Sequence[float],
    out,
    *,
    settings: Sequence[Setting] = SETTINGS,
    steps: int | None = None,
    seed: int = 0,
) -> dict[float, dict]:
    """The end points (:func:`outcome`) of ``settings`` from initialization ``seed`` for each
    step size in ``etas`` (runs under ``out/eta<eta>``): how the verdicts depend on ``eta``."""
    found = {}
    for eta in etas:
        sc = dataclasses.replace(scale, eta=eta)
        result = run_experiment(
            sc, pathlib.Path(out) / f"eta{eta:g}", seeds=(seed,), settings=settings, steps=steps
        )
        rho = vicinity_radius(result["X"])
        found[eta] = {k: outcome(r["metrics"], rho) for k, r in result["runs"].items()}
    return found


# ----- verdicts from the metrics (NOTE: [§7 verdict quantities]) -----
STATIONARY_RTOL = (
    1e-3  # |F| at the end below 1e-3 |F(z_0)|: the run has settled at a stationary point
)


def outcome(rows: Sequence[dict], rho: float) -> dict:
    """What one run's metrics say: its final and best residuals, whether it *reached* the
    vicinity ``res_max < rho`` and then *left* it, whether it ends *memorized*, whether it ends
    *stationary* (``|F|`` fell below ``STATIONARY_RTOL |F(z_0)|``), and the class of its end point:
    ``global`` (memorized and stationary), ``memorized``, ``non-global stationary`` (the
    ``000.thm3`` case), ``reached then left``, ``diverged`` or ``not reached``."""
    final, best = rows[-1], min(rows, key=lambda r: r["res_max"])
    finite = all(math.isfinite(final[k]) for k in ("F", "res_max"))
    memorized = finite and final["res_max"] < rho
    reached = best["res_max"] < rho
    stationary = finite and final["F"] <= STATIONARY_RTOL * rows[0]["F"]
    if not finite:
        kind = "diverged"
    elif memorized:
        kind = "global" if stationary else "memorized"
    elif reached:
        kind = "reached then left"
    elif stationary:
        kind = "non-global stationary"
    else:
        kind = "not reached"
    return {
        "res_max": final["res_max"],
        "res_mean": final["res_mean"],
        "F": final["F"],
        "w": final["w"],
        "dist_global": final["dist_global"],
        "best_res_max": best["res_max"],
        "best_step": best["step"],
        "steps": final["step"],
        "reached": reached,
        "left": reached and not memorized,
        "memorized": memorized,
        "stationary": stationary,
        "kind": kind,
    }


def verdicts(runs: dict, X: np.ndarray) -> dict:
    """The §7 / App. C statements decided from the runs' metrics (keys ``<setting>-seed<s>``).

    ``fig2`` (seed 0, all eight settings), ``fig3`` (``tau = 1``, every seed) and ``fig4`` (ZI,
    ``tau`` in {1, 5}, every seed) each hold when, in every setting they cover: ZI beats JS (a
    smaller final mean residual, same method, ``tau`` and seed), ZI-EG ends memorized, ZI-GDA
    reaches the vicinity and leaves it. ``zi_vs_js`` gives the JS/ZI ratio of final mean
    residuals per method and ``tau`` over the seeds (median, min, max).
    """
    rho = vicinity_radius(X)
    table = {
        key: {"setting": run["setting"].label, "seed": run["seed"], **outcome(run["metrics"], rho)}
        for key, run in runs.items()
    }
    seeds = sorted({run["seed"] for run in runs.values()})

    def get(loss, method, tau, seed):
        return table.get(f"{Setting(loss, method, tau).key}-seed{seed}")

    def parts(taus, seeds_, with_js=True):
        found = {"zi_beats_js": [], "zi_eg_memorizes": [], "zi_gda_reaches_then_leaves": []}
        for seed in seeds_:
            for tau in taus:
                for method in ("gda", "eg"):
                    zi, js = get("zi", method, tau, seed), get("js", method, tau, seed)
                    if with_js and zi and js:
                        found["zi_beats_js"].append(zi["res_mean"] < js["res_mean"])
                eg, gda = get("zi", "eg", tau, seed), get("zi", "gda", tau, seed)
                if eg:
                    found["zi_eg_memorizes"].append(eg["memorized"])
                if gda:
                    found["zi_gda_reaches_then_leaves"].append(gda["left"])
        if not with_js:
            del found["zi_beats_js"]
        holds = {k: bool(v) and all(v) for k, v in found.items()}
        return {
            "holds": all(holds.values()),
            "parts": holds,
            "cases": {k: len(v) for k, v in found.items()},
        }

    spread = {}
    for method in ("gda", "eg"):
        for tau in (1.0, 5.0):
            ratios = [
                get("js", method, tau, s)["res_mean"] / get("zi", method, tau, s)["res_mean"]
                for s in seeds
                if get("js", method, tau, s) and get("zi", method, tau, s)
            ]
            if ratios:
                spread[f"{method}-tau{tau:g}"] = {
                    "median": float(np.median(ratios)),
                    "min": float(np.min(ratios)),
                    "max": float(np.max(ratios)),
                    "seeds": len(ratios),
                }
    zi_eg_ends = sorted(
        {row["kind"] for row in table.values() if row["setting"].startswith("ZI-EG")}
    )
    return {
        "rho": rho,
        "runs": table,
        "fig2": parts((1.0, 5.0), [0] if 0 in seeds else []),
        "fig3": parts((1.0,), seeds),
        "fig4": parts((1.0, 5.0), seeds, with_js=False),
        "zi_vs_js": spread,
        "zi_eg_end_points": zi_eg_ends,
    }
