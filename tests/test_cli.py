"""The ``zigan-verify`` command line, in process: verdict table, JSON, errata, and the one-line
contract for every user error (NOTE: [one-line contract] in zigan_verify/interfaces/_cli_guard.py).

The same cases through the installed console script, as a subprocess (pipes, signals, closed
descriptors), are in ``test_cli_edges.py``.
"""

import errno
import io
import json
import signal
import sys
import textwrap

import pytest

from zigan_verify._errors import ZiganError
from zigan_verify.interfaces.cli import ExitCode, main

FAST = "000.s5.1.updates"  # ~0.1 s
CHEAP = ("000.s4.vec", "000.s5.3.blocks")  # ~0.03 s each


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ZIGAN_VERIFY_CACHE_DIR", str(tmp_path / "cache"))


def _one_error_line(err: str) -> str:
    """The ``zigan-verify: error:`` line, after at most argparse's usage line(s)."""
    lines = err.strip().splitlines()
    assert "Traceback" not in err
    errors = [line for line in lines if line.startswith("zigan-verify: error: ")]
    assert len(errors) == 1, err
    assert all(line.startswith(("usage:", " ")) for line in lines[: lines.index(errors[0])]), err
    assert lines[-1] == errors[0]
    return errors[0].removeprefix("zigan-verify: error: ")


