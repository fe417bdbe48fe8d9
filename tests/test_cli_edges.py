"""The hidden edges, through the installed ``zigan-verify`` console script as a subprocess:
pipes, signals, closed and full descriptors, hostile plugins, bad paths, bad options.

Each case asserts NOTE: [one-line contract]: at most one ``zigan-verify: ...`` line on stderr
(after argparse's usage line), the documented exit status, no traceback. Every run pays the
start-up of Python + torch + SymPy (~5 s CPU), so the default run keeps two cases that only a
real process can show (a reader closing the pipe, Ctrl-C reaching the worker processes); the
rest are ``slow``. ``test_cli.py`` covers the same branches in process, cheaply.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import zigan_verify
from zigan_verify.interfaces import report
from zigan_verify.interfaces.cli import ExitCode

SCRIPT = shutil.which("zigan-verify", path=str(Path(sys.executable).parent))
CHEAP = "000.s4.vec"  # ~0.03 s
LONG = ("000.B3.eq5", "000.B3.H_gg")  # SymPy proofs, > 10 s from a cold cache

pytestmark = pytest.mark.skipif(
    SCRIPT is None, reason="the console script is not installed next to this Python"
)


@pytest.fixture
def env(tmp_path):
    root = str(Path(zigan_verify.__file__).resolve().parents[1])  # the code under test
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([root, str(tmp_path), os.environ.get("PYTHONPATH", "")]),
        "ZIGAN_VERIFY_CACHE_DIR": str(tmp_path / "cache"),
        "OMP_NUM_THREADS": "1",
    }


def _run(args, env, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [SCRIPT, *args], capture_output=True, text=True, env=env, timeout=300, check=False, **kwargs
    )


def _contract(stderr: str, line: str | None) -> None:
    """stderr is argparse's usage (if any) then exactly ``line`` (None: nothing at all)."""
    assert "Traceback" not in stderr, stderr
    assert "Exception ignored" not in stderr, stderr  # a failed flush at interpreter shutdown
    lines = [s for s in stderr.splitlines() if not s.startswith(("usage:", " "))]
    assert lines == ([] if line is None else [line]), stderr


def test_closed_pipe_is_quiet(env):
    """`check --json | head -c 0`: the reader is gone before the report is written."""
    proc = subprocess.Popen(
        [SCRIPT, "check", "--json", "--claim", CHEAP],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    proc.stdout.close()  # long before the child has imported torch
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == ExitCode.BROKEN_PIPE
    _contract(err, None)


def _children(pid: int) -> set[int]:
    tasks = Path(f"/proc/{pid}/task")
    return {int(c) for t in tasks.iterdir() for c in (t / "children").read_text().split()}


@pytest.mark.slow  # ~4 s CPU in its child (imports, preload, two workers started) and ~7 s wall
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_ctrl_c_during_parallel_check(env, tmp_path):
    """Ctrl-C (SIGINT to the process group) while workers prove: one line, 130, the workers
    gone and no --output file."""
    out = tmp_path / "report.json"
    args = ["check", "-j", "2", "--output", str(out), *(a for c in LONG for a in ("--claim", c))]
    proc = subprocess.Popen(
        [SCRIPT, *args], stderr=subprocess.PIPE, env=env, text=True, start_new_session=True
    )
    deadline = time.monotonic() + 240
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = _children(proc.pid)
    assert len(workers) >= 2, "the worker pool never started"
    time.sleep(0.5)  # the workers are now inside their checks
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == ExitCode.INTERRUPTED
    _contract(err, "zigan-verify: interrupted")
    assert not out.exists()
    assert not list(tmp_path.glob(".report.json*"))
    time.sleep(0.5)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()]
    assert not alive, f"worker processes left running: {alive}"


# Holds up the process's first `import torch` (NOTE: [lazy package]) until SIGINT arrives.
SLOW_TORCH = textwrap.dedent(
    """
    import importlib.abc, os, pathlib, sys, time

    class SlowTorch(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "torch":
                sys.meta_path.remove(self)
                pathlib.Path(os.environ["ZV_MARKER"]).write_text("importing torch")
                time.sleep(120)
            return None

    sys.meta_path.insert(0, SlowTorch())
    """
)


def test_package_and_cli_import_neither_torch_nor_sympy(env):
    """NOTE: [lazy package]: what the console script imports before run() handles Ctrl-C, and the
    pytest plugin that every pytest run on the machine loads."""
    code = (
        "import sys, zigan_verify, zigan_verify.interfaces.cli, zigan_verify.interfaces.pytest_plugin; "
        "zigan_verify.interfaces.cli._parser(); "  # so --help, --version and usage errors answer at once
        "print(sorted({'torch', 'sympy', 'hypothesis'} & set(sys.modules)))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert (proc.returncode, proc.stdout.strip()) == (0, "[]"), proc.stderr


def test_ctrl_c_while_importing_torch(env, tmp_path):
    """Ctrl-C in the first second or two, while Python imports torch: still the one line."""
    hook, marker = tmp_path / "hook", tmp_path / "marker"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SLOW_TORCH)
    env = {**env, "PYTHONPATH": f"{hook}{os.pathsep}{env['PYTHONPATH']}", "ZV_MARKER": str(marker)}
    proc = subprocess.Popen(
        [SCRIPT, "check", "--claim", CHEAP],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the command never imported torch"
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, out) == (ExitCode.INTERRUPTED, "")
    _contract(err, "zigan-verify: interrupted")


