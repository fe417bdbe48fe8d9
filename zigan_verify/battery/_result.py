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
    verdict: str  # pass | fail | error | report (nothing to compare with)
    evidence: str
    seconds: float  # wall clock
    data: dict = field(default_factory=dict)
    cpu_seconds: float = 0.0  # process CPU time (NOTE: [battery CPU time])