def test_check_prints_table(capsys):
    assert main(["check", "--claim", FAST, "--claim", "002.s7.image_tables"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert FAST in out
    assert "verified" in out
    assert "pending" in out


def test_check_json(capsys):
    assert main(["check", "--json", "--claim", FAST, "-j", "1"]) == ExitCode.OK
    rep = json.loads(capsys.readouterr().out)
    (row,) = rep["claims"]
    assert row["id"] == FAST
    assert row["verdict"] == row["registered"] == "verified"
    assert row["agrees"] is True
    assert row["data"]["max_abs_diff"] < 1e-12
    assert row["paper"]["short"] == "Zero-Infinity GAN"
    assert rep["summary"]["verified"] == rep["summary"]["total"] == 1
    assert rep["exit_code"] == 0


def test_check_fails_when_verdict_disagrees(monkeypatch, capsys):
    from zigan_verify.claims import Evidence, Status

    monkeypatch.setattr(
        "zigan_verify.interfaces._check_runner.run_check",
        lambda c: Evidence(Status.REFUTED, "forced"),
    )
    assert main(["check", "--claim", FAST, "-j", "1", "--width", "200"]) == ExitCode.CHECK_FAILED
    assert "registered verified" in capsys.readouterr().out


def test_parallel_and_serial_runs_agree(capsys):
    """The worker pool gives each claim the verdict, evidence and data of the in-process run."""
    argv = ["check", "--json", *(a for c in (*CHEAP, FAST) for a in ("--claim", c))]
    assert main([*argv, "-j", "1"]) == ExitCode.OK
    serial = json.loads(capsys.readouterr().out)
    assert main([*argv, "-j", "2"]) == ExitCode.OK
    parallel = json.loads(capsys.readouterr().out)
    assert (serial["jobs"], parallel["jobs"]) == (1, 2)
    timing = ("seconds", "cpu_seconds")
    strip = [{k: v for k, v in row.items() if k not in timing} for row in serial["claims"]]
    assert strip == [
        {k: v for k, v in row.items() if k not in timing} for row in parallel["claims"]
    ]
    assert [row["id"] for row in parallel["claims"]] == [*CHEAP, FAST]  # registry order kept


def test_output_file_and_table(tmp_path, capsys):
    out = tmp_path / "report.json"
    assert main(["check", "--claim", CHEAP[0], "--output", str(out)]) == ExitCode.OK
    assert CHEAP[0] in capsys.readouterr().out  # the table still goes to stdout
    assert json.loads(out.read_text())["claims"][0]["id"] == CHEAP[0]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_errata_lists_findings(capsys):
    assert main(["errata"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "CONDITIONAL" in out
    assert "000.s4.vec" not in out  # verified with its convention stated: not a finding
    assert "000.B3.H_wtheta" in out
    assert "corrected:" in out


def test_claims_lists_registry(capsys):
    assert main(["claims"]) == ExitCode.OK
    assert "003.thm1" in capsys.readouterr().out


def test_version(capsys):
    from zigan_verify import __version__

    assert main(["--version"]) == ExitCode.OK
    assert capsys.readouterr().out.strip() == f"zigan-verify {__version__}"


def test_help_documents_every_exit_code(capsys):
    assert main(["--help"]) == ExitCode.OK
    out = capsys.readouterr().out
    for code in ExitCode:
        assert f"  {int(code):<4d} {code.describe()}" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["check", "--claim", "000.nope"], "unknown claim '000.nope'", id="claim"),
        pytest.param(["latex", "--loss", "wgan"], "unknown loss 'wgan'", id="loss"),
        pytest.param(
            ["latex", "-o", "/nonexistent-dir/x.tex"], "/nonexistent-dir/x.tex", id="path"
        ),
        pytest.param(
            ["check", "--claim", FAST, "--output", "/nonexistent-dir/r.json"],
            "cannot write JSON report to '/nonexistent-dir/r.json'",
            id="output",
        ),
        pytest.param([], "the following arguments are required: command", id="no-command"),
        pytest.param(["--bogus", "claims"], "unrecognized arguments: --bogus", id="top-option"),
        pytest.param(["check", "--bogus"], "unrecognized arguments: --bogus", id="sub-option"),
        pytest.param(["check", "-j", "0"], "argument -j/--jobs: must be >= 1, got 0", id="jobs"),
        pytest.param(["check", "-j", "x"], "expected an integer, got 'x'", id="jobs-type"),
        pytest.param(["check", "--scale", "huge"], "invalid choice: 'huge'", id="choice"),
        pytest.param(["figure", "isotropic"], "required: -o/--output", id="sub-required"),
        pytest.param(["optimizer", "nope"], "MODULE:ATTRIBUTE", id="spec"),
        pytest.param(["optimizer", "tau_eg", "--check", "x"], "unknown check 'x'", id="check"),
    ],
)
def test_user_errors_are_one_line(argv, message, capsys):
    assert main(argv) == ExitCode.USAGE_ERROR
    assert message in _one_error_line(capsys.readouterr().err)


class _FailingStdout(io.StringIO):
    def __init__(self, err: int):
        super().__init__()
        self.err = err

    def write(self, text):
        raise OSError(self.err, "simulated")


def test_broken_pipe_is_quiet(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", _FailingStdout(errno.EPIPE))
    assert main(["claims"]) == ExitCode.BROKEN_PIPE
    assert capsys.readouterr().err == ""


def test_full_stdout_is_one_line(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", _FailingStdout(errno.ENOSPC))
    assert main(["check", "--json", "--claim", CHEAP[0]]) == ExitCode.USAGE_ERROR
    assert _one_error_line(capsys.readouterr().err) == "cannot write to standard output: simulated"


def test_closed_stdout_is_one_line(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["claims"]) == ExitCode.USAGE_ERROR
    assert _one_error_line(capsys.readouterr().err) == (
        "cannot write to standard output: Bad file descriptor"
    )


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["check", "--help"]])
def test_help_on_closed_stdout_is_one_line(monkeypatch, capsys, args):
    """argparse would swallow the failed write and exit 0 (`zigan-verify --help >&-`)."""
    monkeypatch.setattr(sys, "stdout", None)
    assert main(args) == ExitCode.USAGE_ERROR
    assert _one_error_line(capsys.readouterr().err) == (
        "cannot write to standard output: Bad file descriptor"
    )


PLUGINS = {
    "exit0": "import sys\nsys.exit(0)\n",
    "kbd": "raise KeyboardInterrupt\n",
    "base": "class Boom(BaseException):\n    pass\nraise Boom('hostile')\n",
    "exc": "raise RuntimeError('broken plugin')\n",
    "runexit": "import sys\ndef make(eta, tau):\n    sys.exit(3)\n",
    "noisy": "print('noise')\nfrom zigan_verify.optim.minimax import tau_eg as make\n",
    "sigint": "import os, signal\nos.kill(os.getpid(), signal.SIGINT)\n",
}


@pytest.fixture
def plugins(tmp_path, monkeypatch):
    for name, text in PLUGINS.items():
        (tmp_path / f"zv_hostile_{name}.py").write_text(textwrap.dedent(text))
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    for name in PLUGINS:
        sys.modules.pop(f"zv_hostile_{name}", None)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param("exit0", "raised SystemExit(0) while loading", id="SystemExit"),
        pytest.param("kbd", "raised KeyboardInterrupt while loading", id="KeyboardInterrupt"),
        pytest.param("base", "raised Boom: hostile while loading", id="BaseException"),
        pytest.param("exc", "RuntimeError: broken plugin", id="Exception"),
        pytest.param(
            "runexit",
            "raised SystemExit(3) while loading (import and one trial step)",
            id="SystemExit-in-step",
        ),
    ],
)
def test_hostile_plugins_are_named(plugins, name, message, capsys):
    spec = f"zv_hostile_{name}:make"
    assert main(["optimizer", spec, "--check", "hygiene", "--json"]) == ExitCode.USAGE_ERROR
    captured = capsys.readouterr()
    line = _one_error_line(captured.err)
    assert f"'zv_hostile_{name}" in line
    assert message in line
    assert captured.out == ""  # what the plugin prints goes to stderr, not into the report


