r"""000 §7 and App. C: ZI-GAN vs JS-GAN trained with two-timescale GDA / EG on 32 digit images.

The eight settings of Fig. 2 are ``loss`` in {JS, ZI} x ``method`` in {tau-GDA, tau-EG} x ``tau`` in
{1, 5}; a *seed* is one initialization (Figs. 3-4 repeat Fig. 2 from five more). Every run is the
project's :class:`~zigan_verify.game.problem.ZIGANProblem` (eq. (3); eq. (4) for ZI) stepped by the
registered ``tau_gda`` / ``tau_eg`` (:mod:`zigan_verify.optim.minimax`), full batch:

.. math:: z_{k+1} = z_k - \eta\Lambda_\tau F(z_k) \quad\text{or}\quad
    z_{k+1} = z_k - \eta\Lambda_\tau F(z_k - \eta\Lambda_\tau F(z_k)).

NOTE: [§7 choices]
App. C fixes the sizes (latents ``z_i ~ N(0, I_100)``, one per image; generator 100-500-784 and
discriminator 784-3000-1, the App. B model ``G(z) = G sigma(W z)``, ``D(x) = w^T sigma(A x)``, no
biases; full batch; 10^5 iterations) but not the rest. Ours:

* images: ``n`` distinct images picked by ``data_seed`` = 0 from scikit-learn's digits
  (:func:`zigan_verify.data.digits.digits`, 8x8 upsampled bilinearly) or from an MNIST IDX file;
  pixels in ``[0, 1]`` (MNIST's ``/255``), the range the sigmoid features can reach with a
  linear last layer without an offset;
* latents ``z_i ~ N(0, I_p)`` drawn once from ``data_seed``, shared by all settings and seeds;
* initialization (one per *seed*, the same for all eight settings, so comparisons are paired):
  LeCun-normal, ``W ~ N(0, 1/p)``, ``G ~ N(0, 1/d2)``, ``A ~ N(0, 1/d1)``, ``w ~ N(0, 1/r)``:
  every pre-activation and output starts at order one;
* step size ``eta`` per scale, chosen by the sweep in :func:`step_size_sweep` (docs/guide/experiments.md).

NOTE: [§7 verdict quantities]
From the generated images ``y_i = G sigma(W z_i)`` and the training images ``x_j``:

* memorization residual: the optimal assignment ``pi`` of generated images to *distinct* training
  images (``scipy.optimize.linear_sum_assignment`` on squared distances), then
  ``max_i |y_i - x_pi(i)|`` and the mean; its vicinity radius is ``rho = min_{j!=k} |x_j - x_k| / 2``:
  below it, every generated image is nearer its own training image than any other;
* distance to the nearest global solution ``{Phi(theta) g = Q_pi x, w = 0}`` at the current
  ``theta``: ``sqrt(|Delta G|_F^2 + |w|^2)`` with ``Delta G`` the least-norm generator correction
  ``Phi^+ (Q_pi x - Y)`` (an upper bound on the distance to the whole solution set);
* ``|F(z)|`` and ``|w|``; a global solution has ``F = 0``, ``w = 0`` and zero residual
  (000 App. B.5). ``F -> 0`` with a residual that does not vanish is a non-global stationary
  point, as ``000.thm3`` found for ``r < n d1``.

Public: :data:`SCALES`, :data:`SETTINGS`, :class:`Scale`, :class:`Setting`, :func:`build`,
:func:`run_experiment`, :func:`run_setting`, :func:`memorization`, :func:`verdicts`,
(figures: :mod:`zigan_verify.experiments.s7_figures`); the rest may change. The command ``zigan-verify reproduce``
(either engine) is :mod:`zigan_verify.experiments.s7_reproduce`.

References:
    Lee & Kim, Zero-Infinity GAN, §7 (Fig. 2), App. C (Figs. 3, 4), §5.1 (tau-GDA, tau-EG),
    App. B.5 (global solutions).
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import pathlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch
from scipy.optimize import linear_sum_assignment

from zigan_verify import _moved
from zigan_verify._errors import ZiganError, check_choice
from zigan_verify.game.problem import ZIGANProblem
from zigan_verify.optim.minimax import get_optimizer

__all__ = [
    "SCALES",
    "SETTINGS",
    "Scale",
    "Setting",
    "build",
    "memorization",
    "run_experiment",
    "run_setting",
]


@dataclass(frozen=True)
class Scale:
    """Sizes and schedule of one run: ``n`` images of ``side x side`` pixels, generator width
    ``d2`` with latent dimension ``p``, discriminator width ``r``, ``steps`` iterations of step
    size ``eta``, metrics every ``every`` steps, a checkpoint every ``checkpoint`` steps."""

    name: str
    n: int
    side: int
    d2: int
    r: int
    p: int
    steps: int
    eta: float
    every: int
    checkpoint: int

    @property
    def d1(self) -> int:
        return self.side * self.side


# r / (n d1) is about 1/8 at every scale, as at App. C (3000 / 25088): r < n d1 throughout.
SCALES = {
    s.name: s
    for s in (
        Scale(
            "tiny", n=8, side=8, d2=16, r=64, p=10, steps=3000, eta=0.05, every=25, checkpoint=500
        ),
        Scale(
            "small",
            n=32,
            side=8,
            d2=64,
            r=256,
            p=20,
            steps=10000,
            eta=0.05,
            every=100,
            checkpoint=2000,
        ),
        Scale(
            "medium",
            n=32,
            side=14,
            d2=200,
            r=800,
            p=50,
            steps=5000,
            eta=0.05,
            every=100,
            checkpoint=2000,
        ),
        Scale(
            "paper",
            n=32,
            side=28,
            d2=500,
            r=3000,
            p=100,
            steps=100000,
            eta=0.05,
            every=500,
            checkpoint=1000,
        ),
    )
}


@dataclass(frozen=True)
class Setting:
    """One of the eight panels of Fig. 2: ``loss`` (``js``/``zi``), ``method`` (``gda``/``eg``), ``tau``."""

    loss: str
    method: str
    tau: float

    @property
    def label(self) -> str:
        return f"{self.loss.upper()}-{self.method.upper()}(tau={self.tau:g})"

    @property
    def key(self) -> str:
        return f"{self.loss}-{self.method}-tau{self.tau:g}"

    def optimizer(self, eta: float):
        return get_optimizer(f"tau_{self.method}", eta=eta, tau=self.tau)


SETTINGS = tuple(
    Setting(loss, method, tau)
    for loss in ("js", "zi")
    for method in ("gda", "eg")
    for tau in (1.0, 5.0)
)


# ----- data, problem, initialization (NOTE: [§7 choices]) -----
def load_images(data: str, n: int, side: int, seed: int = 0) -> torch.Tensor:
    """``digits`` (scikit-learn's, resized) or ``mnist:PATH`` (an IDX file), rows in ``[0, 1]``."""
    if data == "digits":
        from zigan_verify.data.digits import digits

        return digits(n, side=side, seed=seed)
    if data.startswith("mnist:"):
        from zigan_verify.data.mnist import mnist_images

        return mnist_images(data.removeprefix("mnist:"), n, side=side, seed=seed)
    raise ZiganError(f"--data must be 'digits' or 'mnist:PATH', got {data!r}")


def build(
    scale: Scale,
    *,
    data: str = "digits",
    dtype: torch.dtype = torch.float64,
    device: str = "cpu",
) -> ZIGANProblem:
    """The problem of ``scale`` for the ZI loss; :func:`with_loss` gives the JS one on the same data."""
    X = load_images(data, scale.n, scale.side)
    Z = torch.from_numpy(np.random.default_rng(0).standard_normal((scale.n, scale.p)))
    return _on(ZIGANProblem(X, Z, r=scale.r, loss="zi", width=scale.d2), dtype, device)


def with_loss(problem: ZIGANProblem, loss: str) -> ZIGANProblem:
    """The same data, latents and sizes with the loss ``loss``."""
    out = ZIGANProblem(
        problem.data.cpu(),
        problem.latents.cpu(),
        r=problem.sizes.r,
        loss=loss,
        width=problem.sizes.d2,
    )
    return _on(out, problem.data.dtype, str(problem.data.device))


def _on(problem: ZIGANProblem, dtype: torch.dtype, device: str) -> ZIGANProblem:
    # ZIGANProblem stores float64 CPU tensors; f and F follow the dtype/device of data, latents
    # and z, so moving these two is the whole of "float32" / "cuda" (the same code path).
    problem.data = problem.data.to(device=device, dtype=dtype)
    problem.latents = problem.latents.to(device=device, dtype=dtype)
    return problem


def initial_point(problem: ZIGANProblem, seed: int) -> torch.Tensor:
    """LeCun-normal initialization number ``seed`` (float64 on the CPU, then moved)."""
    n, d1, d2, r, m, p = problem.sizes
    gen = torch.Generator().manual_seed(seed)

    def normal(size, fan_in):
        return torch.randn(size, generator=gen, dtype=torch.float64) / math.sqrt(fan_in)

    z = problem.pack(normal(d1 * d2, d2), normal(m, p), normal(r, r), normal(r * d1, d1))
    return z.to(device=problem.data.device, dtype=problem.data.dtype)


def near_global_point(problem: ZIGANProblem, seed: int, eps: float) -> torch.Tensor:
    """A global solution perturbed by ``eps``: initialization ``seed`` with ``G`` replaced by the
    least-squares solution of ``G phi(z_i) = x_i`` and ``w = 0`` (000 App. B.5), then every
    entry moved by ``eps N(0, 1)``. The start of the ``000.thm3`` question at these sizes: does
    tau-EG return to a global solution, or settle at a nearby non-global stationary point?"""
    z = initial_point(problem, seed).double().cpu()
    g, theta, w, A = problem.unpack(z)
    Phi = problem.phi(theta, problem.latents.double().cpu())
    Gt = torch.linalg.lstsq(Phi, problem.data.double().cpu(), driver="gelsd").solution
    z = problem.pack(Gt.T, theta, torch.zeros_like(w), A)
    gen = torch.Generator().manual_seed(10_000 + seed)
    z = z + eps * torch.randn(z.shape, generator=gen, dtype=torch.float64)
    return z.to(device=problem.data.device, dtype=problem.data.dtype)


# ----- metrics (NOTE: [§7 verdict quantities]) -----
def memorization(Y: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Optimal assignment of generated rows ``Y`` to distinct training rows ``X``:
    ``(perm, dist)`` with ``dist[i] = |Y_i - X_perm[i]|``.

    Examples:
        >>> import numpy as np
        >>> X = np.array([[0.0, 0.0], [1.0, 0.0]])
        >>> perm, dist = memorization(np.array([[0.9, 0.0], [1.0, 0.0]]), X)
        >>> perm.tolist(), dist.round(3).tolist()   # both are nearest x_1; distinct images
        ([0, 1], [0.9, 0.0])
    """
    cost = ((Y[:, None, :] - X[None, :, :]) ** 2).sum(-1)
    rows, cols = linear_sum_assignment(cost)
    perm = cols[np.argsort(rows)]
    return perm, np.sqrt(cost[np.arange(len(Y)), perm])


def vicinity_radius(X: np.ndarray) -> float:
    """``rho = min_{j != k} |x_j - x_k| / 2`` (NOTE: [§7 verdict quantities])."""
    d = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(-1))
    return float(d[~np.eye(len(X), dtype=bool)].min() / 2)


def measure(problem: ZIGANProblem, z: torch.Tensor) -> dict:
    """The logged quantities at ``z``."""
    with torch.no_grad():
        g, theta, w, _ = problem.unpack(z)
        Phi = problem.phi(theta, problem.latents).double().cpu()
        Y = problem.generated(g, theta).double().cpu().numpy()
        f = float(problem.f(z))
    F = problem.F(z)
    X = problem.data.double().cpu().numpy()
    w_norm = float(torch.linalg.vector_norm(w.double()))
    return {
        "f": f,
        "F": float(torch.linalg.vector_norm(F.double())),
        "w": w_norm,
        **residuals(Y, X, Phi, w_norm),
    }


def residuals(Y: np.ndarray, X: np.ndarray, Phi: torch.Tensor, w_norm: float) -> dict:
    """``res_max``, ``res_mean`` (:func:`memorization`) and ``dist_global`` (the least-norm
    generator correction ``Phi^+ (Q_pi x - Y)`` with ``|w|``) of generated rows ``Y``; NaN for
    non-finite ``Y`` (a diverged run), which has no assignment."""
    if not (np.isfinite(Y).all() and bool(torch.isfinite(Phi).all())):
        return {"res_max": math.nan, "res_mean": math.nan, "dist_global": math.nan}
    perm, dist = memorization(Y, X)
    dG = torch.linalg.lstsq(Phi, torch.from_numpy(X[perm] - Y), driver="gelsd").solution
    return {
        "res_max": float(dist.max()),
        "res_mean": float(dist.mean()),
        "dist_global": math.hypot(float(torch.linalg.matrix_norm(dG)), w_norm),
    }


# ----- running (checkpoints, exact resume, metrics file) -----
FIELDS = ("step", "f", "F", "w", "res_max", "res_mean", "dist_global")


def run_setting(
    problem: ZIGANProblem,
    setting: Setting,
    seed: int,
    scale: Scale,
    folder: pathlib.Path,
    *,
    steps: int | None = None,
    stop_after: int | None = None,
    progress: Callable[[int], None] | None = None,
    start: float | None = None,
) -> dict:
    """Train one setting from initialization ``seed`` in ``folder``, resuming from its checkpoint.

    Writes ``metrics.csv`` (every ``scale.every`` steps and at the end), ``checkpoint.pt``
    (``z``, optimizer state, step; every ``scale.checkpoint`` steps) and ``final.pt``. ``start``:
    ``None`` starts from :func:`initial_point`, a number ``eps`` from :func:`near_global_point`. A restart
    truncates the metrics to the checkpoint's step and continues from the checkpointed iterate, so
    the iterates are the same bit for bit as without the stop (``stop_after`` simulates one).
    Returns ``{"z": final z, "metrics": rows}``.
    """
    steps = scale.steps if steps is None else steps
    folder.mkdir(parents=True, exist_ok=True)
    prob = with_loss(problem, setting.loss)
    opt = setting.optimizer(scale.eta)
    F = prob.operator
    ckpt, metrics_path = folder / "checkpoint.pt", folder / "metrics.csv"
    if ckpt.exists():
        saved = torch.load(ckpt, map_location=prob.data.device, weights_only=False)
        z, state, k = saved["z"], saved["state"], saved["step"]
        rows = [r for r in _read_metrics(metrics_path) if r["step"] <= k]
    else:
        z = initial_point(prob, seed) if start is None else near_global_point(prob, seed, start)
        state, k, rows = opt.init(z), 0, [{"step": 0, **measure(prob, z)}]
    _write_metrics(metrics_path, rows)
    with open(metrics_path, "a", newline="") as fh:
        out = csv.DictWriter(fh, FIELDS)
        while k < steps:
            z, state = opt.step(z, state, F)
            k += 1
            if k % scale.every == 0 or k == steps:
                rows.append({"step": k, **measure(prob, z)})
                out.writerow(rows[-1])
                fh.flush()
            if k % scale.checkpoint == 0 or k == steps:
                torch.save({"z": z, "state": state, "step": k}, ckpt)
            if progress is not None:
                progress(k)
            if stop_after is not None and k >= stop_after:
                return {"z": z, "metrics": rows, "stopped": True}
            if not math.isfinite(rows[-1]["F"]):
                break  # diverged: keep the rows that say so
    torch.save({"z": z.cpu(), "step": k}, folder / "final.pt")
    return {"z": z, "metrics": rows, "stopped": False}


def _read_metrics(path: pathlib.Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, newline="") as fh:
        return [
            {k: (int(v) if k == "step" else float(v)) for k, v in row.items()}
            for row in csv.DictReader(fh)
        ]


def _write_metrics(path: pathlib.Path, rows: list[dict]) -> None:
    with open(path, "w", newline="") as fh:
        out = csv.DictWriter(fh, FIELDS)
        out.writeheader()
        out.writerows(rows)


def run_experiment(
    scale: Scale,
    out: pathlib.Path,
    *,
    seeds: Sequence[int] = (0,),
    settings: Sequence[Setting] = SETTINGS,
    steps: int | None = None,
    data: str = "digits",
    dtype: torch.dtype = torch.float64,
    device: str = "cpu",
    progress: Callable[[str, int, int], None] | None = None,
    start: float | None = None,
) -> dict:
    """All ``settings`` x ``seeds`` at ``scale`` under ``out/runs/`` (``start`` as in
    :func:`run_setting`); returns the results by run key with their metrics, the final generated
    images and the cost per step (CPU seconds)."""
    _check_device(device)
    steps = scale.steps if steps is None else steps
    out = pathlib.Path(out)
    config = {
        "scale": dataclasses.asdict(scale),
        "steps": steps,
        "data": data,
        "dtype": str(dtype).removeprefix("torch."),
        "start": "initialization" if start is None else f"global solution + {start:g} N(0, 1)",
    }
    _check_config(out, config)
    problem = build(scale, data=data, dtype=dtype, device=device)
    results = {}
    for seed in seeds:
        for setting in settings:
            key = f"{setting.key}-seed{seed}"
            t0 = time.process_time()
            begin = _checkpoint_step(out / "runs" / key)

            def report(k: int, key=key) -> None:
                if progress is not None:
                    progress(key, k, steps)

            run = run_setting(
                problem,
                setting,
                seed,
                scale,
                out / "runs" / key,
                steps=steps,
                progress=report,
                start=start,
            )
            done = run["metrics"][-1]["step"] - begin
            prob = with_loss(problem, setting.loss)
            g, theta, _, _ = prob.unpack(run["z"])
            results[key] = {
                "setting": setting,
                "seed": seed,
                "metrics": run["metrics"],
                "Y": prob.generated(g, theta).detach().double().cpu().numpy(),
                "cpu_s_per_step": (time.process_time() - t0) / done if done > 0 else float("nan"),
            }
    return {"config": config, "X": problem.data.double().cpu().numpy(), "runs": results}


def _check_device(device: str) -> None:
    check_choice("device", device.split(":")[0], ("cpu", "cuda"))
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise ZiganError("--device cuda: no CUDA device is available")


def _checkpoint_step(folder: pathlib.Path) -> int:
    ckpt = folder / "checkpoint.pt"
    return torch.load(ckpt, weights_only=False)["step"] if ckpt.exists() else 0


def _check_config(out: pathlib.Path, config: dict) -> None:
    # A resumed run may go on for more steps (a long paper-scale run in pieces), nothing else.
    out.mkdir(parents=True, exist_ok=True)
    path = out / "config.json"
    if path.exists():
        old = json.loads(path.read_text())
        if {**old, "steps": config["steps"]} != config:
            raise ZiganError(f"{out} holds a run with another configuration: {old}")
        if config["steps"] < old["steps"]:
            raise ZiganError(f"{out} ran {old['steps']} steps: resume it with --steps >= that")
    path.write_text(json.dumps(config, indent=2))


# ----- the command `zigan-verify reproduce` -----
ENGINES = ("loop", "batched")
FIGURES = {
    "fig2": (SETTINGS, (0,)),  # §7: the eight settings from one initialization
    "fig3": (tuple(s for s in SETTINGS if s.tau == 1.0), (1, 2, 3, 4, 5)),  # App. C: tau = 1
    "fig4": (tuple(s for s in SETTINGS if s.loss == "zi"), (1, 2, 3, 4, 5)),  # App. C: ZI
}


def parse_seeds(text: str) -> tuple[int, ...]:
    """``"0,2"`` or ``"1-5"`` (inclusive) or a mix, as seeds."""
    seeds: list[int] = []
    try:
        for part in text.split(","):
            lo, _, hi = part.partition("-")
            seeds.extend(range(int(lo), int(hi or lo) + 1))
    except ValueError:
        raise ZiganError(f"--seeds must look like '0,1' or '1-5', got {text!r}") from None
    if not seeds or min(seeds) < 0:
        raise ZiganError(f"--seeds must name non-negative seeds, got {text!r}")
    return tuple(dict.fromkeys(seeds))


def projected_seconds(cost: dict[str, float], scale: Scale, runs_per_method: int) -> float:
    """Projected CPU seconds of ``runs_per_method`` runs of each method over ``scale.steps``."""
    return sum(c * scale.steps * runs_per_method for c in cost.values())


# NOTE: [moved modules]: names that moved out of this module in 0.2
__getattr__ = _moved.forward(
    __name__,
    {
        "verdicts": "zigan_verify.experiments.s7_verdicts",
        "outcome": "zigan_verify.experiments.s7_verdicts",
        "step_size_sweep": "zigan_verify.experiments.s7_verdicts",
        "STATIONARY_RTOL": "zigan_verify.experiments.s7_verdicts",
        "plot_grids": "zigan_verify.experiments.s7_figures",
        "plot_curves": "zigan_verify.experiments.s7_figures",
    },
)
