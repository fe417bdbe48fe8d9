"""Baselines: record a candidate's battery outcomes and numbers once, fail when a later version
departs from them (in the style of pytest-regressions / syrupy snapshots).

NOTE: [battery baselines]
A baseline file is JSON: ``{"zigan_baseline": 1, "candidate", "behaves_like", "recorded_with",
"checks": {check: {"expect", "why", "numbers": {key: {"value", "tol", "why"}}, "baseline":
true}}}``, the same shape as ``golden.json``'s expectations, so the comparison is the battery's
own. Every outcome is recorded and compared exactly; numbers with a tolerance derived, at
recording time, from the precision and the conditioning of what was measured:

* ``rho`` (radius of the linearized update map): ``10 x`` the Bauer-Fike bound
  ``kappa_2(V) (||J - J'||_2 + n eps ||J||_2)`` of NOTE: [radius error bound] (at least
  ``RHO_FLOOR``): a well-conditioned map's radius is pinned to ~1e-9, a nearly defective one's
  honestly less;
* ``iterates`` (the first 20 iterates): ``10 x`` NOTE: [iterate error bound], ``K max(1, A) 64 eps
  (1 + max |z|)`` with the amplification ``A`` of a start perturbation measured on the run;
* ``unit_ratio`` / ``tiny_ratio`` (NOTE: [battery adam moments]): ``RATIO_TOL`` (rounding of
  iterate differences, ~1e-15 relative, with margin);
* ``drift`` (fixed points): ``FIXED_TOL``; ``relative_violation`` (000 §6 invariant):
  ``INVARIANT_BOUND`` when the invariant held, else ``10 x`` the rounding of its value.

The factor 10 covers a platform's different rounding (BLAS, vectorized kernels) and an
implementation's reordered arithmetic; a one-line bug moves these numbers by orders of magnitude
more (the self-test's ``test_battery_novel.py``).
"""

from __future__ import annotations

import json
import math
import os
import pathlib

import numpy as np
import torch

from zigan_verify._errors import ZiganError
from zigan_verify._version import __version__
from zigan_verify.battery._theory import number

__all__ = ["BASELINE_VERSION", "load_baseline", "record_baseline", "write_baseline"]

BASELINE_VERSION = 1
MARGIN = 10.0  # platform rounding and reordered arithmetic (see NOTE: [battery baselines])
RHO_FLOOR = 1e-12  # below this the radius's own rounding (eps times a few) dominates
EPS = float(np.finfo(np.float64).eps)


def _numbers(check: str, data: dict) -> dict:
    """The recorded numbers of one check with their derived tolerances."""
    from zigan_verify.battery import _adam as A
    from zigan_verify.battery._checks import INVARIANT_BOUND
    from zigan_verify.battery._novel import FIXED_TOL

    out = {}
    rho, err = data.get("rho"), data.get("rho_err")
    if rho is not None and math.isfinite(rho):
        err = err if err is not None and math.isfinite(err) else math.inf
        tol = max(RHO_FLOOR, MARGIN * err)
        out["rho"] = number(rho, tol, f"recorded; 10 x Bauer-Fike bound {err:.1e}")
    if "iterates" in data:
        tol = MARGIN * data.get("iterates_err", math.inf)
        out["iterates"] = number(data["iterates"], tol, "recorded; 10 x rounding x amplification")
    for key in ("unit_ratio", "tiny_ratio"):
        if key in data:
            out[key] = number(data[key], A.RATIO_TOL, "recorded; rounding of iterate differences")
    if "drift" in data:
        out["drift"] = number(data["drift"], FIXED_TOL, "recorded; 64 ulps a step")
    if "relative_violation" in data:
        value = data["relative_violation"]
        tol = INVARIANT_BOUND if value <= INVARIANT_BOUND else MARGIN * 1e3 * EPS * value
        out["relative_violation"] = number(value, tol, "recorded; rounding over 200 steps")
    return out


def record_baseline(candidate, results) -> dict:
    """A baseline document from ``results`` (the candidate's :class:`CheckResult` rows); rows
    with an ``error`` verdict are refused: a baseline of a crash guards nothing."""
    broken = [r.check for r in results if r.verdict == "error"]
    if broken:
        raise ZiganError(
            f"cannot record a baseline of {candidate.name}: check(s) {', '.join(broken)} "
            "raised errors; fix them first"
        )
    checks = {
        r.check: {
            "expect": r.outcome,
            "why": f"recorded baseline of {candidate.name}: {r.evidence}",
            "numbers": _numbers(r.check, r.data),
            "baseline": True,
        }
        for r in results
    }
    return {
        "zigan_baseline": BASELINE_VERSION,
        "candidate": candidate.name,
        "behaves_like": candidate.behaves_like,
        "recorded_with": {"zigan_verify": __version__, "torch": torch.__version__},
        "checks": checks,
    }


def write_baseline(path, document: dict, *, merge: bool = True) -> None:
    """Write ``document`` to ``path`` (checks merged into an existing baseline when ``merge``,
    so recording one check at a time builds the whole file); atomic replace."""
    path = pathlib.Path(path)
    if merge and path.exists():
        old = load_baseline(path)
        document = {**document, "checks": {**old["checks"], **document["checks"]}}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n")
    os.replace(tmp, path)


def load_baseline(path) -> dict:
    """Read and validate a baseline file; any problem is one :class:`ZiganError` line."""
    path = pathlib.Path(path)
    try:
        doc = json.loads(path.read_text())
    except FileNotFoundError:
        raise ZiganError(
            f"no baseline at {path}: record one first (zigan-verify optimizer ... "
            "--save-baseline FILE, or pytest --zigan-record)"
        ) from None
    except (OSError, ValueError) as exc:
        raise ZiganError(f"cannot read baseline {path}: {exc}") from None
    if not isinstance(doc, dict) or doc.get("zigan_baseline") != BASELINE_VERSION:
        raise ZiganError(
            f"{path} is not a zigan-verify baseline (version {BASELINE_VERSION}): "
            "record it again with --save-baseline / --zigan-record"
        )
    if not isinstance(doc.get("checks"), dict):
        raise ZiganError(f"{path}: baseline has no 'checks' object")
    return doc
