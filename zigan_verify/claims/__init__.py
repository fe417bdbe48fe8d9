"""The claims registry: every paper statement the project checks, with its verdict and tests.

NOTE: [claims registry]
Each claim has an ``id`` of the form ``<paper>.<place>`` (e.g. ``000.B3.eq5``), the seed file and
section/equation/theorem it comes from, a one-line statement as printed, and a ``status``:

* ``verified``    -- the statement holds as printed, on the evidence of its check;
* ``erratum``     -- a typo (sign, transpose, index, missing factor); ``correction`` gives the fix;
* ``conditional`` -- true only under a condition the paper does not state; ``correction`` names it;
* ``refuted``     -- false as printed; ``correction`` gives the counterexample;
* ``unreproduced`` -- an empirical claim (a paper's experiment) that our run at a reduced, CPU-sized
  scale did not reproduce; ``correction`` names the scale and what was measured. This is not a
  refutation at the paper's scale, which stays undecided here;
* ``pending``     -- registered, not checked yet: ``issue`` names the issue that will check it,
  ``None`` when no issue has been filed for it yet.

A non-pending claim names a ``check`` (``"module:function"``, called with ``args``, returning
:class:`Evidence`); the ``zigan-verify check`` command runs those checks and prints their verdicts. Tests say which claim
they check with ``@pytest.mark.claim("<id>")``; ``tests/test_claims.py`` fails when a non-pending
claim has no such test, when a marker names an unknown claim, or when a check's verdict differs
from the registered status.

The registry is assembled from one data module per paper (``p000_zigan`` ...).

NOTE: [notational conventions]
A claim whose truth rests on a notational convention -- the order in which ``vec`` stacks a matrix,
whether a derivative ``d h / d w`` is laid out as the Jacobian or as its transpose, which letter
names which basis -- is judged under the convention the paper states, or, where the paper leaves
it implicit, under the one that makes its own definitions consistent (e.g. 000 §4 defines
``Phi_i`` "so that G(z_i) = Phi_i g", which fixes the row-stacking ``vec``). Such a claim is
``verified`` with the convention written in ``Claim.convention``; it is not ``conditional`` (a
convention is not a missing hypothesis) nor an ``erratum``. It stays a finding only when no single
convention makes the paper consistent with itself: when a display contradicts a layout or a symbol
the paper states elsewhere (000 App. B.3's ``grad^2_{w theta_j} f`` row beside the column blocks;
002 App. D.1's product factor against ``M := (d nabla~f / dw)^T``; 000 App. B.2's ``d_2``, defined
in §4 as the generator width). ``docs/guide/claims.md`` lists the claims decided by this rule.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from zigan_verify.checks.evidence import Evidence, Status, reproduced, verdict
from zigan_verify.claims._data_modules import DATA_MODULES

__all__ = [
    "Claim",
    "Evidence",
    "Paper",
    "Status",
    "registry",
    "get_claim",
    "did_you_mean",
    "run_check",
    "verdict",
    "reproduced",
    "PAPERS",
    "PAPER_INFO",
]

PAPERS = {
    "000": "000_a5bf0544fa931057.txt",
    "001": "001_b70b231025667d05.txt",
    "002": "002_de4e22368c3019b6.txt",
    "003": "003_e0c241f9c71f4798.txt",
    "004": "004_c14bb06fc055c196.txt",
}


@dataclass(frozen=True)
class Paper:
    """A source paper, as a report names it (``../shared/seeds/README.md``)."""

    id: str
    short: str
    authors: str
    title: str
    file: str
    year: str = ""
    venue: str = ""
    year_basis: str = ""  # how the year is known (the extractions print few dates)

    @property
    def cite(self) -> str:
        """Author-year, for tables: ``Lee & Kim 2025``."""
        return f"{self.authors} {self.year}".strip()

    @property
    def citation(self) -> str:
        """Author (year), title, venue: for a document's list of sources."""
        venue = f", {self.venue}" if self.venue else ""
        return f"{self.authors} ({self.year or 'n.d.'}), {self.title}{venue}"


