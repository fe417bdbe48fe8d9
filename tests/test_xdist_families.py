"""The xdist families of conftest.py (NOTE: [xdist groups]): which tests share a worker."""

from pathlib import Path

from conftest import CLAIM_GROUPS, XDIST_GROUPS, xdist_family

ROOT = Path(__file__).resolve().parents[1]


def test_every_grouped_file_exists():
    """A renamed file would silently leave its family (and pay its cached work twice)."""
    assert [p for p in XDIST_GROUPS if not (ROOT / p).is_file()] == []


def test_families_of_node_ids():
    every = "tests/test_claims.py::test_check_reproduces_registered_verdict"
    assert xdist_family(f"{every}[000.B3.H_gg]") == xdist_family("tests/test_latex.py::t[zi]")
    assert xdist_family(f"{every}[002.thm1]") == "jare"
    assert xdist_family(f"{every}[004.eq7]") is None  # scheduled on its own
    assert xdist_family("tests/test_claims.py::test_claim_is_well_formed[002.thm1]") is None
    assert xdist_family("tests/test_games.py::test_x") is None
    assert set(CLAIM_GROUPS.values()) <= set(XDIST_GROUPS.values())
