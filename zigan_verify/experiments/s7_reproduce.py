"""The command ``zigan-verify reproduce fig2|fig3|fig4``: 000 §7 / App. C with either engine.

``--engine loop`` runs :func:`zigan_verify.experiments.zigan_s7.run_experiment` (one run at a
time, autograd), ``--engine batched`` :func:`zigan_verify.experiments.batched.run_experiment`
(the runs of a group together, on a Dask cluster with ``--scheduler``); both write the same run
folder, from which the verdicts (:func:`~zigan_verify.experiments.s7_verdicts.verdicts`) and the
figures (:func:`~zigan_verify.experiments.s7_outputs.draw_figures`) are made.

Public: :func:`reproduce`, :func:`print_report`, :func:`cmd_reproduce`.
"""

from __future__ import annotations

import json
import math
import pathlib
import shutil

import numpy as np
import torch

from zigan_verify._errors import ZiganError, check_choice
from zigan_verify.experiments import batched
from zigan_verify.experiments.s7_outputs import RunProgress, draw_figures
from zigan_verify.experiments.s7_verdicts import verdicts
from zigan_verify.experiments.zigan_s7 import (
    ENGINES,
    FIGURES,
    SCALES,
    parse_seeds,
    projected_seconds,
    run_experiment,
)

__all__ = ["cmd_reproduce", "print_report", "reproduce"]


def reproduce(
    figure: str,
    out,
    *,
    scale: str = "tiny",
    seeds: str | None = None,
    steps: int | None = None,
    device: str = "cpu",
    dtype: str = "float64",
    data: str = "digits",
    resume: str | None = None,
    start: float | None = None,
    show_progress: bool = True,
    engine: str = "loop",
    scheduler: str | None = None,
    group: str = "seed",
) -> dict:
    """Run ``figure``'s settings at ``scale``, write metrics, figures and ``verdicts.json`` in
    ``out`` (resuming the checkpoints of ``resume``), and return the report. ``engine``:
    ``loop`` (one run at a time, autograd) or ``batched``
    (:mod:`zigan_verify.experiments.batched`, the runs of each ``group`` together, on the Dask
    cluster at ``scheduler`` when given: :mod:`zigan_verify.experiments.dask_sweep`)."""
    check_choice("figure", figure, FIGURES)
    check_choice("scale", scale, SCALES)
    check_choice("dtype", dtype, ("float64", "float32"))
    check_choice("engine", engine, ENGINES)
    if steps is not None and steps < 1:
        raise ZiganError(f"--steps must be >= 1, got {steps}")
    if scheduler is not None and engine != "batched":
        raise ZiganError("--scheduler runs the batched engine: add --engine batched")
    device = str(batched.resolve_device(device))
    settings, default_seeds = FIGURES[figure]
    seed_list = parse_seeds(seeds) if seeds else default_seeds
    sc = SCALES[scale]
    out = pathlib.Path(out)
    if resume is not None:
        if not (pathlib.Path(resume) / "config.json").exists():
            raise ZiganError(f"--resume {resume}: no run there (config.json missing)")
        if pathlib.Path(resume).resolve() != out.resolve():
            shutil.copytree(resume, out, dirs_exist_ok=True)
    elif (out / "config.json").exists():
        raise ZiganError(f"{out} already holds a run: pass --resume {out} to continue it")
    keys = [f"{setting.key}-seed{seed}" for seed in seed_list for setting in settings]
    title = f"reproduce {figure} ({scale}, {engine})"
    with RunProgress(title, keys, steps or sc.steps, enabled=show_progress) as progress:
        common = dict(
            seeds=seed_list,
            settings=settings,
            steps=steps,
            data=data,
            dtype=getattr(torch, dtype),
            device=device,
            progress=progress,
            start=start,
        )
        if engine == "batched":
            result = batched.run_experiment(sc, out, **common, group_by=group, scheduler=scheduler)
        else:
            result = run_experiment(sc, out, **common)
    report = verdicts(result["runs"], result["X"])
    cost = {}
    for method in ("gda", "eg"):
        c = [
            r["cpu_s_per_step"]
            for r in result["runs"].values()
            if r["setting"].method == method and math.isfinite(r["cpu_s_per_step"])
        ]
        if c:
            cost[method] = float(np.median(c))
    report.update(
        figure=figure,
        config=result["config"],
        cpu_s_per_step=cost,
        projected_cpu_s=projected_seconds(cost, sc, len(settings) * len(seed_list) // 2),
        files=[str(p) for p in draw_figures(out, figure, keys)],  # from the saved runs
    )
    (out / "verdicts.json").write_text(json.dumps(report, indent=2, default=float))
    return report


def print_report(report: dict) -> None:
    """The verdict table of :func:`reproduce` on the terminal."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=f"000 §7 {report['figure']}: runs at scale {report['config']['scale']['name']} (rho = {report['rho']:.3g})"
    )
    for col in (
        "run",
        "end point",
        "res max",
        "res mean",
        "best res max (step)",
        "|F|",
        "|w|",
        "dist to global",
    ):
        table.add_column(col)
    for key, row in report["runs"].items():
        table.add_row(
            *(
                Text(c)
                for c in (
                    key,
                    row["kind"],
                    f"{row['res_max']:.3g}",
                    f"{row['res_mean']:.3g}",
                    f"{row['best_res_max']:.3g} ({row['best_step']})",
                    f"{row['F']:.2e}",
                    f"{row['w']:.2e}",
                    f"{row['dist_global']:.3g}",
                )
            )
        )
    console = Console()
    console.print(table)
    for fig in ("fig2", "fig3", "fig4"):
        if any(report[fig]["cases"].values()):
            console.print(Text(f"{fig}: holds={report[fig]['holds']} {report[fig]['parts']}"))
    console.print(Text(f"ZI vs JS (JS/ZI final mean residual): {report['zi_vs_js']}"))
    cost = ", ".join(f"{m} {c * 1e3:.2f} ms" for m, c in report["cpu_s_per_step"].items())
    console.print(
        Text(
            f"CPU per step: {cost}; projected CPU for these runs at full length: {report['projected_cpu_s'] / 3600:.2f} h"
        )
    )
    console.print(Text("wrote " + ", ".join(report["files"]) + " and verdicts.json"))


def cmd_reproduce(args) -> int:
    report = reproduce(
        args.figure,
        args.output,
        scale=args.scale,
        seeds=args.seeds,
        steps=args.steps,
        device=args.device,
        dtype=args.dtype,
        data=args.data,
        resume=args.resume,
        start=args.near_global,
        show_progress=not args.json,
        engine=args.engine,
        scheduler=args.scheduler,
        group=args.group,
    )
    if args.json:
        print(json.dumps(report, indent=2, default=float))
    else:
        print_report(report)
    return 0
