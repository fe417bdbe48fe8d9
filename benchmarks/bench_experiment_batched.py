r"""Benchmarks: the batched 000 §7 engine vs today's per-run loop, and the projected time of the
paper-scale experiments on one H100-class GPU, derived from the costs measured here.

Run (about two minutes on an idle core)::

    pytest benchmarks/bench_experiment_batched.py --benchmark-only -p no:cacheprovider -s

* ``test_cost_per_run_step[tiny|small|paper]``: CPU seconds per step per run of the per-run loop
  (``tau_gda`` / ``tau_eg`` through autograd, :mod:`zigan_verify.experiments.zigan_s7`; the mean
  of one GDA and one EG step, as the settings are half GDA, half EG) and of the batched engine
  (one step of the eight settings of a seed together, divided by 8), measured in the same run,
  and their ratio. ``paper`` is App. C's size (n = 32 MNIST-sized images, 2,797,000 parameters).
* ``test_float32_drift``: the tiny scale's eight runs in float32 and float64 (batched), the
  largest relative gap of every logged metric and whether the end-point classes agree.
* ``test_projection``: per step, the FLOPs (:func:`~zigan_verify.experiments.batched_field.flops_per_evaluation`,
  cross-checked by ``torch.utils.flop_counter``), the bytes moved (:func:`bytes_per_step`,
  cross-checked by tracing every kernel's operands) and the kernels launched (traced), then
  ``t_step = max(FLOPs / F_rate, bytes / bandwidth) + kernels * t_launch`` on the assumed GPU
  (:data:`GPU`), for §7 at App. C size (48 runs, 10^5 steps) and for 004 App. C.1 (the MoG runs
  of :mod:`zigan_verify.experiments.mog`: NSGAN and WGAN-GP, GD and EG, 30,000 steps each).

Rows go to ``benchmarks/results/experiment_batched.md``; the derivation with every number to
``benchmarks/results/experiment_batched_projection.txt``.
"""

from __future__ import annotations

import os
import time

import numpy as np
import pytest
import torch
from _results import RESULTS, machine, median_cpu, write_rows
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils.flop_counter import flop_registry

from zigan_verify.experiments import batched, s7_verdicts
from zigan_verify.experiments import zigan_s7 as s7
from zigan_verify.game import batched_field

ROWS: dict[str, tuple[str, str]] = {}
LINES: dict[str, list[str]] = {}

# The GPU assumed for the projection: one H100 SXM (80 GB HBM3). Peak FP64 (tensor cores) is
# 67 TFLOP/s and HBM3 3.35 TB/s; the thin products here (inner dimension n = 32 or 2n = 64) are
# taken at under half of peak, and memory at 78% of peak (what STREAM-like copies reach).
GPU = {
    "name": "H100 SXM (assumed)",
    "flops64": 25e12,  # sustained FP64 FLOP/s on batched thin GEMMs (37% of the 67 TF peak)
    "flops32": 40e12,  # sustained FP32 (no TF32: 60% of the 67 TF peak)
    "bandwidth": 2.6e12,  # sustained bytes/s (78% of 3.35 TB/s)
    "launch": 6e-6,  # seconds per kernel: launch latency plus the tail of a small kernel
}
PAPER_RUNS, PAPER_EG = 48, 24  # 8 settings x 6 initializations, half of them EG (§7, App. C)
MOG_STEPS = 30_000


pytestmark = pytest.mark.usefixtures("one_torch_thread")  # benchmarks/conftest.py


