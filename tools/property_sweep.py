"""Run the property suite under a Hypothesis profile for many seeds and print one table.

    python tools/property_sweep.py --seeds 20                  # thorough, seeds 0..19
    python tools/property_sweep.py --seed-list 3,7 properties/test_theorem3.py -- -n 2
    python tools/property_sweep.py --seeds 20 --logs sweep-logs --out docs/property_sweep.txt
    python tools/property_sweep.py --seeds 200 --scheduler tcp://HOST:8786   # seeds on Dask

One ``pytest`` process per seed (``--hypothesis-seed=S``, ``HYPOTHESIS_PROFILE`` as chosen, a
fresh Hypothesis storage directory per seed so that no example database replays one seed's
failures into another). This module is also the pytest plugin each run loads: it wraps every
Hypothesis test's ``inner_test`` to count the calls of the test body (generation and shrinking)
and time each in CPU seconds (``time.process_time``), so "slowest example" is CPU, not wall time.

With ``--scheduler ADDRESS`` each seed is one task on that Dask cluster (the ``dask`` extra; the
checkout, and ``--logs``, at the same paths on every worker): rows stream back as seeds finish,
and a seed whose worker is lost runs again on another (a seed's examples are fixed by its seed).

The table has one row per property: seeds run, examples run (total over seeds, and the fewest in
one seed), failures (seeds in which the test failed; a strict xfail counts as expected, not as a
failure), slowest example (CPU s) and the seed it came from. Exit status 1 if any seed failed.
Run without ``-n`` (default) for honest per-example CPU times; with ``-- -n 2`` (xdist) every
process writes its rows to its own file and :func:`merge_rows` keeps, per test, the row of the
process that ran it (NOTE: [rows under xdist]).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

_OUT = "ZIGAN_SWEEP_OUT"
ROOT = Path(__file__).resolve().parents[1]


# ----- the plugin (loaded in each pytest run with ``-p property_sweep``) -----
# NOTE: [rows under xdist]
# Under xdist the controller runs no test but receives every worker's reports, so its
# ``pytest_runtest_logreport`` makes a row per test with the outcome and 0 examples. Its file and
# the workers' were once merged with ``dict |=`` in glob order: where the controller's came last
# it replaced the workers' rows (the examples columns read 0). A row made by
# ``pytest_runtest_call`` names its ``worker``; :func:`merge_rows` prefers such a row, and falls
# back to a report-only row for a test that never reached its call (a setup error, a worker
# that crashed: then only the controller saw the outcome).
_rows: dict[str, dict] = {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    hyp = getattr(getattr(item, "obj", None), "hypothesis", None)
    row = _rows.setdefault(item.nodeid, {"examples": 0, "slowest": 0.0, "outcome": "?"})
    row["hypothesis"] = hyp is not None
    row["worker"] = os.environ.get("PYTEST_XDIST_WORKER", "main")
    began = time.process_time()
    if hyp is None:
        try:
            return (yield)
        finally:
            row["cpu"] = time.process_time() - began
    inner = hyp.inner_test

    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            row["examples"] += 1
            row["slowest"] = max(row["slowest"], time.process_time() - start)

    hyp.inner_test = timed
    try:
        return (yield)
    finally:
        hyp.inner_test = inner
        row["cpu"] = time.process_time() - began


def pytest_runtest_logreport(report):
    if report.when == "call" or report.outcome != "passed":
        row = _rows.setdefault(report.nodeid, {"examples": 0, "slowest": 0.0, "outcome": "?"})
        if report.when == "call" or row["outcome"] == "?":
            row["outcome"] = "xfailed" if hasattr(report, "wasxfail") else report.outcome


def pytest_sessionfinish(session):
    out = os.environ.get(_OUT)
    if out:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        Path(f"{out}.{worker}.json").write_text(json.dumps(_rows))


# ----- the driver -----
def merge_rows(parts) -> dict:
    """One ``{nodeid: row}`` from the processes' files: per test the row of the process that
    ran its call (it has ``worker``), else the first report-only row (NOTE: [rows under xdist])."""
    rows: dict = {}
    for part in parts:
        for nodeid, row in part.items():
            if nodeid not in rows or ("worker" in row and "worker" not in rows[nodeid]):
                rows[nodeid] = row
    return rows


def run_seed(
    seed: int, profile: str, paths: list[str], extra: list[str], log: Path | None = None
) -> tuple[dict, float]:
    """One pytest run; returns ``({nodeid: row}, CPU seconds of the run and its children)``.
    ``log``: where pytest's output goes (the falsifying examples and blobs); else discarded."""
    with tempfile.TemporaryDirectory(prefix="zigan-sweep-") as tmp:
        # PYTEST_XDIST_* describe a pytest-xdist worker we may be running in (the sweep's own
        # test): inherited, they would make the seed's controller write its report-only rows
        # under that worker's name, over the rows of the seed's worker of the same name
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST_")}
        env |= {"HYPOTHESIS_PROFILE": profile, "OMP_NUM_THREADS": "1"}
        env |= {"HYPOTHESIS_STORAGE_DIRECTORY": str(Path(tmp) / "hypothesis")}
        env |= {_OUT: str(Path(tmp) / "rows")}
        env["PYTHONPATH"] = os.pathsep.join(
            [str(ROOT / "tools"), str(ROOT)] + [env.get("PYTHONPATH", "")]
        )
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "property_sweep", "-p", "no:randomly"]
        cmd += [f"--hypothesis-seed={seed}", "--durations=0", *paths, *extra]
        before = os.times()
        with open(log or os.devnull, "w") as out:
            subprocess.run(cmd, env=env, cwd=ROOT, check=False, stdout=out, stderr=out)
        after = os.times()
        rows = merge_rows(
            json.loads(part.read_text()) for part in sorted(Path(tmp).glob("rows.*.json"))
        )
    return rows, (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )


