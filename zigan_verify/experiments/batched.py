r"""000 §7 / App. C with every run of a group advancing in one batched computation.

The per-run runner (:mod:`zigan_verify.experiments.zigan_s7`) steps one setting x seed at a time
through autograd. Here all runs of a *group* (by default: every setting of one seed) are stacked
on a leading run axis ``R`` and stepped together by batched matrix products, with the closed-form
saddle operator of the GAN objective (3) (000 App. B.3; eqs. (5)-(8) for the ZI loss (4)):

.. math::
    \nabla f = \sum_i \alpha_i \nabla D^r_i + \beta_i \nabla D^f_i, \qquad
    \alpha_i = -l'(D^r_i)/n,\quad \beta_i = l'(-D^f_i)/n,

with :math:`D^r_i = w^\top\sigma(Ax_i)`, :math:`D^f_i = w^\top\sigma(Ay_i)`,
:math:`y_i = G\sigma(Wz_i)` and :math:`h_i = A^\top(w\odot\sigma'(Ay_i))`:

.. math::
    \nabla_G f = \sum_i \beta_i h_i\varphi_i^\top,\quad
    \nabla_W f = \sum_i \beta_i \big((G^\top h_i)\odot\sigma'(Wz_i)\big) z_i^\top,\quad
    \nabla_w f = \sum_i \alpha_i\sigma(Ax_i) + \beta_i\sigma(Ay_i),\quad
    \nabla_A f = w \odot \sum_i \alpha_i\sigma'(Ax_i)x_i^\top + \beta_i\sigma'(Ay_i)y_i^\top.

``F = (grad_G f, grad_W f, -grad_w f, -grad_A f)`` and the updates are the registered
``tau_gda`` / ``tau_eg`` (000 §5.1) written on the blocks: GDA and EG runs share the first
evaluation ``F(z_k)``; only the EG runs evaluate ``F`` again at their half step. JS and ZI runs
share every product; only ``alpha``, ``beta`` differ (``alpha = 1/n, beta = -1/n`` for ZI).

NOTE: [batched engine contract]
Same metrics (:data:`~zigan_verify.experiments.zigan_s7.FIELDS`), verdict rules, folder layout
(``runs/<key>/metrics.csv``, ``checkpoint.pt`` holding the flat ``z`` of the per-run layout,
``final.pt``) and exact resume as the per-run runner; ``config.json`` records
``"engine": "batched"`` so that neither engine resumes the other's runs (their arithmetic order
differs, so their iterates agree to rounding, not bit for bit; ``tests/test_experiment_batched.py``
derives the tolerance). Each run keeps its own step counter, so a group whose runs were
checkpointed at different steps resumes each from its own step. Checkpoints and metrics files are
replaced atomically (write, then ``os.replace``), so a process killed at any instant leaves a
readable checkpoint: the guarantee the Dask path (:mod:`zigan_verify.experiments.dask_sweep`)
relies on when a worker is lost.

Public: :func:`closed_form_F`, :func:`resolve_device`, :func:`groups`, :func:`run_group`,
:func:`run_experiment`, :func:`run_groups_on_dask` (the batched F: :mod:`zigan_verify.game.batched_field`); the rest may
change.

References:
    Lee & Kim, Zero-Infinity GAN, eqs. (3)-(8), §5.1, §7, App. B.3, App. C.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import os
import pathlib
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import torch

from zigan_verify._errors import ZiganError
from zigan_verify.experiments import dask_sweep, s7_verdicts
from zigan_verify.experiments import zigan_s7 as s7
from zigan_verify.game.batched_field import (
    Blocks,
    closed_form_F,
    features_and_scores,
    objective,
    operator_factors,
)

__all__ = [
    "groups",
    "resolve_device",
    "run_experiment",
    "run_group",
    "run_groups_on_dask",
]

GROUPINGS = ("seed", "all", "run")
PROGRESS_EVERY_S = 0.25  # how often a group reports its runs' steps to the progress bars


# ----- devices -----
def resolve_device(name: str, *, cuda_available: bool | None = None) -> torch.device:
    """``cpu``, ``cuda``, ``cuda:N`` or ``auto`` (CUDA when torch has it, else the CPU) as a
    :class:`torch.device`; a ``ZiganError`` for any other name or CUDA without a device."""
    available = torch.cuda.is_available() if cuda_available is None else cuda_available
    if name == "auto":
        return torch.device("cuda" if available else "cpu")
    kind, _, index = name.partition(":")
    if kind not in ("cpu", "cuda") or (index and (kind == "cpu" or not index.isdigit())):
        raise ZiganError(f"--device must be cpu, cuda, cuda:N or auto, got {name!r}")
    if kind == "cuda" and not available:
        raise ZiganError("--device cuda: no CUDA device is available")
    return torch.device(name)


# ----- one group of runs -----
def _atomic_write(path: pathlib.Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _save(obj, path: pathlib.Path) -> None:
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    _atomic_write(path, buffer.getvalue())


def _write_metrics(path: pathlib.Path, rows: list[dict]) -> None:
    text = io.StringIO(newline="")
    out = csv.DictWriter(text, s7.FIELDS)
    out.writeheader()
    out.writerows(rows)
    _atomic_write(path, text.getvalue().encode())


@dataclass
class _Group:
    """The state of a group: blocks, per-run step counters, metrics and which runs still step."""

    keys: list[str]
    settings: list[s7.Setting]
    blocks: Blocks
    step: list[int]
    rows: list[list[dict]]
    begin: list[int]


class _Engine:
    """The problem's data on the device and the batched measure / step of a group."""

    def __init__(self, problem, dtype: torch.dtype, device: torch.device) -> None:
        self.problem = problem  # float64 on the CPU: initial points and least squares
        self.X = problem.data.to(device=device, dtype=dtype)
        self.Z = problem.latents.to(device=device, dtype=dtype)
        self.X_np = problem.data.double().numpy()
        self.dtype, self.device = dtype, device

    def measure(self, b: Blocks, js: torch.Tensor) -> list[dict]:
        """The logged quantities (:func:`zigan_verify.experiments.zigan_s7.measure`) of every
        run: ``f``, ``|F|``, ``|w|`` batched; the assignment and least squares per run."""
        with torch.no_grad():
            f = objective(self.X, self.Z, b, js).double().cpu()
            F = closed_form_F(self.X, self.Z, b, js)
            F_norm = torch.sqrt(
                sum(v.double().pow(2).flatten(1).sum(1) for v in (F.G, F.W, F.w, F.A))
            ).cpu()
            Phi, XY = features_and_scores(self.X, self.Z, b)[:2]
            Y = XY[:, len(self.X) :].double().cpu()
            Phi = Phi.double().cpu()
            w_norm = torch.linalg.vector_norm(b.w.double(), dim=1).cpu()

        def row(i: int) -> dict:
            return {
                "f": float(f[i]),
                "F": float(F_norm[i]),
                "w": float(w_norm[i]),
                **s7.residuals(Y[i].numpy(), self.X_np, Phi[i], float(w_norm[i])),
            }

        # the assignment and the least squares release the GIL: one thread per run, up to
        # torch's thread budget (each run's arithmetic is the same on any thread)
        threads = min(len(js), torch.get_num_threads())
        if threads == 1:
            return [row(i) for i in range(len(js))]
        with ThreadPoolExecutor(threads) as pool:
            rows = list(pool.map(row, range(len(js))))
        return rows

    def update(self, base: Blocks, at: Blocks, js: torch.Tensor, cx: torch.Tensor, eta: float):
        """``base - eta Lambda_tau F(at)``: the ``G, W, w`` blocks by ``addcmul``, the ``A`` block
        inside the product ``L^T XY`` (NOTE: [batched memory traffic]); ``cx = eta / tau`` per run."""
        FG, FW, Fw, L, XY = operator_factors(self.X, self.Z, at, js)
        return Blocks(
            torch.addcmul(base.G, cx[:, None, None], FG, value=-1),
            torch.addcmul(base.W, cx[:, None, None], FW, value=-1),
            torch.add(base.w, Fw, alpha=-eta),
            torch.baddbmm(base.A, L.transpose(1, 2), XY, alpha=-eta),
        )

    def step(self, b: Blocks, js: torch.Tensor, first_eg: int, cx: torch.Tensor, eta: float):
        """One ``tau_gda`` / ``tau_eg`` step of every run (000 §5.1), the runs ``first_eg, ...``
        being the EG ones: ``z_k - eta Lambda_tau F(z_k)`` for all (the GDA step, and the EG
        half step), then ``z_k - eta Lambda_tau F(half)`` for the EG runs, on views."""
        with torch.no_grad():
            half = self.update(b, b, js, cx, eta)
            if first_eg < len(js):
                k = first_eg
                new = self.update(b.rows(k), half.rows(k), js[k:], cx[k:], eta)
                for name in ("G", "W", "w", "A"):
                    getattr(half, name)[k:] = getattr(new, name)
            return half


