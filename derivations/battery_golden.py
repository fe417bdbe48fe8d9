"""Write ``zigan_verify/battery/golden.json``: the expected battery outcome of every built-in.

Where a theorem predicts the outcome it is derived here (the characteristic polynomials of
``zigan_verify.battery._theory`` on the battery's own instances, and the claims of 000 §4, §5, §6);
``tests/test_battery.py`` re-derives those entries and fails if the file disagrees. Where no
theorem speaks (adaptive and regularized methods) the entry is a *regression baseline*: the
outcome measured when the method was added, marked as such in its ``why``.

Run: ``python derivations/battery_golden.py`` (then review the diff).
"""

import json
import pathlib

from zigan_verify._float64 import float64_default
from zigan_verify.battery import CHECKS
from zigan_verify.battery._candidate import builtin_candidates
from zigan_verify.battery._registry import derived_expectations
from zigan_verify.battery._theory import POLYNOMIALS, baseline_expectation

OUT = pathlib.Path(__file__).resolve().parents[1] / "zigan_verify" / "battery" / "golden.json"


def main() -> None:
    with float64_default():  # NOTE: [float64 verification]
        _write()


def _write() -> None:
    expectations = {}
    for name, candidate in builtin_candidates().items():
        derived = derived_expectations(name)
        entry = {}
        for check, (fn, _claim, _) in CHECKS.items():
            if check in derived:
                entry[check] = derived[check]
            else:
                entry[check] = baseline_expectation(check, fn(candidate), name)
        expectations[name] = entry
    doc = {
        "about": "Expected battery outcomes of the built-in optimizers; written by derivations/battery_golden.py",
        "linear_theory": sorted(POLYNOMIALS),
        "expectations": expectations,
    }
    OUT.write_text(json.dumps(doc, indent=2) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
