"""``zigan-verify``: run the claim checks, list errata, write the LaTeX of the derived Hessians.

Every user error (bad option, bad shape, non-finite value, unknown name, unwritable path, faulty
optimizer plugin) prints one line ``zigan-verify: error: ...`` on stderr (argparse's usage line
may come first) and exits with status 2, without a traceback; closed pipes, full disks and Ctrl-C
are handled the same way (NOTE: [one-line contract] in :mod:`zigan_verify.interfaces._cli_guard`). The exit
statuses are :class:`ExitCode`.

Layout, so that commands merge cleanly: one ``cmd_<name>(args) -> int`` function per subcommand
in :mod:`zigan_verify.interfaces.commands` (its body in the command's own module where it is more
than a few lines), one ``_<name>_parser(sub)`` block per subcommand here in :func:`_parser`, and
the shared output helpers (``_add_report_options`` / ``_emit`` for a command's ``--json`` and
``--output``, NOTE: [report schema] in :mod:`zigan_verify.interfaces.report`) in
:mod:`zigan_verify.interfaces._console`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from zigan_verify._errors import ExitCode
from zigan_verify._version import __version__
from zigan_verify.interfaces._cli_guard import run
from zigan_verify.interfaces._console import _add_report_options, _add_view_options, _positive_int
from zigan_verify.interfaces.commands import (
    cmd_check,
    cmd_claims,
    cmd_errata,
    cmd_figure,
    cmd_landscape,
    cmd_latex,
    cmd_optimizer,
    cmd_reproduce,
)

__all__ = ["ExitCode", "main"]


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
