"""``-o``/``--output`` onto every kind of path (NOTE: [output files] in zigan_verify/interfaces/_cli_guard.py).

Each test runs in its own temporary directory; the only path outside it is ``/dev/full``
(a character device that always reports a full disk), used where the platform has it.
"""

import os
import stat
import threading

import pytest

from zigan_verify._errors import ZiganError
from zigan_verify.interfaces._cli_guard import atomic_output, write_text
from zigan_verify.interfaces.cli import ExitCode, main

CHEAP = "000.s4.vec"  # ~0.03 s


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ZIGAN_VERIFY_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_file_gets_the_umasks_permissions(tmp_path, umask_022):
    out = tmp_path / "report.json"
    write_text(out, "{}\n", "JSON report")
    assert out.read_text() == "{}\n"
    assert _mode(out) == 0o644  # mkstemp alone would give 0600
    os.umask(0o077)
    private = tmp_path / "private.json"
    write_text(private, "{}\n", "JSON report")
    assert _mode(private) == 0o600


def test_replaced_file_keeps_its_own_mode(tmp_path, umask_022):
    out = tmp_path / "shared.tex"
    out.write_text("old")
    out.chmod(0o664)
    write_text(out, "new", "LaTeX document")
    assert (out.read_text(), _mode(out)) == ("new", 0o664)


def test_symlink_is_kept_and_its_target_written(tmp_path, umask_022):
    target = tmp_path / "data" / "report.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    write_text(link, "new", "JSON report")
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert target.read_text() == "new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.json"]  # no temp left


def test_dangling_symlink_creates_its_target(tmp_path, umask_022):
    link = tmp_path / "latest.json"
    link.symlink_to(tmp_path / "made.json")
    write_text(link, "made", "JSON report")
    assert link.is_symlink()
    assert (tmp_path / "made.json").read_text() == "made"


def test_fifo_is_written_in_place(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    write_text(fifo, "through the pipe\n", "JSON report")
    reader.join(timeout=10)
    assert got == ["through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # not replaced by a regular file


def test_descriptor_path_is_written_in_place(tmp_path):
    """``/dev/fd/N`` (like ``/dev/stdout``) writes into the open file, not over a link."""
    if not os.path.isdir("/dev/fd"):
        pytest.skip("no /dev/fd on this platform")
    out = tmp_path / "captured.txt"
    with out.open("w") as opened:
        write_text(f"/dev/fd/{opened.fileno()}", "into the descriptor\n", "JSON report")
    assert out.read_text() == "into the descriptor\n"


def test_read_only_file_is_not_replaced(tmp_path):
    out = tmp_path / "frozen.json"
    out.write_text("keep")
    out.chmod(0o444)
    with pytest.raises(ZiganError, match=r"frozen\.json.*read-only \(mode 0444\)"):
        write_text(out, "new", "JSON report")
    assert out.read_text() == "keep"
    assert [p.name for p in tmp_path.iterdir()] == ["frozen.json"]


def _write_then_fail(path):
    path.write_text("half")
    raise RuntimeError


def test_failed_body_leaves_nothing(tmp_path):
    out = tmp_path / "doc.tex"
    with pytest.raises(RuntimeError), atomic_output(out, "LaTeX document") as tmp:
        _write_then_fail(tmp)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this platform")
def test_full_device_exits_2_and_stays_a_device(capsys):
    """``--output /dev/full``: written in place, ENOSPC is one error line and exit 2; the device
    node is not replaced (as root, a rename over it would succeed)."""
    assert main(["check", "--claim", CHEAP, "-j", "1", "--json", "--output", "/dev/full"]) == (
        ExitCode.USAGE_ERROR
    )
    err = capsys.readouterr().err
    assert err == "zigan-verify: error: cannot write JSON report to '/dev/full': " + (
        os.strerror(28) + "\n"
    )
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_cli_output_onto_a_symlink(tmp_path, capsys, umask_022):
    target = tmp_path / "r.json"
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert main(["check", "--claim", CHEAP, "-j", "1", "--json", "--output", str(link)]) == 0
    assert link.is_symlink()
    assert '"command": "check"' in target.read_text()
    assert _mode(target) == 0o644