def table(results: dict[int, dict]) -> tuple[str, bool]:
    """The sweep table (text) and whether any seed failed."""
    names = sorted({nodeid for rows in results.values() for nodeid in rows})
    # the whole node id, never cut: a truncated name is ambiguous (and unparseable)
    w = max([78, *(len(name) + len(" (xfail)") for name in names)])
    head = f"{'property':<{w}} {'seeds':>5} {'examples':>9} {'min/seed':>8} {'failures':>8} {'slowest CPU s':>13} {'at seed':>7} {'CPU s/seed':>10}"
    lines, failed = [head, "-" * len(head)], False
    for nodeid in names:
        runs = {s: rows[nodeid] for s, rows in results.items() if nodeid in rows}
        fails = [s for s, r in runs.items() if r["outcome"] == "failed"]
        failed |= bool(fails)
        slow_seed = max(runs, key=lambda s: runs[s]["slowest"])
        if not any(r.get("hypothesis") for r in runs.values()):
            failed |= bool(fails)  # a plain test in the paths: only its failures matter
            if not fails:
                continue
        examples = [r["examples"] for r in runs.values()]
        xf = " (xfail)" if all(r["outcome"] == "xfailed" for r in runs.values()) else ""
        fail_text = f"{len(fails)}" + (f" {fails}" if fails else "")
        cpu = sum(r.get("cpu", 0.0) for r in runs.values()) / len(runs)
        lines.append(
            f"{nodeid + xf:<{w}} {len(runs):>5} {sum(examples):>9} {min(examples):>8} "
            f"{fail_text:>8} {runs[slow_seed]['slowest']:>13.3f} {slow_seed:>7} {cpu:>10.1f}"
        )
    return "\n".join(lines), failed


def on_dask(address: str, seeds, profile: str, paths, extra, log_of):
    """``(seed, run_seed(...))`` for every seed, each a task on the Dask cluster at ``address``,
    in the order they finish (a lost worker's seed is run again by the scheduler elsewhere)."""
    from distributed import Client, as_completed

    paths = [str(Path(p).resolve()) if Path(p).exists() else p for p in paths]
    with Client(address, timeout="20s") as client:
        futures = {
            client.submit(run_seed, seed, profile, paths, extra, log_of(seed), pure=False): seed
            for seed in seeds
        }
        for future in as_completed(futures):
            yield futures[future], future.result()


def _commit() -> str:
    """The checkout's commit (``+dirty`` with uncommitted changes), for the table's header."""
    git = ["git", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run([*git, "status", "--porcelain", "-uno"], capture_output=True, text=True)
    return (head.stdout.strip() or "unknown") + ("+dirty" if dirty.stdout.strip() else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=["properties"], help="test paths")
    parser.add_argument("--seeds", type=int, default=20, help="seeds 0..N-1 (default 20)")
    parser.add_argument("--seed-list", help="comma-separated seeds instead of --seeds")
    parser.add_argument("--profile", default="thorough", help="Hypothesis profile (thorough)")
    parser.add_argument("--json", type=Path, help="also write the rows per seed here")
    parser.add_argument("--out", type=Path, help="write the seed lines and table here (per seed)")
    parser.add_argument("--logs", type=Path, help="keep each seed's pytest output: DIR/seed-S.log")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="run the seeds on this Dask cluster")
    argv = sys.argv[1:] if argv is None else list(argv)
    ours, extra = (
        (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    )
    args = parser.parse_args(ours)  # after "--": pytest's options, never our paths
    seeds = (
        [int(s) for s in args.seed_list.split(",")] if args.seed_list else list(range(args.seeds))
    )
    results: dict[int, dict] = {}
    summary = [f"[sweep] profile {args.profile}, paths {' '.join(args.paths)}, commit {_commit()}"]
    if args.logs:
        args.logs.mkdir(parents=True, exist_ok=True)

    def record(seed: int, rows: dict, cpu: float) -> None:
        results[seed] = rows
        bad = sum(r["outcome"] == "failed" for r in rows.values())
        summary.append(f"[sweep] seed {seed}: {len(rows)} tests, {bad} failed, {cpu:.0f} s CPU")
        print(summary[-1], flush=True)
        if args.json:
            args.json.write_text(json.dumps(dict(sorted(results.items())), indent=1))
        if args.out:  # after every seed, so an interrupted sweep keeps what it ran
            args.out.write_text("\n".join([*summary, table(results)[0]]) + "\n")

    def log_of(seed: int) -> Path | None:
        return args.logs.resolve() / f"seed-{seed}.log" if args.logs else None

    if args.scheduler:
        for seed, (rows, cpu) in on_dask(
            args.scheduler, seeds, args.profile, args.paths, extra, log_of
        ):
            record(seed, rows, cpu)
    else:
        for seed in seeds:
            record(seed, *run_seed(seed, args.profile, args.paths, extra, log_of(seed)))
    text, failed = table(results)
    print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
