r"""Figures of 004 drawn from computed data (every function takes numbers, never a game).

* :func:`plot_eigenvalues` -- eigenvalues of the game Jacobian in the complex plane (Fig. 4);
* :func:`plot_topk` -- top-k eigenvalues of each player's Hessian, descending (Figs. 5-6);
* :func:`plot_path_angle` -- path-angle (median, IQR band) with the path-norm on a twin axis
  (Figs. 2-3, App. C.3);
* :func:`plot_archetypes` -- Fig. 2's archetypes side by side;
* :func:`plot_trajectories` -- eigenvalues along training in the complex plane, coloured by step
  (004 §5's spectra at several points of training, for the monitor).

NOTE: [paper figures]
Each writes ``<stem>.png`` (raster, 200 dpi), ``<stem>.pdf`` (vector, TrueType fonts: matplotlib's
``pdf.fonttype = 42``, so no Type 3 font, which several venues reject) and ``<stem>.csv``, the
numbers drawn, beside them; it returns the paths. Labels are mathtext
(:math:`\mathrm{Re}\,\lambda`), every spectrum has its own colour and marker and a legend entry,
the imaginary axis is drawn and labelled, and the path-angle's y-range follows the data (with a
floor of :data:`MIN_SPAN` so a flat curve is not magnified into noise).

References:
    Berard et al. (004), Figs. 2-6, App. C.3.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

import numpy as np

from zigan_verify._errors import ZiganError

__all__ = [
    "MIN_SPAN",
    "plot_archetypes",
    "plot_eigenvalues",
    "plot_path_angle",
    "plot_topk",
    "plot_training_scalars",
    "plot_trajectories",
]

# the smallest y-span of a path-angle panel: a curve within +-0.01 is drawn as flat, not as a
# full-height wiggle; above it the span follows the data (004's curves reach |c| ~ 0.05-1)
MIN_SPAN = 0.02
RC = {
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "font.size": 9,
    "axes.titlesize": 9,
    "legend.fontsize": 8,
    "figure.dpi": 100,
    "savefig.dpi": 200,
}
# one colour and marker per spectrum, colour-blind safe (Okabe-Ito)
STYLES = [
    ("#0072B2", "o"),
    ("#D55E00", "s"),
    ("#009E73", "^"),
    ("#CC79A7", "D"),
    ("#E69F00", "v"),
    ("#56B4E9", "P"),
]


def _figure(ncols: int = 1, width: float = 3.6, height: float = 3.0, layout: str | None = None):
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(RC):
        fig, axes = plt.subplots(
            1, ncols, figsize=(width * ncols, height), squeeze=False, layout=layout
        )
    return fig, axes


def _save(fig, stem, rows: list[dict], *, tight: bool = True) -> list[Path]:
    import matplotlib
    import matplotlib.pyplot as plt

    stem = Path(stem)
    paths = [stem.with_suffix(".png"), stem.with_suffix(".pdf"), stem.with_suffix(".csv")]
    # fontTools (Type 42 subsetting) logs a harmless note about the font's 1904-based timestamps
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        stem.parent.mkdir(parents=True, exist_ok=True)
        with matplotlib.rc_context(RC):
            if tight:
                fig.tight_layout()
            for p in paths[:2]:
                fig.savefig(p)
        with open(paths[2], "w", newline="", encoding="utf-8") as fh:
            fields = list(rows[0]) if rows else []
            writer = csv.DictWriter(fh, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    except OSError as exc:
        raise ZiganError(f"cannot write figure {stem}: {exc.strerror}") from None
    finally:
        plt.close(fig)
    return paths


def _axes_lines(ax, *, vertical: bool = True) -> None:
    """The imaginary axis (Re = 0) and the real axis, thin and grey, behind the data."""
    if vertical:
        ax.axvline(
            0.0, color="0.45", lw=0.8, ls="--", zorder=0, label=r"$\mathrm{Re}\,\lambda = 0$"
        )
    ax.axhline(0.0, color="0.75", lw=0.6, zorder=0)


def plot_eigenvalues(spectra, stem, *, title: str = "eigenvalues of the game Jacobian $J$"):
    r"""Fig. 4: eigenvalues in the complex plane, one colour and marker per spectrum (``label ->
    values``; a bare array is one unnamed spectrum), the imaginary axis dashed, equal scale."""
    if not isinstance(spectra, dict):
        spectra = {"eigenvalues": spectra}
    fig, ax = _figure()
    ax = ax[0, 0]
    rows = []
    for (label, vals), (colour, marker) in zip(spectra.items(), STYLES, strict=False):
        ev = np.asarray(vals, dtype=complex).reshape(-1)
        ax.scatter(ev.real, ev.imag, s=22, color=colour, marker=marker, label=label, lw=0)
        rows += [{"spectrum": label, "re": v.real, "im": v.imag} for v in ev]
    _axes_lines(ax)
    _symmetric_limits(ax, rows)
    ax.set_xlabel(r"$\mathrm{Re}\,\lambda$")
    ax.set_ylabel(r"$\mathrm{Im}\,\lambda$")
    ax.set_title(title)
    ax.legend(loc="best", frameon=False)
    return _save(fig, stem, rows)


def _symmetric_limits(ax, rows: list[dict]) -> None:
    """The imaginary axis in view, and Im symmetric about 0 (eigenvalues of a real matrix come in
    conjugate pairs), with a 10% margin."""
    if not rows:
        return
    re = np.array([r["re"] for r in rows])
    im = np.abs(np.array([r["im"] for r in rows]))
    span = max(float(np.ptp(np.append(re, 0.0))), float(im.max()) * 2, 1e-12)
    pad = 0.1 * span
    ax.set_xlim(min(re.min(), 0.0) - pad, max(re.max(), 0.0) + pad)
    top = max(float(im.max()), 0.05 * span) + pad
    ax.set_ylim(-top, top)


def plot_topk(spectra: dict[str, np.ndarray], stem) -> list[Path]:
    """Figs. 5-6: each player's top-k Hessian eigenvalues (by magnitude), descending; negative
    ones hatched."""
    fig, axes = _figure(len(spectra))
    rows = []
    for ax, (name, vals), (colour, _) in zip(axes[0], spectra.items(), STYLES, strict=False):
        v = np.sort(np.real(np.asarray(vals)))[::-1]
        bars = ax.bar(np.arange(1, len(v) + 1), v, color=colour, label=name)
        for bar, x in zip(bars, v, strict=True):
            if x < 0:
                bar.set_hatch("///")
                bar.set_facecolor("white")
                bar.set_edgecolor(colour)
        ax.axhline(0.0, color="0.45", lw=0.8)
        ax.set_title(f"{name} Hessian: top-{len(v)} by $|\\lambda|$")
        ax.set_xlabel(r"rank $i$ (by $|\lambda|$, sorted by value)")
        ax.set_ylabel(r"$\lambda_i$")
        rows += [{"player": name, "rank": i + 1, "eigenvalue": x} for i, x in enumerate(v)]
    return _save(fig, stem, rows)


def _path_ylim(values) -> tuple[float, float]:
    """The data's range with a 10% margin, at least :data:`MIN_SPAN` wide, inside [-1.05, 1.05]."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return -1.05, 1.05
    lo, hi = float(v.min()), float(v.max())
    mid, half = (lo + hi) / 2, max(hi - lo, MIN_SPAN) / 2 * 1.1
    return max(mid - half, -1.05), min(mid + half, 1.05)


