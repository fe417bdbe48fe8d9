r"""torch's intra-op thread count and compute device, chosen deliberately for the CLI.

NOTE: [threads on a shared machine]
torch starts one intra-op thread per core. The closed forms are many small matrix products
(``32 x 3000`` at App. C's size, ``16 x 32`` for the 864-parameter Hessian), and torch's workers
spin-wait between them: when another process holds a core, every small op waits for a
descheduled worker, and the same code runs several times slower than on one thread
(``benchmarks/bench_hessian.py`` measures both). So the thread count is an explicit choice:
``--threads N`` or ``ZIGAN_THREADS=N`` (one per pytest-xdist worker, or 1 on a busy machine);
unset keeps torch's default. ``--device`` (``cpu`` default, ``cuda`` when present) moves the
paper-scale matrix-free products to that device in float64 (:mod:`zigan_verify.paper_scale`).

Public: :func:`set_threads`, :func:`resolve_device`, :func:`add_runtime_options`,
:func:`with_runtime`.
"""

from __future__ import annotations

import argparse
import functools
import os
from collections.abc import Callable

import torch

from zigan_verify._errors import ZiganError

__all__ = ["THREADS_ENV", "add_runtime_options", "resolve_device", "set_threads", "with_runtime"]

THREADS_ENV = "ZIGAN_THREADS"


def set_threads(n: int | str | None = None) -> int:
    """Set torch's intra-op thread count to ``n``, or to ``$ZIGAN_THREADS`` when ``n`` is None
    (unset: torch's default is kept). Returns the count in effect."""
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
    return torch.get_num_threads()


def resolve_device(device: str | torch.device | None) -> torch.device:
    """``None`` -> cpu; ``cuda`` only when torch sees a GPU (else a clear :class:`ZiganError`)."""
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


def add_runtime_options(parser: argparse.ArgumentParser) -> None:
    """``--threads`` and ``--device`` on a subcommand (NOTE: [threads on a shared machine])."""
    parser.add_argument(
        "--threads",
        default=None,
        help=f"torch intra-op threads (default ${THREADS_ENV}, else torch's own choice)",
    )
    parser.add_argument(
        "--device", default=None, help="cpu (default) or cuda for the paper-scale checks"
    )


def with_runtime(command: Callable[[argparse.Namespace], int]):
    """Wrap a subcommand so that ``--threads`` and ``--device`` are in effect while it runs."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        from zigan_verify.paper_scale import device_scope

        set_threads(args.threads)
        with device_scope(resolve_device(args.device)):
            return command(args)

    return run
