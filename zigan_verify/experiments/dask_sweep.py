"""Dask for the experiments: connecting to a scheduler, and a real cluster on loopback.

NOTE: [runs on Dask]
:func:`zigan_verify.experiments.batched.run_groups_on_dask` submits one task per group
(:func:`zigan_verify.experiments.batched.groups`); a worker runs
:func:`zigan_verify.experiments.batched.run_group`, which writes the run folders
under ``out`` (which every worker must see at the same path: a shared filesystem on a cluster)
and returns the runs' metrics and generated images. When a worker is lost, the scheduler hands
its task to another worker, which resumes each run from its last checkpoint (written
atomically, NOTE: [batched engine contract]); as a group is computed with the same shapes
wherever it runs, the results equal a one-process run's bit for bit
(``tests/test_experiment_dask.py`` kills a worker mid-sweep to check it). While the tasks run,
the client reads each run's saved ``metrics.csv`` for the progress bars, and streams every
finished group's outcomes into ``out/runs.csv``.

Requires the ``dask`` extra (``pip install 'zigan-verify[dask]'``).

Public: :func:`client`, :func:`loopback_cluster`; the rest may change.
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
from collections.abc import Iterator

from zigan_verify._errors import ZiganError

__all__ = ["client", "loopback_cluster"]

CONNECT_TIMEOUT = "20s"  # how long the client tries to reach the scheduler


def client(address: str):
    """A ``distributed.Client`` of the scheduler at ``address``; a ``ZiganError`` (one line) when
    Dask is missing or the scheduler cannot be reached in :data:`CONNECT_TIMEOUT`."""
    try:
        from distributed import Client
    except ImportError:
        raise ZiganError("--scheduler needs Dask: pip install 'zigan-verify[dask]'") from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise ZiganError(f"--scheduler {address}: cannot connect ({err})") from None


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
    cl = client(address)
    try:
        cl.wait_for_workers(n, timeout=max(1.0, deadline - time.monotonic()))
    except TimeoutError:
        raise ZiganError(f"{n} dask workers did not join {address} in time") from None
    finally:
        cl.close()
