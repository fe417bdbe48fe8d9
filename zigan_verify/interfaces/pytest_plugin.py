"""pytest plugin: ``pytest --zigan-optimizer=mypkg.opt:MyEG`` runs the battery as test items, and
the ``zigan_battery`` fixture runs it from your own tests.

Installed with zigan-verify through the ``pytest11`` entry point; it adds nothing unless an
option, ini setting or the fixture is used, and costs nothing either: every pytest run on a
machine with zigan-verify loads it, so it lives outside :mod:`zigan_verify.battery` (whose import
loads torch, SymPy and Hypothesis, ~4 s) and imports the battery only when needed. Each battery
check becomes one test item, ``zigan_battery/<spec>::<check>``, marked ``zigan_battery`` (so
``-m zigan_battery`` selects only the battery), that fails with the evidence, numbers first, when
the optimizer's outcome or numbers differ from what the theorems predict or from its recorded
baseline (or the check errors); a check with no expectation at all (a novel method that declares
nothing and has no baseline) is skipped with its numbers. A bad option is one
``pytest.UsageError`` line.

NOTE: [battery pytest options]
Command line options override ini settings (``[tool.pytest.ini_options]`` / ``pytest.ini``):

=========================  ========================  =============================================
option                     ini                       meaning
=========================  ========================  =============================================
``--zigan-optimizer``      ``zigan_optimizers``      optimizers to run the battery on (lines)
``--zigan-check``          ``zigan_checks``          only these checks (lines; default all)
``--zigan-time-limit``     ``zigan_time_limit``      CPU seconds per check (default 60)
``--zigan-behaves-like``   ``zigan_behaves_like``    whose expectations apply (``none``: novel)
``--zigan-baseline``       ``zigan_baseline``        folder of baseline files (NOTE: [battery
                                                     baselines]); ``<spec>.json`` per optimizer
``--zigan-record``         --                        record baselines instead of comparing
=========================  ========================  =============================================
"""

from __future__ import annotations

import pathlib
import re

import pytest
from _pytest.reports import CollectReport

MARKER = "zigan_battery"
DEFAULT_TIME_LIMIT_S = 60.0  # zigan_verify.battery.DEFAULT_TIME_LIMIT_S, without importing it:
# this module is loaded by every pytest run, the battery only when it is used


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("zigan-verify")
    group.addoption(
        "--zigan-optimizer",
        action="append",
        default=None,
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
        default=None,
        metavar="SECONDS",
        help=f"CPU-time limit per battery check (default {DEFAULT_TIME_LIMIT_S:g})",
    )
    group.addoption(
        "--zigan-behaves-like",
        default=None,
        metavar="NAME",
        help="whose expectations apply: a built-in name, or 'none' for a novel method",
    )
    group.addoption(
        "--zigan-baseline",
        default=None,
        metavar="DIR",
        help="folder of battery baselines (<spec>.json per optimizer; fixture paths are relative to it)",
    )
    group.addoption(
        "--zigan-record",
        action="store_true",
        default=False,
        help="record battery baselines (then re-run without it to compare)",
    )
    parser.addini("zigan_optimizers", "optimizers for the battery (MODULE:ATTR)", type="linelist")
    parser.addini("zigan_checks", "battery checks to run (default: all)", type="linelist")
    parser.addini("zigan_time_limit", "CPU-time limit per battery check (seconds)")
    parser.addini("zigan_behaves_like", "whose expectations apply ('none': a novel method)")
    parser.addini("zigan_baseline", "folder of battery baselines, relative to the rootdir")


