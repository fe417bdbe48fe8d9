"""The subcommands of ``zigan-verify``: one ``cmd_<name>(args) -> int`` each (the parser is in :mod:`zigan_verify.interfaces.cli`)."""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Callable, Iterator

from zigan_verify._errors import ExitCode, ZiganError
from zigan_verify.claims import Status, registry
from zigan_verify.claims.findings import FINDING_STATUSES, by_status
from zigan_verify.interfaces import report
from zigan_verify.interfaces._cli_guard import plugin
from zigan_verify.interfaces._console import _console, _emit, _filtered, _progress, _select, _table


def cmd_check(args: argparse.Namespace) -> int:
    from zigan_verify import _disk_cache
    from zigan_verify.claims._select import split_text
    from zigan_verify.interfaces._check_runner import run_checks

    claims = _select(args)
    start = time.perf_counter()
    with _disk_cache.using(not args.no_cache), _progress(len(claims), "checking claims") as show:
        runs = run_checks(
            claims,
            jobs=args.jobs,
            on_done=lambda r: show(f"checked {r.claim.id}", advance=1),
            on_progress=lambda c, msg: show(f"checking {c.id}: {msg}"),
        )
    ok = all(r.agrees for r in runs if r.claim.status is not Status.PENDING)
    summary = {
        "total": len(runs),
        "agree": sum(r.agrees for r in runs),
        "disagree": sum(not r.agrees for r in runs),
        **{s.value: sum(r.evidence.verdict is s for r in runs) for s in Status},
        "fast": sum(not r.claim.slow for r in runs),
        "slow": sum(r.claim.slow for r in runs),
        "seconds": time.perf_counter() - start,
    }
    rep = report.make_report(
        "check",
        summary,
        "claims",
        [r.row() for r in runs],
        exit_code=ExitCode.OK if ok else ExitCode.CHECK_FAILED,
        jobs=args.jobs,
        proof_cache=not args.no_cache,
        tests_location=report.TESTS_LOCATION,
    )

    def print_table() -> None:
        rows = (
            (
                r.claim.id,
                r.claim.cited,
                str(r.evidence.verdict)
                if r.agrees
                else f"{r.evidence.verdict} (registered {r.claim.status})",
                r.evidence.summary,
            )
            for r in runs
        )
        console = _console(width=args.width)
        console.print(
            _table(
                "zigan-verify: claims and verdicts",
                ("claim", "source", "verdict", "evidence"),
                rows,
            )
        )
        counts = ", ".join(f"{summary[s.value]} {s}" for s in Status if summary[s.value])
        left = len(registry()) - len(runs)
        console.print(
            f"{len(runs)} claims checked: {counts}; {split_text(claims)}"
            + (f"; {left} other registered claims not run here" if left else "")
            + f"; {summary['seconds']:.1f} s",
            markup=False,
            highlight=False,
        )

    return _emit(args, rep, print_table)


def cmd_errata(args: argparse.Namespace) -> int:
    from zigan_verify.claims._select import split_text

    console = _console(width=args.width)
    chosen = set(_filtered(args, [c for c in registry().values() if c.status in FINDING_STATUSES]))
    for status, claims in by_status().items():
        claims = [c for c in claims if c in chosen]
        if not claims:
            continue
        console.print(f"[bold]{status.value.upper()} ({len(claims)}: {split_text(claims)})[/bold]")
        for c in claims:
            console.print(f"  {c.id}  ({c.cited})", markup=False, highlight=False)
            console.print(f"    printed:   {c.statement}", markup=False, highlight=False)
            console.print(f"    corrected: {c.correction}", markup=False, highlight=False)
    console.print(
        f"{len(chosen)} findings: {split_text(list(chosen))}; `check` counts only the claims it ran",
        markup=False,
        highlight=False,
    )
    return ExitCode.OK


def cmd_claims(args: argparse.Namespace) -> int:
    from zigan_verify.claims._select import split_text

    chosen = _filtered(args, registry().values())
    rows = (
        (
            c.id,
            c.cited,
            str(c.status),
            f"{c.statement} [convention: {c.convention}]" if c.convention else c.statement,
        )
        for c in chosen
    )
    title = f"registered claims: {len(chosen)}, {split_text(chosen)}"
    console = _console(width=args.width)
    console.print(_table(title, ("claim", "source", "status", "statement"), rows))
    return ExitCode.OK


def cmd_latex(args: argparse.Namespace) -> int:
    from zigan_verify.interfaces import latex

    return latex.run_command(args)