def plot_path_angle(summary, stem, *, title: str = "path-angle") -> list[Path]:
    r"""Figs. 2-3: median path-angle :math:`c(\alpha)` with its IQR band; path-norm
    :math:`\|v_\alpha\|` (median, IQR) on a log twin axis; the start (:math:`\alpha = 0`) and end
    (:math:`\alpha = 1`) marked."""
    fig, ax = _figure(width=4.2)
    ax = ax[0, 0]
    a = summary.alphas
    (c_line,) = ax.plot(a, summary.median, color=STYLES[0][0], label=r"path-angle $c(\alpha)$")
    ax.fill_between(a, summary.q25, summary.q75, color=STYLES[0][0], alpha=0.25, lw=0)
    ax.set_ylabel(r"path-angle $c(\alpha)$", color=STYLES[0][0])
    ax.set_xlabel(r"$\alpha$ (0: start $\omega$, 1: end $\omega'$)")
    ax.set_ylim(*_path_ylim(np.concatenate([summary.q25, summary.q75, summary.median])))
    ax.axhline(0.0, color="0.75", lw=0.6)
    for x in (0.0, 1.0):
        ax.axvline(x, color="0.45", lw=0.8, ls=":")
    tw = ax.twinx()
    (n_line,) = tw.plot(
        a, summary.norm_median, color=STYLES[1][0], ls="--", label=r"path-norm $\|v_\alpha\|$"
    )
    tw.fill_between(a, summary.norm_q25, summary.norm_q75, color=STYLES[1][0], alpha=0.15, lw=0)
    tw.set_ylabel(r"path-norm $\|v_\alpha\|$", color=STYLES[1][0])
    if np.all(np.asarray(summary.norm_median) > 0):
        tw.set_yscale("log")
    ax.legend(handles=[c_line, n_line], loc="best", frameon=False)
    ax.set_title(f"{title} ({summary.n_ends} end point{'s' * (summary.n_ends != 1)})")
    rows = [
        {
            "alpha": a[i],
            "c_median": summary.median[i],
            "c_q25": summary.q25[i],
            "c_q75": summary.q75[i],
            "norm_median": summary.norm_median[i],
            "norm_q25": summary.norm_q25[i],
            "norm_q75": summary.norm_q75[i],
        }
        for i in range(len(a))
    ]
    return _save(fig, stem, rows)


