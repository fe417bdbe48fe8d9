"""``zigan-verify``: run the claim checks, list errata, write the LaTeX of the derived Hessians.

Every user error (bad option, bad shape, non-finite value, unknown name, unwritable path, faulty
optimizer plugin) prints one line ``zigan-verify: error: ...`` on stderr (argparse's usage line
may come first) and exits with status 2, without a traceback; closed pipes, full disks and Ctrl-C
are handled the same way (NOTE: [one-line contract] in :mod:`zigan_verify.interfaces._cli_guard`). The exit
statuses are :class:`ExitCode`.

Layout of this module, so that commands merge cleanly: one ``cmd_<name>(args) -> int`` function
per subcommand (its body lives in the command's own module where it is more than a few lines),
one ``_<name>_parser(sub)`` block per subcommand in :func:`_parser`, and the shared helpers
``_add_report_options`` / ``_emit`` for a command's ``--json`` and ``--output``
(NOTE: [report schema] in :mod:`zigan_verify.interfaces.report`).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence

from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from zigan_verify._errors import ExitCode, ZiganError
from zigan_verify._version import __version__
from zigan_verify.claims import Claim, Status, registry
from zigan_verify.claims.findings import FINDING_STATUSES, by_status
from zigan_verify.interfaces import report
from zigan_verify.interfaces._cli_guard import plugin, run, stream_is_tty, write_text

__all__ = ["ExitCode", "main"]


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich's default exits with status 1; NOTE: [one-line contract] says EPIPE is 141
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def _console(stream=None, width: int | None = None) -> Console:
    """A console ``width`` columns wide; by default the terminal's width, or ``$COLUMNS``, or
    (off a terminal without ``$COLUMNS``: CI logs, pipes) 200, wide enough for the evidence."""
    stream = stream or sys.stdout
    columns = os.environ.get("COLUMNS", "")
    if width is None and not stream_is_tty(stream) and not columns.isdigit():
        width = 200
    return _Console(file=stream, width=width)  # width None: rich reads the terminal or $COLUMNS


def _table(title: str, columns: Sequence[str], rows: Iterator[Sequence[str]]) -> Table:
    table = Table(title=title)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        # Text, not markup: formulas such as "[l(D(x_i)) + ...]" would otherwise be read as styles.
        table.add_row(*(Text(str(cell)) for cell in row))
    return table


@contextlib.contextmanager
def _progress(total: int, description: str) -> Iterator[Callable[..., None]]:
    """A progress bar on stderr when stderr is a terminal (nothing otherwise); yields
    ``update(description=None, advance=0)``. The bar (and its refresh thread) starts at the
    first update, i.e. after the check runner has forked its workers (NOTE: [parallel checks])."""
    show = stream_is_tty(sys.stderr)
    bar = Progress(console=Console(stderr=True), transient=True, disable=not show)
    task = []

    def update(text: str | None = None, advance: int = 0) -> None:
        if not task:
            bar.start()
            task.append(bar.add_task(description, total=total))
        bar.update(task[0], description=text, advance=advance)

    try:
        yield update
    finally:
        bar.stop()


# --------------------------------------------------------------------------------------------
# Reports: every command's --json and --output (NOTE: [report schema]).


def _add_report_options(parser: argparse.ArgumentParser) -> None:
    name = parser.prog.split()[-1]
    parser.add_argument(
        "--json",
        action="store_true",
        help=f"print the JSON report (schema: zigan_verify/interfaces/schemas/{name}.schema.json) "
        "instead of the table",
    )
    parser.add_argument(
        "--output",
        metavar="FILE",
        help="also write the JSON report to FILE (with --json: instead of stdout); "
        "an interrupted run leaves no partial FILE",
    )


def _emit(args: argparse.Namespace, rep: dict, print_table: Callable[[], None]) -> int:
    """Write ``rep`` where ``--json`` / ``--output`` say, else print the table; the exit code."""
    if args.output:
        write_text(args.output, report.dumps(rep), "JSON report")
    if args.json and not args.output:
        sys.stdout.write(report.dumps(rep))
    elif not args.json:
        print_table()
    return rep["exit_code"]


# --------------------------------------------------------------------------------------------
# Commands: one function each.


def _add_view_options(parser: argparse.ArgumentParser, *, claim: bool = True) -> None:
    """``--width`` and the filters of a command that lists claims."""
    parser.add_argument(
        "--width",
        type=_positive_int,
        metavar="COLUMNS",
        help="table width (default: the terminal's, else $COLUMNS, else 200)",
    )
    if claim:
        parser.add_argument(
            "--claim",
            action="append",
            metavar="ID|GLOB",
            help="only this claim id or glob, e.g. '000.B3.*' (repeatable)",
        )
    parser.add_argument(
        "--paper",
        action="append",
        metavar="PAPER",
        help="only claims of this paper: 000-004 or a word of its name or authors, e.g. jare "
        "(repeatable)",
    )
    parser.add_argument(
        "--status",
        action="append",
        choices=[s.value for s in Status if s is not Status.ERROR],
        help="only claims with this registered status (repeatable)",
    )


def _filtered(args: argparse.Namespace, claims) -> list[Claim]:
    from zigan_verify.claims._select import select

    chosen = select(claims, patterns=args.claim, papers=args.paper, statuses=args.status)
    if not chosen:
        raise ZiganError("no registered claim matches --claim/--paper/--status as given")
    return chosen


def _select(args: argparse.Namespace) -> list[Claim]:
    if args.claim:  # named claims run whatever their scale
        return _filtered(args, registry().values())
    return _filtered(args, [c for c in registry().values() if c.slow == (args.scale == "paper")])


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


# --------------------------------------------------------------------------------------------
# The parser: one block per subcommand.


class _Parser(argparse.ArgumentParser):
    """argparse with one error format for every subcommand: ``zigan-verify: error: ...``."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        sys.stderr.write(f"zigan-verify: error: {message}\n")
        raise SystemExit(ExitCode.USAGE_ERROR)

    def _print_message(self, message: str, file=None) -> None:
        # argparse's own swallows OSError, so `--help >&-` would exit 0 having printed nothing;
        # raised, it meets NOTE: [one-line contract] (EBADF, ENOSPC: status 2; EPIPE: 141)
        if message:
            (file or sys.stderr).write(message)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


