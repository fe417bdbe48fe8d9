"""000 §7 runs on a real Dask cluster on loopback (zigan_verify.experiments.dask_sweep):
a worker killed mid-sweep loses nothing, and the results equal a one-process run's bit for bit."""

import os
import pathlib
import signal
import threading
import time

import numpy as np
import pytest
import torch

pytest.importorskip("distributed")

from zigan_verify._errors import ZiganError  # noqa: E402
from zigan_verify.experiments import batched, dask_sweep  # noqa: E402
from zigan_verify.experiments import zigan_s7 as s7  # noqa: E402
from zigan_verify.experiments.dask_sweep import loopback_cluster  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
# The tiny sizes, 1000 steps, a checkpoint every 50: the worker is killed just after its group's
# first checkpoint, about 5% into the group (2 ms a step for 8 runs on one core).
SWEEP = s7.Scale(
    "sweep", n=8, side=8, d2=16, r=64, p=10, steps=1000, eta=0.05, every=50, checkpoint=50
)
SETTINGS = s7.SETTINGS
SEEDS = (0, 1)
WORKER_ENV = {"PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _final(out: pathlib.Path, key: str) -> torch.Tensor:
    return torch.load(out / "runs" / key / "final.pt", weights_only=False)["z"]


def _wait_for_checkpoints(out: pathlib.Path, keys, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not all((out / "runs" / k / "checkpoint.pt").exists() for k in keys):
        if time.monotonic() > deadline:
            raise AssertionError("the groups did not start on both workers in time")
        time.sleep(0.05)


@pytest.mark.slow
def test_sweep_survives_a_killed_worker_bit_for_bit(tmp_path):
    serial = batched.run_experiment(SWEEP, tmp_path / "serial", settings=SETTINGS, seeds=SEEDS)
    out = tmp_path / "dask"
    first_of_each_group = [f"{SETTINGS[0].key}-seed{seed}" for seed in SEEDS]
    found: dict = {}
    with loopback_cluster(tmp_path / "cluster", workers=2, env=WORKER_ENV) as (address, workers):

        def sweep():
            try:
                found["result"] = batched.run_experiment(
                    SWEEP, out, settings=SETTINGS, seeds=SEEDS, scheduler=address
                )
            except BaseException as err:  # re-raised below, in the test's thread
                found["error"] = err

        thread = threading.Thread(target=sweep)
        thread.start()
        # both groups checkpointed: each is running on its own (one-thread) worker; kill one
        _wait_for_checkpoints(out, first_of_each_group, timeout=120)
        os.kill(workers[0].pid, signal.SIGKILL)
        thread.join(timeout=300)
        assert not thread.is_alive(), "the sweep did not finish after the worker was lost"
    if "error" in found:
        raise found["error"]
    result = found["result"]
    begins = {run["begin"] for run in result["runs"].values()}
    assert max(begins) > 0  # the lost group resumed from its checkpoint on the other worker
    assert workers[0].returncode == -signal.SIGKILL
    assert list(result["runs"]) == list(serial["runs"])
    for key, run in serial["runs"].items():
        assert result["runs"][key]["metrics"] == run["metrics"], key
        assert np.array_equal(result["runs"][key]["Y"], run["Y"]), key
        assert _final(out, key).equal(_final(tmp_path / "serial", key)), key
    assert (out / "runs.csv").read_text() == (tmp_path / "serial" / "runs.csv").read_text()


def test_unreachable_scheduler_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(dask_sweep, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(ZiganError, match="cannot connect"):
        batched.run_experiment(
            SWEEP, tmp_path / "out", settings=SETTINGS[:1], steps=1, scheduler="tcp://127.0.0.1:9"
        )
    assert not (tmp_path / "out").exists()  # nothing written: the same command can be rerun


def test_the_guides_slurm_recipe_makes_a_job_script():
    # docs/guide/experiments.md's SLURMCluster arguments, valid for the installed dask-jobqueue
    jobqueue = pytest.importorskip("dask_jobqueue")
    cluster = jobqueue.SLURMCluster(
        queue="gpu",
        account="my-project",
        cores=1,
        processes=1,
        job_cpu=8,
        memory="32GB",
        walltime="02:00:00",
        job_extra_directives=["--gres=gpu:1"],
        job_script_prologue=["module load cuda"],
        scheduler_options={"host": "127.0.0.1", "dashboard_address": None},
    )
    try:
        script = cluster.job_script()
    finally:
        cluster.close()
    for line in ("#SBATCH -p gpu", "#SBATCH --cpus-per-task=8", "#SBATCH --gres=gpu:1"):
        assert line in script
    assert "--nthreads 1" in script
    guide = (ROOT / "docs" / "guide" / "experiments.md").read_text()
    assert 'job_extra_directives=["--gres=gpu:1"]' in guide