def test_plugin_output_goes_to_stderr(plugins, capsys):
    assert main(["optimizer", "zv_hostile_noisy:make", "--check", "hygiene", "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "noise\n"
    assert json.loads(captured.out)["checks"][0]["verdict"] == "pass"


def test_real_sigint_is_an_interrupt(plugins, tmp_path, capsys):
    """A SIGINT delivered to the process (here by the plugin at import) is Ctrl-C, not a plugin
    fault: exit 130, one line, and the --output file is not created."""
    out = tmp_path / "r.json"
    argv = ["optimizer", "zv_hostile_sigint:make", "--output", str(out)]
    before = signal.getsignal(signal.SIGINT)  # SIG_IGN when pytest runs as a background job
    assert main(argv) == ExitCode.INTERRUPTED
    assert capsys.readouterr().err == "zigan-verify: interrupted\n"
    assert not out.exists()
    assert signal.getsignal(signal.SIGINT) is before  # handler restored


def _write_then_interrupt(path, text):
    path.write_text(text)
    raise KeyboardInterrupt


def test_interrupted_writer_leaves_no_partial_file(tmp_path):
    from zigan_verify.interfaces._cli_guard import atomic_output, removed_if_interrupted

    target = tmp_path / "doc.tex"
    with pytest.raises(KeyboardInterrupt), atomic_output(target, "LaTeX document") as tmp:
        _write_then_interrupt(tmp, "half")
    assert list(tmp_path.iterdir()) == []
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt), removed_if_interrupted(target):
        _write_then_interrupt(target, "half written")
    assert not target.exists()
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt), removed_if_interrupted(target):
        raise KeyboardInterrupt  # untouched: kept
    assert target.read_text() == "old"


def test_figure_writes_an_image(tmp_path, capsys):
    out = tmp_path / "iso.png"
    assert main(["figure", "isotropic", "-o", str(out), "--steps", "20", "--population"]) == 0
    assert out.read_bytes()[:4] == b"\x89PNG"


