r"""The isotropic-Gaussian experiment of 002 §7 (Figure 1): SimGD, ConOpt and JARE near ``w*``.

Setting: ``n = 2``, ``v = (0, mu)``, ``mu = 4``, ``sigma^2 = 0.04``, ``gamma = 10``, ``eta = 1e-3``,
start within ``delta = 0.05`` of ``w* = (v, 0)``. *Deterministic* runs use the population loss
(Gauss-Hermite quadrature, :func:`population_loss`); *stochastic* runs a fresh batch of 128 real and
128 latent samples per step. All three methods go through the registry's ``Optimizer`` interface
(NOTE: [optimizer interface]) with ``F = (grad_phi f, -grad_theta f)`` (generator = min player).

Public: the names in ``__all__``; the rest may change.

References:
    Nie & Patel 2019, arXiv:1806.09235, §7 "Isotropic Gaussian", Figure 1, App. F.1.
"""

from __future__ import annotations

import math
import os
import pathlib

import numpy as np
import torch

from zigan_verify._errors import ZiganError, check_positive
from zigan_verify.analysis.jare.factors import jacobian_numeric
from zigan_verify.analysis.jare.simple_gan import population_loss
from zigan_verify.optim.minimax import conopt, gda, jare, saddle_operator

__all__ = [
    "MAX_FIGURE_STEPS",
    "PAPER",
    "IsotropicRuns",
    "contraction_report",
    "STOCHASTIC_STEPS",
    "stochastic_measurements",
    "stochastic_runs",
    "plot_isotropic",
    "run",
]

PAPER = {
    "mu": 4.0,
    "sigma2": 0.04,
    "gamma": 10.0,
    "eta": 1e-3,
    "delta": 0.05,
    "batch": 128,
    "steps": 15000,
}
METHODS = ("simgd", "conopt", "jare")


def _optimizer(method: str, eta: float, gamma: float):
    if method == "simgd":
        return gda(eta)
    if method == "conopt":
        return conopt(eta, gamma)
    if method == "jare":
        return jare(eta, gamma)
    raise ZiganError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")


def _batch_loss(sigma2: float, v: torch.Tensor, x_eps: torch.Tensor, z_eps: torch.Tensor):
    sigma = math.sqrt(sigma2)

    def f(w):
        phi, theta = w[:2], w[2:]
        real = -torch.nn.functional.softplus(-((v + sigma * x_eps) @ theta))
        fake = -torch.nn.functional.softplus((phi + sigma * z_eps) @ theta)
        return real.mean() + fake.mean()

    return f


def _operator(f):
    g = torch.func.grad(f)
    sign = torch.tensor([1.0, 1.0, -1.0, -1.0], dtype=torch.float64)
    return saddle_operator(lambda w: sign * g(w), 2)


