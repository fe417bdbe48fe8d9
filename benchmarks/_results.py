"""Benchmarks write their rows of the benchmark table here (``docs/benchmarks.md`` shows them).

Each benchmark writes ``benchmarks/results/<name>.md``: markdown table rows ``| what | result |``
built from the numbers it just measured, so the docs' table is regenerated, never typed.
"""

import platform
import time
from pathlib import Path

import numpy as np
import torch

RESULTS = Path(__file__).parent / "results"


def machine() -> str:
    """The machine, in words: CPU count and torch's default threads (GPU name if one is used)."""
    import os

    return f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}"


def cpu_model() -> str:
    """The CPU's model name (``/proc/cpuinfo``; ``lscpu``'s "Model name"), else the platform's."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def where_and_load() -> str:
    """``"<CPU model>, <n> CPUs, load average a, b, c"``: wall times on a loaded machine are
    inflated, so every timing row says under which load it was taken."""
    import os

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{cpu_model()}, {os.cpu_count()} CPUs, load average {load}"


def write_rows(name: str, rows: list[tuple[str, str]]) -> Path:
    """Write ``rows`` (``(benchmark, result)``) as ``results/<name>.md``."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.md"
    path.write_text("".join(f"| {what} | {result} |\n" for what, result in rows))
    return path


def cpu_children() -> float:
    """CPU seconds (user + system) of the finished child processes so far: a subprocess run's CPU
    is the difference of two calls."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_cpu(fn, repeats: int, warmup: bool = True) -> float:
    """Median CPU seconds (``time.process_time``: robust to other processes) of ``fn()``."""
    if warmup:
        fn()
    times = []
    for _ in range(repeats):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return float(np.median(times))
