r"""Spectra per parameter group and on mini-batches, for models and data sets too large for the
full-batch, per-player spectra of :func:`zigan_verify.analysis.landscape.diagnose` (issue 27 part 4).

**Per group.** A parameter group :math:`g` (a layer, a tensor, or a whole player) of player
:math:`i` has the Hessian block :math:`\nabla^2_{\omega_g}\mathcal L_i`, the diagonal block of
:math:`S_1` (generator groups) or :math:`S_2` (discriminator groups) of 004 eq. (5) on those
coordinates. :func:`group_top_k` computes its top-``k`` through
:func:`zigan_verify.analysis.spectrum.top_k` on the *group game* (NOTE: [group game]); by Cauchy
interlacing, each group's extreme eigenvalues lie inside the player's: a negative eigenvalue of a
group block certifies one of :math:`S_i` (and so "not DNE" at a stationary point).

**Mini-batch.** :func:`minibatch_top_k` splits the data into ``n_batches`` disjoint, seeded
batches of ``batch_size`` rows and returns

* ``averaged``: the top-``k`` of the batch-averaged operator
  :math:`\bar M = \frac1m\sum_b M_b` -- the operator of the game on the union of the batches
  (the losses are means over rows), with products evaluated one batch at a time, so the memory
  is that of one batch (NOTE: [averaged game]);
* ``per_batch``: each batch's own top-``k``, and per rank their mean and standard error
  :math:`s/\sqrt m` (``s`` the sample standard deviation over the ``m`` batches). The standard
  error states how much a spectrum computed on one batch of this size varies from batch to
  batch: a spectrum read from one mini-batch is uncertain by about
  :math:`s = \sqrt m\,\mathrm{SE}`; the mean of the per-batch extremes is biased outward
  relative to the averaged operator's (Jensen), which ``averaged`` avoids.

Public: :func:`parameter_groups`, :func:`group_top_k`, :func:`minibatch_top_k`,
:class:`MinibatchSpectrum`.

References:
    Berard et al. (004), eq. (5), §4.2, App. B ("a subset of the dataset").
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch

from zigan_verify._errors import ZiganError, check_choice
from zigan_verify.analysis.spectrum import TopK, top_k
from zigan_verify.game.games import Game
from zigan_verify.game.module_game import ModuleGame

__all__ = ["MinibatchSpectrum", "group_top_k", "minibatch_top_k", "parameter_groups"]


def parameter_groups(game: Game, by: str = "layer") -> dict[str, tuple[str, slice]]:
    """``label -> (player, slice of omega)``: ``by="player"`` (``"generator"``,
    ``"discriminator"``), ``"layer"`` (a module game's parameters grouped by their module, e.g.
    ``"generator.0"`` for ``0.weight`` and ``0.bias``) or ``"tensor"`` (one per parameter)."""
    check_choice("by", by, ("player", "layer", "tensor"))
    n = game.n_theta
    if by == "player" or not isinstance(game, ModuleGame):
        if by != "player":
            raise ZiganError(f"groups by {by} need a module game (module_game); use by='player'")
        return {"generator": ("G", slice(0, n)), "discriminator": ("D", slice(n, game.dim))}
    groups: dict[str, tuple[str, slice]] = {}
    for player, label, layout, offset in (
        ("G", "generator", game.layout_G, 0),
        ("D", "discriminator", game.layout_D, n),
    ):
        for name, sl in zip(layout.names, layout.slices, strict=True):
            key = f"{label}.{name.rsplit('.', 1)[0] if by == 'layer' and '.' in name else name}"
            lo, hi = sl.start + offset, sl.stop + offset
            if key in groups:  # a module's tensors are consecutive in named_parameters()
                lo = groups[key][1].start
            groups[key] = (player, slice(lo, hi))
    return groups


def _group_game(
    game: Game, point: torch.Tensor, player: str, sl: slice
) -> tuple[Game, torch.Tensor]:
    """NOTE: [group game]
    The game on ``omega' = (omega_g, psi)``: player one's loss is the owner's loss with the
    group's coordinates replaced by ``omega_g`` and every other coordinate fixed at ``point``;
    player two is a dummy ``psi`` with ``L = psi^2 / 2``. Its ``S_1`` is exactly
    :math:`\\nabla^2_{\\omega_g}\\mathcal L_{owner}` at ``point``, so any ``top_k`` of a game
    gives the group block's spectrum."""
    loss = game.L_G if player == "G" else game.L_D
    m = sl.stop - sl.start

    def embed(w):
        return torch.cat([point[: sl.start], w[:m], point[sl.stop :]])

    sub = Game(
        lambda w: loss(embed(w)) + 0.0 * w[m],
        lambda w: 0.5 * w[m] ** 2,
        n_theta=m,
        dim=m + 1,
        name=f"{game.name} [{player} {sl.start}:{sl.stop}]",
    )
    return sub, torch.cat([point[sl], torch.zeros(1, dtype=torch.float64)])


