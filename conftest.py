"""Project-wide pytest set-up: float64 everywhere and the Hypothesis profiles.

Profiles (choose with ``HYPOTHESIS_PROFILE``): ``ci`` (default; derandomized, so CI is
deterministic), ``dev`` (fewer examples), ``thorough`` (many more examples, on demand).
"""

import os

import torch
from hypothesis import HealthCheck, settings

torch.set_default_dtype(torch.float64)

_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=25, derandomize=True, print_blob=True, **_COMMON)
settings.register_profile("dev", max_examples=10, derandomize=True, **_COMMON)
settings.register_profile("thorough", max_examples=500, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
