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
from zigan_verify.claims import Claim, Status, get_claim, registry
from zigan_verify.interfaces import report
from zigan_verify.interfaces._cli_guard import plugin, run, stream_is_tty, write_text

__all__ = ["ExitCode", "main"]

_FINDINGS = (Status.ERRATUM, Status.CONDITIONAL, Status.REFUTED, Status.UNREPRODUCED)


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich's default exits with status 1; NOTE: [one-line contract] says EPIPE is 141
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def _console(stream=None) -> Console:
    # Wide enough for the evidence column when output is not a terminal (CI logs, pipes).
    return _Console(
        file=stream or sys.stdout, width=None if stream_is_tty(stream or sys.stdout) else 200
    )


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


def _select(ids: Sequence[str] | None, scale: str) -> list[Claim]:
    if ids:
        return [get_claim(i) for i in ids]
    return [c for c in registry().values() if c.slow == (scale == "paper")]


def cmd_check(args: argparse.Namespace) -> int:
    from zigan_verify import _disk_cache
    from zigan_verify.interfaces._check_runner import run_checks

    claims = _select(args.claim, args.scale)
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
    )

    def print_table() -> None:
        rows = (
            (
                r.claim.id,
                r.claim.source,
                str(r.evidence.verdict)
                if r.agrees
                else f"{r.evidence.verdict} (registered {r.claim.status})",
                r.evidence.summary,
            )
            for r in runs
        )
        console = _console()
        console.print(
            _table(
                "zigan-verify: claims and verdicts",
                ("claim", "source", "verdict", "evidence"),
                rows,
            )
        )
        counts = ", ".join(f"{summary[s.value]} {s}" for s in Status if summary[s.value])
        console.print(f"{counts}; {summary['seconds']:.1f} s", markup=False, highlight=False)

    return _emit(args, rep, print_table)


def cmd_errata(args: argparse.Namespace) -> int:
    console = _console()
    for status in _FINDINGS:
        claims = [c for c in registry().values() if c.status is status]
        console.print(f"[bold]{status.value.upper()} ({len(claims)})[/bold]")
        for c in claims:
            console.print(f"  {c.id}  ({c.paper}, {c.where})", markup=False, highlight=False)
            console.print(f"    printed:   {c.statement}", markup=False, highlight=False)
            console.print(f"    corrected: {c.correction}", markup=False, highlight=False)
    return ExitCode.OK


def cmd_claims(args: argparse.Namespace) -> int:
    rows = (
        (
            c.id,
            c.source,
            str(c.status),
            f"{c.statement} [convention: {c.convention}]" if c.convention else c.statement,
        )
        for c in registry().values()
    )
    _console().print(_table("registered claims", ("claim", "source", "status", "statement"), rows))
    return ExitCode.OK


def cmd_latex(args: argparse.Namespace) -> int:
    from zigan_verify.interfaces import latex

    return latex.run_command(args)


def cmd_optimizer(args: argparse.Namespace) -> int:
    from zigan_verify.battery import CHECKS, resolve_candidate, run_battery

    with plugin(args.spec, "while loading (import and one trial step)"):
        candidate = resolve_candidate(args.spec)
    names = args.check or list(CHECKS)
    start, results = time.perf_counter(), []
    with _progress(len(names), f"battery: {candidate.name}") as show:
        for name in names:  # one call per check: the bar moves, and a plugin fault names the check
            show(f"battery: {name}")
            with plugin(args.spec, f"in battery check {name!r}"):
                results += run_battery(candidate, only=[name], time_limit=args.time_limit)
            show(advance=1)
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
        }
        for r in results
    ]
    summary = {
        "total": len(rows),
        **{v: sum(r["verdict"] == v for r in rows) for v in ("pass", "fail", "error")},
        "seconds": time.perf_counter() - start,
    }
    rep = report.make_report(
        "optimizer",
        summary,
        "checks",
        rows,
        exit_code=ExitCode.OK if summary["pass"] == len(rows) else ExitCode.CHECK_FAILED,
        candidate={"name": candidate.name, "behaves_like": candidate.behaves_like},
    )

    def print_table() -> None:
        columns = ("check", "claim", "outcome", "expected", "verdict", "evidence")
        title = f"zigan-verify battery: {candidate.name} (expectations of {candidate.behaves_like})"
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
    check.add_argument("--claim", action="append", help="check only this claim id (repeatable)")
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
        "e.g. 'log(1 + exp(-t))'",
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
        "--time-limit", type=float, default=60.0, help="seconds per check (default 60)"
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
    """``reproduce``: 000 §7 (Figs. 2-4); the body is experiments/zigan_s7.py's."""
    rep = _command(sub, "reproduce", "run the 000 §7 experiment (Figs. 2-4) and decide its claims")
    rep.add_argument(
        "figure", choices=REPRODUCE_FIGURES, help="fig2: 8 settings, seed 0; fig3/fig4: App. C"
    )
    rep.add_argument(
        "--scale", choices=REPRODUCE_SCALES, default="tiny", help="sizes and steps (paper: App. C)"
    )
    rep.add_argument("--seeds", help="initializations, e.g. 0 or 1-5 (default: the figure's)")
    rep.add_argument("--steps", type=int, help="iterations per run (default: the scale's)")
    rep.add_argument("--device", default="cpu", help="cpu (default) or cuda")
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
    from zigan_verify.experiments import zigan_s7

    return zigan_s7.cmd_reproduce(args)


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
    _command(sub, "errata", "list errata and other findings with corrected forms").set_defaults(
        run=cmd_errata
    )
    _command(sub, "claims", "list the registered claims").set_defaults(run=cmd_claims)
    _latex_parser(sub)
    _optimizer_parser(sub)
    _figure_parser(sub)
    _landscape_parser(sub)
    _reproduce_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: the exit status of the command (NOTE: [one-line contract])."""

    def command() -> int:
        # torch and SymPy are imported from here on, under run()'s Ctrl-C handling
        # (NOTE: [lazy package]); at module level they would be imported before it. The parser
        # imports neither, so --help, --version and usage errors answer at once.
        args = _parser().parse_args(argv)
        from zigan_verify._float64 import float64_default

        with float64_default():  # NOTE: [float64 verification]
            return args.run(args)

    return run(command)


if __name__ == "__main__":
    sys.exit(main())
