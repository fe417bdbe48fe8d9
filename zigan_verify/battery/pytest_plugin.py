"""pytest plugin: ``pytest --zigan-optimizer=mypkg.opt:MyEG`` runs the battery as test items.

Installed with zigan-verify through the ``pytest11`` entry point; it adds nothing unless the
option is given. Each battery check becomes one test item that fails with the evidence when the
optimizer's outcome differs from what the theorems predict (or the check errors).
"""

from __future__ import annotations

import pytest

from zigan_verify.battery import CHECKS, run_battery
from zigan_verify.battery._candidate import builtin_candidates, load_candidate


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("zigan-verify")
    group.addoption(
        "--zigan-optimizer",
        action="append",
        default=[],
        metavar="MODULE:ATTR",
        help="run the zigan-verify optimizer battery on this optimizer (repeatable; a built-in name also works)",
    )


class BatteryItem(pytest.Item):
    def __init__(self, *, spec: str, check: str, **kwargs):
        super().__init__(**kwargs)
        self.spec, self.check = spec, check

    def runtest(self) -> None:
        builtins = builtin_candidates()
        candidate = builtins[self.spec] if self.spec in builtins else load_candidate(self.spec)
        (result,) = run_battery(candidate, only=[self.check])
        if result.verdict != "pass":
            raise BatteryFailure(result)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, BatteryFailure):
            r = excinfo.value.result
            return f"{r.check} [{r.claim}]: outcome {r.outcome!r}, theorems predict {r.expected!r}\n  {r.evidence}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.spec, None, f"zigan battery: {self.spec}::{self.check}"


class BatteryFailure(Exception):
    def __init__(self, result):
        super().__init__(result.evidence)
        self.result = result


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list
) -> None:
    for spec in config.getoption("zigan_optimizer"):
        for check in CHECKS:
            items.append(
                BatteryItem.from_parent(
                    session, name=f"zigan[{spec}]::{check}", spec=spec, check=check
                )
            )
