"""The battery's verdict row."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CheckResult:
    """One row of the verdict table."""

    check: str
    claim: str
    outcome: str
    expected: str
    verdict: str  # pass | fail | error
    evidence: str
    seconds: float
    data: dict = field(default_factory=dict)