_EXIT_STATUS = "exit status:\n" + "\n".join(f"  {int(c):<4d} {c.describe()}" for c in ExitCode)


def _command(sub, name: str, help: str) -> argparse.ArgumentParser:
    """A subcommand's parser whose ``--help`` ends with the exit statuses."""
    return sub.add_parser(
        name, help=help, epilog=_EXIT_STATUS, formatter_class=argparse.RawDescriptionHelpFormatter
    )


def _check_parser(sub) -> None:
    from zigan_verify._runtime import add_runtime_options, with_runtime
    from zigan_verify.interfaces._check_runner import default_jobs

    check = _command(sub, "check", "run the claim checks and print verdicts with evidence")
    _add_report_options(check)
    check.add_argument(
        "--scale",
        choices=("toy", "paper"),
        default="toy",
        help="toy: the fast checks (default); paper: the slow checks at App. C's sizes",
    )
    _add_view_options(check)
    check.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        default=default_jobs(),
        help="worker processes for the fast checks (default: the CPUs available, here "
        f"{default_jobs()}; 1 runs them in this process)",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="re-prove the SymPy derivations instead of reading them from the proof cache "
        "(~/.cache/zigan-verify, or $ZIGAN_VERIFY_CACHE_DIR)",
    )
    add_runtime_options(check)
    check.set_defaults(run=with_runtime(cmd_check))


def _latex_parser(sub) -> None:
    parser = _command(sub, "latex", "write the LaTeX document of derived gradients and Hessians")
    parser.add_argument("-o", "--output", default="-", help="output .tex file ('-' for stdout)")
    parser.add_argument(
        "--loss",
        default="zi",
        help="zi (l(t) = -t, eq. (4)), js (logistic) or a SymPy expression in t, "
        "e.g. 'log(1 + exp(-t))'; its l' and l'' are substituted into every block. "
        "A value starting with '-' is fine: --loss '-(1-t)**2' or --loss='-(1-t)**2'",
    )
    parser.add_argument(
        "--general",
        action="store_true",
        help="keep l, l', l'' symbolic in the blocks (the general-l forms)",
    )
    parser.add_argument(
        "--numbered",
        action="store_true",
        help="ordinary equation numbers (\\eqref prints them) instead of tags naming the source",
    )
    parser.add_argument(
        "--text-width",
        metavar="WIDTH",
        help="break lines to fit WIDTH: portrait (article, 1in margins; the fragment's "
        "default), a4, twocolumn, landscape (the document's default) or a length (6.5in, 17cm)",
    )
    parser.add_argument(
        "--order",
        default="none",
        choices=("none", "lex", "grlex", "grevlex", "rev-lex", "rev-grlex", "rev-grevlex"),
        help="SymPy's term order in the LaTeX (default none: as built and as typed)",
    )
    parser.add_argument("--fragment", action="store_true", help="only the equations, no preamble")
    parser.add_argument(
        "--only",
        action="append",
        metavar="CLAIM_ID|BLOCK",
        help="only these equations (repeatable; implies --fragment)",
    )
    parser.add_argument(
        "--preamble", action="store_true", help="print the packages a fragment needs, then exit"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="cross-check every block for --loss against torch autograd before writing",
    )
    parser.set_defaults(run=cmd_latex)


