"""Landscape diagnostics of any two-player game in one call (004 §4-5): classification (DNE /
LSSP / strict non-minimax), top-k spectra of the game Jacobian and of each player's Hessian, the
path-angle with its path-norm, and the figures -- the API behind ``zigan-verify landscape``.

Examples:
    >>> import torch
    >>> from zigan_verify.game.games import quadratic_game
    >>> from zigan_verify.analysis.landscape import diagnose
    >>> game = quadratic_game([[-1.0]], [[2.0]], [[-2.0]], [[2.0]])  # zero-sum, rotating saddle
    >>> report = diagnose(game, torch.zeros(2), start=torch.ones(2), k=2)
    >>> report.classification.label
    'not DNE, LSSP'

The ``MODULE:ATTR`` of the command is a function with no arguments returning a dict with keys
``game`` (a :class:`~zigan_verify.game.games.Game`, e.g. from :func:`~zigan_verify.game.module_game.module_game`),
``point`` (the end point ``omega'`` to classify), and optionally ``start`` (``omega``, e.g. the
initialization) and ``ends`` (several close-by end points, App. C.3). Two checkpoints plus a
factory: load them in the function and return them as ``start`` and ``point``.

NOTE: [diagnose at any size]
``diagnose`` runs in phases (classification, each requested spectrum, the path-angle), shows
``phase k/n``, the products so far and an ETA on stderr (``progress=True``, the default), stops
starting new phases once ``time_budget`` seconds are spent (the skipped ones are named in the
report), and, with ``out_dir``, checks that folder is writable *before* any computation and
rewrites ``landscape.json`` (``"complete": false`` until the end) and the figures whose data exist
after every phase, so an interrupted or budget-limited run leaves what it had. The interior
spectra (``SR`` of ``J``, ``SA`` of the Hessians: ARPACK's slowest questions) are computed by
default only up to :data:`INTERIOR_MAX` parameters; ``spectra="all"`` asks for them at any size.

Public: :func:`diagnose`, :class:`LandscapeReport`, :func:`load_target`, :func:`run_cli`,
:data:`SPECTRA`, :data:`INTERIOR_MAX`.

References:
    Berard et al. (004), §4.2, §5, App. B, App. C.3.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import math
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from zigan_verify._errors import ZiganError, check_positive
from zigan_verify.analysis.classification import StationaryClass, classify
from zigan_verify.analysis.path_angle import PathSummary, aggregate, path_angle
from zigan_verify.analysis.spectrum import TopK, top_k
from zigan_verify.game.games import Game
from zigan_verify.game.products import GameProducts

__all__ = ["INTERIOR_MAX", "SPECTRA", "LandscapeReport", "diagnose", "load_target", "run_cli"]

# which spectra one call can compute: largest magnitude (004's choice) and the ones that decide
# stability (most negative real part / most negative), NOTE: [top-k of a game]
SPECTRA = (("J", "LM"), ("J", "SR"), ("G", "LM"), ("G", "SA"), ("D", "LM"), ("D", "SA"))
# above this many parameters the interior spectra are opt-in (NOTE: [diagnose at any size]): on
# a 2,467-parameter GAN ARPACK's SA alone ran for over 30 minutes (issue 27)
INTERIOR_MAX = 2000
# what a reader sees: the eigenvalues each key selects, in words
GROUP_TEXT = {"LM": "largest |λ|", "SA": "most negative"}
SPECTRUM_TEXT = {
    "J LM": "eigenvalues of J, largest |λ|",
    "J SR": "eigenvalues of J, smallest Re λ",
    "G LM": "eigenvalues of S₁ (generator Hessian), largest |λ|",
    "G SA": "eigenvalues of S₁ (generator Hessian), most negative",
    "D LM": "eigenvalues of S₂ (discriminator Hessian), largest |λ|",
    "D SA": "eigenvalues of S₂ (discriminator Hessian), most negative",
}


@dataclass
class LandscapeReport:
    """What :func:`diagnose` found; :meth:`to_dict` holds every number behind the figures."""

    game: str
    dim: int
    n_theta: int
    classification: StationaryClass | None
    spectra: dict[str, TopK]
    path: PathSummary | None
    figures: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    groups: dict[str, dict[str, TopK]] = field(default_factory=dict)
    seconds: float = 0.0
    complete: bool = True

    def to_dict(self) -> dict:
        c = self.classification
        out = {
            "game": self.game,
            "dim": self.dim,
            "n_theta": self.n_theta,
            "complete": self.complete,
            "seconds": self.seconds,
            "skipped": list(self.skipped),
            "classification": None if c is None else _classification_dict(c),
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
            "groups": {
                label: {
                    which: {
                        "eigenvalues": t.eigenvalues.real.tolist(),
                        "residuals": t.residuals.tolist(),
                        "size": t.dim,
                    }
                    for which, t in parts.items()
                }
                for label, parts in self.groups.items()
            },
            "figures": [str(p) for p in self.figures],
        }
        if self.path is not None:
            out["path"] = {k: np.asarray(v).tolist() for k, v in self.path._asdict().items()}
        return out

    def text(self) -> str:
        c = self.classification
        lines = [
            f"{self.game}: dim {self.dim} (theta {self.n_theta}, phi {self.dim - self.n_theta})"
        ]
        if c is not None:
            lines[0] += f", ||v|| = {c.grad_norm:.3e}"
            lines += _classification_lines(c)
        for key, t in self.spectra.items():
            vals = ", ".join(
                f"{v.real:.4g}{v.imag:+.4g}i" if key[0] == "J" else f"{v.real:.4g}"
                for v in t.eigenvalues
            )
            cert = t.certificate
            said = {True: "the top k", False: "NOT the top k", None: "set not certified"}
            lines.append(
                f"{SPECTRUM_TEXT.get(key, key)}: {vals}  (max residual "
                f"{t.residuals.max(initial=0):.1e}, {t.matvecs} products"
                + ("" if cert is None else f"; {said[cert.is_top_k]}")
                + ")"
            )
        for label, parts in self.groups.items():
            size = next(iter(parts.values())).dim
            vals = "; ".join(
                f"{GROUP_TEXT[w]} {', '.join(f'{x:.4g}' for x in t.eigenvalues.real)}"
                for w, t in parts.items()
            )
            lines.append(f"group {label} ({size} parameters): {vals}")
        if self.path is not None:
            p = self.path
            i = int(np.nanargmax(np.abs(p.median)))
            lines.append(
                f"path-angle: median c in [{np.nanmin(p.median):.3f}, {np.nanmax(p.median):.3f}], "
                f"peak |c| {abs(p.median[i]):.3f} at alpha {p.alphas[i]:.3f}; {p.n_ends} end point(s)"
            )
        lines += [f"skipped: {s}" for s in self.skipped]
        lines += [f"wrote {f}" for f in self.figures]
        return "\n".join(lines)


def _classification_dict(c: StationaryClass) -> dict:
    return {
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
    }


def _classification_lines(c: StationaryClass) -> list[str]:
    """The verdict in words; a point that is not stationary is said to be so first (Defs. 1-2
    are about stationary points: there "not DNE, not LSSP" only restates ``v != 0``)."""
    lines = []
    if not c.stationary:
        lines.append(
            f"not a stationary point: ||v|| = {c.grad_norm:.3e} > grad_tol, so it is neither a "
            "DNE nor an LSSP (004 Defs. 1-2 need v = 0); the eigenvalues below describe the "
            "local dynamics only"
        )
    lines.append(
        f"classification ({c.method}): {c.label}; λ_min(S₁) = {c.lambda_min_G:.4g}, "
        f"λ_min(S₂) = {c.lambda_min_D:.4g}, min Re Sp(J) = {c.min_re_J:.4g}"
    )
    if c.strict_non_minimax is not None:
        lines.append(f"zero-sum: {c.strict_non_minimax.label} (000 Def. 1)")
    lines += [f"  note: {n}" for n in c.notes]
    return lines


def _select_spectra(spectra, dim: int) -> list[tuple[str, str]]:
    """``"auto"`` (all six up to :data:`INTERIOR_MAX` parameters, the largest-magnitude ones
    above), ``"all"``, ``"extreme"`` (largest magnitude only) or keys such as ``"G SA"``."""
    interior = {("J", "SR"), ("G", "SA"), ("D", "SA")}
    if isinstance(spectra, str):
        if spectra == "all":
            return list(SPECTRA)
        if spectra == "extreme":
            return [s for s in SPECTRA if s not in interior]
        if spectra == "auto":
            return [s for s in SPECTRA if dim <= INTERIOR_MAX or s not in interior]
        spectra = [p.strip() for p in spectra.split(",")]
    chosen = []
    for key in spectra:
        pair = tuple(key.split())
        if pair not in SPECTRA:
            known = ", ".join(" ".join(s) for s in SPECTRA)
            raise ZiganError(f"unknown spectrum {key!r}; choose auto, all, extreme or of {known}")
        chosen.append(pair)
    return chosen


class _Phases:
    """``phase k/n: what (products, elapsed, ETA)`` on stderr or to a callable
    (NOTE: [diagnose at any size]). The ETA is the remaining phases times the mean duration of
    the finished ones: a rough guide (a spectrum phase can cost many times another)."""

    def __init__(self, n: int, sink, min_interval: float = 1.0):
        self.n, self.k, self.sink, self.min_interval = n, 0, sink, min_interval
        self.t0 = self.t_phase = time.perf_counter()
        self.durations: list[float] = []
        self.name, self.last = "", -math.inf

    def start(self, name: str) -> None:
        now = time.perf_counter()
        if self.k:
            self.durations.append(now - self.t_phase)
        self.k, self.name, self.t_phase = self.k + 1, name, now
        self._say(name, force=True)

    def update(self, text: str) -> None:
        self._say(f"{self.name}: {text.split(': ', 1)[-1]}")

    def eta(self) -> float | None:
        if not self.durations:
            return None
        return float(np.mean(self.durations)) * (self.n - self.k + 1) - (
            time.perf_counter() - self.t_phase
        ) * (self.k > 0)

    def _say(self, what: str, force: bool = False) -> None:
        now = time.perf_counter()
        if self.sink is None or (not force and now - self.last < self.min_interval):
            return
        self.last = now
        eta = self.eta()
        tail = f", ETA {max(eta, 0):.0f} s" if eta is not None else ""
        self.sink(f"phase {self.k}/{self.n}: {what} ({now - self.t0:.0f} s{tail})")


def _sink(progress):
    if progress is True:
        return lambda line: print(f"zigan-verify: {line}", file=sys.stderr, flush=True)
    if progress in (False, None):
        return None
    if callable(progress):
        return progress
    raise ZiganError(f"progress must be True, False or a callable, got {progress!r}")


def check_writable(out_dir) -> Path:
    """Create ``out_dir`` and write (then remove) a probe file there, before any computation."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".zigan-probe-"):
            pass
    except OSError as exc:
        raise ZiganError(f"cannot write to {str(out)!r}: {exc.strerror or exc}") from None
    return out


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it: an interrupted run
    leaves the previous complete file, never a half-written one."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise ZiganError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(NameError, OSError):
            Path(tmp).unlink(missing_ok=True)