class Settings:
    """The battery options: command line over ini (NOTE: [battery pytest options])."""

    def __init__(self, config: pytest.Config):
        self.config = config
        self.specs = config.getoption("zigan_optimizer") or config.getini("zigan_optimizers")
        self.checks = config.getoption("zigan_check") or config.getini("zigan_checks") or None
        limit = config.getoption("zigan_time_limit")
        ini_limit = config.getini("zigan_time_limit")
        try:
            self.time_limit = float(
                limit if limit is not None else (ini_limit or DEFAULT_TIME_LIMIT_S)
            )
        except ValueError:
            raise pytest.UsageError(
                f"zigan-verify: zigan_time_limit must be a number, got {ini_limit!r}"
            ) from None
        behaves = config.getoption("zigan_behaves_like") or config.getini("zigan_behaves_like")
        self.behaves_like = "declared" if not behaves else (None if behaves == "none" else behaves)
        folder = config.getoption("zigan_baseline") or config.getini("zigan_baseline")
        self.baseline_dir = pathlib.Path(config.rootpath, folder) if folder else None
        self.record = config.getoption("zigan_record")

    def baseline_path(self, spec: str) -> pathlib.Path | None:
        if self.baseline_dir is None:
            return None
        return self.baseline_dir / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', spec)}.json"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: a zigan-verify optimizer battery check")
    settings = Settings(config)
    config._zigan_settings = settings
    if settings.specs:
        config._zigan_candidates = prepare(
            settings.specs, settings.checks, settings.time_limit, settings.behaves_like
        )


def prepare(
    specs: list[str], checks: list[str] | None, time_limit: float, behaves_like="declared"
) -> dict:
    """Validate the options and load the candidates; any problem is one ``pytest.UsageError``."""
    from zigan_verify._errors import ZiganError

    try:
        _validate(checks, time_limit)
        options = {} if behaves_like == "declared" else {"behaves_like": behaves_like}
        from zigan_verify.battery import resolve_candidate

        return {spec: resolve_candidate(spec, **options) for spec in specs}
    except ZiganError as exc:
        raise pytest.UsageError(f"zigan-verify: {exc}") from None


def _validate(checks, time_limit: float) -> None:
    from zigan_verify._errors import ZiganError, check_choice, check_positive
    from zigan_verify.battery import CHECKS, MAX_TIME_LIMIT_S

    check_positive("--zigan-time-limit", time_limit)
    if time_limit > MAX_TIME_LIMIT_S:
        raise ZiganError(f"--zigan-time-limit must be at most {MAX_TIME_LIMIT_S:g} s")
    for check in checks or ():
        check_choice("battery check", check, CHECKS)


def verdict_line(r) -> str:
    """One result as a line that leads with the numbers (``check [claim]: fail: radius 1.024461
    vs predicted 0.974773``), outcome and expectation last."""
    tail = f" (outcome {r.outcome!r}, expected {r.expected!r})"
    return f"{r.check} [{r.claim or 'no claim'}]: {r.verdict}: {r.evidence}{tail}"


def _run_one(settings: Settings, candidate, spec: str, check: str):
    """Run one check of ``candidate``: compare with, or record into, its baseline file."""
    from zigan_verify.battery import (
        load_baseline,
        record_baseline,
        run_battery,
        write_baseline,
    )

    path = settings.baseline_path(spec)
    baseline = None
    if path is not None and not settings.record:
        baseline = load_baseline(path)
    (result,) = run_battery(
        candidate, only=[check], time_limit=settings.time_limit, baseline=baseline
    )
    if path is not None and settings.record and result.verdict != "error":
        write_baseline(path, record_baseline(candidate, [result]))
    return result


class BatteryItem(pytest.Item):
    def __init__(self, *, spec: str, check: str, **kwargs):
        super().__init__(**kwargs)
        self.spec, self.check = spec, check
        self.add_marker(MARKER)

    def runtest(self) -> None:
        from zigan_verify._errors import ZiganError

        candidate = self.config._zigan_candidates[self.spec]
        try:
            result = _run_one(self.config._zigan_settings, candidate, self.spec, self.check)
        except ZiganError as exc:
            raise BatteryFailure(None, str(exc)) from None
        settings = self.config._zigan_settings
        if result.verdict == "report":  # nothing compared: say so, and where it was recorded
            path = settings.baseline_path(self.spec)
            recorded = f"recorded into {path}: " if settings.record and path else ""
            pytest.skip(recorded + verdict_line(result))
        if result.verdict != "pass":
            raise BatteryFailure(result, verdict_line(result))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, BatteryFailure):
            return excinfo.value.line
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.spec, None, f"zigan battery: {self.spec}::{self.check}"