# ---- slow: one subprocess each --------------------------------------------------------------


@pytest.mark.slow
def test_version(env):
    proc = _run(["--version"], env)
    assert (proc.returncode, proc.stdout.strip()) == (0, f"zigan-verify {zigan_verify.__version__}")
    _contract(proc.stderr, None)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "line"),
    [
        pytest.param(["--bogus", "claims"], "unrecognized arguments: --bogus", id="top-option"),
        pytest.param(["check", "--bogus"], "unrecognized arguments: --bogus", id="sub-option"),
        pytest.param(["check", "-j", "0"], "argument -j/--jobs: must be >= 1, got 0", id="jobs"),
        pytest.param(
            ["check", "--claim", "bogus"],
            "unknown claim 'bogus'; `zigan-verify claims` lists them",
            id="claim",
        ),
        pytest.param(
            ["check", "--claim", CHEAP, "--output", "/nonexistent-dir/r.json"],
            "cannot write JSON report to '/nonexistent-dir/r.json': No such file or directory",
            id="bad-path",
        ),
    ],
)
def test_bad_options_and_paths(env, args, line):
    proc = _run(args, env)
    assert proc.returncode == ExitCode.USAGE_ERROR
    _contract(proc.stderr, f"zigan-verify: error: {line}")


@pytest.mark.slow
@pytest.mark.parametrize("args", [["claims"], ["check", "--json", "--claim", CHEAP]])
def test_full_stdout(env, args):
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [SCRIPT, *args], stdout=full, stderr=subprocess.PIPE, text=True, env=env, check=False
        )
    assert proc.returncode == ExitCode.USAGE_ERROR
    _contract(
        proc.stderr, "zigan-verify: error: cannot write to standard output: No space left on device"
    )


@pytest.mark.slow
@pytest.mark.parametrize("args", [["claims"], ["--help"], ["--version"]])
def test_closed_stdout(env, args):
    """`zigan-verify claims >&-`: descriptor 1 closed from the start (argparse's own printing
    of --help / --version would exit 0)."""
    proc = subprocess.run(
        [SCRIPT, *args],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert proc.returncode == ExitCode.USAGE_ERROR
    _contract(
        proc.stderr, "zigan-verify: error: cannot write to standard output: Bad file descriptor"
    )


PLUGINS = {
    "zv_exit0": "import sys\nsys.exit(0)\n",
    "zv_kbd": "raise KeyboardInterrupt\n",
    "zv_base": "class Boom(BaseException):\n    pass\nraise Boom('hostile')\n",
    "zv_sleepy": textwrap.dedent(
        """
        import os, pathlib, time
        pathlib.Path(os.environ["ZV_MARKER"]).write_text("importing")
        time.sleep(120)
        """
    ),
}


@pytest.fixture
def plugins(tmp_path):
    for name, text in PLUGINS.items():
        (tmp_path / f"{name}.py").write_text(text)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "what"),
    [
        pytest.param("zv_exit0", "SystemExit(0)", id="SystemExit"),
        pytest.param("zv_kbd", "KeyboardInterrupt", id="KeyboardInterrupt"),
        pytest.param("zv_base", "Boom: hostile", id="BaseException"),
    ],
)
def test_hostile_plugin(env, plugins, module, what):
    proc = _run(["optimizer", f"{module}:make", "--json"], env)
    assert proc.returncode == ExitCode.USAGE_ERROR
    assert proc.stdout == ""
    _contract(
        proc.stderr,
        f"zigan-verify: error: optimizer plugin '{module}:make' raised {what} while loading (import and one trial step)",
    )


@pytest.mark.slow
def test_ctrl_c_during_plugin_import(env, plugins, tmp_path):
    marker, out = tmp_path / "marker", tmp_path / "o.json"
    proc = subprocess.Popen(
        [SCRIPT, "optimizer", "zv_sleepy:make", "--output", str(out)],
        stderr=subprocess.PIPE,
        text=True,
        env={**env, "ZV_MARKER": str(marker)},
        start_new_session=True,
    )
    deadline = time.monotonic() + 240
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == ExitCode.INTERRUPTED
    _contract(err, "zigan-verify: interrupted")
    assert not out.exists()


@pytest.mark.slow
def test_output_file_validates(env, tmp_path):
    out = tmp_path / "r.json"
    proc = _run(["check", "--json", "--claim", CHEAP, "--output", str(out)], env)
    assert (proc.returncode, proc.stdout) == (0, "")
    _contract(proc.stderr, None)
    report.validate(json.loads(out.read_text()))
