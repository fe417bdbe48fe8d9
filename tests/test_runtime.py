"""Thread count and device selection (zigan_verify._runtime, NOTE: [threads on a shared machine])."""

import pytest
import torch

from zigan_verify._errors import ZiganError
from zigan_verify._runtime import THREADS_ENV, resolve_device, set_threads
from zigan_verify.cli import main


@pytest.fixture
def restore_threads():
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


def test_threads_from_argument_then_environment(monkeypatch, restore_threads):
    assert set_threads(1) == 1
    monkeypatch.setenv(THREADS_ENV, "2")
    assert set_threads() == 2
    assert torch.get_num_threads() == 2
    assert set_threads(1) == 1  # the option wins over the environment


def test_unset_keeps_torch_default(monkeypatch, restore_threads):
    monkeypatch.delenv(THREADS_ENV, raising=False)
    torch.set_num_threads(1)
    assert set_threads() == 1


@pytest.mark.parametrize("bad", ["0", "-1", "two"])
def test_bad_thread_counts(bad, restore_threads):
    with pytest.raises(ZiganError, match="threads"):
        set_threads(bad)


def test_devices():
    assert resolve_device(None) == torch.device("cpu")
    assert resolve_device("cpu") == torch.device("cpu")
    with pytest.raises(ZiganError, match="device"):
        resolve_device("tpu9")
    if not torch.cuda.is_available():
        with pytest.raises(ZiganError, match="no GPU"):
            resolve_device("cuda")


@pytest.mark.parametrize("argv", [["--threads", "0"], ["--device", "nonsense"]])
def test_cli_rejects_bad_runtime_options(argv, capsys, restore_threads):
    assert main(["check", "--claim", "000.B5.spectrum.paper", *argv]) == 2
    assert capsys.readouterr().err.startswith("zigan-verify: error:")
