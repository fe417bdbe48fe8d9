"""Benchmarks write their README rows here; ``benchmarks/readme_table.py`` splices them in.

Each benchmark writes ``benchmarks/results/<name>.md``: markdown table rows ``| what | result |``
built from the numbers it just measured, so the README's table is regenerated, never typed.
"""

import platform
from pathlib import Path

import torch

RESULTS = Path(__file__).parent / "results"


def machine() -> str:
    """The machine, in words: CPU count and torch's default threads (GPU name if one is used)."""
    import os

    return f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}"


def write_rows(name: str, rows: list[tuple[str, str]]) -> Path:
    """Write ``rows`` (``(benchmark, result)``) as ``results/<name>.md``."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.md"
    path.write_text("".join(f"| {what} | {result} |\n" for what, result in rows))
    return path