class _RecordingProgress:
    """Stands in for rich's Progress: records what the bar would show."""

    shown: list[tuple[str | None, int]] = []

    def __init__(self, *args, disable: bool, **kwargs):
        assert not disable  # the bar is on: stderr is a terminal

    def start(self):
        pass

    def stop(self):
        pass

    def add_task(self, description, total):
        self.shown.append((description, total))
        return 0

    def update(self, task, description=None, advance=0):
        self.shown.append((description, advance))


@pytest.fixture
def progress(monkeypatch):
    import zigan_verify.interfaces._console as cli  # the progress bars live with the console

    monkeypatch.setattr(cli, "stream_is_tty", lambda stream: True)
    monkeypatch.setattr(cli, "Progress", _RecordingProgress)
    _RecordingProgress.shown = []
    return _RecordingProgress.shown


def test_figure_shows_progress_on_a_terminal(tmp_path, capsys, progress):
    out = tmp_path / "iso.png"
    assert main(["figure", "isotropic", "-o", str(out), "--steps", "3", "--population"]) == 0
    assert progress[0] == ("figure", 3)
    trained = [d for d, _ in progress if d and d.startswith("figure: training")]
    assert trained == [f"figure: training {m} (3 steps)" for m in ("simgd", "conopt", "jare")]
    assert sum(a for d, a in progress[1:] if d is None) == 3
    from zigan_verify.experiments import jare_isotropic as jare_experiment

    assert (
        jare_experiment.run.__module__ == "zigan_verify.experiments.jare_isotropic"
    )  # unwrapped again


def test_optimizer_shows_progress_on_a_terminal(capsys, progress):
    assert main(["optimizer", "tau_eg", "--check", "hygiene", "--json"]) == ExitCode.OK
    assert progress[0] == ("battery: tau_eg", 1)
    assert ("battery: hygiene", 0) in progress
    assert sum(a for _, a in progress[1:]) == 1


def test_figure_bad_steps_and_path(capsys):
    assert main(["figure", "isotropic", "-o", "/tmp/x.png", "--steps", "0"]) == 2
    assert "--steps must be >= 1, got 0" in capsys.readouterr().err
    assert main(["figure", "isotropic", "-o", "/nonexistent-dir/x.png", "--steps", "2"]) == 2
    assert "cannot write figure to '/nonexistent-dir/x.png'" in capsys.readouterr().err


def test_runner_keeps_order_and_runs_slow_claims_here(monkeypatch):
    """Slow claims run in this process (with the progress hook), after the pool; results keep
    the order given (NOTE: [parallel checks])."""
    import dataclasses
    import os

    from zigan_verify.claims import Evidence, get_claim
    from zigan_verify.interfaces import _check_runner as _runner

    slow = dataclasses.replace(get_claim(CHEAP[0]), slow=True)
    pids = {}

    def fake_run_check(claim):
        pids[claim.id, claim.slow] = os.getpid()
        return Evidence(claim.status, "fake")

    monkeypatch.setattr(_runner, "run_check", fake_run_check)
    done = []
    runs = _runner.run_checks([slow, get_claim(FAST)], jobs=1, on_done=done.append)
    assert [r.claim.id for r in runs] == [CHEAP[0], FAST]
    assert [r.claim.id for r in done] == [FAST, CHEAP[0]]  # the slow one last
    assert set(pids.values()) == {os.getpid()}
    assert all(r.agrees and r.seconds >= 0 for r in runs)
    with pytest.raises(ZiganError, match="jobs must be >= 1, got 0"):
        _runner.run_checks([slow], jobs=0)


def test_reproduce_choices_are_the_experiments():
    """The parser names 000 §7's figures and scales without importing the experiment (torch)."""
    from zigan_verify.experiments import zigan_s7
    from zigan_verify.interfaces import cli

    assert cli.REPRODUCE_FIGURES == tuple(zigan_s7.FIGURES)
    assert cli.REPRODUCE_SCALES == tuple(zigan_s7.SCALES)
