"""The findings of the registry, grouped as ``zigan-verify errata`` prints them and the docs list
them: per status (errata, conditions, refutations, unreproduced experiments) and counted per paper.
"""

from __future__ import annotations

from collections import Counter

from zigan_verify.claims import Claim, Status, registry

__all__ = ["FINDING_STATUSES", "REGISTERED", "by_status", "counts", "summary"]

#: The statuses that are findings: a claim that does not hold as printed.
FINDING_STATUSES = (Status.ERRATUM, Status.CONDITIONAL, Status.REFUTED, Status.UNREPRODUCED)

#: Every registered status, in the order reports count them.
REGISTERED = tuple(s for s in Status if s is not Status.ERROR)


def by_status(statuses=FINDING_STATUSES) -> dict[Status, list[Claim]]:
    """The registered claims of each status in ``statuses``, in registry order."""
    claims = registry().values()
    return {s: [c for c in claims if c.status is s] for s in statuses}


def counts(paper: str | None = None) -> Counter:
    """How many claims of each status the registry holds (of ``paper`` only, when given), with
    the total under ``"total"``."""
    claims = [c for c in registry().values() if paper is None or c.id.split(".", 1)[0] == paper]
    found = Counter(str(c.status) for c in claims)
    found["total"] = len(claims)
    return found


def summary(paper: str | None = None) -> str:
    """One line of counts, e.g. ``154 claims: 78 verified, 36 erratum, ...`` (statuses with no
    claim left out)."""
    found = counts(paper)
    parts = ", ".join(f"{found[str(s)]} {s}" for s in REGISTERED if found[str(s)])
    return f"{found['total']} claims: {parts}"
