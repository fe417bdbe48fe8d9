"""The generated parts of the documentation and of the README, written from code, never typed.

* ``docs/_generated/findings.md``: the registry's counts per paper and status, and every finding
  with its printed and corrected statement (what ``zigan-verify errata`` prints,
  :mod:`zigan_verify.claims.findings`);
* ``docs/_generated/benchmarks.md``: the benchmark table, from ``benchmarks/results/*.md``
  (the rows ``benchmarks/readme_table.py`` collects);
* ``docs/_generated/notes.md``: every ``NOTE: [name]`` block of the source and where it is;
* the README's findings summary between ``<!-- findings:start -->`` and ``<!-- findings:end -->``.

As a Sphinx extension (``docs/conf.py``) it writes the pages when the build starts; the pages
include them. As a script: ``python docs/_ext/generated.py`` rewrites the README's block,
``--check`` only says whether it is current (exit 1 if not).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "_generated"
README = ROOT / "README.md"
START, END = "<!-- findings:start -->", "<!-- findings:end -->"
# where NOTE blocks are looked for: the package, the test machinery, the benchmarks and tools
NOTE_SOURCES = ("zigan_verify", "tests", "properties", "benchmarks", "tools", "conftest.py")
NOTE = re.compile(r"NOTE: \[([^\]]+)\]")
# a NOTE that opens its line (after indentation, a comment sign or a docstring's quotes) and is
# not followed by ':' (``NOTE: [x]: ...`` refers to a block, it does not open one)
NOTE_OPENS = re.compile(r"^\s*(?:#\s*|r?\"\"\")?NOTE: \[([^\]]+)\](?!:)(.*)$")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|$])")


def escape(text: str) -> str:
    """``text`` as literal Markdown (MyST): every character with a meaning there escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _count_table(rows: list[tuple[str, dict]]) -> str:
    from zigan_verify.claims.findings import REGISTERED

    head = ["paper", "claims", *(str(s) for s in REGISTERED)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, found in rows:
        cells = [name, str(found["total"]), *(str(found[str(s)]) for s in REGISTERED)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def count_table() -> str:
    """Markdown table: claims per paper and status, and the total."""
    from zigan_verify.claims import PAPER_INFO
    from zigan_verify.claims.findings import counts

    rows = [(f"{p.id} {p.short} ({p.authors})", counts(p.id)) for p in PAPER_INFO.values()]
    return _count_table([*rows, ("all", counts())])


def readme_block() -> str:
    """The README's findings summary (between the markers)."""
    from zigan_verify.claims.findings import summary

    return (
        f"{summary()} (generated from the registry by `python docs/_ext/generated.py`):\n\n"
        f"{count_table()}"
    )


def findings_page() -> str:
    """Every finding, per status, printed vs corrected, after the counts."""
    from zigan_verify.claims.findings import by_status

    parts = [count_table()]
    for status, claims in by_status().items():
        parts.append(f"\n## {str(status).capitalize()} ({len(claims)})\n")
        for c in claims:
            parts.append(
                f"\n(finding-{c.id})=\n**{c.id}** ({c.paper_info.short}, {escape(c.where)})\n\n"
                f"- printed: {escape(c.statement)}\n- corrected: {escape(c.correction)}\n"
            )
    return "".join(parts)


def benchmarks_page() -> str:
    """The benchmark rows of ``benchmarks/results/*.md`` as one table."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import readme_table
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return "| benchmark | result |\n|---|---|\n" + readme_table.rows()


def note_blocks() -> dict[str, str]:
    """``name -> file`` for every NOTE block of :data:`NOTE_SOURCES`: where it is written out (a
    line that opens with it, preferring one that holds nothing else), else where it is first
    named."""
    best: dict[str, tuple[int, str]] = {}
    for source in NOTE_SOURCES:
        path = ROOT / source
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            for line in file.read_text().splitlines():
                opens = NOTE_OPENS.match(line)
                for name in NOTE.findall(line):
                    if opens and opens.group(1) == name:
                        rank = 0 if opens.group(2).strip(' ."') == "" else 1
                    else:
                        rank = 2
                    if rank < best.get(name, (3, ""))[0]:
                        best[name] = (rank, str(file.relative_to(ROOT)))
    return {name: best[name][1] for name in sorted(best, key=str.lower)}


def notes_page() -> str:
    """Markdown table of :func:`note_blocks`."""
    rows = "".join(f"| `{name}` | `{file}` |\n" for name, file in note_blocks().items())
    return f"| NOTE | where |\n|---|---|\n{rows}"


PAGES = {"findings.md": findings_page, "benchmarks.md": benchmarks_page, "notes.md": notes_page}


def write_pages() -> None:
    """Write :data:`PAGES` to ``docs/_generated/`` (a file is rewritten only when it changes)."""
    OUT.mkdir(exist_ok=True)
    for name, page in PAGES.items():
        path, text = OUT / name, page()
        if not path.exists() or path.read_text() != text:
            path.write_text(text)


def splice(text: str, block: str) -> str:
    """``text`` with the lines between :data:`START` and :data:`END` replaced by ``block``."""
    if START not in text or END not in text:
        raise ValueError(f"no {START} ... {END} markers")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{block}{END}{tail}"


def setup(app):
    app.connect("builder-inited", lambda app: write_pages())
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    text = README.read_text()
    want = splice(text, readme_block())
    if "--check" in argv:
        if want != text:
            print("README.md: the findings summary differs from the registry", file=sys.stderr)
            return 1
        return 0
    README.write_text(want)
    print(f"updated {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
