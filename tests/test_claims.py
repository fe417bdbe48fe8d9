"""The claims registry itself (NOTE: [claims registry] in zigan_verify/claims/__init__.py)."""

import ast
import pathlib

import pytest

from zigan_verify.claims import PAPERS, Status, registry, run_check

ROOT = pathlib.Path(__file__).resolve().parents[1]
CLAIMS = registry()


def _marked_claim_ids() -> dict[str, list[str]]:
    """Literal ``pytest.mark.claim("<id>")`` uses in tests/ and properties/, by claim id."""
    found: dict[str, list[str]] = {}
    for folder in ("tests", "properties"):
        for path in sorted((ROOT / folder).rglob("test_*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and ast.unparse(node.func) == "pytest.mark.claim"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                ):
                    found.setdefault(node.args[0].value, []).append(path.name)
    return found


MARKED = _marked_claim_ids()


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
def test_check_reproduces_registered_verdict(claim):
    evidence = run_check(claim)
    assert evidence.verdict is claim.status, evidence.summary
    assert evidence.summary


def test_a_crashing_check_is_an_error_verdict(monkeypatch):
    claim = next(c for c in CLAIMS.values() if c.status is not Status.PENDING)

    def boom(*args):
        raise RuntimeError("broken check")

    monkeypatch.setattr(type(claim), "check_function", lambda self: boom)
    evidence = run_check(claim)
    assert evidence.verdict is Status.ERROR
    assert "broken check" in evidence.summary
