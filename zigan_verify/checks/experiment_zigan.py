"""Checks of 000 §7 (Fig. 2) and App. C (Figs. 3, 4): the experiment's verdicts at scale ``tiny``.

One run of the eight settings from initializations 0 and 1 at the ``tiny`` scale
(:data:`zigan_verify.experiments.zigan_s7.SCALES`; ``CHECK_STEPS`` iterations) decides all three
claims; it is cached so ``check --scale paper`` pays for it once. The verdicts are computed by
:func:`zigan_verify.experiments.s7_verdicts.verdicts` from the logged metrics (NOTE: [§7 verdict
quantities]); ``verified`` only when every part of the figure's statement holds in every run,
``unreproduced`` otherwise (the paper's scale is not run here: NOTE: [claims registry]).

Public: :func:`tiny_report`, :func:`check_fig2`, :func:`check_fig3`, :func:`check_fig4`.
"""

from __future__ import annotations

import tempfile
from functools import cache

from zigan_verify.checks.evidence import Evidence, reproduced
from zigan_verify.experiments import s7_verdicts, zigan_s7

__all__ = ["check_fig2", "check_fig3", "check_fig4", "tiny_report"]

CHECK_SEEDS = (0, 1)
CHECK_STEPS = 1000


@cache
def tiny_report() -> dict:
    """The verdict report of the eight settings x :data:`CHECK_SEEDS` at scale ``tiny``."""
    with tempfile.TemporaryDirectory(prefix="zigan-s7-") as out:
        result = zigan_s7.run_experiment(
            zigan_s7.SCALES["tiny"], out, seeds=CHECK_SEEDS, steps=CHECK_STEPS
        )
    return s7_verdicts.verdicts(result["runs"], result["X"])


def _evidence(figure: str, keys) -> Evidence:
    report = tiny_report()
    decided = report[figure]
    rows = {k: v for k, v in report["runs"].items() if keys(v)}
    ends = ", ".join(
        f"{v['setting']} s{v['seed']}: {v['kind']} (res_max {v['res_max']:.2g}, |F| {v['F']:.1e})"
        for v in rows.values()
        if v["setting"].startswith("ZI")
    )
    best = min(v["best_res_max"] for v in rows.values())
    return Evidence(
        reproduced(decided["holds"]),
        f"tiny scale, {CHECK_STEPS} steps, seeds {CHECK_SEEDS}, rho = {report['rho']:.3g}, best "
        f"max residual of any run {best:.2g}: {decided['parts']}; ZI-vs-JS (JS/ZI mean residual) "
        f"{ {k: round(v['median'], 2) for k, v in report['zi_vs_js'].items()} }; ZI ends: {ends}",
        {"parts": decided, "runs": rows, "zi_vs_js": report["zi_vs_js"]},
    )


def check_fig2() -> Evidence:
    """§7, Fig. 2 (initialization 0): ZI beats JS for every method and tau; ZI-EG memorizes;
    ZI-GDA reaches the vicinity and leaves it."""
    return _evidence("fig2", lambda v: v["seed"] == 0)


def check_fig3() -> Evidence:
    """App. C, Fig. 3 (tau = 1, every initialization): the Fig. 2 statements again."""
    return _evidence("fig3", lambda v: "tau=1)" in v["setting"])


def check_fig4() -> Evidence:
    """App. C, Fig. 4 (ZI, tau in {1, 5}, every initialization): ZI-EG memorizes, ZI-GDA does not
    remain."""
    return _evidence("fig4", lambda v: v["setting"].startswith("ZI"))