def plot_archetypes(curves: dict, stem) -> list[Path]:
    """Fig. 2: one panel per archetype (``name -> PathAngle``), path-norm on the twin axis."""
    fig, axes = _figure(len(curves))
    rows = []
    for ax, (name, c) in zip(axes[0], curves.items(), strict=True):
        ax.plot(c.alphas, c.cosine, color=STYLES[0][0], label=r"$c(\alpha)$")
        ax.set_ylim(*_path_ylim(c.cosine))
        ax.set_title(name)
        ax.set_xlabel(r"$\alpha$")
        ax.set_ylabel(r"path-angle $c(\alpha)$", color=STYLES[0][0])
        tw = ax.twinx()
        tw.plot(c.alphas, c.norm, color=STYLES[1][0], ls="--", label=r"$\|v_\alpha\|$")
        tw.set_ylabel(r"path-norm $\|v_\alpha\|$", color=STYLES[1][0])
        rows += [
            {"archetype": name, "alpha": x, "c": y, "norm": z}
            for x, y, z in zip(c.alphas, c.cosine, c.norm, strict=True)
        ]
    return _save(fig, stem, rows)


def plot_trajectories(
    steps, spectra: dict[str, np.ndarray], stem, *, title: str = ""
) -> list[Path]:
    r"""Eigenvalues along training in the complex plane, one panel per spectrum
    (``label -> array (n_records, k)``), each point coloured by its training step (colour bar),
    the first record ringed (start) and the last one drawn as crosses (end)."""
    import matplotlib as mpl

    steps = np.asarray(steps, dtype=float)
    fig, axes = _figure(len(spectra), width=3.4, height=3.1, layout="constrained")
    norm = mpl.colors.Normalize(
        vmin=float(steps.min()), vmax=float(max(steps.max(), steps.min() + 1))
    )
    cmap = mpl.colormaps["viridis"]
    rows = []
    for ax, (label, vals) in zip(axes[0], spectra.items(), strict=True):
        ev = np.asarray(vals, dtype=complex)
        colours = np.repeat(steps, ev.shape[1])
        sc = ax.scatter(
            ev.real.ravel(), ev.imag.ravel(), c=colours, cmap=cmap, norm=norm, s=9, lw=0
        )
        ax.scatter(
            ev[0].real, ev[0].imag, s=40, facecolors="none", edgecolors="k", lw=0.8, label="start"
        )
        ax.scatter(ev[-1].real, ev[-1].imag, s=40, marker="x", color="#D55E00", lw=1.0, label="end")
        _axes_lines(ax)
        ax.set_xlabel(r"$\mathrm{Re}\,\lambda$")
        ax.set_ylabel(r"$\mathrm{Im}\,\lambda$")
        ax.set_title(label)
        ax.legend(loc="best", frameon=False)
        rows += [
            {"spectrum": label, "step": s, "index": j, "re": v.real, "im": v.imag}
            for s, row in zip(steps, ev, strict=True)
            for j, v in enumerate(row)
        ]
    fig.colorbar(sc, ax=axes[0].tolist(), label="training step", shrink=0.9)
    if title:
        fig.suptitle(title)
    return _save(fig, stem, rows, tight=False)


def plot_training_scalars(steps, grad_norm, path_angle, stem) -> list[Path]:
    r"""The monitor's scalars against the training step: :math:`\|v(\omega_t)\|` (log scale)
    and the path-angle from the start :math:`c_t` (:mod:`zigan_verify.analysis.monitor`)."""
    fig, axes = _figure(2, width=3.2)
    s = np.asarray(steps, dtype=float)
    g, c = np.asarray(grad_norm, dtype=float), np.asarray(path_angle, dtype=float)
    axes[0, 0].plot(s, g, color=STYLES[1][0], marker="o", ms=3)
    if np.all(g > 0):
        axes[0, 0].set_yscale("log")
    axes[0, 0].set_ylabel(r"path-norm $\|v(\omega_t)\|$")
    axes[0, 1].plot(s, c, color=STYLES[0][0], marker="o", ms=3)
    axes[0, 1].set_ylim(*_path_ylim(c))
    axes[0, 1].axhline(0.0, color="0.75", lw=0.6)
    axes[0, 1].set_ylabel(r"path-angle from the start $c_t$")
    for ax in axes[0]:
        ax.set_xlabel("training step")
    rows = [{"step": a, "grad_norm": b, "path_angle": d} for a, b, d in zip(s, g, c, strict=True)]
    return _save(fig, stem, rows)
