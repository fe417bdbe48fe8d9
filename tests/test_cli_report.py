"""The ``--json`` reports and their shipped schemas (NOTE: [report schema]), the claim test index
(NOTE: [claim test index]) and the on-disk proof cache (NOTE: [proof cache])."""

import json
import math
import pathlib
import textwrap

import jsonschema
import numpy as np
import pytest
import sympy as sp
import torch

from zigan_verify import _disk_cache
from zigan_verify.claims import Status, registry
from zigan_verify.claims._test_index import scan
from zigan_verify.claims._test_index import tests_of as claim_tests
from zigan_verify.interfaces import report
from zigan_verify.interfaces.cli import ExitCode, main

ROOT = pathlib.Path(__file__).resolve().parents[1]
# cheap claims (< 0.1 s each) covering verified, conditional, erratum and pending rows
CLAIMS = ("000.s5.1.updates", "002.s4.equilibrium", "002.appA.cor2_proof", "002.s7.image_tables")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ZIGAN_VERIFY_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def check_report():
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["check", "--json", "-j", "1", *(a for c in CLAIMS for a in ("--claim", c))])
    assert status == ExitCode.OK
    return json.loads(out.getvalue())


def test_check_report_validates(check_report):
    report.validate(check_report)
    assert check_report["command"] == "check"
    assert [row["id"] for row in check_report["claims"]] == list(CLAIMS)
    statuses = {row["id"]: row["verdict"] for row in check_report["claims"]}
    assert sorted(statuses.values()) == ["conditional", "erratum", "pending", "verified"]
    summary = check_report["summary"]
    assert summary["total"] == summary["agree"] == len(CLAIMS)
    assert sum(summary[s.value] for s in Status) == summary["total"]


def test_check_rows_carry_registry_fields(check_report):
    for row in check_report["claims"]:
        claim = registry()[row["id"]]
        assert row["registered"] == claim.status.value
        assert row["where"] == claim.where
        assert row["statement"] == claim.statement
        assert row["correction"] == (claim.correction or None)
        assert row["paper"]["file"] == claim.paper
        assert row["tests"] == claim_tests(claim.id)
        if claim.status is not Status.PENDING:
            assert row["tests"], "a decided claim has tests"
            assert row["seconds"] > 0
            assert row["cpu_seconds"] > 0


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda r: r.pop("schema_version"), id="no-schema-version"),
        pytest.param(lambda r: r.update(schema_version="2.0"), id="major-version"),
        pytest.param(lambda r: r.update(exit_code=7), id="undocumented-exit-code"),
        pytest.param(lambda r: r.update(extra=1), id="unknown-top-field"),
        pytest.param(lambda r: r["summary"].pop("erratum"), id="summary-count"),
        pytest.param(lambda r: r["claims"][0].update(verdict="true"), id="bad-verdict"),
        pytest.param(lambda r: r["claims"][0].pop("tests"), id="no-tests"),
        pytest.param(lambda r: r["claims"][0]["paper"].pop("title"), id="paper-title"),
        pytest.param(lambda r: r["claims"][0].update(seconds=-1.0), id="negative-seconds"),
        pytest.param(lambda r: r["claims"][0].pop("cpu_seconds"), id="no-cpu-seconds"),
        pytest.param(lambda r: r["claims"][0].update(data=[1]), id="data-not-object"),
    ],
)
def test_schema_rejects_damaged_reports(check_report, damage):
    """Negative control: the schema is strict enough to catch each of these."""
    damaged = json.loads(json.dumps(check_report))
    damage(damaged)
    with pytest.raises(jsonschema.ValidationError):
        report.validate(damaged)


def test_optimizer_report_validates(capsys):
    assert main(["optimizer", "tau_eg", "--check", "hygiene", "--json"]) == ExitCode.OK
    rep = json.loads(capsys.readouterr().out)
    report.validate(rep)
    assert rep["candidate"] == {"name": "tau_eg", "behaves_like": "tau_eg"}
    assert rep["summary"]["pass"] == rep["summary"]["total"] == 1
    damaged = {**rep, "checks": [{**rep["checks"][0], "verdict": "ok"}]}
    with pytest.raises(jsonschema.ValidationError):
        report.validate(damaged)


def test_every_report_satisfies_the_envelope():
    envelope = report.schema("report")
    names = {
        p.name for p in (ROOT / "zigan_verify" / "interfaces" / "schemas").glob("*.schema.json")
    }
    assert {"report.schema.json", "check.schema.json", "optimizer.schema.json"} <= names
    for name in names - {"report.schema.json"}:
        assert json.loads((ROOT / "zigan_verify" / "interfaces" / "schemas" / name).read_text())[
            "$ref"
        ] == ("report.schema.json")
    jsonschema.Draft202012Validator.check_schema(envelope)


def test_jsonable_makes_strict_json():
    value = {
        "nan": math.nan,
        "inf": -math.inf,
        "tuple": (1, 2.5),
        (2, 3): "tuple key",
        "np": np.float64(0.5),
        "arr": np.arange(3),
        "bool": np.bool_(True),
        "tensor": torch.tensor([1.0, 2.0]),
        "status": Status.ERRATUM,
        "exact": sp.Rational(1, 3),
    }
    out = report.jsonable(value)
    assert out == {
        "nan": "NaN",
        "inf": "-Infinity",
        "tuple": [1, 2.5],
        "(2, 3)": "tuple key",
        "np": 0.5,
        "arr": [0, 1, 2],
        "bool": True,
        "tensor": [1.0, 2.0],
        "status": "erratum",
        "exact": "1/3",
    }
    json.dumps(out, allow_nan=False)


