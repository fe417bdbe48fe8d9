"""The figures of 000 §7 (Figs. 2-4): sample grids and residual curves, drawn from computed data (PNG and PDF)."""

from __future__ import annotations

import math
import pathlib

import numpy as np

from zigan_verify.experiments.zigan_s7 import memorization

__all__ = [
    "plot_curves",
    "plot_grids",
]


# ----- figures (computed data in, PNG + PDF out) -----
def _tile(images: np.ndarray, side: int, cols: int) -> np.ndarray:
    """Rows of ``side*side`` pixels as one ``rows x cols`` mosaic with a 1-pixel gap."""
    rows = -(-len(images) // cols)
    out = np.full((rows * (side + 1) - 1, cols * (side + 1) - 1), np.nan)
    for i, im in enumerate(images):
        r, c = divmod(i, cols)
        out[r * (side + 1) : r * (side + 1) + side, c * (side + 1) : c * (side + 1) + side] = (
            im.reshape(side, side)
        )
    return out


def plot_grids(X: np.ndarray, generated: dict[str, np.ndarray], path) -> list[pathlib.Path]:
    """Fig. 2 style: the training images ``X`` next to each setting's images generated from the
    presampled latents (``generated``: label -> ``(n, d1)``); rows of each generated mosaic are
    ordered by the optimal assignment so image ``i`` sits where its training image sits.
    Writes ``path`` with suffixes ``.png`` and ``.pdf``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    side = int(round(math.sqrt(X.shape[1])))
    cols = min(8, len(X))
    panels = [("training images", X)]
    for label, Y in generated.items():
        perm, _ = memorization(Y, X)
        ordered = np.empty_like(Y)
        ordered[perm] = Y
        panels.append((label, ordered))
    ncols = 3
    nrows = -(-len(panels) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 2.0 * nrows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, (label, images) in zip(axes.flat, panels, strict=False):
        ax.imshow(_tile(np.clip(images, 0, 1), side, cols), cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(label, fontsize=8)
    fig.tight_layout()
    return _save(fig, path)


def plot_curves(curves: dict[str, list[dict]], rho: float, path) -> list[pathlib.Path]:
    """Memorization residual ``max_i |y_i - x_pi(i)|`` and ``|F|`` over iterations for every run
    (``curves``: label -> metric rows), with the vicinity radius ``rho``; ``.png`` and ``.pdf``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_res, ax_F) = plt.subplots(1, 2, figsize=(11, 4))
    colors = {}
    for label, rows in curves.items():
        setting = label.split(" ")[0]
        color = colors.setdefault(setting, f"C{len(colors)}")
        steps = [r["step"] for r in rows]
        ax_res.plot(
            steps,
            [r["res_max"] for r in rows],
            color=color,
            lw=0.8,
            label=setting if label.endswith("seed 0") else None,
        )
        ax_F.plot(steps, [r["F"] for r in rows], color=color, lw=0.8)
    ax_res.axhline(rho, color="k", ls="--", lw=0.8, label="vicinity radius rho")
    for ax, name in ((ax_res, "memorization residual max_i |y_i - x_pi(i)|"), (ax_F, "|F(z_k)|")):
        ax.set_yscale("log")
        ax.set_xlabel("iteration")
        ax.set_title(name, fontsize=9)
    ax_res.legend(fontsize=7)
    fig.tight_layout()
    return _save(fig, path)


def _save(fig, path) -> list[pathlib.Path]:
    import matplotlib.pyplot as plt

    path = pathlib.Path(path)
    out = [path.with_suffix(".png"), path.with_suffix(".pdf")]
    for p in out:
        fig.savefig(p, dpi=150)
    plt.close(fig)
    return out
