"""pytest plugin: ``pytest --zigan-optimizer=mypkg.opt:MyEG`` runs the battery as test items.

Installed with zigan-verify through the ``pytest11`` entry point; it adds nothing unless the
option is given, and costs nothing either: every pytest run on a machine with zigan-verify loads
it, so it lives outside :mod:`zigan_verify.battery` (whose import loads torch, SymPy and
Hypothesis, ~4 s) and imports the battery only when ``--zigan-optimizer`` is given. Each battery check becomes one test item, ``zigan_battery/<spec>::<check>``,
marked ``zigan_battery`` (so ``-m zigan_battery`` selects only the battery), that fails with the
evidence when the optimizer's outcome or numbers differ from what the theorems predict (or the
check errors). A bad ``--zigan-optimizer`` / ``--zigan-check`` / ``--zigan-time-limit`` is one
``pytest.UsageError`` line.
"""

from __future__ import annotations

import pytest
from _pytest.reports import CollectReport

MARKER = "zigan_battery"
DEFAULT_TIME_LIMIT_S = 60.0  # zigan_verify.battery.DEFAULT_TIME_LIMIT_S, without importing it:
# this module is loaded by every pytest run, the battery only when --zigan-optimizer is given


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("zigan-verify")
    group.addoption(
        "--zigan-optimizer",
        action="append",
        default=[],
        metavar="MODULE:ATTR",
        help="run the zigan-verify optimizer battery on this optimizer (repeatable; a built-in name also works)",
    )
    group.addoption(
        "--zigan-check",
        action="append",
        default=None,
        metavar="CHECK",
        help="run only this battery check (repeatable; default: all)",
    )
    group.addoption(
        "--zigan-time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT_S,
        metavar="SECONDS",
        help=f"wall-clock limit per battery check (default {DEFAULT_TIME_LIMIT_S:g})",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: a zigan-verify optimizer battery check")
    specs = config.getoption("zigan_optimizer")
    if specs:
        config._zigan_candidates = prepare(
            specs, config.getoption("zigan_check"), config.getoption("zigan_time_limit")
        )


def prepare(specs: list[str], checks: list[str] | None, time_limit: float) -> dict:
    """Validate the options and load the candidates; any problem is one ``pytest.UsageError``."""
    from zigan_verify._errors import ZiganError, check_choice, check_positive
    from zigan_verify.battery import CHECKS, MAX_TIME_LIMIT_S, resolve_candidate

    try:
        check_positive("--zigan-time-limit", time_limit)
        if time_limit > MAX_TIME_LIMIT_S:
            raise ZiganError(f"--zigan-time-limit must be at most {MAX_TIME_LIMIT_S:g} s")
        for check in checks or ():
            check_choice("battery check", check, CHECKS)
        return {spec: resolve_candidate(spec) for spec in specs}
    except ZiganError as exc:
        raise pytest.UsageError(f"zigan-verify: {exc}") from None


class BatteryItem(pytest.Item):
    def __init__(self, *, spec: str, check: str, **kwargs):
        super().__init__(**kwargs)
        self.spec, self.check = spec, check
        self.add_marker(MARKER)

    def runtest(self) -> None:
        from zigan_verify.battery import run_battery

        candidate = self.config._zigan_candidates[self.spec]
        limit = self.config.getoption("zigan_time_limit")
        (result,) = run_battery(candidate, only=[self.check], time_limit=limit)
        if result.verdict != "pass":
            raise BatteryFailure(result)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, BatteryFailure):
            r = excinfo.value.result
            return f"{r.check} [{r.claim}]: {r.verdict}: outcome {r.outcome!r}, theorems predict {r.expected!r}\n  {r.evidence}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.spec, None, f"zigan battery: {self.spec}::{self.check}"


class BatteryFailure(Exception):
    def __init__(self, result):
        super().__init__(result.evidence)
        self.result = result


@pytest.hookimpl(tryfirst=True)  # before -m / -k deselect
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list
) -> None:
    specs = config.getoption("zigan_optimizer")
    if not specs:
        return
    from zigan_verify.battery import CHECKS

    checks = config.getoption("zigan_check") or list(CHECKS)
    new = [
        BatteryItem.from_parent(
            session,
            name=f"{spec}::{check}",
            nodeid=f"{MARKER}/{spec}::{check}",
            spec=spec,
            check=check,
        )
        for spec in config.getoption("zigan_optimizer")
        for check in checks
    ]
    if new:  # counted by the terminal reporter like collected tests
        config.hook.pytest_collectreport(report=CollectReport(MARKER, "passed", None, result=new))
        items.extend(new)
