"""Project-wide pytest set-up: float64 everywhere, one torch thread per xdist worker, and the
Hypothesis profiles.

Profiles (choose with ``HYPOTHESIS_PROFILE``): ``ci`` (default; derandomized, so CI is
deterministic), ``dev`` (fewer examples, derandomized), ``thorough`` (500 examples, random unless
``--hypothesis-seed`` fixes the seed; ``tools/property_sweep.py`` runs it for many seeds). Every
profile prints the ``@reproduce_failure`` blob of a failing example.

The Hypothesis storage (example database) lives outside the repository: in
``$HYPOTHESIS_STORAGE_DIRECTORY`` if set, else ``$XDG_CACHE_HOME/zigan-verify/hypothesis`` (default
``~/.cache/...``). Only ``thorough`` uses the database (derandomized profiles have none).

Under ``pytest -n auto`` (pytest-xdist) each worker gets one torch and one BLAS thread, so N workers
do not oversubscribe N cores; outcomes are those of a serial run because ``ci``/``dev`` derive each
test's seed from the test itself and ``thorough`` takes it from ``--hypothesis-seed``.

NOTE: [xdist groups]. Several test files repeat work that a process caches: SymPy's derivation of
the App. B.3 blocks (``symbolic.zigan.derived_block``, cached per block; all of them ~7 s CPU per
process), JARE's Jacobians, and the registered claims' checks (the ``registered_evidence``
fixture; ``NODE_GROUPS`` puts a test that reads one into that claim's family). Under xdist,
``pytest_xdist_make_scheduler`` keeps each family below on one worker, so a run pays for each
once instead of once per worker; every other test is distributed one by one, as xdist's default
``--dist load`` does.
"""

import importlib.util
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir


def pytest_configure(config):
    if getattr(config.option, "numprocesses", None) and not os.environ.get("PYTEST_XDIST_WORKER"):
        return  # the xdist controller runs no test: importing torch would only delay the workers
    import torch

    torch.set_default_dtype(torch.float64)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        from zigan_verify._runtime import set_threads

        set_threads(1)  # torch's and NumPy's BLAS threads (NOTE: [threads on a shared machine])


if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    _cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    set_hypothesis_home_dir(_cache / "zigan-verify" / "hypothesis")

_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.register_profile("ci", max_examples=25, derandomize=True, **_COMMON)
settings.register_profile("dev", max_examples=10, derandomize=True, **_COMMON)
settings.register_profile("thorough", max_examples=500, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# NOTE: [xdist groups]: test file -> the family whose cached work it shares
XDIST_GROUPS = {
    "zigan_verify/game/symbolic/zigan.py": "derive-000",  # its doctests
    "tests/test_symbolic_zigan.py": "derive-000",
    "tests/test_symbolic_loss.py": "derive-000",
    "tests/test_latex.py": "derive-000",
    "tests/test_jare_derivations.py": "jare",
    "tests/test_jare_claims.py": "jare",
    "tests/test_claims_issue13.py": "jare",
    "tests/test_lastlayer.py": "000.s6",
    "tests/test_global_landscape.py": "003",
}
# single tests -> family: a test that reads a registered check's evidence (``registered_evidence``)
# joins the family of that claim's run in tests/test_claims.py, so the check runs once
NODE_GROUPS = {"tests/test_battery.py::test_dirac_gan_figure1_behaviour": "000.s4.fig1"}
# claim id prefix -> family, for tests/test_claims.py's run of every registered check
CLAIM_GROUPS = {
    "000.B3.": "derive-000",
    "002.": "jare",
    "000.s6.": "000.s6",
    "003.": "003",
    "000.s4.fig1": "000.s4.fig1",
}
_EVERY_CHECK = "tests/test_claims.py::test_check_reproduces_registered_verdict["


def xdist_family(nodeid: str) -> str | None:
    """The family a test belongs to (NOTE: [xdist groups]), or None: scheduled on its own."""
    if nodeid.startswith(_EVERY_CHECK):
        claim = nodeid[len(_EVERY_CHECK) : -1]
        return next((g for p, g in CLAIM_GROUPS.items() if claim.startswith(p)), None)
    if nodeid in NODE_GROUPS:
        return NODE_GROUPS[nodeid]
    return XDIST_GROUPS.get(nodeid.split("::", 1)[0])


if importlib.util.find_spec("xdist"):

    def pytest_xdist_make_scheduler(config, log):
        """Under xdist's default ``--dist load``: a scope per family and one per other test
        (:mod:`zigan_verify.testing.xdist_families`)."""
        if config.getoption("dist") != "load":
            return None  # the user chose a mode: xdist's own scheduler
        from zigan_verify.testing.xdist_families import FamilyScheduling

        return FamilyScheduling(config, log, xdist_family)


@pytest.fixture(scope="session")
def registered_evidence():
    """``claim id -> Evidence`` of the registered check, run once per test process: tests that
    assert different things of one check's evidence share the run (NOTE: [xdist groups])."""
    from functools import cache

    from zigan_verify.claims import get_claim, run_check

    return cache(lambda claim_id: run_check(get_claim(claim_id)))
