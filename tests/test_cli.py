"""The ``zigan-verify`` command line: verdict table, JSON, errata, and one-line user errors."""

import json
import os
import subprocess
import sys

import pytest

from zigan_verify.cli import main

FAST = "000.s5.1.updates"


def test_check_prints_table(capsys):
    assert main(["check", "--claim", FAST, "--claim", "003.thm1"]) == 0
    out = capsys.readouterr().out
    assert FAST in out
    assert "verified" in out
    assert "pending" in out


def test_check_json(capsys):
    assert main(["check", "--json", "--claim", FAST]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["id"] == FAST
    assert row["verdict"] == row["registered"] == "verified"
    assert row["agrees"] is True
    assert row["data"]["max_abs_diff"] < 1e-12


def test_check_fails_when_verdict_disagrees(monkeypatch, capsys):
    from zigan_verify import claims
    from zigan_verify.claims import Evidence, Status

    monkeypatch.setattr(claims, "run_check", lambda c: Evidence(Status.REFUTED, "forced"))
    monkeypatch.setattr("zigan_verify.cli.run_check", claims.run_check)
    assert main(["check", "--claim", FAST]) == 1
    assert "registered verified" in capsys.readouterr().out


def test_errata_lists_findings(capsys):
    assert main(["errata"]) == 0
    out = capsys.readouterr().out
    assert "CONDITIONAL" in out
    assert "000.s4.vec" in out
    assert "corrected:" in out


def test_claims_lists_registry(capsys):
    assert main(["claims"]) == 0
    assert "003.thm1" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["check", "--claim", "000.nope"], "unknown claim '000.nope'", id="claim"),
        pytest.param(["latex", "--loss", "wgan"], "unknown loss 'wgan'", id="loss"),
        pytest.param(
            ["latex", "-o", "/nonexistent-dir/x.tex"], "/nonexistent-dir/x.tex", id="path"
        ),
    ],
)
def test_user_errors_are_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("zigan-verify: error: ")
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_console_script_has_no_traceback():
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(
        [sys.executable, "-m", "zigan_verify.cli", "check", "--claim", "bogus"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip() == "zigan-verify: error: unknown claim 'bogus'"


def test_figure_writes_an_image(tmp_path, capsys):
    out = tmp_path / "iso.png"
    assert main(["figure", "isotropic", "-o", str(out), "--steps", "20", "--population"]) == 0
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_figure_bad_steps_and_path(capsys):
    assert main(["figure", "isotropic", "-o", "/tmp/x.png", "--steps", "0"]) == 2
    assert "--steps must be >= 1, got 0" in capsys.readouterr().err
    assert main(["figure", "isotropic", "-o", "/nonexistent-dir/x.png", "--steps", "2"]) == 2
    assert "cannot write figure to '/nonexistent-dir/x.png'" in capsys.readouterr().err
