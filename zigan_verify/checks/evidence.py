"""What a check returns: a verdict (:class:`Status`) and the evidence behind it.

Below both the checks and the registry (NOTE: [layers]): every check builds an :class:`Evidence`,
and :mod:`zigan_verify.claims` compares its verdict with the registered one (NOTE: [claims
registry]).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = ["Evidence", "Status", "reproduced", "verdict"]


class Status(str, enum.Enum):
    """Verdict of a claim; see NOTE: [claims registry]."""

    VERIFIED = "verified"
    ERRATUM = "erratum"
    CONDITIONAL = "conditional"
    REFUTED = "refuted"
    UNREPRODUCED = "unreproduced"
    PENDING = "pending"
    ERROR = "error"  # only ever a check's outcome (the check itself crashed), never registered

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Evidence:
    """What a check found: its verdict, a one-line summary and the numbers behind it."""

    verdict: Status
    summary: str
    data: dict = field(default_factory=dict)


def verdict(ok: bool) -> Status:
    """``verified`` when a check's evidence supports the statement as printed, else ``refuted``."""
    return Status.VERIFIED if ok else Status.REFUTED


def reproduced(ok: bool) -> Status:
    """For an experiment run at a reduced scale: ``verified`` when it reproduces the paper's
    statement, else ``unreproduced`` (not ``refuted``: the paper's scale was not run)."""
    return Status.VERIFIED if ok else Status.UNREPRODUCED