class BatteryFailure(Exception):
    def __init__(self, result, line: str):
        super().__init__(line)
        self.result, self.line = result, line


@pytest.hookimpl(tryfirst=True)  # before -m / -k deselect
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list
) -> None:
    settings = config._zigan_settings
    if not settings.specs:
        return
    from zigan_verify.battery import CHECKS

    checks = settings.checks or list(CHECKS)
    new = [
        BatteryItem.from_parent(
            session,
            name=f"{spec}::{check}",
            nodeid=f"{MARKER}/{spec}::{check}",
            spec=spec,
            check=check,
        )
        for spec in settings.specs
        for check in checks
    ]
    if new:  # counted by the terminal reporter like collected tests
        config.hook.pytest_collectreport(report=CollectReport(MARKER, "passed", None, result=new))
        items.extend(new)


@pytest.fixture
def zigan_battery(request: pytest.FixtureRequest):
    """Run the battery on an optimizer from your own test; fails the test with one verdict line
    per failing check (numbers first). Returns the :class:`~zigan_verify.battery.CheckResult` rows.

    ``zigan_battery(make, *, behaves_like=..., checks=None, baseline=None, time_limit=None,
    declared=None, name=None, **hyperparameters)``: ``make`` is a factory ``make(eta, tau)``, a
    torch.optim class or a ``functools.partial`` of either; ``behaves_like`` a built-in name or
    ``None`` (a novel method; default: ``make``'s attribute or the ``zigan_behaves_like`` ini
    setting); ``declared`` what a novel method declares (NOTE: [battery novel optimizers]);
    ``baseline`` a JSON file (relative paths: to the ``zigan_baseline`` folder, else to the test
    file's folder), compared with, or recorded under ``--zigan-record``; keyword arguments
    are hyper-parameters (``momentum=0.5``).

    Examples:
        .. code-block:: python

            def test_my_optimizer(zigan_battery):
                zigan_battery(MyEGMomentum, behaves_like=None, baseline="eg_momentum.json",
                              momentum=0.5)
    """
    settings = request.config._zigan_settings

    def run(
        make,
        *,
        behaves_like="unset",
        checks=None,
        baseline=None,
        time_limit=None,
        declared=None,
        name=None,
        **hyperparameters,
    ):
        from zigan_verify._errors import ZiganError
        from zigan_verify.battery import (
            load_baseline,
            make_candidate,
            record_baseline,
            run_battery,
            write_baseline,
        )

        if behaves_like == "unset":
            behaves_like = settings.behaves_like
        label = name or getattr(make, "__name__", None) or type(make).__name__
        limit = settings.time_limit if time_limit is None else time_limit
        selected = checks or settings.checks
        path = None
        if baseline is not None:
            folder = settings.baseline_dir or request.path.parent
            path = pathlib.Path(folder, baseline)
        try:
            _validate(selected, limit)
            candidate = make_candidate(
                make, label, behaves_like=behaves_like, declared=declared, **hyperparameters
            )
            recorded = load_baseline(path) if path is not None and not settings.record else None
            results = run_battery(candidate, only=selected, time_limit=limit, baseline=recorded)
            if path is not None and settings.record:
                write_baseline(path, record_baseline(candidate, results))
        except ZiganError as exc:
            pytest.fail(f"zigan-verify: {exc}", pytrace=False)
        bad = [r for r in results if r.verdict in ("fail", "error")]
        if bad:
            lines = "\n".join(verdict_line(r) for r in bad)
            pytest.fail(f"{label}: {len(bad)} of {len(results)} checks\n{lines}", pytrace=False)
        return results

    return run