PAPER_INFO = {
    p.id: p
    for p in (
        Paper(
            "000",
            "Zero-Infinity GAN",
            "Lee & Kim",
            "Zero-Infinity GAN: Stable Dynamics and Implicit Bias of Extragradient",
            PAPERS["000"],
            "2025",
            "",
            "no date in the extraction; the latest works it cites are from 2025",
        ),
        Paper(
            "001",
            "Strict non-optimality (slides)",
            "Kim",
            "Strict Non-Optimality in Minimax Optimization and Its Application to GAN",
            PAPERS["001"],
            "2025",
            "slides",
            "dated July 24, 2025 on the title slide",
        ),
        Paper(
            "002",
            "JARE",
            "Nie & Patel",
            "Towards a Better Understanding and Regularization of GAN Training Dynamics",
            PAPERS["002"],
            "2019",
            "UAI",
            "published at UAI 2019 (arXiv 1806.09235, 2018); the latest works it cites are from 2019",
        ),
        Paper(
            "003",
            "GAN global landscape",
            "Sun, Fang & Schwing",
            "Towards a Better Global Loss Landscape of GANs",
            PAPERS["003"],
            "2020",
            "NeurIPS",
            "published at NeurIPS 2020; the latest works it cites are from 2020",
        ),
        Paper(
            "004",
            "GAN optimization landscapes",
            "Berard et al.",
            "A Closer Look at the Optimization Landscapes of GANs",
            PAPERS["004"],
            "2020",
            "ICLR",
            "published at ICLR 2020 (the extraction is the anonymous review copy); the latest "
            "works it cites are from 2019",
        ),
    )
}


@dataclass(frozen=True)
class Claim:
    """One registered paper statement; see NOTE: [claims registry]."""

    id: str
    where: str
    statement: str
    status: Status
    correction: str = ""
    check: str = ""
    args: tuple = ()
    issue: int | None = None
    slow: bool = False
    # the convention a verified claim is read under (NOTE: [notational conventions])
    convention: str = ""

    @property
    def paper(self) -> str:
        """The seed file the claim comes from (``../shared/seeds/<paper>``)."""
        return PAPERS[self.id.split(".", 1)[0]]

    @property
    def paper_info(self) -> Paper:
        """Short name, authors and title of the claim's paper."""
        return PAPER_INFO[self.id.split(".", 1)[0]]

    @property
    def source(self) -> str:
        return f"{self.id.split('.', 1)[0]} {self.where}"

    @property
    def cited(self) -> str:
        """Author-year and place, for reports: ``Lee & Kim 2025, App. B.3``."""
        return f"{self.paper_info.cite}, {self.where}"

    @property
    def formula(self):
        """The SymPy printed/corrected forms of a formula-valued finding, else ``None``
        (NOTE: [finding formulas] in :mod:`zigan_verify.claims._formulas`)."""
        from zigan_verify.claims._formulas import formulas

        return formulas().get(self.id)

    def check_function(self) -> Callable[[], Evidence]:
        module, _, name = self.check.partition(":")
        return getattr(importlib.import_module(module), name)


@cache
def registry() -> dict[str, Claim]:
    """All registered claims by id, in paper order."""
    claims: dict[str, Claim] = {}
    for name in DATA_MODULES:
        for claim in importlib.import_module(f"{__name__}.{name}").CLAIMS:
            if claim.id in claims:
                raise RuntimeError(f"claim id {claim.id!r} registered twice")
            claims[claim.id] = claim
    return claims


def get_claim(claim_id: str) -> Claim:
    from zigan_verify._errors import ZiganError

    try:
        return registry()[claim_id]
    except KeyError:
        raise ZiganError(f"unknown claim {claim_id!r}{did_you_mean(claim_id)}") from None


def did_you_mean(claim_id: str) -> str:
    """``"; did you mean 000.thm2, 000.thm3?"`` for the registered ids closest to ``claim_id``
    (:func:`difflib.get_close_matches`), or a hint at ``zigan-verify claims``."""
    import difflib

    ids = list(registry())
    close = difflib.get_close_matches(claim_id, ids, n=4, cutoff=0.6)
    close += sorted(i for i in ids if i.startswith(claim_id) and i not in close)[: 4 - len(close)]
    if close:
        return f"; did you mean {', '.join(close)}?"
    return "; `zigan-verify claims` lists them"


def run_check(claim: Claim) -> Evidence:
    """Run a claim's check; a crash becomes an ``error`` verdict carrying the message."""
    if claim.status is Status.PENDING or not claim.check:
        return Evidence(Status.PENDING, f"checked by issue #{claim.issue}" if claim.issue else "")
    from zigan_verify._float64 import float64_default

    try:
        with float64_default():  # NOTE: [float64 verification]
            return claim.check_function()(*claim.args)
    except Exception as exc:  # noqa: BLE001 - a crashing check is reported, not raised
        return Evidence(Status.ERROR, f"{type(exc).__name__}: {exc}")