def _top_k(game, point, kk, block, which, progress, matrix, remaining, products=None):
    """``spectrum.top_k`` through its signature; a time budget only where it takes one."""
    kwargs = dict(block=block, which=which, progress=progress, matrix=matrix, products=products)
    params = inspect.signature(top_k).parameters
    if remaining is not None and "time_budget" in params:
        kwargs["time_budget"] = max(remaining, 0.0)  # spent: one block, then what it has
    return top_k(game, point, kk, **kwargs)


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
    progress=True,
    spectra="auto",
    time_budget: float | None = None,
    groups: str | None = None,
) -> LandscapeReport:
    """Classification, top-``k`` spectra and path-angle of ``game`` at ``point``, with figures
    (NOTE: [diagnose at any size]).

    Args:
        game: any :class:`~zigan_verify.game.games.Game` (for modules: ``module_game(G, D, ...)``).
        point: ``omega'``, the point to classify (004: the end of training), e.g.
            ``game.pack(G, D)``.
        start: ``omega`` for the path-angle (004: the initialization); no path-angle if ``None``.
        ends: several end points for App. C.3's median / IQR (default ``[point]``).
        k: eigenvalues per spectrum (capped by each operator's size).
        alphas: path parameters (default 101 points on ``[0, 1.2]``).
        method: classification method (:func:`zigan_verify.analysis.classification.classify`).
        out_dir: write the figures (PNG + PDF, numbers beside them) and ``landscape.json`` there;
            checked writable first, rewritten after every phase.
        progress: ``True`` (default): phase, products and ETA on stderr; ``False``: silent; or a
            callable taking one line of text.
        spectra: ``"auto"``, ``"all"``, ``"extreme"`` or keys such as ``["J LM", "G SA"]``.
        time_budget: seconds; no phase starts once they are spent (skipped phases are listed).
        groups: ``"layer"`` or ``"tensor"``: also the top-``k`` of each parameter group's Hessian
            block (:mod:`zigan_verify.analysis.landscape_blocks`), largest ``|λ|`` and, when the
            players' most negative eigenvalues are among ``spectra``, most negative.
    """
    if not isinstance(game, Game):
        raise ZiganError(f"game must be a zigan_verify.game.games.Game, got {type(game).__name__}")
    if time_budget is not None:
        check_positive("time_budget", time_budget)
    point = game.as_point(point)
    start = None if start is None else game.as_point(start, "start")
    ends = None if ends is None else [game.as_point(e, f"ends[{i}]") for i, e in enumerate(ends)]
    chosen = _select_spectra(spectra, game.dim)
    out = None if out_dir is None else check_writable(out_dir)
    names = ["classification"] + [f"top-{k} {SPECTRUM_TEXT[' '.join(s)]}" for s in chosen]
    if groups is not None:
        from zigan_verify.analysis.landscape_blocks import parameter_groups

        group_map = parameter_groups(game, groups)
        group_which = ["LM"] + (["SA"] if {("G", "SA"), ("D", "SA")} & set(chosen) else [])
        names += [f"top-{k} of the {len(group_map)} {groups} groups' Hessian blocks"]
    names += ["path-angle"] if start is not None else []
    phases = _Phases(len(names), _sink(progress))
    t0 = time.perf_counter()
    report = LandscapeReport(game.name, game.dim, game.n_theta, None, {}, None, complete=False)

    def spent() -> float:
        return time.perf_counter() - t0

    def phase(name: str) -> bool:
        if time_budget is not None and spent() >= time_budget:
            report.skipped.append(f"{name} (time budget {time_budget:g} s spent)")
            return False
        phases.start(name)
        return True

    def save(redraw: str | None = None) -> None:
        report.seconds = spent()
        if out is not None:
            _write(report, out, redraw)

    # one retained graph for every product at the point; its solves are shared, so the
    # classification's k most negative of S_1, S_2, J are the spectra's "G SA", "D SA", "J SR"
    # (NOTE: [certified top-k])
    products = GameProducts(game, point)
    dense = _dense_blocks(game, point, chosen, products)
    if phase(names[0]):
        report.classification = classify(
            game, point, method=method, grad_tol=grad_tol, progress=phases.update, k=k,
            jacobian=dense.get("J"), products=products,
        )  # fmt: skip
        save()
    # each figure is drawn once, after the last spectrum it shows (the JSON after every phase)
    last = {_figure_of(*s): s for s in chosen}
    for (block, which), name in zip(chosen, names[1:], strict=False):
        if not phase(name):
            continue
        size = {"J": game.dim, "G": game.n_theta, "D": game.n_phi}[block]
        from zigan_verify.analysis.spectrum import DENSE_MAX

        kk = min(k, size - (2 if block == "J" and size > DENSE_MAX else 0))
        remaining = None if time_budget is None else time_budget - spent()
        report.spectra[f"{block} {which}"] = _top_k(
            game, point, kk, block, which, phases.update, dense.get(block), remaining, products
        )
        save(
            _figure_of(block, which)
            if (block, which) == last.get(_figure_of(block, which))
            else None
        )
    if groups is not None and phase(names[-2 if start is not None else -1]):
        from zigan_verify.analysis.landscape_blocks import group_top_k

        for label, group in group_map.items():
            phases.update(f"group {label}")
            report.groups[label] = {
                w: group_top_k(game, point, group, k, which=w) for w in group_which
            }
        save()
    if start is not None and phase("path-angle"):
        ends = [point] if ends is None else ends
        curves = []
        for i, e in enumerate(ends):
            phases.update(f"end point {i + 1}/{len(ends)}")
            curves.append(path_angle(game, start, e, alphas))
        report.path = aggregate(curves)
        save("path")
    report.complete = not report.skipped
    report.seconds = spent()
    if out is not None:
        drawn = {p.stem for p in report.figures}
        for fig, stem in (("J", "eigenvalues_jacobian"), ("players", "topk_players")):
            has_data = any(_figure_of(*key.split()) == fig for key in report.spectra)
            if has_data and stem not in drawn:  # its last spectrum was skipped (time budget)
                _write(report, out, fig)
        _write(report, out, None)
    return report