def _hyperparameter(text: str) -> tuple[str, object]:
    """``KEY=VALUE`` with a Python literal value (``momentum=0.5``, ``betas=(0.5, 0.9)``)."""
    import ast

    key, sep, value = text.partition("=")
    if not sep or not key.isidentifier():
        raise ZiganError(f"--hp must be KEY=VALUE, got {text!r}")
    try:
        return key, ast.literal_eval(value)
    except (ValueError, SyntaxError):
        raise ZiganError(f"--hp {key}: {value!r} is not a Python literal") from None


def cmd_optimizer(args: argparse.Namespace) -> int:
    from zigan_verify.battery import (
        CHECKS,
        load_baseline,
        record_baseline,
        resolve_candidate,
        run_battery,
        write_baseline,
    )

    options = dict(_hyperparameter(text) for text in args.hp or ())
    if args.behaves_like is not None:
        options["behaves_like"] = None if args.behaves_like == "none" else args.behaves_like
    baseline = load_baseline(args.baseline) if args.baseline else None
    with plugin(args.spec, "while loading (import and one trial step)"):
        candidate = resolve_candidate(args.spec, **options)
    names = args.check or list(CHECKS)
    start, cpu, results = time.perf_counter(), time.process_time(), []
    with _progress(len(names), f"battery: {candidate.name}") as show:
        for name in names:  # one call per check: the bar moves, and a plugin fault names the check
            show(f"battery: {name}")
            with plugin(args.spec, f"in battery check {name!r}"):
                results += run_battery(
                    candidate, only=[name], time_limit=args.time_limit, baseline=baseline
                )
            show(advance=1)
    if args.save_baseline:
        write_baseline(args.save_baseline, record_baseline(candidate, results))
    rows = [
        {
            "check": r.check,
            "claim": r.claim,
            "outcome": r.outcome,
            "expected": r.expected,
            "verdict": r.verdict,
            "evidence": r.evidence,
            "data": r.data,
            "seconds": r.seconds,
            "cpu_seconds": r.cpu_seconds,
        }
        for r in results
    ]
    summary = {
        "total": len(rows),
        **{v: sum(r["verdict"] == v for r in rows) for v in ("pass", "fail", "error", "report")},
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
    }
    failed = summary["fail"] + summary["error"]
    rep = report.make_report(
        "optimizer",
        summary,
        "checks",
        rows,
        exit_code=ExitCode.OK if not failed else ExitCode.CHECK_FAILED,
        candidate={"name": candidate.name, "behaves_like": candidate.behaves_like},
        baseline={"compared": args.baseline, "saved": args.save_baseline},
    )

    def print_table() -> None:
        columns = ("check", "claim", "outcome", "expected", "verdict", "evidence")
        whose = candidate.behaves_like or "its declarations"
        title = f"zigan-verify battery: {candidate.name} (expectations of {whose})"
        _console().print(_table(title, columns, ([r[k] for k in columns] for r in rows)))

    return _emit(args, rep, print_table)


def cmd_landscape(args: argparse.Namespace) -> int:
    from zigan_verify.analysis.landscape import run_cli

    return run_cli(args)


@contextlib.contextmanager
def _reporting_runs(module, show: Callable[..., None]) -> Iterator[None]:
    """Inside the block, each ``module.run(method, ...)`` (one training run of the figure) moves
    the progress bar: ``jare_experiment`` has no progress hook of its own."""
    original = module.run

    def run(method: str, **kwargs):
        show(f"figure: training {method} ({kwargs.get('steps')} steps)")
        out = original(method, **kwargs)
        show(advance=1)
        return out

    module.run = run
    try:
        yield
    finally:
        module.run = original


def cmd_figure(args: argparse.Namespace) -> int:
    from zigan_verify.experiments import jare_isotropic as jare_experiment
    from zigan_verify.interfaces._cli_guard import removed_if_interrupted

    if args.steps < 1:
        raise ZiganError(f"--steps must be >= 1, got {args.steps}")
    batch = None if args.population else jare_experiment.PAPER["batch"]
    with (
        removed_if_interrupted(args.output),
        _progress(len(jare_experiment.METHODS), "figure") as show,
        _reporting_runs(jare_experiment, show),
    ):
        jare_experiment.plot_isotropic(args.output, steps=args.steps, batch=batch)
    print(f"wrote {args.output}")
    return ExitCode.OK


def cmd_reproduce(args: argparse.Namespace) -> int:
    from zigan_verify.experiments import s7_reproduce

    return s7_reproduce.cmd_reproduce(args)
