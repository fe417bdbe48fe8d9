"""Run 000 §7 at the tiny scale on a loopback Dask cluster and in one process; compare.

Usage (from the repository root; CI calls it from ``.ci/run``)::

    .venv/bin/python tools/dask_sweep.py [--figure fig2] [--seeds 0,1] [--steps N] [--workers 2]

Starts a real ``dask scheduler`` and ``--workers`` ``dask worker`` processes on 127.0.0.1
(:func:`zigan_verify.experiments.dask_sweep.loopback_cluster`), runs
``zigan-verify reproduce FIGURE --engine batched --scheduler ADDRESS`` into one folder and the same
command without ``--scheduler`` into another, and checks that every run's metrics, final iterate
and the verdicts are identical. Exit status 0 when they are, 1 when they differ (the differences
on stderr), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def reproduce(out: Path, args: argparse.Namespace, scheduler: str | None) -> float:
    """``zigan-verify reproduce`` as a user types it; returns its wall seconds."""
    cmd = [
        sys.executable,
        "-m",
        "zigan_verify.interfaces.cli",
        "reproduce",
        args.figure,
        "--engine",
        "batched",
        "--scale",
        "tiny",
        "--seeds",
        args.seeds,
        "-o",
        str(out),
        "--json",
    ]
    if args.steps:
        cmd += ["--steps", str(args.steps)]
    if scheduler:
        cmd += ["--scheduler", scheduler]
    t0 = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.monotonic() - t0


def differences(a: Path, b: Path) -> list[str]:
    """What differs between two run folders: metrics files, final iterates, verdicts."""
    import torch

    found = []
    runs = sorted(p.name for p in (a / "runs").iterdir())
    if runs != sorted(p.name for p in (b / "runs").iterdir()):
        return [f"different runs: {runs}"]
    for key in runs:
        if (a / "runs" / key / "metrics.csv").read_bytes() != (
            b / "runs" / key / "metrics.csv"
        ).read_bytes():
            found.append(f"{key}: metrics.csv differs")
        za, zb = (
            torch.load(d / "runs" / key / "final.pt", weights_only=False)["z"] for d in (a, b)
        )
        if not za.equal(zb):
            found.append(f"{key}: final iterate differs by {float((za - zb).abs().max()):.3g}")
    va, vb = (json.loads((d / "verdicts.json").read_text()) for d in (a, b))
    for part in ("runs", "fig2", "fig3", "fig4", "zi_vs_js"):
        if va[part] != vb[part]:
            found.append(f"verdicts.json: {part} differs")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figure", default="fig2", choices=("fig2", "fig3", "fig4"))
    parser.add_argument("--seeds", default="0,1", help="two or more seeds: one Dask task each")
    parser.add_argument("--steps", type=int, help="iterations per run (default: the tiny scale's)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", metavar="DIR", help="write the two run folders here")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from zigan_verify.experiments.dask_sweep import loopback_cluster

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        env = {"PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        with loopback_cluster(folder / "cluster", args.workers, env=env) as (address, _):
            on_dask = reproduce(folder / "dask", args, address)
        one = reproduce(folder / "one", args, None)
        found = differences(folder / "dask", folder / "one")
    for line in found:
        print(f"dask_sweep: {line}", file=sys.stderr)
    print(
        f"dask_sweep: {args.figure} tiny seeds {args.seeds}: {args.workers} Dask workers {on_dask:.1f} s, "
        f"one process {one:.1f} s (wall): {'IDENTICAL' if not found else 'DIFFERENT'}"
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
