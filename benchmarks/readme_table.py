"""Regenerate the README's benchmark table from ``benchmarks/results/*.md`` (written by the
benchmarks): ``python benchmarks/readme_table.py`` replaces the lines between the markers
``<!-- benchmarks:start -->`` and ``<!-- benchmarks:end -->``."""

import sys
from pathlib import Path

from _results import RESULTS, machine

README = Path(__file__).parents[1] / "README.md"
START, END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"


def rows() -> str:
    """The rows every benchmark wrote, in file order (the docs' benchmark page shows them too)."""
    return "".join(p.read_text() for p in sorted(RESULTS.glob("*.md")))


def table() -> str:
    return f"Measured on {machine()}:\n\n| benchmark | result |\n|---|---|\n{rows()}"


def main() -> int:
    text = README.read_text()
    if START not in text or END not in text:
        print(f"readme_table: error: {README} has no {START} ... {END} markers", file=sys.stderr)
        return 2
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{table()}{END}{tail}")
    print(f"updated {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
