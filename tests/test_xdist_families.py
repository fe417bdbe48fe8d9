"""The xdist families of conftest.py (NOTE: [xdist groups]): which tests share a worker."""

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CLAIM_GROUPS, NODE_GROUPS, XDIST_GROUPS, xdist_family

ROOT = Path(__file__).resolve().parents[1]


def test_every_grouped_file_exists():
    """A renamed file would silently leave its family (and pay its cached work twice)."""
    assert [p for p in XDIST_GROUPS if not (ROOT / p).is_file()] == []
    for node in NODE_GROUPS:  # and a renamed test leaves its family the same way
        path, name = node.split("::")
        assert f"def {name}(" in (ROOT / path).read_text(), node


def test_families_of_node_ids():
    every = "tests/test_claims.py::test_check_reproduces_registered_verdict"
    assert xdist_family(f"{every}[000.B3.H_gg]") == xdist_family("tests/test_latex.py::t[zi]")
    assert xdist_family(f"{every}[002.thm1]") == "jare"
    fig1 = "tests/test_battery.py::test_dirac_gan_figure1_behaviour"
    assert xdist_family(fig1) == xdist_family(f"{every}[000.s4.fig1]") is not None
    assert xdist_family("tests/test_battery.py::test_broken_extragradient_is_flagged") is None
    assert xdist_family(f"{every}[004.eq7]") is None  # scheduled on its own
    assert xdist_family("tests/test_claims.py::test_claim_is_well_formed[002.thm1]") is None
    assert xdist_family("tests/test_games.py::test_x") is None
    # a family of claims exists to share its runs with other tests
    assert set(CLAIM_GROUPS.values()) <= {*XDIST_GROUPS.values(), *NODE_GROUPS.values()}


CRASH_CONFTEST = """
from zigan_verify.testing.xdist_families import FamilyScheduling

def pytest_xdist_make_scheduler(config, log):
    return FamilyScheduling(config, log, lambda nodeid: "fam" if "fam" in nodeid else None)
"""
CRASH_TESTS = """
import os

def test_fam_a(): pass
def test_fam_crash(): os._exit(1)
def test_fam_b(): pass
""" + "".join(f"def test_single_{i}(): pass\n" for i in range(10))


@pytest.mark.slow  # a pytest run with two workers and a replacement (~6 s CPU)
def test_a_crashed_worker_is_reported_and_the_rest_still_runs(tmp_path):
    """Under xdist's scope scheduler the crashed test went back to the queue with its family:
    the run hung (our scheduler) or re-ran the crash once per replacement worker (loadscope)."""
    pytest.importorskip("xdist")
    (tmp_path / "conftest.py").write_text(CRASH_CONFTEST)
    (tmp_path / "test_crash.py").write_text(CRASH_TESTS)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "-p", "no:cacheprovider", "-q", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    last = proc.stdout.strip().splitlines()[-1]
    assert "1 failed, 12 passed" in last, proc.stdout[-2000:]
    assert proc.stdout.count("test_fam_crash") >= 1
