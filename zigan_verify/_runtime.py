r"""torch's intra-op thread count and compute device, chosen deliberately for the CLI.

NOTE: [threads on a shared machine]
torch starts one intra-op thread per core. The closed forms are many small matrix products
(``32 x 3000`` at App. C's size, ``16 x 32`` for the 864-parameter Hessian), and torch's workers
spin-wait between them: when another process holds a core, every small op waits for a
descheduled worker, and the same code runs several times slower than on one thread
(``benchmarks/bench_hessian.py`` measures both). So the thread count is an explicit choice:
``--threads N`` or ``ZIGAN_THREADS=N`` (one per pytest-xdist worker, or 1 on a busy machine);
unset keeps torch's default. The BLAS under NumPy and SciPy (each wheel bundles its own
OpenBLAS) does the same, so :func:`set_threads` limits its pools too (threadpoolctl): two
``check -j 2`` workers with two BLAS threads each spent 26.5 s CPU on the fast checks, with one
18.3 s; 003's checks (SciPy L-BFGS-B on a few variables) 0.40 s with two and 0.11 s with one.

NOTE: [one device for the products]
``--device`` (``cpu`` default, ``cuda`` when present) sets :func:`device_scope` for the command;
code that runs float64 products asks :func:`current_device` (the paper-scale spectrum,
:mod:`zigan_verify.analysis.paper_scale`; the landscape spectra, :func:`zigan_verify.analysis.spectrum.top_k`)
and :func:`on_device` moves its tensors there. The eigensolvers (scipy) keep their vectors on
the host: one copy each way per product.

Public: :func:`set_threads`, :func:`resolve_device`, :func:`device_scope`,
:func:`current_device`, :func:`on_device`, :func:`add_runtime_options`, :func:`with_runtime`.
"""

from __future__ import annotations

import argparse
import functools
import os
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from zigan_verify._errors import ZiganError

if TYPE_CHECKING:  # torch is imported where it is used, so the CLI's parser stays light
    import torch

__all__ = [
    "THREADS_ENV",
    "add_runtime_options",
    "current_device",
    "device_scope",
    "on_device",
    "resolve_device",
    "set_threads",
    "with_runtime",
]

THREADS_ENV = "ZIGAN_THREADS"


def set_threads(n: int | str | None = None) -> int:
    """Set torch's intra-op thread count and NumPy's/SciPy's BLAS and OpenMP pools to ``n``, or
    to ``$ZIGAN_THREADS`` when ``n`` is None (unset: the defaults are kept). Returns torch's
    count in effect (NOTE: [threads on a shared machine])."""
    import torch

    if n is None:
        n = os.environ.get(THREADS_ENV)
    if n is not None:
        try:
            n = int(n)
        except ValueError:
            raise ZiganError(f"threads must be a positive integer, got {n!r}") from None
        if n < 1:
            raise ZiganError(f"threads must be a positive integer, got {n}")
        torch.set_num_threads(n)
        _limit_blas(n)
    return torch.get_num_threads()


def _limit_blas(n: int) -> None:
    """NumPy's and SciPy's BLAS (each wheel bundles its own OpenBLAS) and OpenMP pools to ``n``
    threads; threadpoolctl limits the libraries loaded so far, so SciPy's is loaded first."""
    import scipy.linalg  # noqa: F401  (loads SciPy's BLAS)
    import threadpoolctl

    threadpoolctl.threadpool_limits(n)


def resolve_device(device: str | torch.device | None) -> torch.device:
    """``None`` -> cpu; ``cuda`` only when torch sees a GPU (else a clear :class:`ZiganError`)."""
    import torch

    if device is None:
        return torch.device("cpu")
    try:
        dev = torch.device(device)
    except (RuntimeError, TypeError):
        raise ZiganError(f"unknown device {device!r}; use cpu or cuda") from None
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ZiganError("device cuda requested but torch sees no GPU (use --device cpu)")
    if dev.type not in ("cpu", "cuda"):
        raise ZiganError(f"unsupported device {device!r}; use cpu or cuda")
    return dev


_DEVICE: ContextVar[torch.device | None] = ContextVar("zigan_device", default=None)


@contextmanager
def device_scope(device: torch.device | str | None):
    """Inside the block, :func:`current_device` is ``device`` (checked by :func:`resolve_device`)."""
    token = _DEVICE.set(resolve_device(device))
    try:
        yield
    finally:
        _DEVICE.reset(token)


def current_device() -> torch.device:
    """The device set by the innermost :func:`device_scope` (the CLI's ``--device``), else cpu."""
    import torch

    return _DEVICE.get() or torch.device("cpu")


def on_device(tensor: torch.Tensor, device: torch.device | None = None) -> torch.Tensor:
    """``tensor`` as float64 on ``device`` (default :func:`current_device`); no copy if there."""
    import torch

    return torch.as_tensor(tensor).to(device or current_device(), torch.float64)


def add_runtime_options(parser: argparse.ArgumentParser) -> None:
    """``--threads`` and ``--device`` on a subcommand (NOTE: [threads on a shared machine])."""
    parser.add_argument(
        "--threads",
        default=None,
        help=f"torch intra-op threads (default ${THREADS_ENV}, else torch's own choice)",
    )
    parser.add_argument(
        "--device",
        default=None,
        help="cpu (default) or cuda: where the float64 products of the spectra run",
    )


def with_runtime(command: Callable[[argparse.Namespace], int]):
    """Wrap a subcommand so that ``--threads`` and ``--device`` are in effect while it runs."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        set_threads(args.threads)
        with device_scope(args.device):
            return command(args)

    return run
