"""Reports a reader can navigate: table width from --width/$COLUMNS, filters (--claim globs,
--paper, --status) on check/claims/errata, "did you mean", author-year citations, the fast/slow
split beside every count, and repository paths for the tests in the JSON (zigan_verify.interfaces.cli,
zigan_verify.claims._select)."""

import json

import jsonschema
import pytest

from zigan_verify._errors import ZiganError
from zigan_verify.claims import PAPER_INFO, Status, get_claim, registry
from zigan_verify.claims._select import select, split_text
from zigan_verify.interfaces import report
from zigan_verify.interfaces.cli import ExitCode, main

CHEAP = "000.s4.vec"  # ~0.03 s


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ZIGAN_VERIFY_CACHE_DIR", str(tmp_path / "cache"))


def _widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def test_width_follows_columns_and_the_option(monkeypatch, capsys):
    monkeypatch.delenv("COLUMNS", raising=False)
    assert main(["claims"]) == 0
    assert _widest(capsys.readouterr().out) == 200  # off a terminal, no $COLUMNS: 200
    monkeypatch.setenv("COLUMNS", "90")
    assert main(["claims"]) == 0
    assert _widest(capsys.readouterr().out) == 90
    assert main(["errata", "--width", "70"]) == 0
    assert _widest(capsys.readouterr().out) <= 70


def test_filters_by_paper_status_and_glob():
    claims = registry().values()
    jare_errata = select(claims, papers=["002"], statuses=["erratum"])
    assert jare_errata
    assert all(c.id.startswith("002.") and c.status is Status.ERRATUM for c in jare_errata)
    assert select(claims, papers=["jare"]) == select(claims, papers=["002"])  # by name
    b3 = select(claims, patterns=["000.B3.H_*"])
    assert b3
    assert all(c.id.startswith("000.B3.H_") for c in b3)
    # the given order of exact ids is kept; a glob adds its matches once
    named = select(claims, patterns=["000.s4.vec", "000.s4.*"])
    assert named[0].id == "000.s4.vec"
    assert len({c.id for c in named}) == len(named)
    with pytest.raises(ZiganError, match="names no paper; the papers are 000"):
        select(claims, papers=["nosuch"])
    with pytest.raises(ZiganError, match=r"'999\.\*' matches no claim"):
        select(claims, patterns=["999.*"])


def test_cli_filters(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["claims", "--paper", "002", "--status", "erratum"]) == 0
    out = capsys.readouterr().out
    assert "002.cor2" in out
    assert "000.B3" not in out
    assert main(["errata", "--claim", "000.B3.*"]) == 0
    out = capsys.readouterr().out
    assert "000.B3.H_wtheta" in out
    assert "002." not in out
    assert main(["check", "--claim", "000.s4.v*", "-j", "1", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rep["claims"]] == ["000.s4.vec"]
    assert main(["claims", "--status", "refuted", "--paper", "001"]) == ExitCode.USAGE_ERROR
    assert "no registered claim matches" in capsys.readouterr().err


def test_unknown_claim_suggests_close_ids(capsys):
    assert main(["check", "--claim", "000.thm"]) == ExitCode.USAGE_ERROR
    err = capsys.readouterr().err
    assert err.startswith("zigan-verify: error: unknown claim '000.thm'; did you mean 000.thm")
    with pytest.raises(ZiganError, match="claims` lists them"):
        get_claim("zzz")


def test_reports_cite_author_year_not_files(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    for argv in (["claims"], ["errata"]):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "Lee & Kim 2025" in out
        assert ".txt" not in out
    for paper in PAPER_INFO.values():
        assert paper.year.isdigit()
        assert paper.year_basis  # where the year comes from
        assert paper.year in paper.citation
        assert paper.title in paper.citation
    assert get_claim("000.B3.H_wtheta").cited.startswith("Lee & Kim 2025, ")


def test_latex_findings_cite_author_year():
    from zigan_verify.interfaces import latex

    items = "".join(p for p in latex.errata_section() if isinstance(p, str))
    assert "Lee \\& Kim 2025" in items
    assert "000\\_a5bf" not in items
    assert "Nie \\& Patel (2019)" in latex.sources_section()


def test_every_count_states_the_fast_slow_split(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")
    slow = sum(c.slow for c in registry().values())
    assert slow  # the registry has slow claims, so default `check` and `errata` counts differ
    assert main(["claims"]) == 0
    assert split_text(list(registry().values())) in capsys.readouterr().out
    assert main(["errata"]) == 0
    out = capsys.readouterr().out
    assert "`check` counts only the claims it ran" in out
    assert "fast (run by `check`)" in out
    assert main(["check", "--claim", CHEAP, "-j", "1"]) == 0
    out = capsys.readouterr().out
    assert "1 claims checked" in out
    assert f"{len(registry()) - 1} other registered claims not run here" in out


def test_json_marks_tests_as_repository_paths(capsys):
    assert main(["check", "--claim", CHEAP, "-j", "1", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    report.validate(rep)
    assert rep["tests_location"] == "repository"
    assert rep["summary"]["fast"] + rep["summary"]["slow"] == rep["summary"]["total"]
    assert all(t.startswith(("tests/", "properties/")) for t in rep["claims"][0]["tests"])
    with pytest.raises(jsonschema.ValidationError):
        report.validate({**rep, "tests_location": "package"})
    without = {k: v for k, v in rep.items() if k != "tests_location"}
    with pytest.raises(jsonschema.ValidationError):
        report.validate(without)
