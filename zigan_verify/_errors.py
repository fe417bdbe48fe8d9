"""The project's one exception for bad user input, and the command line's exit codes.

A ``ZiganError`` message names the offending value (shape, non-finite entry, unknown name,
unwritable path); the CLI prints it as one line and exits with :attr:`ExitCode.USAGE_ERROR`,
without a traceback.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

__all__ = [
    "ExitCode",
    "ZiganError",
    "check_finite",
    "check_positive",
    "check_choice",
    "check_shape",
]


class ExitCode(enum.IntEnum):
    """Exit status of ``zigan-verify`` (documented in ``--help`` and docs/cli.md)."""

    OK = 0
    CHECK_FAILED = 1
    USAGE_ERROR = 2
    INTERRUPTED = 130  # 128 + SIGINT, as shells report it
    BROKEN_PIPE = 141  # 128 + SIGPIPE, as Unix tools that die of it

    def describe(self) -> str:
        return _EXIT_TEXT[self]


_EXIT_TEXT = {
    ExitCode.OK: "every verdict agrees with the registry / every battery check passes",
    ExitCode.CHECK_FAILED: "a verdict differs from the registered one / a battery check fails",
    ExitCode.USAGE_ERROR: "usage or input error (bad option, unknown name, unwritable output, "
    "faulty optimizer plugin)",
    ExitCode.INTERRUPTED: "interrupted (SIGINT); no partial output file is left behind",
    ExitCode.BROKEN_PIPE: "standard output was closed by its reader (e.g. `| head`): quiet exit",
}


class ZiganError(ValueError):
    """Invalid user input: the message says exactly what is wrong."""


def check_finite(name: str, value: torch.Tensor) -> None:
    """Raise if ``value`` has a NaN or infinite entry, naming the first such index."""
    import torch  # not at module level: the CLI imports this module before torch

    bad = ~torch.isfinite(value)
    if bool(bad.any()):
        index = tuple(int(i) for i in torch.nonzero(bad)[0])
        raise ZiganError(f"{name} has a non-finite value {value[index].item()} at index {index}")


def check_positive(name: str, value: float, *, allow_zero: bool = False) -> None:
    """Raise unless ``value`` is a finite number > 0 (or >= 0 with ``allow_zero``)."""
    ok = math.isfinite(value) and (value >= 0 if allow_zero else value > 0)
    if not ok:
        bound = ">= 0" if allow_zero else "> 0"
        raise ZiganError(f"{name} must be finite and {bound}, got {value!r}")


def check_choice(name: str, value: str, choices: Iterable[str]) -> None:
    """Raise if ``value`` is not one of ``choices``, listing them."""
    choices = sorted(choices)
    if value not in choices:
        raise ZiganError(f"unknown {name} {value!r}; choose one of {', '.join(choices)}")


def check_shape(name: str, value: torch.Tensor, shape: tuple[int | None, ...]) -> None:
    """Raise unless ``value.shape`` matches ``shape`` (``None`` matches any size)."""
    ok = value.ndim == len(shape) and all(
        s is None or s == v for s, v in zip(shape, value.shape, strict=False)
    )
    if not ok:
        want = "(" + ", ".join("*" if s is None else str(s) for s in shape) + ")"
        raise ZiganError(f"{name} has shape {tuple(value.shape)}, expected {want}")
