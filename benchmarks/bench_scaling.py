r"""Scaling benchmark: top-10 spectrum of Lambda_tau DF as the App. C network grows in width.

Run with ``pytest benchmarks/bench_scaling.py -m slow --benchmark-only -p no:cacheprovider -s``.
The generator width ``d2`` and discriminator width ``r`` are scaled together by 1/4, 1/2, 1 and 2
(``n = 32``, ``d1 = 784``, latent 100 fixed): 0.7M, 1.4M, 2.8M and 5.6M parameters. Each size
runs :func:`zigan_verify.checks.paper_scale.theorem3_spectrum` (the same check: probe, eigensolver, mu_k,
true residuals) and records the deterministic matvec count and CPU seconds; the table is printed,
written to ``benchmarks/results/scaling.md`` and drawn as a log-log plot
(``benchmarks/results/scaling.png``) so that users can extrapolate the cost to their model.
"""

import pytest
from _results import RESULTS, write_rows

from zigan_verify.analysis.paper_scale import PAPER_SIZES
from zigan_verify.checks.paper_scale import theorem3_spectrum

FACTORS = (0.25, 0.5, 1.0, 2.0)


def scaled_sizes(factor: float) -> dict:
    """App. C's sizes with ``d2`` and ``r`` scaled by ``factor``."""
    return {
        **PAPER_SIZES,
        "d2": round(PAPER_SIZES["d2"] * factor),
        "r": round(PAPER_SIZES["r"] * factor),
    }


def scaling_rows(factors=FACTORS, k: int = 10) -> list[dict]:
    """One row per width factor: ``factor, dim, solver, matvecs, cpu_s, wall_s, max_rel_error``."""
    rows = []
    for f in factors:
        ev = theorem3_spectrum(k=k, tau=4.0, progress=False, sizes=scaled_sizes(f))
        d = ev.data
        rows.append(
            dict(
                factor=f, dim=d["dim"], solver=d["solver"], matvecs=d["matvecs"],
                cpu_s=d["cpu_seconds_total"], wall_s=d["seconds_total"],
                max_rel_error=d["max_rel_error"], verdict=ev.verdict.value,
            )
        )  # fmt: skip
    return rows


def plot_scaling(rows: list[dict], path):
    """Log-log plot of CPU seconds and matvec count against the parameter count of ``rows``
    (from :func:`scaling_rows`); returns the figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    dims = [r["dim"] for r in rows]
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.loglog(dims, [r["cpu_s"] for r in rows], "o-", label="CPU seconds (whole check)")
    ax.loglog(dims, [r["matvecs"] for r in rows], "s--", label="eigensolver products")
    ax.set_xlabel("parameters")
    ax.set_title("top-10 spectrum of $\\Lambda_\\tau DF$ vs width")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    return fig


def table(rows: list[dict]) -> str:
    """The rows as a markdown table."""
    head = "| width x | parameters | solver | products | CPU s | wall s | rel. error |\n"
    head += "|---|---|---|---|---|---|---|\n"
    return head + "".join(
        f"| {r['factor']:g} | {r['dim']:,} | {r['solver']} | {r['matvecs']} | {r['cpu_s']:.1f} "
        f"| {r['wall_s']:.1f} | {r['max_rel_error']:.0e} |\n"
        for r in rows
    )


@pytest.mark.slow
def test_scaling(benchmark):
    rows = benchmark.pedantic(scaling_rows, rounds=1, iterations=1)
    print("\n" + table(rows))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "scaling_table.txt").write_text(table(rows))
    plot_scaling(rows, RESULTS / "scaling.png")
    write_rows(
        "spectrum_scaling",
        [
            (
                f"top-10 spectrum, width x{r['factor']:g} ({r['dim']:,} parameters)",
                f"{r['cpu_s']:.1f} s CPU, {r['matvecs']} products ({r['solver']})",
            )
            for r in rows
        ],
    )
    benchmark.extra_info["rows"] = rows
    assert all(r["verdict"] == "verified" for r in rows)
