"""Figures of 004 drawn from computed data (every function takes numbers, never a game).

* :func:`plot_eigenvalues` -- eigenvalues of the game Jacobian in the complex plane (Fig. 4);
* :func:`plot_topk` -- top-k eigenvalues of each player's Hessian, descending (Figs. 5-6);
* :func:`plot_path_angle` -- path-angle (median, IQR band) with the path-norm on a twin axis
  (Figs. 2-3, App. C.3);
* :func:`plot_archetypes` -- Fig. 2's archetypes side by side.

Each writes ``<stem>.png`` and ``<stem>.pdf`` and returns both paths.

References:
    Berard et al. (004), Figs. 2-6, App. C.3.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from zigan_verify._errors import ZiganError

__all__ = ["plot_archetypes", "plot_eigenvalues", "plot_path_angle", "plot_topk"]


def _figure(ncols: int = 1):
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt.subplots(1, ncols, figsize=(4.2 * ncols, 3.4), squeeze=False)


def _save(fig, stem) -> list[Path]:
    import matplotlib.pyplot as plt

    stem = Path(stem)
    try:
        stem.parent.mkdir(parents=True, exist_ok=True)
        paths = [stem.with_suffix(".png"), stem.with_suffix(".pdf")]
        fig.tight_layout()
        for p in paths:
            fig.savefig(p, dpi=130)
    except OSError as exc:
        raise ZiganError(f"cannot write figure {stem}: {exc.strerror}") from None
    finally:
        plt.close(fig)
    return paths


def plot_eigenvalues(eigenvalues, stem, *, title: str = "game Jacobian") -> list[Path]:
    """Fig. 4: eigenvalues in the complex plane (the imaginary axis dashed)."""
    ev = np.asarray(eigenvalues, dtype=complex)
    fig, ax = _figure()
    ax = ax[0, 0]
    ax.scatter(ev.real, ev.imag, s=14)
    ax.axvline(0.0, color="grey", ls="--", lw=0.8)
    ax.set_xlabel("Re(lambda)")
    ax.set_ylabel("Im(lambda)")
    ax.set_title(title)
    return _save(fig, stem)


def plot_topk(spectra: dict[str, np.ndarray], stem) -> list[Path]:
    """Figs. 5-6: each player's top-k Hessian eigenvalues (by magnitude), in descending order."""
    fig, axes = _figure(len(spectra))
    for ax, (name, vals) in zip(axes[0], spectra.items(), strict=True):
        v = np.sort(np.real(np.asarray(vals)))[::-1]
        ax.bar(np.arange(len(v)), v, color=["C3" if x < 0 else "C0" for x in v])
        ax.axhline(0.0, color="grey", lw=0.8)
        ax.set_title(f"top-{len(v)} eigenvalues, {name}")
        ax.set_xlabel("index")
    return _save(fig, stem)


def plot_path_angle(summary, stem, *, title: str = "path-angle") -> list[Path]:
    """Figs. 2-3: median path-angle with its IQR band; path-norm (median) on the twin axis."""
    fig, ax = _figure()
    ax = ax[0, 0]
    a = summary.alphas
    ax.plot(a, summary.median, color="C0")
    ax.fill_between(a, summary.q25, summary.q75, color="C0", alpha=0.3, lw=0)
    ax.set_ylabel("path-angle c(alpha)", color="C0")
    ax.set_xlabel("alpha")
    ax.set_ylim(-1.05, 1.05)
    tw = ax.twinx()
    tw.plot(a, summary.norm_median, color="C1")
    tw.fill_between(a, summary.norm_q25, summary.norm_q75, color="C1", alpha=0.2, lw=0)
    tw.set_ylabel("path-norm ||v||", color="C1")
    tw.set_yscale("log")
    ax.set_title(f"{title} ({summary.n_ends} end points)")
    return _save(fig, stem)


def plot_archetypes(curves: dict, stem) -> list[Path]:
    """Fig. 2: one panel per archetype (``name -> PathAngle``), path-norm on the twin axis."""
    fig, axes = _figure(len(curves))
    for ax, (name, c) in zip(axes[0], curves.items(), strict=True):
        ax.plot(c.alphas, c.cosine, color="C0")
        ax.set_ylim(-1.05, 1.05)
        ax.set_title(name)
        ax.set_xlabel("alpha")
        tw = ax.twinx()
        tw.plot(c.alphas, c.norm, color="C1")
    return _save(fig, stem)