def _optimizer_parser(sub) -> None:
    opt = _command(sub, "optimizer", "run the conformance battery on an optimizer")
    opt.add_argument(
        "spec", help="MODULE:ATTRIBUTE of your optimizer, or a built-in name (tau_eg ...)"
    )
    _add_report_options(opt)
    opt.add_argument("--check", action="append", help="run only this check (repeatable)")
    opt.add_argument(
        "--time-limit", type=float, default=60.0, help="CPU seconds per check (default 60)"
    )
    opt.add_argument(
        "--behaves-like",
        metavar="NAME",
        help="whose expectations apply: a built-in, or 'none' for a novel method (default: the "
        "optimizer's own behaves_like attribute)",
    )
    opt.add_argument(
        "--hp",
        action="append",
        metavar="KEY=VALUE",
        help="a hyper-parameter for the class or factory, e.g. --hp momentum=0.5 (repeatable)",
    )
    opt.add_argument("--baseline", metavar="FILE", help="also compare with this recorded baseline")
    opt.add_argument(
        "--save-baseline",
        metavar="FILE",
        help="record this run's outcomes and numbers as a baseline (merged into FILE)",
    )
    opt.set_defaults(run=cmd_optimizer)


def _figure_parser(sub) -> None:
    fig = _command(sub, "figure", "training curves of 002 §7 (SimGD, ConOpt, JARE)")
    fig.add_argument("name", choices=("isotropic",), help="which figure")
    fig.add_argument("-o", "--output", required=True, help="output image (.png, .pdf, ...)")
    fig.add_argument("--steps", type=int, default=15000, help="iterations (paper: 15000)")
    fig.add_argument(
        "--population",
        action="store_true",
        help="deterministic population loss instead of batch 128",
    )
    fig.set_defaults(run=cmd_figure)


def _landscape_parser(sub) -> None:
    from zigan_verify._runtime import add_runtime_options, with_runtime

    land = _command(sub, "landscape", "004 diagnostics of your GAN: DNE/LSSP, spectra, path-angle")
    land.add_argument(
        "target", help="MODULE:ATTR returning dict(game=..., point=..., [start=..., ends=...])"
    )
    land.add_argument(
        "-o",
        "--output",
        help="folder for the figures (PNG, PDF, numbers as CSV) and landscape.json, written after "
        "every phase",
    )
    land.add_argument("--k", type=int, default=10, help="eigenvalues per spectrum (default 10)")
    land.add_argument("--json", action="store_true", help="machine-readable output")
    land.add_argument(
        "--spectra",
        default="auto",
        help="auto (interior spectra only up to 2,000 parameters), all, extreme, or keys such as "
        "'J LM,G SA'",
    )
    land.add_argument(
        "--time-budget",
        type=float,
        default=None,
        help="seconds; no phase starts after them (the report lists what was skipped)",
    )
    land.add_argument(
        "--groups",
        choices=("layer", "tensor"),
        default=None,
        help="also the spectra of each layer's (or parameter tensor's) Hessian block",
    )
    land.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    add_runtime_options(land)
    land.set_defaults(run=with_runtime(cmd_landscape))


# `reproduce`'s choices, the keys of experiments.zigan_s7.FIGURES and SCALES, named here so that
# building the parser imports no torch (tests/test_cli.py checks that they agree)
REPRODUCE_FIGURES = ("fig2", "fig3", "fig4")
REPRODUCE_SCALES = ("tiny", "small", "medium", "paper")