def run(
    method: str,
    *,
    steps: int = 2000,
    eta: float = PAPER["eta"],
    gamma: float = PAPER["gamma"],
    mu: float = PAPER["mu"],
    sigma2: float = PAPER["sigma2"],
    delta: float = PAPER["delta"],
    batch: int | None = None,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """Train from a seeded start in ``B_delta(w*)``; returns ``w`` (steps+1, 4), ``d_norm``, ``g_norm``.

    ``batch=None`` is the deterministic (population) run; an integer draws that many samples per step.
    """
    check_positive("sigma^2", sigma2)
    check_positive("gamma", gamma, allow_zero=True)
    check_positive("eta", eta)
    check_positive("delta", delta)
    if steps < 1:
        raise ZiganError(f"steps must be >= 1, got {steps}")
    gen = torch.Generator().manual_seed(seed)
    v = torch.tensor([0.0, mu], dtype=torch.float64)
    w_star = torch.cat([v, torch.zeros(2, dtype=torch.float64)])
    direction = torch.randn(4, generator=gen, dtype=torch.float64)
    w = w_star + delta * 0.9 * direction / direction.norm()
    opt = _optimizer(method, eta, gamma)
    state = opt.init(w)
    F_pop = _operator(population_loss(sigma2, v, nodes=12)) if batch is None else None
    ws = [w]
    for _ in range(steps):
        if batch is None:
            F = F_pop
        else:
            xe = torch.randn(batch, 2, generator=gen, dtype=torch.float64)
            ze = torch.randn(batch, 2, generator=gen, dtype=torch.float64)
            F = _operator(_batch_loss(sigma2, v, xe, ze))
        w, state = opt.step(w, state, F)
        ws.append(w)
    W = torch.stack(ws).numpy() - w_star.numpy()
    return {
        "w": W,
        "g_norm": np.linalg.norm(W[:, :2], axis=1),
        "d_norm": np.linalg.norm(W[:, 2:], axis=1),
    }


def contraction_report(
    steps: int = 400, eta: float = 0.01, conopt_eta: float = PAPER["eta"], delta: float = 0.005
) -> dict:
    """Deterministic runs vs ``|1 + eta lambda|`` of the derived eigenvalues, mode by mode.

    Each run is projected on the eigenvectors of the rule-derived Jacobian ``A``; the measured
    per-step contraction of mode ``j`` is ``exp(slope)`` of a least-squares fit of ``log |w~_j(k)|``.
    ConOpt needs a smaller step (its largest ``|lambda|`` ~ 656 at gamma = 10 gives eta < 3e-3).
    """
    p = PAPER
    v = [0.0, p["mu"]]
    out, ok, lines = {}, True, []
    for method in METHODS:
        step = conopt_eta if method == "conopt" else eta
        A = jacobian_numeric(method, p["sigma2"], v, 0.0 if method == "simgd" else p["gamma"])
        vals, V = np.linalg.eig(A)
        # ConOpt at eta = 1e-3 moves its slowest mode 10x less per step: give it 3x the steps.
        traj = run(method, steps=3 * steps if method == "conopt" else steps, eta=step, delta=delta)
        modes = np.abs(np.linalg.solve(V, traj["w"].T))  # (4, steps+1)
        predicted = np.abs(1 + step * vals)
        j = int(np.argmax(predicted))  # the slowest mode sets the convergence rate
        k = np.arange(modes.shape[1])
        measured = float(np.exp(np.polyfit(k, np.log(modes[j]), 1)[0]))
        # Relative error of the decay rate 1 - |1 + eta lambda|: nonlinear terms within delta
        # of w* shift it by O(delta) (below 10% at delta = 0.005; ConOpt at 0.05 is off by 120%).
        err = abs(np.log(measured) / np.log(predicted[j]) - 1)
        ok &= err < 0.1
        out[method] = {
            "eta": step,
            "measured": measured,
            "predicted": float(predicted[j]),
            "rate_rel_error": float(err),
            "g_ratio": float(traj["g_norm"][-1] / traj["g_norm"][0]),
            "d_ratio": float(traj["d_norm"][-1] / traj["d_norm"][0]),
        }
        lines.append(
            f"{method} (eta={step:g}): slowest mode measured {measured:.6f} vs "
            f"|1+eta lambda| = {predicted[j]:.6f}"
        )
    # Qualitative §7 claims from the exact slowest contractions at the paper's eta = 1e-3.
    rho = {
        m: float(
            np.abs(
                1
                + p["eta"]
                * np.linalg.eigvals(
                    jacobian_numeric(m, p["sigma2"], v, 0.0 if m == "simgd" else p["gamma"])
                )
            ).max()
        )
        for m in METHODS
    }
    # SimGD oscillates: its slowest mode (largest |1 + eta lambda|) is a complex pair whose own
    # |Im lambda| / |Re lambda| (the Phase Factor zeta, Theorem 1: sqrt((2/sigma^2)^2 - 1)) exceeds
    # 10, i.e. the mode turns through more than 10 radians per e-fold of decay (weak damping).
    simgd_vals = np.linalg.eigvals(jacobian_numeric("simgd", p["sigma2"], v))
    slowest = simgd_vals[int(np.argmax(np.abs(1 + p["eta"] * simgd_vals)))]
    zeta = float(abs(slowest.imag) / abs(slowest.real))
    zeta_thm1 = math.sqrt((2 / p["sigma2"]) ** 2 - 1)
    oscillates = zeta > 10 and abs(zeta - zeta_thm1) < 1e-9 * zeta_thm1
    slow = {m: 1 - r for m, r in rho.items()}
    ok &= oscillates and slow["jare"] > 10 * slow["conopt"] and slow["conopt"] > slow["simgd"]
    out["rho_paper_eta"] = rho
    out["ok"] = bool(ok)
    out["summary"] = (
        "; ".join(lines) + f"; at eta=1e-3: 1-rho = SimGD {slow['simgd']:.2e}, ConOpt "
        f"{slow['conopt']:.2e}, JARE {slow['jare']:.2e}; SimGD slowest mode |Im/Re| = "
        f"{zeta:.2f} (Theorem 1: {zeta_thm1:.2f})"
    )
    out["simgd_zeta"] = zeta
    return out


# The §7 stochastic experiment, truncated from 15K steps (one seeded batch-128 run per method).
STOCHASTIC_STEPS = {"simgd": 3000, "conopt": 2000, "jare": 2000}


def _eig(method: str):
    gamma = 0.0 if method == "simgd" else PAPER["gamma"]
    return np.linalg.eig(jacobian_numeric(method, PAPER["sigma2"], [0.0, PAPER["mu"]], gamma))


def _late_rate(x, start: int) -> float:
    """Per-step decay rate ``-d log x / dk``, least squares over ``x[start:]``."""
    k = np.arange(start, len(x))
    return float(-np.polyfit(k, np.log(x[start:]), 1)[0])


def stochastic_runs(seed: int = 0) -> dict[str, dict[str, np.ndarray]]:
    """The paper's setting (batch 128, eta = 1e-3, delta = 0.05) for :data:`STOCHASTIC_STEPS`."""
    return {
        m: run(m, steps=k, batch=PAPER["batch"], seed=seed) for m, k in STOCHASTIC_STEPS.items()
    }


def stochastic_measurements(runs: dict[str, dict[str, np.ndarray]]) -> dict[str, float]:
    """What the §7 stochastic runs show, next to the linearization's ``|1 + eta lambda|``.

    ``simgd_turn`` / ``simgd_turn_predicted``: the angle the complex SimGD mode turned vs
    ``K arg(1 + eta lambda)``; ``simgd_shrink``: its modulus ratio; ``jare_g_rate`` /
    ``conopt_g_rate``: late decay rates of the generator error (second half), ``jare_rate`` /
    ``conopt_rate``: the linear ones; ``jare_d_ratio``: JARE's final / initial discriminator error.
    """
    eta = PAPER["eta"]
    vals, vecs = _eig("simgd")
    j = int(np.argmax(vals.imag))
    mode = np.linalg.solve(vecs, runs["simgd"]["w"].T)[j]
    turned = float(np.unwrap(np.angle(mode))[-1] - np.angle(mode[0]))
    out = {
        "simgd_turn": turned,
        "simgd_turn_predicted": (len(mode) - 1) * float(np.angle(1 + eta * vals[j])),
        "simgd_shrink": float(abs(mode[-1]) / abs(mode[0])),
    }
    for m in ("conopt", "jare"):
        g = runs[m]["g_norm"]
        out[f"{m}_g_rate"] = _late_rate(g, (len(g) - 1) // 2)
        out[f"{m}_rate"] = -float(np.log(np.abs(1 + eta * _eig(m)[0])).max())
    d = runs["jare"]["d_norm"]
    out["jare_d_ratio"] = float(d[-1] / d[0])
    return out


MAX_FIGURE_STEPS = 10**6


class IsotropicRuns(dict):
    """The runs by method (a ``dict``) plus ``path``: the figure file actually written."""

    path: pathlib.Path


def _figure_path(path) -> pathlib.Path:
    """Validate a figure path before any simulation: a suffix matplotlib can write, not a directory,
    in an existing writable directory. Raises ZiganError naming the path."""
    from matplotlib.figure import Figure

    out = pathlib.Path(path).expanduser()
    supported = sorted(Figure().canvas.get_supported_filetypes())
    suffix = out.suffix.lower().lstrip(".")
    if suffix not in supported:
        raise ZiganError(
            f"cannot write figure to {str(path)!r}: unsupported image suffix "
            f"{out.suffix or '(none)'!r}; use one of {', '.join('.' + s for s in supported)}"
        )
    if out.is_dir():
        raise ZiganError(f"cannot write figure to {str(path)!r}: it is a directory")
    parent = out.parent if str(out.parent) else pathlib.Path(".")
    if not parent.is_dir():
        raise ZiganError(f"cannot write figure to {str(path)!r}: no directory {str(parent)!r}")
    if not os.access(parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise ZiganError(f"cannot write figure to {str(path)!r}: permission denied")
    return out


def plot_isotropic(
    path, *, steps: int = PAPER["steps"], batch: int | None = PAPER["batch"], seed: int = 0
) -> IsotropicRuns:
    """Figure 1 of 002: d_norm and g_norm of SimGD, ConOpt and JARE; writes ``path`` (Agg backend).

    ``path`` is validated before the runs (suffix among matplotlib's supported file types, not a
    directory, writable parent); ``steps`` must be in ``[1, 10**6]``. Returns the runs by method
    (an :class:`IsotropicRuns` whose ``path`` is the file written).

    Raises:
        ZiganError: a bad path or ``steps`` out of range.
    """
    if not 1 <= steps <= MAX_FIGURE_STEPS:
        raise ZiganError(f"steps must be in [1, {MAX_FIGURE_STEPS}], got {steps}")
    out = _figure_path(path)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = IsotropicRuns((m, run(m, steps=steps, batch=batch, seed=seed)) for m in METHODS)
    runs.path = out
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    for ax, key, title in zip(
        axes, ("d_norm", "g_norm"), ("discriminator", "generator"), strict=False
    ):
        for m, r in runs.items():
            ax.plot(r[key], label={"simgd": "SimGD", "conopt": "ConOpt", "jare": "JARE"}[m], lw=1)
        ax.set(
            title=f"{title} ({f'batch {batch}' if batch else 'population'})",
            xlabel="iteration",
            ylabel=key,
        )
        ax.legend()
    fig.tight_layout()
    try:
        fig.savefig(out)
    except OSError as exc:
        raise ZiganError(f"cannot write figure to {str(path)!r}: {exc.strerror}") from None
    finally:
        plt.close(fig)
    return runs
