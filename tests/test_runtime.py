"""Thread count and device selection (zigan_verify._runtime, NOTE: [threads on a shared machine])."""

import os

import numpy as np
import pytest
import torch

from zigan_verify._errors import ZiganError
from zigan_verify._runtime import (
    THREADS_ENV,
    current_device,
    device_scope,
    on_device,
    resolve_device,
    set_threads,
)
from zigan_verify.interfaces.cli import main


@pytest.fixture
def restore_threads():
    before = torch.get_num_threads()
    yield
    set_threads(before)  # torch's and the BLAS pools' (under xdist: 1, see conftest.py)


def test_threads_limit_numpy_blas_too(restore_threads):
    """NOTE: [threads on a shared machine]: the BLAS under NumPy/SciPy follows torch's count, both ways."""
    import threadpoolctl

    for n in (min(2, os.cpu_count() or 1), 1):  # OpenBLAS caps a pool at the cores it saw
        set_threads(n)
        pools = [p for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]
        assert pools
        assert {p["num_threads"] for p in pools} == {n}, pools


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


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["check", "--claim", "000.B5.spectrum.paper"], id="check"),
        pytest.param(["landscape", "no_such_module:target"], id="landscape"),
        pytest.param(["reproduce", "fig2", "-o", "{tmp}"], id="reproduce"),
    ],
)
def test_device_cuda_without_a_gpu_is_one_error_line(argv, tmp_path, capsys, restore_threads):
    """``--device cuda`` where torch sees no GPU: exit 2 and one ``zigan-verify: error:`` line,
    before any work (the target is not even imported, no output is written)."""
    out = tmp_path / "out"
    argv = [a.replace("{tmp}", str(out)) for a in argv]
    assert main([*argv, "--device", "cuda"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("zigan-verify: error:")
    assert "cuda" in err[0]
    assert not out.exists()


def test_device_scope_sets_the_current_device():
    """NOTE: [one device for the products]: the scope nests and resets; bad names are refused."""
    assert current_device() == torch.device("cpu")
    with device_scope("cpu"):
        assert current_device() == torch.device("cpu")
        assert on_device(torch.ones(2, dtype=torch.float32)).dtype == torch.float64
    assert current_device() == torch.device("cpu")
    with pytest.raises(ZiganError, match="device"), device_scope("tpu9"):
        pass


def _small_game():
    from zigan_verify.game.games import Game

    C = torch.randn(240, 240, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    return Game.zero_sum(
        lambda w: w[:120] @ C[:120, 120:] @ w[120:] + 0.1 * (w**2).sum(), n_theta=120, dim=240
    )


def test_top_k_is_device_agnostic_on_cpu():
    """The same spectrum with the device given, taken from the scope, or defaulted (ARPACK path:
    dim 240 > dense_max); a game whose tensors live elsewhere is one clear ZiganError."""
    from zigan_verify.analysis.spectrum import top_k

    game, point = _small_game(), torch.zeros(240, dtype=torch.float64)
    ref = top_k(game, point, 4, dense_max=200)
    assert not ref.dense
    with device_scope("cpu"):
        scoped = top_k(game, point, 4, dense_max=200)
    given = top_k(game, point, 4, device=torch.device("cpu"), dense_max=200)
    for got in (scoped, given):
        np.testing.assert_array_equal(got.eigenvalues, ref.eigenvalues)


def test_top_k_names_a_game_on_another_device():
    """A game whose tensors live on another device than ``--device`` (torch's own mismatch error,
    simulated: no GPU here) is reported as one ZiganError line naming the game and device."""
    from zigan_verify.analysis.spectrum import top_k
    from zigan_verify.game.games import Game

    def f(w):
        raise RuntimeError("Expected all tensors to be on the same device, cuda:0 and cpu!\n...")

    game = Game.zero_sum(f, n_theta=2, dim=4, name="mine")
    with pytest.raises(ZiganError, match=r"^mine: its tensors are not on meta \(Expected.*cpu!\)$"):
        top_k(game, torch.zeros(4), 2, device=torch.device("meta"))