def group_top_k(game: Game, point, group, k: int = 6, *, which: str = "LM", progress=None) -> TopK:
    """Top-``k`` eigenvalues of one parameter group's Hessian block (module docstring).

    Args:
        group: ``(player, slice)`` from :func:`parameter_groups`, or its label.
        which: ``"LM"``, ``"SA"`` or ``"LA"`` (a symmetric block).
    """
    point = game.as_point(point)
    if isinstance(group, str):
        groups = parameter_groups(game, "layer" if "." in group else "player")
        groups.update(parameter_groups(game, "tensor") if isinstance(game, ModuleGame) else {})
        if group not in groups:
            raise ZiganError(f"unknown group {group!r}; choose one of {', '.join(groups)}")
        group = groups[group]
    player, sl = group
    sub, w = _group_game(game, point, player, sl)
    return top_k(sub, w, min(k, sl.stop - sl.start), block="G", which=which, progress=progress)


class MinibatchSpectrum(NamedTuple):
    """:func:`minibatch_top_k`'s result (module docstring): ``mean`` and ``stderr`` per rank
    over the batches (complex for ``J``: real and imaginary parts separately)."""

    averaged: TopK
    per_batch: np.ndarray
    mean: np.ndarray
    stderr: np.ndarray
    n_batches: int
    batch_size: int


class _AveragedGame(Game):
    """NOTE: [averaged game]
    ``v = (1/m) sum_b v_b``: evaluated batch after batch, so a product ``J u`` (forward over
    this reverse-mode ``v``) holds one batch's graph at a time."""

    def __init__(self, games: list[ModuleGame], name: str):
        self.games = games
        m = len(games)
        super().__init__(
            lambda w: sum(g.L_G(w) for g in games) / m,
            lambda w: sum(g.L_D(w) for g in games) / m,
            n_theta=games[0].n_theta,
            dim=games[0].dim,
            name=name,
        )

    def v(self, omega):
        return sum(g.v(omega) for g in self.games) / len(self.games)


def _rank_order(vals: np.ndarray, which: str) -> np.ndarray:
    """``vals`` in ``which``'s order; ties (a conjugate pair under ``LM``) positive imaginary
    part first, so that ranks match across batches."""
    key = {
        "LM": -np.abs(vals),
        "SA": vals.real,
        "SR": vals.real,
        "LA": -vals.real,
        "LR": -vals.real,
    }
    return vals[np.lexsort((-vals.imag, np.round(key[which], 12)))]


def minibatch_top_k(
    game: ModuleGame,
    point,
    k: int = 6,
    *,
    batch_size: int,
    n_batches: int,
    block: str = "G",
    which: str = "LM",
    seed: int = 0,
    progress=None,
) -> MinibatchSpectrum:
    """Top-``k`` of ``J`` / ``S_1`` / ``S_2`` averaged over ``n_batches`` disjoint batches, with
    each batch's own top-``k`` and their standard error per rank (module docstring)."""
    if not isinstance(game, ModuleGame):
        raise ZiganError("mini-batch spectra need a module game (module_game)")
    if n_batches < 2 or batch_size < 1 or n_batches * batch_size > game.data.shape[0]:
        raise ZiganError(
            f"need n_batches >= 2 disjoint batches of batch_size >= 1 rows within the "
            f"{game.data.shape[0]} data rows, got {n_batches} x {batch_size}"
        )
    point = game.as_point(point)
    perm = torch.randperm(game.data.shape[0], generator=torch.Generator().manual_seed(seed))
    games = []
    for b in range(n_batches):
        idx = perm[b * batch_size : (b + 1) * batch_size]
        games.append(
            ModuleGame(
                game.generator, game.discriminator, game.loss_G, game.loss_D,
                game.data[idx], game.latents[idx], f"{game.name} [batch {b}]",
            )
        )  # fmt: skip
    try:
        games[0].v(point)
    except RuntimeError as exc:
        raise ZiganError(
            f"the losses cannot be evaluated on a batch of {batch_size} rows (do they hold "
            f"per-row constants of the full data set, like WGAN-GP's interpolation weights?): "
            f"{str(exc).splitlines()[0]}"
        ) from None
    averaged = top_k(
        _AveragedGame(games, game.name), point, k, block=block, which=which, progress=progress
    )
    rows = [
        _rank_order(top_k(g, point, k, block=block, which=which).eigenvalues, which) for g in games
    ]
    per_batch = np.vstack(rows)
    mean = per_batch.mean(axis=0)
    se = (per_batch.real.std(axis=0, ddof=1) + 1j * per_batch.imag.std(axis=0, ddof=1)) / np.sqrt(
        n_batches
    )
    return MinibatchSpectrum(averaged, per_batch, mean, se, n_batches, batch_size)
