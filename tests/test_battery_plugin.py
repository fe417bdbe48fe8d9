"""The pytest plugin and ``zigan-verify optimizer`` tried as a new user would: an optimizer in a
file of the current directory (not installed), bad options, selection by marker and check."""

import os
import subprocess
import sys
import textwrap

import pytest

from zigan_verify.interfaces.cli import main

USER_OPT = """
    import torch
    from zigan_verify.optim.minimax import Optimizer

    def my_eg(eta, tau):
        def step(z, state, F):
            s = torch.ones_like(z)
            s[: F.n_x] = 1 / tau
            return z - eta * s * F(z - eta * s * F(z)), state
        return Optimizer(lambda z: (), step)
    my_eg.behaves_like = "tau_eg"

    def wrong_signature(eta):
        return None
"""


@pytest.fixture
def user_repo(tmp_path):
    (tmp_path / "user_opt.py").write_text(textwrap.dedent(USER_OPT))
    (tmp_path / "test_user.py").write_text("def test_users_own():\n    pass\n")
    return tmp_path


def _pytest(cwd, *args):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.slow  # a second pytest process (~9 s CPU)
def test_plugin_marker_check_selection_time_limit_and_readable_ids(user_repo):
    code, out, err = _pytest(
        user_repo,
        "-v",
        "-m",
        "zigan_battery",
        "--zigan-optimizer=user_opt:my_eg",
        "--zigan-check=quadratic_timescale",
        "--zigan-check=first_iterates",
        "--zigan-time-limit=120",
    )
    assert code == 0, out + err
    assert "zigan_battery/user_opt:my_eg::quadratic_timescale PASSED" in out
    assert "zigan_battery/user_opt:my_eg::first_iterates PASSED" in out
    assert "2 passed, 1 deselected" in out  # the user's own test is not selected by -m


@pytest.mark.slow  # a second pytest process (~9 s CPU); the CLI's error line is tested in-process
def test_plugin_bad_spec_is_one_usage_error_line(user_repo):
    code, out, err = _pytest(user_repo, "--co", "-q", "--zigan-optimizer=bad:spec")
    assert code == pytest.ExitCode.USAGE_ERROR
    lines = [line for line in err.strip().splitlines() if line]
    assert len(lines) == 1, err
    assert "zigan-verify: cannot import module 'bad'" in lines[0]
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    ("specs", "checks", "limit", "message"),
    [
        (["nope"], None, 60.0, "unknown built-in optimizer 'nope'; choose one of adam_eg"),
        (["user_opt:wrong_signature"], None, 60.0, "must be a factory make(eta, tau)"),
        (
            ["tau_eg"],
            ["nope"],
            60.0,
            "unknown battery check 'nope'; choose one of adam_moments, conditions, dirac_js",
        ),
        (["tau_eg"], None, 0.0, "--zigan-time-limit must be finite and > 0, got 0.0"),
        (["tau_eg"], None, 1e9, "--zigan-time-limit must be at most 86400 s"),
    ],
)
def test_plugin_option_errors(user_repo, monkeypatch, specs, checks, limit, message):
    from zigan_verify.interfaces.pytest_plugin import prepare

    monkeypatch.chdir(user_repo)
    monkeypatch.setattr(sys, "path", list(sys.path))
    with pytest.raises(pytest.UsageError, match="^zigan-verify: ") as info:
        prepare(specs, checks, limit)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_cli_imports_from_the_current_directory(user_repo, monkeypatch, capsys):
    """As ``python -m`` would: ``user_opt.py`` in the working directory, not installed."""
    monkeypatch.chdir(user_repo)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", str(user_repo))])
    monkeypatch.delitem(sys.modules, "user_opt", raising=False)
    assert main(["optimizer", "user_opt:my_eg", "--check", "quadratic_timescale"]) == 0
    assert "pass" in capsys.readouterr().out
    assert main(["optimizer", "user_opt:wrong_signature"]) == 2
    assert "user_opt:wrong_signature must be a factory make(eta, tau)" in capsys.readouterr().err


LATE_EXIT = """
    import torch
    from zigan_verify.optim.minimax import Optimizer

    CALLS = [0]

    def make(eta, tau):
        def step(z, state, F):
            CALLS[0] += 1
            if CALLS[0] > {after}:  # the loader's trial step passes; a battery check's run does not
                raise SystemExit(3)
            return z - eta * F(z), state
        return Optimizer(lambda z: (), step)
"""


@pytest.mark.parametrize("after", [1, 10**9], ids=["exits-in-a-check", "control-never-exits"])
def test_plugin_exiting_inside_a_battery_check_names_the_check(
    user_repo, monkeypatch, capsys, after
):
    """A ``SystemExit`` raised by the plugin after loading is a user error naming the check, exit 2;
    the same plugin that never exits runs the check to a verdict."""
    (user_repo / "late_exit.py").write_text(
        textwrap.dedent(LATE_EXIT).replace("{after}", str(after))
    )
    monkeypatch.chdir(user_repo)
    monkeypatch.delitem(sys.modules, "late_exit", raising=False)
    code = main(["optimizer", "late_exit:make", "--check", "first_iterates"])
    err = capsys.readouterr().err
    if after == 1:
        assert code == 2
        assert (
            "zigan-verify: error: optimizer plugin 'late_exit:make' raised SystemExit(3) "
            "in battery check 'first_iterates'" in err
        )
        assert "Traceback" not in err
    else:
        assert code in (0, 1)  # a verdict (GDA behaving unlike its label is the battery's call)
        assert "SystemExit" not in err
