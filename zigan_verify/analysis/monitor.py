r"""Spectra along training (004 §5, for any model): a monitor for a user's own training loop.

Every ``every`` steps :class:`SpectraMonitor` records, at the current point :math:`\omega_t`,

* the top-``k`` eigenvalues of the game Jacobian :math:`J` and of both player Hessians
  :math:`S_1, S_2` (:func:`zigan_verify.analysis.spectrum.top_k`, true residuals kept);
* the path-norm :math:`\|v(\omega_t)\|` (004 §4.2: small near a stationary point);
* the path-angle from the start, eq. (7) at :math:`\alpha = 1` with :math:`\omega = \omega_0`
  (the first recorded point) and :math:`\omega' = \omega_t`:

  .. math:: c_t = \frac{\langle \omega_t - \omega_0, v(\omega_t)\rangle}
            {\|\omega_t - \omega_0\|\,\|v(\omega_t)\|}

  (NaN at the start itself; sign as eq. (7), NOTE: [path-angle sign]).

It writes ``monitor.json`` (all records, rewritten atomically after each), ``monitor.csv`` (one
row per eigenvalue) and ``monitor_scalars.csv`` (one row per record), appended as it goes, and on
:meth:`SpectraMonitor.close` (or leaving its ``with`` block) the figures: the eigenvalue
trajectories in the complex plane coloured by step (``trajectories.*``, what 004 §5 shows at one
point, here along the run) and the path-norm and path-angle against the step (``scalars.*``).

Examples:
    >>> import torch
    >>> from zigan_verify.game.module_game import module_game
    >>> from zigan_verify.analysis.monitor import SpectraMonitor
    >>> _ = torch.manual_seed(0)
    >>> G, D = torch.nn.Linear(1, 1), torch.nn.Linear(1, 1)
    >>> game = module_game(G, D, data=torch.randn(8, 1), latents=torch.randn(8, 1))
    >>> mon = SpectraMonitor(game, every=2, k=1)
    >>> [mon(step, G, D) is not None for step in range(3)]
    [True, False, True]
    >>> len(mon.records), sorted(mon.records[0].spectra)
    (2, ['D LM', 'G LM', 'J LM'])

Public: :class:`SpectraMonitor`, :class:`Record`.

References:
    Berard et al. (004), §4.2, eq. (7), §5, Figs. 4-6.
"""

from __future__ import annotations

import csv
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from zigan_verify._errors import ZiganError
from zigan_verify.analysis.landscape import (
    _dense_blocks,
    _select_spectra,
    _top_k,
    check_writable,
    write_atomic,
)
from zigan_verify.game.games import Game
from zigan_verify.game.module_game import ModuleGame
from zigan_verify.game.products import GameProducts

__all__ = ["Record", "SpectraMonitor"]

DEFAULT_SPECTRA = ("J LM", "G LM", "D LM")
# the figures' panel titles (the spectra, in words)
TITLES = {
    "J LM": r"$J$: largest $|\lambda|$",
    "J SR": r"$J$: smallest $\mathrm{Re}\,\lambda$",
    "G LM": r"$S_1$ (generator): largest $|\lambda|$",
    "G SA": r"$S_1$ (generator): most negative",
    "D LM": r"$S_2$ (discriminator): largest $|\lambda|$",
    "D SA": r"$S_2$ (discriminator): most negative",
}


@dataclass(frozen=True)
class Record:
    """One recorded step: spectra (``"J LM" -> eigenvalues``), their largest true residual, the
    path-norm ``||v||`` and the path-angle from the start (module docstring)."""

    step: int
    grad_norm: float
    path_angle: float
    spectra: dict[str, np.ndarray]
    residuals: dict[str, float]
    seconds: float

    def to_dict(self) -> dict:
        return {
            "step": self.step,
            "grad_norm": self.grad_norm,
            "path_angle": None if np.isnan(self.path_angle) else self.path_angle,
            "seconds": self.seconds,
            "spectra": {
                key: {
                    "re": v.real.tolist(),
                    "im": v.imag.tolist(),
                    "max_residual": self.residuals[key],
                }
                for key, v in self.spectra.items()
            },
        }