def _reproduce_parser(sub) -> None:
    """``reproduce``: 000 §7 (Figs. 2-4); the body is experiments/s7_reproduce.py's."""
    rep = _command(sub, "reproduce", "run the 000 §7 experiment (Figs. 2-4) and decide its claims")
    rep.add_argument(
        "figure", choices=REPRODUCE_FIGURES, help="fig2: 8 settings, seed 0; fig3/fig4: App. C"
    )
    rep.add_argument(
        "--scale", choices=REPRODUCE_SCALES, default="tiny", help="sizes and steps (paper: App. C)"
    )
    rep.add_argument("--seeds", help="initializations, e.g. 0 or 1-5 (default: the figure's)")
    rep.add_argument("--steps", type=int, help="iterations per run (default: the scale's)")
    rep.add_argument("--device", default="cpu", help="cpu (default), cuda, cuda:N or auto")
    rep.add_argument(
        "--engine",
        choices=("loop", "batched"),
        default="loop",
        help="loop: one run at a time (autograd); batched: the runs of a group in one computation",
    )
    rep.add_argument(
        "--group",
        choices=("seed", "all", "run"),
        default="seed",
        help="batched engine: the runs that advance together (default: one seed's settings)",
    )
    rep.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the groups on this Dask scheduler (needs --engine batched and a shared -o path)",
    )
    rep.add_argument("--dtype", default="float64", choices=("float64", "float32"))
    rep.add_argument(
        "--data", default="digits", help="digits (default) or mnist:PATH to an IDX file"
    )
    rep.add_argument(
        "--near-global",
        type=float,
        metavar="EPS",
        help="start EPS away from a global solution instead of the initialization (000.thm3)",
    )
    rep.add_argument("--resume", metavar="DIR", help="continue the runs checkpointed in DIR")
    rep.add_argument("-o", "--output", required=True, help="output folder")
    rep.add_argument("--json", action="store_true", help="print the report as JSON")
    rep.set_defaults(run=cmd_reproduce)


def cmd_reproduce(args: argparse.Namespace) -> int:
    from zigan_verify.experiments import s7_reproduce

    return s7_reproduce.cmd_reproduce(args)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="zigan-verify",
        description=__doc__.splitlines()[0],
        epilog=_EXIT_STATUS + "\n\nprogress is shown on stderr when it is a terminal",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"zigan-verify {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")
    _check_parser(sub)
    errata = _command(sub, "errata", "list errata and other findings with corrected forms")
    _add_view_options(errata)
    errata.set_defaults(run=cmd_errata)
    claims = _command(sub, "claims", "list the registered claims")
    _add_view_options(claims)
    claims.set_defaults(run=cmd_claims)
    _latex_parser(sub)
    _optimizer_parser(sub)
    _figure_parser(sub)
    _landscape_parser(sub)
    _reproduce_parser(sub)
    return parser


# Options whose value may start with "-" (a loss such as "-(1-t)**2"): argparse would read
# "--loss -(1-t)**2" as an option without its value.
_DASH_VALUES = ("--loss",)


def _negative_value(arg: str) -> bool:
    """``-x...``, not an option (``--name``) nor one of the short options ``-o``, ``-h``."""
    return arg.startswith("-") and not arg.startswith("--") and arg not in ("-o", "-h")


def _values_with_dashes(argv: Sequence[str]) -> list[str]:
    """``--loss -x`` as ``--loss=-x``, so argparse takes ``-x`` as the value (before ``--``)."""
    out, rest = [], list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            return [*out, arg, *rest]
        if arg in _DASH_VALUES and rest and _negative_value(rest[0]):
            arg = f"{arg}={rest.pop(0)}"
        out.append(arg)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: the exit status of the command (NOTE: [one-line contract])."""

    def command() -> int:
        # torch and SymPy are imported from here on, under run()'s Ctrl-C handling
        # (NOTE: [lazy package]); at module level they would be imported before it. The parser
        # imports neither, so --help, --version and usage errors answer at once.
        args = _parser().parse_args(_values_with_dashes(sys.argv[1:] if argv is None else argv))
        from zigan_verify._float64 import float64_default

        with float64_default():  # NOTE: [float64 verification]
            return args.run(args)

    return run(command)


if __name__ == "__main__":
    sys.exit(main())
