"""Project-wide pytest set-up: float64 everywhere, one torch thread per xdist worker, and the
Hypothesis profiles.

Profiles (choose with ``HYPOTHESIS_PROFILE``): ``ci`` (default; derandomized, so CI is
deterministic), ``dev`` (fewer examples, derandomized), ``thorough`` (500 examples, random unless
``--hypothesis-seed`` fixes the seed; ``tools/property_sweep.py`` runs it for many seeds). Every
profile prints the ``@reproduce_failure`` blob of a failing example.

The Hypothesis storage (example database) lives outside the repository: in
``$HYPOTHESIS_STORAGE_DIRECTORY`` if set, else ``$XDG_CACHE_HOME/zigan-verify/hypothesis`` (default
``~/.cache/...``). Only ``thorough`` uses the database (derandomized profiles have none).

Under ``pytest -n auto`` (pytest-xdist) each worker gets one torch intra-op thread, so N workers
do not oversubscribe N cores; outcomes are those of a serial run because ``ci``/``dev`` derive each
test's seed from the test itself and ``thorough`` takes it from ``--hypothesis-seed``.
"""

import os
from pathlib import Path

import torch
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

torch.set_default_dtype(torch.float64)
if os.environ.get("PYTEST_XDIST_WORKER"):
    torch.set_num_threads(1)

if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    _cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    set_hypothesis_home_dir(_cache / "zigan-verify" / "hypothesis")

_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.register_profile("ci", max_examples=25, derandomize=True, **_COMMON)
settings.register_profile("dev", max_examples=10, derandomize=True, **_COMMON)
settings.register_profile("thorough", max_examples=500, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