def _group(scale: s7.Scale, runs: int = 8):
    """An engine and one step's arguments for ``runs`` runs (the eight settings, repeated over
    seeds), ordered GDA first as :func:`batched.run_group` orders them."""
    prob = s7.build(scale)
    settings = [s7.SETTINGS[i % 8] for i in range(runs)]
    settings = sorted(settings, key=lambda s: s.method == "eg")
    zs = [s7.initial_point(s7.with_loss(prob, s.loss), i // 8) for i, s in enumerate(settings)]
    engine = batched._Engine(prob, torch.float64, torch.device("cpu"))
    blocks = batched_field.Blocks.stack(prob, zs)
    js = torch.tensor([s.loss == "js" for s in settings])
    cx = batched._coefficients(settings, scale.eta, torch.float64, "cpu")
    args = (blocks, js, batched._first_eg(settings), cx, scale.eta)
    return prob, engine, args


def _loop_step_cost(prob, scale: s7.Scale, repeats: int) -> float:
    """Today's cost per step per run: the mean of one tau-GDA and one tau-EG step (autograd)."""
    z = s7.initial_point(prob, 0)
    F = s7.with_loss(prob, "zi").operator
    costs = []
    for method in ("gda", "eg"):
        opt = s7.Setting("zi", method, 5.0).optimizer(scale.eta)
        costs.append(median_cpu(lambda opt=opt: opt.step(z, (), F), repeats))
    return float(np.mean(costs))


@pytest.mark.parametrize("scale", ["tiny", "small", "paper"])
def test_cost_per_run_step(benchmark, scale):
    sc = s7.SCALES[scale]
    repeats = 3 if scale == "paper" else 20
    prob, engine, args = _group(sc)
    loop = _loop_step_cost(prob, sc, repeats)
    per_run = median_cpu(lambda: engine.step(*args), repeats) / 8
    ratio = loop / per_run
    benchmark.extra_info.update(loop_s=loop, batched_s=per_run, ratio=ratio)
    load = os.getloadavg()[0]
    text = (
        f"{per_run * 1e3:.3g} ms vs {loop * 1e3:.3g} ms per step per run: {ratio:.1f}x "
        f"(CPU s, one thread; load {load:.1f})"
    )
    print(f"\n{scale}: {text}")
    ROWS[f"cost-{scale}"] = (
        f"000 §7 {scale} ({prob.dim:,} parameters a run): batched engine (8 runs) vs per-run loop",
        text,
    )
    LINES[f"cost-{scale}"] = [
        f"measured {scale}: batched {per_run:.4g} s, loop {loop:.4g} s, "
        f"ratio {ratio:.2f} (CPU s per step per run, load {load:.1f})"
    ]
    _write()
    out = benchmark.pedantic(engine.step, args=args, rounds=2, iterations=1)
    assert torch.isfinite(out.A).all()
    assert ratio > 1  # the reason the engine exists


def test_float32_drift(benchmark, tmp_path):
    sc = s7.SCALES["tiny"]
    runs = {}
    cpu = {}
    for dtype in (torch.float64, torch.float32):
        t = time.process_time()
        runs[dtype] = batched.run_experiment(sc, tmp_path / str(dtype), dtype=dtype)["runs"]
        cpu[dtype] = time.process_time() - t
    drift = batched.float32_drift(runs[torch.float32], runs[torch.float64])
    early = {
        k: batched.float32_drift(runs[torch.float32], runs[torch.float64], until=k)["res_max"]
        for k in (100, 1000, sc.steps)
    }
    rho = s7.vicinity_radius(s7.load_images("digits", sc.n, sc.side).numpy())
    same = all(
        s7_verdicts.outcome(runs[torch.float32][k]["metrics"], rho)["kind"]
        == s7_verdicts.outcome(runs[torch.float64][k]["metrics"], rho)["kind"]
        for k in runs[torch.float64]
    )
    growth = ", ".join(f"{gap:.1e} by step {k}" for k, gap in early.items())
    text = (
        f"res_max gap (relative to its largest value) {growth}; at the end ‖F‖ {drift['F']:.1e}, "
        f"f {drift['f']:.1e}; end-point classes {'agree' if same else 'DIFFER'} "
        f"(CPU {cpu[torch.float32]:.1f} s vs {cpu[torch.float64]:.1f} s)"
    )
    print(f"\nfloat32 drift, tiny, {sc.steps} steps: {text}")
    ROWS["drift"] = (f"000 §7 tiny, 8 runs x {sc.steps} steps: float32 vs float64 (batched)", text)
    LINES["drift"] = [f"float32 drift (tiny, {sc.steps} steps): {drift}"]
    _write()
    benchmark.pedantic(lambda: None, rounds=1)
    assert same


# ----- the projection -----
class _Trace(TorchDispatchMode):
    """Counts the kernels an operation runs (every aten call that is not a view), the bytes of
    their tensor operands and results (each read or written once: a lower bound for the traffic
    of an unfused kernel, an upper bound where a library fuses) and the FLOPs of the matrix
    products among them (``torch.utils.flop_counter``'s formulas)."""

    VIEWS = {
        "view",
        "_unsafe_view",
        "t",
        "transpose",
        "expand",
        "slice",
        "select",
        "detach",
        "alias",
        "unsqueeze",
        "squeeze",
        "permute",
        "as_strided",
        "_reshape_alias",
        "lift_fresh",
    }

    def __init__(self):
        super().__init__()
        self.kernels, self.bytes, self.flops = 0, 0, 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        if func._overloadpacket in flop_registry:
            self.flops += flop_registry[func._overloadpacket](*args, **(kwargs or {}), out_val=out)
        if func.__name__.split(".")[0] not in self.VIEWS:
            self.kernels += 1
            flat = torch.utils._pytree.tree_leaves((args, kwargs, out))
            self.bytes += sum(
                t.numel() * t.element_size() for t in flat if isinstance(t, torch.Tensor)
            )
        return out


def bytes_per_step(n, d1, d2, r, p, runs, eg, itemsize=8) -> int:
    r"""Bytes one batched step moves (NOTE: [batched memory traffic]), by block, per run:
    a GDA step (one :meth:`_Engine.update`) reads ``A`` twice in :func:`_forward` / ``h`` and once
    in the ``baddbmm`` and writes it once (4 passes), ``G`` 6 passes (two products, the ``addcmul``
    reads of ``G`` and ``F_G`` and the writes of ``F_G`` and the new ``G``), ``W`` 5; an EG step
    adds a second update and the copy of its result into the group (6 more passes of ``A``, 8 of
    ``G``, 7 of ``W``). The ``(2n, r)`` activations ``S``, ``w sigma'``, ``L`` of each evaluation
    are about 10 passes of ``2 n r``."""
    per_gda = 4 * r * d1 + 6 * d1 * d2 + 5 * d2 * p + 6 * r
    per_eg_extra = 6 * r * d1 + 8 * d1 * d2 + 7 * d2 * p + 6 * r
    activations = 10 * 2 * n * r * (runs + eg)
    return itemsize * (runs * per_gda + eg * per_eg_extra + activations)


def _gpu_seconds(flops, nbytes, kernels, dtype="64") -> tuple[float, str]:
    t_flop = flops / GPU[f"flops{dtype}"]
    t_mem = nbytes / GPU["bandwidth"]
    t_launch = kernels * GPU["launch"]
    terms = {"compute": t_flop, "memory": t_mem, "launch": t_launch}
    bound = max(terms, key=terms.get)
    return max(t_flop, t_mem) + t_launch, (
        f"max({flops / 1e9:.3g} GFLOP / {GPU[f'flops{dtype}'] / 1e12:.0f} TF/s = {t_flop * 1e3:.3g} ms, "
        f"{nbytes / 1e9:.3g} GB / {GPU['bandwidth'] / 1e12:.1f} TB/s = {t_mem * 1e3:.3g} ms) "
        f"+ {kernels} kernels x {GPU['launch'] * 1e6:.0f} us = {(max(t_flop, t_mem) + t_launch) * 1e3:.3g} ms "
        f"({bound}-bound)"
    )


def _trace_step(scale, runs):
    prob, engine, args = _group(scale, runs)
    with _Trace() as trace:
        engine.step(*args)
    return prob, engine, args, trace.flops, trace


def test_projection(benchmark):
    lines = [f"machine: {machine()}; load {os.getloadavg()[0]:.1f}; GPU assumptions: {GPU}"]
    # §7 at App. C size: analytic FLOPs and bytes, checked against the traced ones at tiny size
    tiny = s7.SCALES["tiny"]
    _, _, _, tiny_flops, tiny_trace = _trace_step(tiny, 16)
    n, d1, d2, r, p = tiny.n, tiny.d1, tiny.d2, tiny.r, tiny.p
    analytic = batched_field.flops_per_evaluation(n, d1, d2, r, p) * (16 + 8)
    assert tiny_flops == analytic, (tiny_flops, analytic)  # the count is exact
    model = bytes_per_step(n, d1, d2, r, p, 16, 8)
    lines.append(
        f"check at tiny, 16 runs: FLOPs analytic {analytic:,} = traced {tiny_flops:,}; bytes "
        f"model {model:,} vs traced operands {tiny_trace.bytes:,} ({model / tiny_trace.bytes:.2f}x)"
    )
    paper = s7.SCALES["paper"]
    n, d1, d2, r, p = paper.n, paper.d1, paper.d2, paper.r, paper.p
    # one 8-run group traced at paper size gives the kernel count (it does not grow with R)
    _, engine, args, paper8_flops, paper8_trace = _trace_step(paper, 8)
    assert paper8_flops == batched_field.flops_per_evaluation(n, d1, d2, r, p) * 12
    per_eval = batched_field.flops_per_evaluation(n, d1, d2, r, p)
    flops = per_eval * (PAPER_RUNS + PAPER_EG)
    # bytes: the traced operands of the 8-run group, x 6 for 48 runs (above the analytic model)
    nbytes = paper8_trace.bytes * PAPER_RUNS // 8
    model = bytes_per_step(n, d1, d2, r, p, PAPER_RUNS, PAPER_EG)
    kernels = paper8_trace.kernels
    lines.append(
        f"§7 App. C: one evaluation of F for one run = {per_eval / 1e6:.1f} MFLOP; a step of the "
        f"{PAPER_RUNS} runs ({PAPER_EG} EG: {PAPER_RUNS + PAPER_EG} evaluations) = "
        f"{flops / 1e9:.1f} GFLOP, {nbytes / 1e9:.2f} GB moved (float64: 6 x the traced 8-run "
        f"group; the analytic model says {model / 1e9:.2f} GB), {kernels} kernels (one group, "
        f"--group all)"
    )
    # measuring (every 500 steps): the assignment and least squares run on the host, per run
    Y = np.random.default_rng(0).random((n, d1))
    X = s7.load_images("digits", n, paper.side).numpy()
    Phi = torch.rand(n, d2, dtype=torch.float64)
    host = median_cpu(lambda: s7.residuals(Y, X, Phi, 1.0), 5)
    measures = paper.steps // paper.every + 1
    host_threads = 16  # the GPU machine's cores: the runs' measurements go on threads (measure)
    t_measure = measures * PAPER_RUNS * host / host_threads
    projected = {}
    for dtype, itemsize in (("64", 8), ("32", 4)):
        nb = nbytes * itemsize // 8
        t_step, how = _gpu_seconds(flops, nb, kernels, dtype)
        total = paper.steps * t_step + t_measure
        projected[dtype] = total
        lines.append(
            f"float{dtype}: t_step = {how}; x {paper.steps:,} steps + {measures} measurements x "
            f"{PAPER_RUNS} runs x {host * 1e3:.2f} ms host CPU / {host_threads} threads = "
            f"{total / 60:.1f} min"
        )
    cpu_step = median_cpu(lambda: engine.step(*args), 2) / 8 * (PAPER_RUNS)
    lines.append(
        f"the same 48 runs on this CPU (one thread, batched): {cpu_step:.2f} s a step, "
        f"{cpu_step * paper.steps / 3600:.0f} h"
    )
    ROWS["proj-s7"] = (
        "000 §7 at App. C size, all 48 runs x 10^5 steps, one H100 (projected)",
        f"{projected['64'] / 60:.1f} min float64, {projected['32'] / 60:.1f} min float32 "
        "(derivation: benchmarks/results/experiment_batched_projection.txt)",
    )
    # 004 App. C.1: the MoG runs of experiments/mog.py, as they are (one run at a time, autograd)
    from zigan_verify.experiments.mog import mog_game

    mog_total, mog_cpu = 0.0, 0.0
    for loss in ("nsgan", "wgan_gp"):
        game = mog_game(loss)
        w = game.initial_point
        with _Trace() as trace:
            game.v(w)
        cost = median_cpu(lambda game=game, w=w: game.v(w), 5)
        t_v, how = _gpu_seconds(trace.flops, trace.bytes, trace.kernels)
        evals = MOG_STEPS * (1 + 2)  # GD: one v a step, EG: two (mog._descend)
        mog_total += evals * t_v
        mog_cpu += evals * cost
        lines.append(
            f"004 App. C.1 {loss}: one v = {trace.kernels} kernels, {trace.flops / 1e6:.1f} "
            f"MFLOP, {trace.bytes / 1e6:.1f} MB; GPU t_v = {how}; CPU {cost * 1e3:.2f} ms"
        )
    lines.append(
        f"004 App. C.1, GD + EG x NSGAN + WGAN-GP x {MOG_STEPS:,} steps: GPU {mog_total / 60:.1f} min "
        f"(launch-bound), this CPU {mog_cpu / 60:.1f} min"
    )
    ROWS["proj-mog"] = (
        f"004 App. C.1 (MoG, NSGAN + WGAN-GP, GD + EG, {MOG_STEPS:,} steps), one H100 (projected)",
        f"{mog_total / 60:.1f} min, kernel-launch-bound (this CPU, one thread: {mog_cpu / 60:.1f} min)",
    )
    LINES["projection"] = lines
    print("\n" + "\n".join(lines))
    _write()
    benchmark.pedantic(lambda: None, rounds=1)
    assert projected["64"] < 3600


def _write() -> None:
    order = ["cost-tiny", "cost-small", "cost-paper", "drift", "proj-s7", "proj-mog"]
    write_rows("experiment_batched", [ROWS[k] for k in order if k in ROWS])
    text = [line for k in [*order, "projection"] for line in LINES.get(k, [])]
    (RESULTS / "experiment_batched_projection.txt").write_text(
        "# written by benchmarks/bench_experiment_batched.py\n" + "\n".join(text) + "\n"
    )