def _figure_of(block: str, which: str) -> str | None:
    """Which figure shows a spectrum: ``"J"`` (both of J), ``"players"`` (the LM ones)."""
    return "J" if block == "J" else ("players" if which == "LM" else None)


def _dense_blocks(game: Game, point, chosen, products) -> dict:
    """One chunked dense ``J`` serves the classification and every spectrum of a game up to
    ``certified_spectrum.DENSE_MAX`` parameters (NOTE: [chunked dense Jacobian])."""
    from zigan_verify.analysis.certified_spectrum import DENSE_MAX
    from zigan_verify.game.products import dense_block

    if game.dim > DENSE_MAX:
        return {}
    J, n = dense_block(game, point, products=products), game.n_theta
    return {"J": J, "G": J[:n, :n], "D": J[n:, n:]}


def _write(report: LandscapeReport, out: Path, redraw: str | None) -> None:
    """``landscape.json``, and the figure (with its numbers) whose data the last phase changed:
    ``redraw`` is ``"J"``, ``"players"``, ``"path"`` or ``None``."""
    from zigan_verify.analysis import landscape_figures as F

    if redraw == "J":
        J = {
            key: report.spectra[key].eigenvalues
            for key in ("J LM", "J SR")
            if key in report.spectra
        }
        _replace(
            report,
            F.plot_eigenvalues(
                {SPECTRUM_TEXT[key].split(", ")[1]: vals for key, vals in J.items()},
                out / "eigenvalues_jacobian",
                title=f"{report.game}\neigenvalues of the game Jacobian $J$",
            ),
        )
    elif redraw == "players":
        players = {
            label: report.spectra[key].eigenvalues
            for key, label in (("G LM", "generator $S_1$"), ("D LM", "discriminator $S_2$"))
            if key in report.spectra
        }
        if players:
            _replace(report, F.plot_topk(players, out / "topk_players"))
    elif redraw == "path":
        _replace(report, F.plot_path_angle(report.path, out / "path_angle", title=report.game))
    write_atomic(out / "landscape.json", json.dumps(report.to_dict(), indent=2))


