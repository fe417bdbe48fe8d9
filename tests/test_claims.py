"""The claims registry itself (NOTE: [claims registry] in zigan_verify/claims/__init__.py)."""

import pathlib
import re

import pytest

from zigan_verify.claims import PAPERS, Status, registry, run_check
from zigan_verify.claims._test_index import scan

ROOT = pathlib.Path(__file__).resolve().parents[1]
CLAIMS = registry()
# A measured count the registry text quotes ("3/7 runs") must be one the check still reports.
_COUNT = re.compile(r"\b(\d+/\d+) (?:runs|draws|points|games|cases|seeds|converged)\b")
_COUNTED_PAPERS = ("000", "001", "002")  # papers whose registry text follows this convention


def unreproduced_counts(text: str, summary: str) -> list[str]:
    """Counts ``k/m`` quoted in ``text`` (followed by a count noun) missing from ``summary``."""
    have = set(re.findall(r"\b\d+/\d+\b", summary))
    return [count for count in _COUNT.findall(text) if count not in have]


MARKED = scan(ROOT)  # claim id -> the node ids of its @pytest.mark.claim tests


def test_every_checked_claim_has_a_test():
    missing = [
        cid for cid, c in CLAIMS.items() if c.status is not Status.PENDING and cid not in MARKED
    ]
    assert not missing, f"registered claims with no @pytest.mark.claim test: {missing}"


def test_every_marker_names_a_registered_claim():
    unknown = sorted(set(MARKED) - set(CLAIMS))
    assert not unknown, f"@pytest.mark.claim ids not in the registry: {unknown}"


@pytest.mark.parametrize("claim", CLAIMS.values(), ids=lambda c: c.id)
def test_claim_is_well_formed(claim):
    assert claim.id.split(".", 1)[0] in PAPERS
    assert claim.status is not Status.ERROR, "error is a check outcome, never a registered status"
    assert claim.statement
    assert claim.where
    if claim.status is Status.PENDING:
        assert not claim.check, "a pending claim has no check yet"
    else:
        assert claim.check, "a decided claim names the check that decided it"
        assert callable(claim.check_function())
    if claim.status in (Status.ERRATUM, Status.CONDITIONAL, Status.REFUTED):
        assert claim.correction, "errata, conditions and counterexamples are written down"


@pytest.mark.parametrize(
    "claim",
    [c for c in CLAIMS.values() if c.status is not Status.PENDING and not c.slow],
    ids=lambda c: c.id,
)
def test_check_reproduces_registered_verdict(claim, registered_evidence):
    evidence = registered_evidence(claim.id)
    assert evidence.verdict is claim.status, evidence.summary
    assert evidence.summary
    if claim.id[:3] in _COUNTED_PAPERS:
        text = f"{claim.statement} {claim.correction}"
        assert not unreproduced_counts(text, evidence.summary), evidence.summary


def test_a_quoted_count_the_check_no_longer_reports_is_caught():
    """Negative control of the count comparison: 000.s6.limit's text with '3/7 runs' changed."""
    summary = "converged in n=1: 12/12, n=2: 3/7 runs; smallest in 3/3"
    assert unreproduced_counts("12/12 runs and 3/7 runs; 3/3 converged", summary) == []
    assert unreproduced_counts("12/12 runs and 1/4 runs", summary) == ["1/4"]
    assert unreproduced_counts("eta^2 mu_max/tau = 1/2 and lambda + 1/4", summary) == []


def test_a_crashing_check_is_an_error_verdict(monkeypatch):
    claim = next(c for c in CLAIMS.values() if c.status is not Status.PENDING)

    def boom(*args):
        raise RuntimeError("broken check")

    monkeypatch.setattr(type(claim), "check_function", lambda self: boom)
    evidence = run_check(claim)
    assert evidence.verdict is Status.ERROR
    assert "broken check" in evidence.summary
