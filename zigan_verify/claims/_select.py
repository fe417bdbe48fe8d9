"""Choosing claims for a report: ids and globs, papers, statuses (``--claim``, ``--paper``,
``--status`` of ``zigan-verify check``, ``claims`` and ``errata``), and the fast/slow split that
every count of a report states.

A claim is *fast* when ``check`` runs it by default (``--scale toy``) and *slow* when only
``check --scale paper`` (or naming it with ``--claim``) runs it (NOTE: [claims registry]).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence

from zigan_verify._errors import ZiganError
from zigan_verify.claims import PAPER_INFO, Claim, Status, did_you_mean, get_claim, registry

__all__ = ["matching", "select", "split_text"]

_GLOB = set("*?[")


def matching(patterns: Sequence[str]) -> list[Claim]:
    """The registered claims an id or glob of ``patterns`` names, in the order named (a glob's
    in registry order), each once.

    Raises:
        ZiganError: an id that is not registered or a glob that matches nothing (with the
            closest ids).
    """
    chosen: dict[str, None] = {}
    for pattern in patterns:
        if not _GLOB & set(pattern):
            chosen[get_claim(pattern).id] = None
            continue
        found = fnmatch.filter(registry(), pattern)
        if not found:
            stem = pattern.split("*")[0].split("?")[0].split("[")[0]
            raise ZiganError(f"--claim {pattern!r} matches no claim{did_you_mean(stem)}")
        chosen.update(dict.fromkeys(found))
    return [registry()[cid] for cid in chosen]


def _paper_ids(papers: Sequence[str]) -> set[str]:
    """Paper ids for ``papers``: ids (``000``) or words of a short name or authors (``jare``)."""
    out = set()
    for name in papers:
        hits = {
            p.id
            for p in PAPER_INFO.values()
            if name == p.id or name.lower() in f"{p.short} {p.authors}".lower()
        }
        if not hits:
            known = "; ".join(f"{p.id} ({p.cite}: {p.short})" for p in PAPER_INFO.values())
            raise ZiganError(f"--paper {name!r} names no paper; the papers are {known}")
        out |= hits
    return out


def select(
    claims: Iterable[Claim],
    *,
    patterns: Sequence[str] | None = None,
    papers: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
) -> list[Claim]:
    """Those of ``claims`` that an id or glob of ``patterns`` names (all, without ``patterns``),
    of one of ``papers`` and with one of the registered ``statuses``; every filter given must
    hold.

    Examples:
        >>> from zigan_verify.claims import registry
        >>> [c.id for c in select(registry().values(), patterns=["000.B3.eq*"])]
        ['000.B3.eq5', '000.B3.eq6', '000.B3.eq7', '000.B3.eq8']
        >>> len(select(registry().values(), papers=["jare"], statuses=["erratum"])) > 0
        True
    """
    chosen = list(claims)
    if patterns:
        given = {c.id for c in chosen}
        chosen = [c for c in matching(patterns) if c.id in given]
    if papers:
        ids = _paper_ids(papers)
        chosen = [c for c in chosen if c.paper_info.id in ids]
    if statuses:
        wanted = {Status(s) for s in statuses}
        chosen = [c for c in chosen if c.status in wanted]
    return chosen


def split_text(claims: Sequence[Claim]) -> str:
    """``"12 fast, 3 slow"`` with what runs each (the counts of a report differ by this)."""
    slow = sum(c.slow for c in claims)
    fast = len(claims) - slow
    return (
        f"{fast} fast (run by `check`), {slow} slow (run by `check --scale paper`)"
        if slow
        else f"{fast} fast (run by `check`), no slow ones"
    )
