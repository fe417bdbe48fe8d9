"""Landscape diagnostics of any two-player game in one call (004 §4-5): classification (DNE /
LSSP / strict non-minimax), top-k spectra of the game Jacobian and of each player's Hessian, the
path-angle with its path-norm, and the figures -- the API behind ``zigan-verify landscape``.

Examples:
    >>> import torch
    >>> from zigan_verify.games import quadratic_game
    >>> from zigan_verify.landscape import diagnose
    >>> game = quadratic_game([[-1.0]], [[2.0]], [[-2.0]], [[2.0]])  # zero-sum, rotating saddle
    >>> report = diagnose(game, torch.zeros(2), start=torch.ones(2), k=2)
    >>> report.classification.label
    'not DNE, LSSP'

The ``MODULE:ATTR`` of the command is a function with no arguments returning a dict with keys
``game`` (a :class:`~zigan_verify.games.Game`, e.g. from :func:`~zigan_verify.games.module_game`),
``point`` (the end point ``omega'`` to classify), and optionally ``start`` (``omega``, e.g. the
initialization) and ``ends`` (several close-by end points, App. C.3). Two checkpoints plus a
factory: load them in the function and return them as ``start`` and ``point``.

Public: :func:`diagnose`, :class:`LandscapeReport`, :func:`load_target`, :func:`run_cli`.

References:
    Berard et al. (004), §4.2, §5, App. B, App. C.3.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from zigan_verify._errors import ZiganError
from zigan_verify.classification import StationaryClass, classify
from zigan_verify.games import Game
from zigan_verify.path_angle import PathSummary, aggregate, path_angle
from zigan_verify.spectrum import TopK, top_k

__all__ = ["LandscapeReport", "diagnose", "load_target", "run_cli"]

# which spectra one call computes: largest magnitude (004's choice) and the ones that decide
# stability (most negative real part / most negative), NOTE: [top-k of a game]
SPECTRA = (("J", "LM"), ("J", "SR"), ("G", "LM"), ("G", "SA"), ("D", "LM"), ("D", "SA"))


@dataclass
class LandscapeReport:
    """What :func:`diagnose` found; :meth:`to_dict` holds every number behind the figures."""

    game: str
    dim: int
    n_theta: int
    classification: StationaryClass
    spectra: dict[str, TopK]
    path: PathSummary | None
    figures: list[Path] = field(default_factory=list)

    def to_dict(self) -> dict:
        c = self.classification
        out = {
            "game": self.game,
            "dim": self.dim,
            "n_theta": self.n_theta,
            "classification": {
                "label": c.label,
                "stationary": c.stationary,
                "grad_norm": c.grad_norm,
                "dne": c.dne,
                "lssp": c.lssp,
                "lambda_min_G": c.lambda_min_G,
                "lambda_min_D": c.lambda_min_D,
                "min_re_J": c.min_re_J,
                "eig_tol": c.eig_tol,
                "method": c.method,
                "notes": list(c.notes),
                "strict_non_minimax": None
                if c.strict_non_minimax is None
                else c.strict_non_minimax.strict_non_minimax,
            },
            "spectra": {
                key: {
                    "re": t.eigenvalues.real.tolist(),
                    "im": t.eigenvalues.imag.tolist(),
                    "residuals": t.residuals.tolist(),
                    "matvecs": t.matvecs,
                    "dense": t.dense,
                    "converged": t.converged,
                    "certified_top_k": None if t.certificate is None else t.certificate.is_top_k,
                    "certificate": None if t.certificate is None else t.certificate.note,
                }
                for key, t in self.spectra.items()
            },
            "figures": [str(p) for p in self.figures],
        }
        if self.path is not None:
            out["path"] = {k: np.asarray(v).tolist() for k, v in self.path._asdict().items()}
        return out

    def text(self) -> str:
        c = self.classification
        lines = [
            f"{self.game}: dim {self.dim} (theta {self.n_theta}, phi {self.dim - self.n_theta}), ||v|| = {c.grad_norm:.3e}",
            f"classification ({c.method}): {c.label}; lambda_min(S_1) = {c.lambda_min_G:.4g}, "
            f"lambda_min(S_2) = {c.lambda_min_D:.4g}, min Re Sp(J) = {c.min_re_J:.4g}",
        ]
        if c.strict_non_minimax is not None:
            lines.append(f"zero-sum: {c.strict_non_minimax.label} (000 Def. 1)")
        lines += [f"  note: {n}" for n in c.notes]
        for key, t in self.spectra.items():
            vals = ", ".join(
                f"{v.real:.4g}{v.imag:+.4g}i" if key[0] == "J" else f"{v.real:.4g}"
                for v in t.eigenvalues
            )
            cert = t.certificate
            said = {True: "the top k", False: "NOT the top k", None: "set not certified"}
            what = "" if cert is None else f"; {said[cert.is_top_k]}"
            lines.append(f"{key}: {vals}  (max residual {t.residuals.max(initial=0):.1e}{what})")
        if self.path is not None:
            p = self.path
            i = int(np.nanargmax(np.abs(p.median)))
            lines.append(
                f"path-angle: median c in [{np.nanmin(p.median):.3f}, {np.nanmax(p.median):.3f}], "
                f"peak |c| {abs(p.median[i]):.3f} at alpha {p.alphas[i]:.3f}; {p.n_ends} end point(s)"
            )
        lines += [f"wrote {f}" for f in self.figures]
        return "\n".join(lines)


def diagnose(
    game: Game,
    point,
    *,
    start=None,
    ends=None,
    k: int = 10,
    alphas=None,
    method: str = "auto",
    grad_tol: float = 1e-8,
    out_dir=None,
    progress=None,
) -> LandscapeReport:
    """Classification, top-``k`` spectra and path-angle of ``game`` at ``point``, with figures.

    Args:
        game: any :class:`~zigan_verify.games.Game`.
        point: ``omega'``, the point to classify (004: the end of training).
        start: ``omega`` for the path-angle (004: the initialization); no path-angle if ``None``.
        ends: several end points for App. C.3's median / IQR (default ``[point]``).
        k: eigenvalues per spectrum (capped by each operator's size).
        alphas: path parameters (default 101 points on ``[0, 1.2]``).
        method: classification method (:func:`zigan_verify.classification.classify`).
        out_dir: write the figures (PNG + PDF) and ``landscape.json`` there.
        progress: called with one line of text during long spectra.
    """
    if not isinstance(game, Game):
        raise ZiganError(f"game must be a zigan_verify.games.Game, got {type(game).__name__}")
    point = torch.as_tensor(point, dtype=torch.float64)
    from zigan_verify.certified_spectrum import DENSE_MAX
    from zigan_verify.game_products import GameProducts, dense_block

    sizes = {"J": game.dim, "G": game.n_theta, "D": game.n_phi}
    dense, J = {}, None
    products = GameProducts(game, point)  # one retained graph for every product at the point
    if game.dim <= DENSE_MAX:  # one chunked dense J serves the classification and six spectra
        J, n = dense_block(game, point, products=products), game.n_theta
        dense = {"J": J, "G": J[:n, :n], "D": J[n:, n:]}
    spectra = {}
    # SA before LM: a Hessian's LM then reuses its SA end (NOTE: [certified top-k])
    for block, which in sorted(SPECTRA, key=lambda bw: bw[1] != "SA"):
        kk = min(k, sizes[block])
        if progress is not None:
            progress(f"top-{kk} {which} eigenvalues of {block}")
        spectra[f"{block} {which}"] = top_k(
            game, point, kk, block=block, which=which, progress=progress,
            matrix=dense.get(block), products=products,
        )  # fmt: skip
    spectra = {f"{b} {w}": spectra[f"{b} {w}"] for b, w in SPECTRA}
    cls = classify(
        game, point, method=method, grad_tol=grad_tol, progress=progress, jacobian=J,
        spectra=spectra, products=products,
    )  # fmt: skip
    path = None
    if start is not None:
        ends = [point] if ends is None else list(ends)
        if progress is not None:
            progress(f"path-angle over {len(ends)} end point(s)")
        path = aggregate([path_angle(game, start, e, alphas) for e in ends])
    report = LandscapeReport(game.name, game.dim, game.n_theta, cls, spectra, path)
    if out_dir is not None:
        _write(report, Path(out_dir))
    return report


def _write(report: LandscapeReport, out: Path) -> None:
    from zigan_verify import landscape_figures as F

    figs = F.plot_eigenvalues(
        np.concatenate([report.spectra["J LM"].eigenvalues, report.spectra["J SR"].eigenvalues]),
        out / "eigenvalues_jacobian",
        title=f"{report.game}: top-k LM and SR of J",
    )
    figs += F.plot_topk(
        {
            "generator": report.spectra["G LM"].eigenvalues,
            "discriminator": report.spectra["D LM"].eigenvalues,
        },
        out / "topk_players",
    )
    if report.path is not None:
        figs += F.plot_path_angle(report.path, out / "path_angle", title=report.game)
    report.figures = figs
    try:
        (out / "landscape.json").write_text(json.dumps(report.to_dict(), indent=2))
    except OSError as exc:
        raise ZiganError(f"cannot write {out / 'landscape.json'}: {exc.strerror}") from None


def load_target(spec: str) -> dict:
    """Import ``MODULE:ATTR`` and call it; validate the returned ``dict`` (see the module docstring)."""
    module, sep, attr = spec.partition(":")
    if not sep or not module or not attr:
        raise ZiganError(f"expected MODULE:ATTR, got {spec!r}")
    try:
        obj = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise ZiganError(f"cannot load {spec!r}: {exc}") from None
    target = obj() if callable(obj) else obj
    if (
        not isinstance(target, dict)
        or not isinstance(target.get("game"), Game)
        or "point" not in target
    ):
        raise ZiganError(
            f"{spec} must return a dict with a Game under 'game' and a tensor under 'point'"
        )
    unknown = set(target) - {"game", "point", "start", "ends"}
    if unknown:
        raise ZiganError(f"{spec} returned unknown keys {sorted(unknown)}")
    return target


def run_cli(args) -> int:
    """``zigan-verify landscape``: print the report, write figures and numbers (``-o``)."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    target = load_target(args.target)
    cols = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*cols, console=Console(stderr=True), transient=True, disable=args.json) as bar:
        task = bar.add_task("landscape", total=None)
        report = diagnose(
            target["game"],
            target["point"],
            start=target.get("start"),
            ends=target.get("ends"),
            k=args.k,
            out_dir=args.output,
            progress=lambda msg: bar.update(task, description=msg),
        )
    print(json.dumps(report.to_dict(), indent=2) if args.json else report.text())
    return 0