def _start(engine: _Engine, setting, seed: int, start: float | None) -> torch.Tensor:
    prob = s7.with_loss(engine.problem, setting.loss)
    if start is None:
        return s7.initial_point(prob, seed)
    return s7.near_global_point(prob, seed, start)


def run_group(
    problem,
    runs: Sequence[tuple[s7.Setting, int]],
    scale: s7.Scale,
    out: pathlib.Path,
    *,
    steps: int | None = None,
    dtype: torch.dtype = torch.float64,
    device: str | torch.device = "cpu",
    start: float | None = None,
    stop_after: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict:
    """Train the ``runs`` (``(setting, seed)`` pairs) together under ``out/runs/<key>``, each
    resuming from its own checkpoint (NOTE: [batched engine contract]).

    ``problem``: :func:`zigan_verify.experiments.zigan_s7.build`'s (float64, CPU); ``stop_after``
    stops once every run has reached that step (a simulated interruption). Returns
    ``{key: {"setting", "seed", "metrics", "Y", "cpu_s_per_step", "wall_s_per_step", "begin",
    "stopped"}}``; the costs are the group's per step per run.
    """
    steps = scale.steps if steps is None else steps
    device = resolve_device(str(device))
    engine = _Engine(problem, dtype, device)
    runs = sorted(runs, key=lambda run: run[0].method == "eg")  # EG runs: a slice (_Engine.step)
    keys = [f"{setting.key}-seed{seed}" for setting, seed in runs]
    zs, begin, all_rows = [], [], []
    for (setting, seed), key in zip(runs, keys, strict=True):
        folder = out / "runs" / key
        folder.mkdir(parents=True, exist_ok=True)
        ckpt = folder / "checkpoint.pt"
        if ckpt.exists():
            saved = torch.load(ckpt, map_location="cpu", weights_only=False)
            zs.append(saved["z"].double())
            begin.append(saved["step"])
            all_rows.append(
                [r for r in s7._read_metrics(folder / "metrics.csv") if r["step"] <= saved["step"]]
            )
        else:
            zs.append(_start(engine, setting, seed, start))
            begin.append(0)
            all_rows.append(None)
    settings = [setting for setting, _ in runs]
    blocks = Blocks.stack(problem, zs)
    blocks = Blocks(
        *(v.to(device=device, dtype=dtype) for v in (blocks.G, blocks.W, blocks.w, blocks.A))
    )
    js_all = torch.tensor([s.loss == "js" for s in settings], device=device)
    if any(rows is None for rows in all_rows):  # the whole group: see _advance
        first = engine.measure(blocks, js_all)
        all_rows = [
            [{"step": 0, **row}] if rows is None else rows
            for rows, row in zip(all_rows, first, strict=True)
        ]
    for key, rows in zip(keys, all_rows, strict=True):
        _write_metrics(out / "runs" / key / "metrics.csv", rows)
    group = _Group(keys, settings, blocks, list(begin), all_rows, list(begin))
    t0, w0 = time.process_time(), time.perf_counter()
    stopped = _advance(engine, group, scale, steps, out, stop_after, progress)
    cpu, wall = time.process_time() - t0, time.perf_counter() - w0
    done = sum(k - b for k, b in zip(group.step, group.begin, strict=True))
    with torch.no_grad():
        Y = (
            (
                torch.sigmoid(engine.Z @ group.blocks.W.transpose(1, 2))
                @ group.blocks.G.transpose(1, 2)
            )
            .double()
            .cpu()
        )
    result = {}
    for i, ((setting, seed), key) in enumerate(zip(runs, keys, strict=True)):
        if not stopped:
            _save(
                {"z": group.blocks.flat(i).cpu(), "step": group.step[i]},
                out / "runs" / key / "final.pt",
            )
        result[key] = {
            "setting": setting,
            "seed": seed,
            "metrics": group.rows[i],
            "Y": Y[i].numpy(),
            "cpu_s_per_step": cpu / done if done > 0 else float("nan"),
            "wall_s_per_step": wall / done if done > 0 else float("nan"),
            "begin": group.begin[i],
            "stopped": stopped,
        }
    return result


def _coefficients(settings, eta: float, dtype, device) -> torch.Tensor:
    """Per-run step sizes ``eta / tau`` of the min player in ``Lambda_tau`` (000 §5.1), computed
    as :func:`zigan_verify.optimizers.timescale` does (``eta * (1 / tau)``); the max player's is
    ``eta`` for every run."""
    return eta * torch.tensor([1.0 / s.tau for s in settings], dtype=dtype, device=device)


def _first_eg(settings) -> int:
    """Index of the first EG run; the runs of a group are ordered GDA first (:func:`run_group`)."""
    methods = [s.method for s in settings]
    if methods != sorted(methods, key=lambda m: m == "eg"):
        raise ValueError("the runs of a group must come GDA first, then EG")
    return methods.count("gda")


def _advance(engine, group: _Group, scale, steps, out, stop_after, progress) -> bool:
    """Step every active run until it has made ``steps`` steps or diverged; write its metrics
    every ``scale.every`` steps and its checkpoint every ``scale.checkpoint`` steps (and at the
    end). Returns whether ``stop_after`` stopped the group.

    The whole group is always computed (an inactive run's new iterate is discarded): a run's
    arithmetic then does not depend on which other runs are still active, which the batched
    products' results would (their blocking depends on the batch size), so a resumed group
    repeats the uninterrupted one bit for bit even when its runs stopped at different steps.
    """
    R = len(group.keys)
    js = torch.tensor([s.loss == "js" for s in group.settings], device=engine.device)
    first_eg = _first_eg(group.settings)
    cx = _coefficients(group.settings, scale.eta, engine.dtype, engine.device)
    diverged = [not math.isfinite(rows[-1]["F"]) for rows in group.rows]
    shown = -math.inf
    while True:
        active = [i for i in range(R) if group.step[i] < steps and not diverged[i]]
        if progress is not None and (not active or time.monotonic() - shown > PROGRESS_EVERY_S):
            shown = time.monotonic()  # a bar update per run costs ~10 us: not every step
            for key, k in zip(group.keys, group.step, strict=True):
                progress(key, k, steps)
        if not active:
            return False
        if stop_after is not None and all(group.step[i] >= stop_after for i in active):
            return True
        new = engine.step(group.blocks, js, first_eg, cx, scale.eta)
        if len(active) < R:
            idle = torch.tensor(sorted(set(range(R)) - set(active)), device=engine.device)
            new.put(idle, group.blocks.take(idle))
        group.blocks = new
        for i in active:
            group.step[i] += 1
        due = [i for i in active if group.step[i] % scale.every == 0 or group.step[i] == steps]
        if due:
            rows = engine.measure(group.blocks, js)
            for i in due:
                group.rows[i].append({"step": group.step[i], **rows[i]})
                _write_metrics(out / "runs" / group.keys[i] / "metrics.csv", group.rows[i])
                diverged[i] = not math.isfinite(rows[i]["F"])
        for i in active:
            k = group.step[i]
            if k % scale.checkpoint == 0 or k == steps or diverged[i]:
                state = {"z": group.blocks.flat(i).cpu(), "state": (), "step": k}
                _save(state, out / "runs" / group.keys[i] / "checkpoint.pt")


# ----- the experiment -----
def groups(
    settings: Sequence[s7.Setting], seeds: Sequence[int], by: str = "seed"
) -> list[list[tuple[s7.Setting, int]]]:
    """The runs ``settings x seeds`` cut into groups that advance together: ``seed`` (every
    setting of one seed: the unit the Dask path hands a worker), ``all`` (one group) or ``run``
    (one run per group, the per-run loop's granularity)."""
    runs = [(setting, seed) for seed in seeds for setting in settings]
    if by == "all":
        return [runs]
    if by == "run":
        return [[run] for run in runs]
    if by == "seed":
        return [[run for run in runs if run[1] == seed] for seed in seeds]
    raise ZiganError(f"--group must be one of {', '.join(GROUPINGS)}, got {by!r}")


def experiment_config(scale, steps, data, dtype, start) -> dict:
    """``config.json`` of a batched run: the per-run runner's, with ``"engine": "batched"``."""
    return {
        "scale": dataclasses.asdict(scale),
        "steps": steps,
        "data": data,
        "dtype": str(dtype).removeprefix("torch."),
        "start": "initialization" if start is None else f"global solution + {start:g} N(0, 1)",
        "engine": "batched",
    }


def run_experiment(
    scale: s7.Scale,
    out: pathlib.Path,
    *,
    seeds: Sequence[int] = (0,),
    settings: Sequence[s7.Setting] = s7.SETTINGS,
    steps: int | None = None,
    data: str = "digits",
    dtype: torch.dtype = torch.float64,
    device: str = "cpu",
    progress: Callable[[str, int, int], None] | None = None,
    start: float | None = None,
    group_by: str = "seed",
    scheduler: str | None = None,
) -> dict:
    """:func:`zigan_verify.experiments.zigan_s7.run_experiment` with the batched engine: the same
    return value (``config``, ``X``, ``runs``), the runs advanced group by group (``group_by``,
    :func:`groups`), on the Dask cluster at ``scheduler`` when one is given."""
    resolve_device(device)
    steps = scale.steps if steps is None else steps
    out = pathlib.Path(out)
    config = experiment_config(scale, steps, data, dtype, start)
    if scheduler is not None:  # an unreachable scheduler is an error before anything is written
        dask_sweep.client(scheduler).close()
    s7._check_config(out, config)
    parts = groups(settings, seeds, group_by)
    X = s7.load_images(data, scale.n, scale.side).double().numpy()
    runs: dict = {}

    def finished(group: dict) -> None:
        runs.update(group)
        write_summary(out / "runs.csv", runs, X)

    if scheduler is not None:
        found = run_groups_on_dask(
            scheduler,
            parts,
            scale,
            out,
            steps=steps,
            data=data,
            dtype=dtype,
            device=device,
            start=start,
            progress=progress,
            on_group=finished,
        )
    else:
        problem = s7.build(scale, data=data)
        for part in parts:
            finished(
                run_group(
                    problem,
                    part,
                    scale,
                    out,
                    steps=steps,
                    dtype=dtype,
                    device=device,
                    start=start,
                    progress=progress,
                )
            )
        found = runs
    order = [f"{setting.key}-seed{seed}" for part in parts for setting, seed in part]
    return {"config": config, "X": X, "runs": {key: found[key] for key in order}}


SUMMARY_FIELDS = ("run", "seed", "steps", "kind", "res_max", "res_mean", "best_res_max", "F", "w")


def write_summary(path: pathlib.Path, runs: dict, X) -> None:
    """One row per finished run, sorted by run key (:func:`zigan_verify.experiments.s7_verdicts.outcome`
    with the vicinity radius of ``X``): rewritten as each group finishes, in any order."""
    rho = s7.vicinity_radius(X)
    text = io.StringIO(newline="")
    out = csv.DictWriter(text, SUMMARY_FIELDS, extrasaction="ignore")
    out.writeheader()
    for key in sorted(runs):
        out.writerow(
            {
                "run": key,
                "seed": runs[key]["seed"],
                **s7_verdicts.outcome(runs[key]["metrics"], rho),
            }
        )
    _atomic_write(path, text.getvalue().encode())


# ----- on a Dask cluster (NOTE: [runs on Dask]) -----
def _run_group_task(part, scale, out, steps, data, dtype, device, start):
    """The worker's side of NOTE: [runs on Dask]: one group, built and run in this process."""
    problem = s7.build(scale, data=data)
    return run_group(
        problem,
        part,
        scale,
        pathlib.Path(out),
        steps=steps,
        dtype=getattr(torch, dtype),
        device=device,
        start=start,
    )


def run_groups_on_dask(
    address: str,
    parts: Sequence[Sequence[tuple[s7.Setting, int]]],
    scale: s7.Scale,
    out: pathlib.Path,
    *,
    steps: int,
    data: str,
    dtype: torch.dtype,
    device: str,
    start: float | None,
    progress: Callable[[str, int, int], None] | None = None,
    poll: float = 0.5,
    on_group: Callable[[dict], None] | None = None,
) -> dict:
    """Run the groups ``parts`` on the cluster whose scheduler is at ``address`` (NOTE: [runs on
    Dask]); returns the runs as :func:`zigan_verify.experiments.batched.run_group` does, in the
    order of ``parts``. ``on_group`` receives each group's runs as its task finishes."""
    client = dask_sweep.client(address)
    dtype_name = str(dtype).removeprefix("torch.")
    try:
        futures = [
            client.submit(
                _run_group_task,
                list(part),
                scale,
                str(pathlib.Path(out).resolve()),
                steps,
                data,
                dtype_name,
                device,
                start,
                pure=False,
                key=f"zigan-s7-group{i}-{time.time_ns()}",
            )
            for i, part in enumerate(parts)
        ]
        keys = [[f"{setting.key}-seed{seed}" for setting, seed in part] for part in parts]
        found: dict[int, dict] = {}
        while len(found) < len(futures):
            for i, future in enumerate(futures):
                if i not in found and future.done():
                    if future.status == "error":
                        raise ZiganError(f"a Dask task failed: {future.exception()!r}")
                    found[i] = future.result()
                    if on_group is not None:
                        on_group(found[i])
            if progress is not None:
                for group in keys:
                    for key in group:
                        progress(key, saved_step(pathlib.Path(out) / "runs" / key), steps)
            if len(found) < len(futures):
                time.sleep(poll)
    finally:
        client.close()
    return {key: run for i in range(len(parts)) for key, run in found[i].items()}


def saved_step(folder: pathlib.Path) -> int:
    """The last step in a run folder's ``metrics.csv`` (0 when there is none yet): the progress
    of a run that another process is advancing."""
    rows = s7._read_metrics(folder / "metrics.csv")
    return rows[-1]["step"] if rows else 0


def float32_drift(a: dict, b: dict, until: int | None = None) -> dict[str, float]:
    """Largest gap, over runs and logged rows (up to step ``until``), between two runs' metrics
    (``a`` and ``b``: :func:`run_experiment`'s ``runs``), per metric, relative to the largest
    ``|value|`` of that metric in the run of ``b``: how far float32 drifts from float64."""
    gap: dict[str, float] = {}
    for key, run in a.items():
        rows = [
            (ra, rb)
            for ra, rb in zip(run["metrics"], b[key]["metrics"], strict=True)
            if until is None or rb["step"] <= until
        ]
        for name in s7.FIELDS[1:]:
            scale = max(max(abs(rb[name]) for _, rb in rows), 1e-300)
            worst = max(abs(ra[name] - rb[name]) for ra, rb in rows)
            gap[name] = max(gap.get(name, 0.0), worst / scale)
    return gap
