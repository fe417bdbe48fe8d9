"""Progress bars and figures of the 000 §7 runs, both read from what the runs save.

:class:`RunProgress` shows, on stderr, one bar per run that is still going and one for the whole
experiment, each with its ETA; it is fed ``(run key, step, steps)`` by the one-process engines
and, on Dask, by the client reading the run folders (NOTE: [runs on Dask]).
:func:`load_runs` and :func:`draw_figures` rebuild the Fig. 2-4 grids and curves from a run
folder alone (``config.json``, ``runs/<key>/metrics.csv``, ``final.pt``), so figures can be drawn
again, or for a run still in progress, without recomputing anything.

Public: :class:`RunProgress`, :func:`load_runs`, :func:`draw_figures`.
"""

from __future__ import annotations

import json
import pathlib
from collections.abc import Sequence

import numpy as np
import torch

from zigan_verify._errors import ZiganError
from zigan_verify.experiments import s7_figures
from zigan_verify.experiments import zigan_s7 as s7

__all__ = ["RunProgress", "draw_figures", "load_runs"]


class RunProgress:
    """Per-run and overall progress (``rich``, stderr): use as a context manager and call it as
    ``progress(key, step, steps)``; a run's bar disappears once it has made its steps."""

    def __init__(self, title: str, keys: Sequence[str], steps: int, *, enabled: bool = True):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            disable=not enabled,
        )
        self.steps = steps
        self._total = self._bar.add_task(f"{title}: {len(keys)} runs", total=steps * len(keys))
        self._runs = {key: self._bar.add_task(f"  {key}", total=steps) for key in keys}
        self._done = dict.fromkeys(keys, 0)

    def __enter__(self) -> RunProgress:
        self._bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._bar.__exit__(*exc)

    def __call__(self, key: str, step: int, steps: int) -> None:
        if self._done.get(key) == step:
            return
        self._done[key] = step
        self._bar.update(self._runs[key], completed=step, visible=step < steps)
        self._bar.update(self._total, completed=sum(self._done.values()))

    @property
    def overall(self) -> int:
        """Steps made by all runs together (what the overall bar shows)."""
        return sum(self._done.values())


def load_runs(out, keys: Sequence[str] | None = None) -> dict:
    """The runs saved under ``out`` as :func:`zigan_verify.experiments.zigan_s7.run_experiment`
    returns them (``config``, ``X``, ``runs`` with ``setting``, ``seed``, ``metrics``, ``Y``), read
    from ``config.json``, each ``runs/<key>/metrics.csv`` and its ``final.pt`` (or, for a run
    still going, its ``checkpoint.pt``); only the runs named in ``keys`` when given."""
    out = pathlib.Path(out)
    path = out / "config.json"
    if not path.exists():
        raise ZiganError(f"{out}: no run there (config.json missing)")
    config = json.loads(path.read_text())
    scale = s7.Scale(**config["scale"])
    problem = s7.build(scale, data=config["data"])
    settings = {s.key: s for s in s7.SETTINGS}
    runs = {}
    for folder in sorted((out / "runs").iterdir()):
        saved = next(
            (folder / n for n in ("final.pt", "checkpoint.pt") if (folder / n).exists()), None
        )
        if saved is None or (keys is not None and folder.name not in keys):
            continue
        key, _, seed = folder.name.rpartition("-seed")
        z = torch.load(saved, map_location="cpu", weights_only=False)["z"].double()
        g, theta, _, _ = problem.unpack(z)
        runs[folder.name] = {
            "setting": settings[key],
            "seed": int(seed),
            "metrics": s7._read_metrics(folder / "metrics.csv"),
            "Y": problem.generated(g, theta).numpy(),
        }
    return {"config": config, "X": problem.data.numpy(), "runs": runs}


def draw_figures(out, figure: str, keys: Sequence[str] | None = None) -> list[pathlib.Path]:
    """Fig. 2-4 style sample grids (one per seed) and the residual / ``|F|`` curves of the runs
    saved under ``out`` (:func:`load_runs`), written next to them as PNG and PDF."""
    out = pathlib.Path(out)
    saved = load_runs(out, keys)
    runs, X = saved["runs"], saved["X"]
    files = []
    for seed in sorted({run["seed"] for run in runs.values()}):
        gen = {r["setting"].label: r["Y"] for r in runs.values() if r["seed"] == seed}
        files += s7_figures.plot_grids(X, gen, out / f"{figure}-grid-seed{seed}")
    curves = {f"{r['setting'].label} seed {r['seed']}": r["metrics"] for r in runs.values()}
    files += s7_figures.plot_curves(
        curves, s7.vicinity_radius(np.asarray(X)), out / f"{figure}-curves"
    )
    return files
