"""tools/property_sweep.py: its plugin counts and times examples; its table reports failures."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("property_sweep", ROOT / "tools/property_sweep.py")
sweep = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sweep)

PROPERTY = """
from hypothesis import given, strategies as st

@given(st.integers(0, 10**6))
def test_holds(x):
    assert x <= 10**6

@given(st.integers(0, 10**6))
def test_fails_above_ten(x):
    assert x <= 10
"""
CONFTEST = """
import os
from hypothesis import settings
settings.register_profile("tiny", max_examples=10)
settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
"""


@pytest.mark.slow  # two pytest subprocesses (~10 s CPU)
def test_sweep_counts_examples_and_failing_seeds(tmp_path):
    (tmp_path / "test_prop.py").write_text(PROPERTY)
    (tmp_path / "conftest.py").write_text(CONFTEST)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "tools"), str(ROOT)]))
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools/property_sweep.py"), "--seed-list", "1,2"]
        + ["--out", str(tmp_path / "table.txt"), "--logs", str(tmp_path / "logs")]
        + ["--profile", "tiny", str(tmp_path / "test_prop.py"), "--", "-p", "no:zigan_verify"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stdout + run.stderr  # a seed failed
    rows = {
        line.split()[0].split("::")[-1]: line.split()
        for line in run.stdout.splitlines()
        if "::" in line and not line.startswith("[")
    }
    assert rows["test_holds"][1:5] == ["2", "20", "10", "0"]  # 2 seeds x 10 examples, 0 failed
    assert rows["test_fails_above_ten"][4:6] == ["2", "[1,"]  # failed in seeds 1 and 2
    assert int(rows["test_fails_above_ten"][3]) > 1  # examples include the shrinking
    # the table file holds the seed lines and the same table; each seed's log its failure
    written = (tmp_path / "table.txt").read_text()
    assert "[sweep] seed 2:" in written
    assert "test_fails_above_ten" in written
    assert "1 failed" in (tmp_path / "logs/seed-1.log").read_text()


THREE = """
from hypothesis import given, strategies as st

@given(st.integers())
def test_a(x):
    pass

@given(st.integers())
def test_b(x):
    pass

@given(st.integers())
def test_c(x):
    pass
"""


@pytest.mark.slow  # one pytest run with two xdist workers (~5 s CPU)
def test_examples_are_counted_on_every_xdist_worker(tmp_path):
    """Under ``-- -n 2`` the rows come from the workers that ran the tests, not from the
    controller's copies of their reports (which saw no example: the ``min/seed`` column read 0).
    Three tests on two workers: xdist sends fewer than two per node round-robin, so both work."""
    pytest.importorskip("xdist")
    (tmp_path / "test_three.py").write_text(THREE)
    (tmp_path / "conftest.py").write_text(CONFTEST)
    extra = ["-p", "no:zigan_verify", "-n", "2"]
    rows, _ = sweep.run_seed(0, "tiny", [str(tmp_path / "test_three.py")], extra)
    assert {nodeid.split("::")[-1]: row["examples"] for nodeid, row in rows.items()} == {
        "test_a": 10,
        "test_b": 10,
        "test_c": 10,
    }  # the tiny profile's max_examples, each test once
    assert {row["worker"] for row in rows.values()} == {"gw0", "gw1"}
    assert all(row["outcome"] == "passed" and row["hypothesis"] for row in rows.values())


def test_merge_keeps_the_row_of_the_process_that_ran_the_test():
    """The xdist controller's row (outcome from the forwarded report, no examples) must not
    replace the worker's, whichever file comes last."""
    ran = {"examples": 7, "slowest": 0.2, "outcome": "passed", "hypothesis": True, "worker": "gw1"}
    worker = {"t::x": ran}
    controller = {"t::x": {"examples": 0, "slowest": 0.0, "outcome": "passed"}}
    for parts in ([worker, controller], [controller, worker]):
        assert sweep.merge_rows(parts) == worker
    # a test that never reached its call (setup error, crashed worker): the report-only row
    assert sweep.merge_rows([{}, controller]) == controller


def test_table_counts_a_strict_xfail_as_expected():
    rows = {"t::x": {"examples": 3, "slowest": 0.5, "outcome": "xfailed", "hypothesis": True}}
    text, failed = sweep.table({0: rows, 1: rows})
    assert not failed
    assert "(xfail)" in text


def test_options_after_the_double_dash_go_to_pytest_and_keep_the_default_paths(monkeypatch):
    """``property_sweep.py -- -n 2`` runs ``properties -n 2``, not ``-n 2`` on the whole suite."""
    calls = []
    monkeypatch.setattr(
        sweep,
        "run_seed",
        lambda seed, profile, paths, extra, log: calls.append((paths, extra)) or ({}, 0.0),
    )
    sweep.main(["--seed-list", "0", "--", "-n", "2"])
    sweep.main(["--seed-list", "0", "properties/test_theorem3.py"])
    assert calls == [(["properties"], ["-n", "2"]), (["properties/test_theorem3.py"], [])]


@pytest.mark.slow  # a loopback Dask cluster and four pytest subprocesses (~30 s wall)
def test_seeds_on_dask_give_the_serial_rows(tmp_path):
    pytest.importorskip("distributed")
    from zigan_verify.experiments.dask_sweep import loopback_cluster

    (tmp_path / "test_prop.py").write_text(PROPERTY)
    (tmp_path / "conftest.py").write_text(CONFTEST)
    path = os.pathsep.join([str(ROOT / "tools"), str(ROOT)])
    env = dict(os.environ, PYTHONPATH=path)
    args = [sys.executable, str(ROOT / "tools/property_sweep.py"), "--seed-list", "1,2"]
    args += ["--profile", "tiny", str(tmp_path / "test_prop.py")]

    def sweep_rows(name, *more):
        out = tmp_path / f"{name}.json"
        run = subprocess.run(
            [*args, "--json", str(out), *more, "--", "-p", "no:zigan_verify"],
            env=env, capture_output=True, text=True, check=False, timeout=300,
        )  # fmt: skip
        assert run.returncode == 1, run.stdout + run.stderr  # test_fails_above_ten fails
        return {
            seed: {node: (row["examples"], row["outcome"]) for node, row in rows.items()}
            for seed, rows in json.loads(out.read_text()).items()
        }

    with loopback_cluster(tmp_path / "cluster", 2, env={"PYTHONPATH": path}) as (address, _):
        on_dask = sweep_rows("dask", "--scheduler", address)
    serial = sweep_rows("serial")
    assert on_dask == serial
    assert set(serial) == {"1", "2"}
