"""tools/property_sweep.py: its plugin counts and times examples; its table reports failures."""

import importlib.util
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
