"""The benchmark table, from ``benchmarks/results/*.md`` (written by the benchmarks).

The documentation's benchmark page (``docs/benchmarks.md``) includes :func:`rows` when it is
built (``docs/_ext/generated.py``), so the table is regenerated, never typed;
``python benchmarks/readme_table.py`` prints it.
"""

import sys

from _results import RESULTS, machine


def rows() -> str:
    """The rows every benchmark wrote, in file order."""
    return "".join(p.read_text() for p in sorted(RESULTS.glob("*.md")))


def table() -> str:
    """The rows under a header naming this machine (where the rows were just measured)."""
    return f"Measured on {machine()}:\n\n| benchmark | result |\n|---|---|\n{rows()}"


def main() -> int:
    sys.stdout.write(table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