class SpectraMonitor:
    """Spectra along a training loop, as a callback (``monitor(step, G, D)``) and a context
    manager (``with SpectraMonitor(...) as monitor:``; the figures are drawn on exit).

    Args:
        game: the game whose spectra are tracked, e.g. ``module_game(G, D, data=x, latents=z)``
            built once on a fixed data set (float64 copies: the user's modules are untouched).
        every: record when ``step % every == 0``.
        k: eigenvalues per spectrum.
        spectra: which (keys of :data:`zigan_verify.analysis.landscape.SPECTRA`, e.g. ``"G SA"``).
        out_dir: where the records and figures go (checked writable at once); ``None``: memory.
    """

    def __init__(
        self, game: Game, *, every: int = 100, k: int = 6, spectra=DEFAULT_SPECTRA, out_dir=None
    ):
        if not isinstance(game, Game):
            raise ZiganError(
                f"game must be a zigan_verify.game.games.Game, got {type(game).__name__}"
            )
        if every < 1 or k < 1:
            raise ZiganError(f"every and k must be >= 1, got every={every}, k={k}")
        self.game, self.every, self.k = game, int(every), int(k)
        self.spectra = [
            " ".join(s)
            for s in _select_spectra(
                spectra if isinstance(spectra, str) else list(spectra), game.dim
            )
        ]
        self.out = None if out_dir is None else check_writable(out_dir)
        self.records: list[Record] = []
        self.start: torch.Tensor | None = None
        self.figures: list[Path] = []

    # ----- the callback -----
    def __call__(
        self, step: int, generator=None, discriminator=None, *, point=None
    ) -> Record | None:
        """Record at ``step`` if it is a multiple of ``every``; the point is ``point`` or
        ``game.pack(generator, discriminator)`` (a :class:`~zigan_verify.game.module_game.ModuleGame`)."""
        if step % self.every:
            return None
        if point is None:
            if not isinstance(self.game, ModuleGame) or generator is None or discriminator is None:
                raise ZiganError(
                    "give monitor(step, G, D) for a module game, or monitor(step, point=omega)"
                )
            point = self.game.pack(generator, discriminator)
        return self.record(step, point)

    def record(self, step: int, point) -> Record:
        """Compute and store one :class:`Record` at ``point`` (module docstring)."""
        t0 = time.perf_counter()
        point = self.game.as_point(point)
        if self.start is None:
            self.start = point.clone()
        v = self.game.v(point)
        vn = float(torch.linalg.vector_norm(v))
        d = point - self.start
        dn = float(torch.linalg.vector_norm(d))
        angle = float(d @ v) / (dn * vn) if dn > 0 and vn > 0 else float("nan")
        chosen = [tuple(s.split()) for s in self.spectra]
        # one retained graph per point serves every product (NOTE: [products on a retained graph])
        products = GameProducts(self.game, point)
        dense = _dense_blocks(self.game, point, chosen, products)
        sizes = {"J": self.game.dim, "G": self.game.n_theta, "D": self.game.n_phi}
        spectra, resid = {}, {}
        for block, which in chosen:
            from zigan_verify.analysis.spectrum import DENSE_MAX

            size = sizes[block]
            kk = min(self.k, size - (2 if block == "J" and size > DENSE_MAX else 0))
            t = _top_k(self.game, point, kk, block, which, None, dense.get(block), None, products)
            spectra[f"{block} {which}"] = np.asarray(t.eigenvalues, dtype=complex)
            resid[f"{block} {which}"] = float(t.residuals.max(initial=0.0))
        rec = Record(int(step), vn, angle, spectra, resid, time.perf_counter() - t0)
        self.records.append(rec)
        if self.out is not None:
            self._append(rec)
        return rec

    # ----- files -----
    def _append(self, rec: Record) -> None:
        write_atomic(
            self.out / "monitor.json",
            json.dumps(
                {"game": self.game.name, "records": [r.to_dict() for r in self.records]}, indent=1
            ),
        )
        first = len(self.records) == 1
        try:
            with open(
                self.out / "monitor.csv", "w" if first else "a", newline="", encoding="utf-8"
            ) as fh:
                w = csv.writer(fh)
                if first:
                    w.writerow(["step", "spectrum", "index", "re", "im", "max_residual"])
                for key, vals in rec.spectra.items():
                    for j, x in enumerate(vals):
                        w.writerow([rec.step, key, j, x.real, x.imag, rec.residuals[key]])
            with open(
                self.out / "monitor_scalars.csv",
                "w" if first else "a",
                newline="",
                encoding="utf-8",
            ) as fh:
                w = csv.writer(fh)
                if first:
                    w.writerow(["step", "grad_norm", "path_angle", "seconds"])
                w.writerow([rec.step, rec.grad_norm, rec.path_angle, rec.seconds])
        except OSError as exc:
            raise ZiganError(f"cannot write to {str(self.out)!r}: {exc.strerror or exc}") from None

    # ----- figures and the context manager -----
    def close(self) -> list[Path]:
        """Draw the trajectory and scalar figures (with ``out_dir``); returns their paths."""
        if self.out is None or not self.records:
            return []
        from zigan_verify.analysis import landscape_figures as F

        steps = [r.step for r in self.records]
        traj = {TITLES[key]: _ragged(r.spectra[key] for r in self.records) for key in self.spectra}
        self.figures = F.plot_trajectories(
            steps, traj, self.out / "trajectories", title=self.game.name
        )
        self.figures += F.plot_training_scalars(
            steps,
            [r.grad_norm for r in self.records],
            [r.path_angle for r in self.records],
            self.out / "scalars",
        )
        return self.figures

    def __enter__(self) -> SpectraMonitor:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None or issubclass(exc_type, KeyboardInterrupt):
            self.close()  # an interrupted run still gets the figures of what it recorded


def _ragged(rows) -> np.ndarray:
    """Records as a ``(n, k)`` array, NaN-padded when a spectrum returned fewer values."""
    rows = [np.asarray(r, dtype=complex) for r in rows]
    width = max(len(r) for r in rows)
    out = np.full((len(rows), width), np.nan + 0j)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r
    return out
