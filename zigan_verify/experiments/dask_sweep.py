"""000 §7 runs on a Dask cluster: each group of runs is one task; checkpoints on a shared path.

NOTE: [runs on Dask]
The client submits one task per group (:func:`zigan_verify.experiments.batched.groups`); a
worker runs :func:`zigan_verify.experiments.batched.run_group`, which writes the run folders
under ``out`` (which every worker must see at the same path: a shared filesystem on a cluster)
and returns the runs' metrics and generated images. When a worker is lost, the scheduler hands
its task to another worker, which resumes each run from its last checkpoint (written
atomically, NOTE: [batched engine contract]); as a group is computed with the same shapes
wherever it runs, the results equal a one-process run's bit for bit
(``tests/test_experiment_dask.py`` kills a worker mid-sweep to check it). While the tasks run,
the client reads each run's saved ``metrics.csv`` for the progress bars, and streams every
finished group's outcomes into ``out/runs.csv``.

Requires the ``dask`` extra (``pip install 'zigan-verify[dask]'``).

Public: :func:`run_groups_on_dask`, :func:`loopback_cluster`; the rest may change.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence

import torch

from zigan_verify._errors import ZiganError
from zigan_verify.experiments import batched
from zigan_verify.experiments import zigan_s7 as s7

__all__ = ["loopback_cluster", "run_groups_on_dask"]

CONNECT_TIMEOUT = "20s"  # how long the client tries to reach the scheduler


def _client(address: str):
    try:
        from distributed import Client
    except ImportError:
        raise ZiganError("--scheduler needs Dask: pip install 'zigan-verify[dask]'") from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise ZiganError(f"--scheduler {address}: cannot connect ({err})") from None


def _run_group_task(part, scale, out, steps, data, dtype, device, start):
    """The worker's side of NOTE: [runs on Dask]: one group, built and run in this process."""
    problem = s7.build(scale, data=data)
    return batched.run_group(
        problem,
        part,
        scale,
        pathlib.Path(out),
        steps=steps,
        dtype=getattr(torch, dtype),
        device=device,
        start=start,
    )


def run_groups_on_dask(
    address: str,
    parts: Sequence[Sequence[tuple[s7.Setting, int]]],
    scale: s7.Scale,
    out: pathlib.Path,
    *,
    steps: int,
    data: str,
    dtype: torch.dtype,
    device: str,
    start: float | None,
    progress: Callable[[str, int, int], None] | None = None,
    poll: float = 0.5,
    on_group: Callable[[dict], None] | None = None,
) -> dict:
    """Run the groups ``parts`` on the cluster whose scheduler is at ``address`` (NOTE: [runs on
    Dask]); returns the runs as :func:`zigan_verify.experiments.batched.run_group` does, in the
    order of ``parts``. ``on_group`` receives each group's runs as its task finishes."""
    client = _client(address)
    dtype_name = str(dtype).removeprefix("torch.")
    try:
        futures = [
            client.submit(
                _run_group_task,
                list(part),
                scale,
                str(pathlib.Path(out).resolve()),
                steps,
                data,
                dtype_name,
                device,
                start,
                pure=False,
                key=f"zigan-s7-group{i}-{time.time_ns()}",
            )
            for i, part in enumerate(parts)
        ]
        keys = [[f"{setting.key}-seed{seed}" for setting, seed in part] for part in parts]
        found: dict[int, dict] = {}
        while len(found) < len(futures):
            for i, future in enumerate(futures):
                if i not in found and future.done():
                    if future.status == "error":
                        raise ZiganError(f"a Dask task failed: {future.exception()!r}")
                    found[i] = future.result()
                    if on_group is not None:
                        on_group(found[i])
            if progress is not None:
                for group in keys:
                    for key in group:
                        progress(key, batched.saved_step(pathlib.Path(out) / "runs" / key), steps)
            if len(found) < len(futures):
                time.sleep(poll)
    finally:
        client.close()
    return {key: run for i in range(len(parts)) for key, run in found[i].items()}


# ----- a cluster on this machine (tests, CI, a first try) -----
@contextlib.contextmanager
def loopback_cluster(
    folder: pathlib.Path, workers: int = 2, *, timeout: float = 60.0, env: dict | None = None
) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """A real ``dask scheduler`` and ``workers`` ``dask worker`` processes (one thread each, no
    nanny, so that killing one loses it) on 127.0.0.1; yields ``(address, worker processes)``
    and stops every process it started on exit."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    info = folder / "scheduler.json"
    info.unlink(missing_ok=True)
    env = {**os.environ, **(env or {})}
    dask = [sys.executable, "-m", "dask"]
    logs = []
    procs: list[subprocess.Popen] = []

    def spawn(args, name):
        log = open(folder / f"{name}.log", "w")  # noqa: SIM115 (closed in finally)
        logs.append(log)
        procs.append(subprocess.Popen([*dask, *args], stdout=log, stderr=log, env=env))
        return procs[-1]

    try:
        spawn(
            [
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--scheduler-file",
                str(info),
                "--no-dashboard",
            ],
            "scheduler",
        )
        deadline = time.monotonic() + timeout
        while not info.exists() or not info.read_text().strip():
            if time.monotonic() > deadline or procs[0].poll() is not None:
                raise ZiganError(f"the dask scheduler did not start (log: {folder}/scheduler.log)")
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        worker_procs = [
            spawn(
                [
                    "worker",
                    address,
                    "--nthreads",
                    "1",
                    "--no-nanny",
                    "--host",
                    "127.0.0.1",
                    "--no-dashboard",
                    "--name",
                    f"w{i}",
                ],
                f"worker{i}",
            )
            for i in range(workers)
        ]
        _wait_for_workers(address, workers, deadline)
        yield address, worker_procs
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in reversed(procs):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for log in logs:
            log.close()


def _wait_for_workers(address: str, n: int, deadline: float) -> None:
    client = _client(address)
    try:
        client.wait_for_workers(n, timeout=max(1.0, deadline - time.monotonic()))
    except TimeoutError:
        raise ZiganError(f"{n} dask workers did not join {address} in time") from None
    finally:
        client.close()