def _replace(report: LandscapeReport, paths: list[Path]) -> None:
    report.figures = [p for p in report.figures if p not in paths] + paths


def _cwd_on_path() -> None:
    """Import as ``python -m`` would: the current directory first on ``sys.path`` (as the
    ``optimizer`` command does)."""
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())


def load_target(spec: str) -> dict:
    """Import ``MODULE:ATTR`` (the current directory first, like ``python -m``) and call it;
    validate the returned ``dict`` (see the module docstring). What ``make()`` prints goes to
    stderr (standard output carries the report)."""
    module, sep, attr = spec.partition(":")
    if not sep or not module or not attr:
        raise ZiganError(f"expected MODULE:ATTR, got {spec!r}")
    _cwd_on_path()
    with contextlib.redirect_stdout(sys.stderr):
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
    if args.output is not None:
        check_writable(args.output)  # before importing the user's code and any computation
    target = load_target(args.target)
    report = diagnose(
        target["game"],
        target["point"],
        start=target.get("start"),
        ends=target.get("ends"),
        k=args.k,
        out_dir=args.output,
        progress=not args.quiet,
        spectra=args.spectra,
        time_budget=args.time_budget,
        groups=args.groups,
    )
    print(json.dumps(report.to_dict(), indent=2) if args.json else report.text())
    return 0
