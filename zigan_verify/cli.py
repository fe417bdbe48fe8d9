"""``zigan-verify``: run the claim checks, list errata, write the LaTeX of the derived Hessians.

User errors (bad shapes, non-finite values, unknown names, unwritable paths) print one line
``zigan-verify: error: ...`` on stderr and exit with status 2, without a traceback. ``check`` exits
with status 1 when a check's verdict differs from the registered status.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from zigan_verify._errors import ZiganError
from zigan_verify._float64 import float64_default
from zigan_verify._runtime import add_runtime_options, with_runtime
from zigan_verify.claims import Claim, Evidence, Status, get_claim, registry, run_check

__all__ = ["main"]

_FINDINGS = (Status.ERRATUM, Status.CONDITIONAL, Status.REFUTED)


def _console(stream=None) -> Console:
    # Wide enough for the evidence column when output is not a terminal (CI logs, pipes).
    return Console(file=stream, width=None if (stream or sys.stdout).isatty() else 200)


def _add_row(table: Table, *cells: str) -> None:
    # Text, not markup: formulas such as "[l(D(x_i)) + ...]" would otherwise be read as styles.
    table.add_row(*(Text(str(cell)) for cell in cells))


def _select(ids: Sequence[str] | None, scale: str) -> list[Claim]:
    if ids:
        return [get_claim(i) for i in ids]
    return [c for c in registry().values() if c.slow == (scale == "paper")]


def _run(claims: list[Claim], show_progress: bool) -> list[tuple[Claim, Evidence]]:
    results = []
    with Progress(console=Console(stderr=True), transient=True, disable=not show_progress) as bar:
        task = bar.add_task("checking claims", total=len(claims))
        for claim in claims:
            bar.update(task, description=f"checking {claim.id}")
            if claim.slow:  # slow checks report their inner progress in the same line
                from zigan_verify.paper_scale import progress_reporter

                def report(msg: str, cid: str = claim.id) -> None:
                    bar.update(task, description=f"checking {cid}: {msg}")

                with progress_reporter(report):
                    results.append((claim, run_check(claim)))
            else:
                results.append((claim, run_check(claim)))
            bar.advance(task)
    return results


def _agrees(claim: Claim, evidence: Evidence) -> bool:
    return evidence.verdict is claim.status


def cmd_check(args: argparse.Namespace) -> int:
    results = _run(_select(args.claim, args.scale), show_progress=not args.json)
    if args.json:
        rows = [
            {
                "id": c.id,
                "paper": c.paper,
                "source": c.where,
                "statement": c.statement,
                "registered": str(c.status),
                "verdict": str(e.verdict),
                "agrees": _agrees(c, e),
                "evidence": e.summary,
                "data": e.data,
            }
            for c, e in results
        ]
        print(json.dumps(rows, indent=2, default=float))
    else:
        table = Table(title="zigan-verify: claims and verdicts", show_lines=False)
        for col in ("claim", "source", "verdict", "evidence"):
            table.add_column(col, overflow="fold")
        for c, e in results:
            verdict = str(e.verdict) if _agrees(c, e) else f"{e.verdict} (registered {c.status})"
            _add_row(table, c.id, c.source, verdict, e.summary)
        console = _console()
        console.print(table)
        counts = {s: sum(e.verdict is s for _, e in results) for s in Status}
        console.print(", ".join(f"{n} {s}" for s, n in counts.items() if n))
    return 0 if all(_agrees(c, e) for c, e in results if c.status is not Status.PENDING) else 1


def cmd_errata(args: argparse.Namespace) -> int:
    console = _console()
    for status in _FINDINGS:
        claims = [c for c in registry().values() if c.status is status]
        console.print(f"[bold]{status.value.upper()} ({len(claims)})[/bold]")
        for c in claims:
            console.print(f"  {c.id}  ({c.paper}, {c.where})", markup=False, highlight=False)
            console.print(f"    printed:   {c.statement}", markup=False, highlight=False)
            console.print(f"    corrected: {c.correction}", markup=False, highlight=False)
    return 0


def cmd_claims(args: argparse.Namespace) -> int:
    table = Table(title="registered claims")
    for col in ("claim", "source", "status", "statement"):
        table.add_column(col, overflow="fold")
    for c in registry().values():
        _add_row(table, c.id, c.source, str(c.status), c.statement)
    _console().print(table)
    return 0


def cmd_optimizer(args: argparse.Namespace) -> int:
    from zigan_verify.battery import resolve_candidate, run_battery

    candidate = resolve_candidate(args.spec)
    results = run_battery(candidate, only=args.check, time_limit=args.time_limit)
    if args.json:
        print(json.dumps([r.__dict__ for r in results], indent=2, default=float))
    else:
        table = Table(
            title=f"zigan-verify battery: {candidate.name} (expectations of {candidate.behaves_like})"
        )
        for col in ("check", "claim", "outcome", "expected", "verdict", "evidence"):
            table.add_column(col, overflow="fold")
        for r in results:
            _add_row(table, r.check, r.claim, r.outcome, r.expected, r.verdict, r.evidence)
        _console().print(table)
    return 0 if all(r.verdict == "pass" for r in results) else 1


def cmd_figure(args: argparse.Namespace) -> int:
    from zigan_verify.jare_experiment import PAPER, plot_isotropic

    if args.steps < 1:
        raise ZiganError(f"--steps must be >= 1, got {args.steps}")
    plot_isotropic(args.output, steps=args.steps, batch=None if args.population else PAPER["batch"])
    print(f"wrote {args.output}")
    return 0


def cmd_landscape(args: argparse.Namespace) -> int:
    from zigan_verify.landscape import run_cli

    return run_cli(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zigan-verify", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="run the claim checks and print verdicts with evidence")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.add_argument(
        "--scale",
        choices=("toy", "paper"),
        default="toy",
        help="toy: the fast checks (default); paper: the slow checks at App. C's sizes",
    )
    check.add_argument("--claim", action="append", help="check only this claim id (repeatable)")
    add_runtime_options(check)
    check.set_defaults(run=with_runtime(cmd_check))
    sub.add_parser(
        "errata", help="list errata and other findings with corrected forms"
    ).set_defaults(run=cmd_errata)
    sub.add_parser("claims", help="list the registered claims").set_defaults(run=cmd_claims)
    tex = sub.add_parser("latex", help="write the LaTeX document of derived gradients and Hessians")
    from zigan_verify import latex

    latex.add_arguments(tex)
    tex.set_defaults(run=latex.run_command)
    opt = sub.add_parser("optimizer", help="run the conformance battery on an optimizer")
    opt.add_argument(
        "spec", help="MODULE:ATTRIBUTE of your optimizer, or a built-in name (tau_eg ...)"
    )
    opt.add_argument("--json", action="store_true", help="machine-readable output")
    opt.add_argument("--check", action="append", help="run only this check (repeatable)")
    opt.add_argument(
        "--time-limit", type=float, default=60.0, help="seconds per check (default 60)"
    )
    opt.set_defaults(run=cmd_optimizer)
    fig = sub.add_parser("figure", help="training curves of 002 §7 (SimGD, ConOpt, JARE)")
    fig.add_argument("name", choices=("isotropic",), help="which figure")
    fig.add_argument("-o", "--output", required=True, help="output image (.png, .pdf, ...)")
    fig.add_argument("--steps", type=int, default=15000, help="iterations (paper: 15000)")
    fig.add_argument(
        "--population",
        action="store_true",
        help="deterministic population loss instead of batch 128",
    )
    fig.set_defaults(run=cmd_figure)
    from zigan_verify.experiments import zigan_s7

    zigan_s7.add_parser(sub)  # `reproduce`: 000 §7 (Figs. 2-4); body in experiments/zigan_s7.py
    land = sub.add_parser(
        "landscape", help="004 diagnostics of your GAN: DNE/LSSP, spectra, path-angle"
    )
    land.add_argument(
        "target", help="MODULE:ATTR returning dict(game=..., point=..., [start=..., ends=...])"
    )
    land.add_argument("-o", "--output", help="folder for the figures (PNG, PDF) and landscape.json")
    land.add_argument("--k", type=int, default=10, help="eigenvalues per spectrum (default 10)")
    land.add_argument("--json", action="store_true", help="machine-readable output")
    land.set_defaults(run=cmd_landscape)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        with float64_default():  # NOTE: [float64 verification]
            return args.run(args)
    except ZiganError as exc:
        print(f"zigan-verify: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