def test_schemas_and_index_are_package_data():
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    data = config["tool"]["setuptools"]["package-data"]
    assert data["zigan_verify.interfaces.schemas"] == ["*.schema.json"]
    assert data["zigan_verify.claims"] == ["tests.json"]
    assert any(dep.startswith("jsonschema") for dep in config["project"]["dependencies"])


def test_shipped_claim_test_index_is_current():
    shipped = json.loads((ROOT / "zigan_verify" / "claims" / "tests.json").read_text())
    assert shipped == scan(ROOT), (
        "claims/tests.json is stale: run python -m zigan_verify.claims._test_index"
    )


def test_index_scanner_finds_every_marker_form(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(
        textwrap.dedent(
            """
            import pytest
            pytestmark = pytest.mark.claim("m")
            CASES = [pytest.param(1, marks=pytest.mark.claim("p"), id="one")]

            @pytest.mark.claim("d")
            def test_d():
                pass

            @pytest.mark.parametrize("x", CASES)
            def test_p(x):
                pass

            class TestC:
                @pytest.mark.claim("d")
                def test_m(self):
                    pass

            @pytest.mark.parametrize("y", [pytest.param(2, marks=pytest.mark.claim("q"), id="two")])
            def test_q(y):
                pass
            """
        )
    )
    assert scan(tmp_path) == {
        "d": ["tests/test_x.py::TestC::test_m", "tests/test_x.py::test_d"],
        "m": ["tests/test_x.py"],
        "p": ["tests/test_x.py::test_p[one]"],
        "q": ["tests/test_x.py::test_q[two]"],
    }


def _cached(calls, depends=("zigan_verify.interfaces.report",)):
    def compute():
        calls.append(1)
        return {"value": 42}

    return _disk_cache.cached("test", "entry", compute, encode=dict, decode=dict, depends=depends)


def test_cache_off_hit_miss(tmp_path):
    calls = []
    assert _cached(calls) == ({"value": 42}, "off")  # off unless the CLI turns it on
    with _disk_cache.using(True):
        assert _cached(calls)[1] == "miss"
        assert _cached(calls) == ({"value": 42}, "hit")
    assert len(calls) == 2
    (entry,) = (tmp_path / "cache").glob("test-*/entry.json")
    entry.write_text("{corrupt")
    with _disk_cache.using(True):
        assert _cached(calls)[1] == "miss"  # a corrupt entry is recomputed
    assert len(calls) == 3


def test_cache_key_follows_versions_and_source(monkeypatch):
    from zigan_verify import _version

    key = _disk_cache._key(("zigan_verify.interfaces.report",))
    assert _disk_cache._key(("zigan_verify.interfaces.cli",)) != key  # other source
    _disk_cache._key.cache_clear()
    monkeypatch.setattr(_version, "__version__", "99.0")
    assert _disk_cache._key(("zigan_verify.interfaces.report",)) != key  # other release
    monkeypatch.setattr(sp, "__version__", "0.0")
    _disk_cache._key.cache_clear()
    other_sympy = _disk_cache._key(("zigan_verify.interfaces.report",))
    monkeypatch.undo()
    _disk_cache._key.cache_clear()
    assert other_sympy != key
    assert _disk_cache._key(("zigan_verify.interfaces.report",)) == key


def test_unwritable_cache_only_recomputes(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("ZIGAN_VERIFY_CACHE_DIR", str(blocker / "sub"))  # cannot be a folder
    calls = []
    with _disk_cache.using(True):
        assert _cached(calls) == ({"value": 42}, "miss")
        assert _cached(calls)[1] == "miss"
    assert len(calls) == 2


def test_check_block_reads_proofs_from_the_cache(monkeypatch):
    """The App. B.3 check proves each form once; the next run reads the same Proof back."""
    from zigan_verify.checks import derivatives
    from zigan_verify.game.symbolic import zigan

    calls = []
    real = zigan.Proof

    def fake_prove(name, form):
        calls.append((name, form))
        return real(name, form, ((zigan.Dims(2, 2, 1, 2, 1), form != "printed", "why"),), 0.5)

    monkeypatch.setattr(zigan, "prove", fake_prove)
    monkeypatch.setattr(derivatives, "_autograd_errors", lambda name: {"zi": 0.0, "js": 0.0})
    with _disk_cache.using(True):
        first = derivatives.check_block("H_ww")
        second = derivatives.check_block("H_ww")
    assert len(calls) == 3  # printed, corrected, general: once each
    assert (first.data["proof_cache"], second.data["proof_cache"]) == ("miss", "hit")
    assert first.verdict is second.verdict
    assert {k: v for k, v in first.data.items() if k != "proof_cache"} == {
        k: v for k, v in second.data.items() if k != "proof_cache"
    }
    assert derivatives.check_block("H_ww").data["proof_cache"] == "off"


def test_docs_document_exit_codes_and_schema():
    page = (ROOT / "docs" / "cli.md").read_text()  # the command line's page of the docs
    for code in ExitCode:
        assert f"| {int(code)} |" in page, f"exit code {int(code)} missing from docs/cli.md"
    assert "check.schema.json" in page
    assert "schema_version" in page
