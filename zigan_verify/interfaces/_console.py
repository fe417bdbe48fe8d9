"""The command line's shared output: rich tables and consoles sized for a terminal or a log, progress bars, and every command's ``--json``/``--output`` (NOTE: [report schema] in :mod:`zigan_verify.interfaces.report`) and claim filters."""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Callable, Iterator, Sequence

from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from zigan_verify._errors import ZiganError
from zigan_verify.claims import Claim, Status, registry
from zigan_verify.interfaces import report
from zigan_verify.interfaces._cli_guard import stream_is_tty, write_text


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


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value
