"""The batched 000 §7 engine (zigan_verify.experiments.batched): its closed-form F against
autograd, its runs against the per-run loop, exact resume, float32 drift, devices, outputs."""

import json
import pathlib

import numpy as np
import pytest
import torch

from zigan_verify._errors import ZiganError
from zigan_verify.experiments import batched
from zigan_verify.experiments import zigan_s7 as s7
from zigan_verify.experiments.s7_outputs import RunProgress, draw_figures, load_runs
from zigan_verify.game import batched_field
from zigan_verify.interfaces.cli import main

MICRO = s7.Scale("micro", n=4, side=8, d2=8, r=16, p=4, steps=20, eta=0.1, every=5, checkpoint=5)
EPS64 = torch.finfo(torch.float64).eps
EPS32 = torch.finfo(torch.float32).eps


def _points(prob, settings, gen):
    """One random point per setting (entries N(0, 1): every sigmoid in its curved range)."""
    return [prob.random_point(gen) for _ in settings]


@pytest.mark.parametrize("scale", [MICRO, s7.SCALES["tiny"]], ids=["micro", "tiny"])
def test_closed_form_F_equals_autograd(scale):
    prob = s7.build(scale)
    gen = torch.Generator().manual_seed(1)
    settings = s7.SETTINGS[::2]  # JS and ZI, both methods (the method does not enter F)
    zs = _points(prob, settings, gen)
    js = torch.tensor([s.loss == "js" for s in settings])
    F = batched_field.closed_form_F(
        prob.data, prob.latents, batched_field.Blocks.stack(prob, zs), js
    )
    f = batched_field.objective(prob.data, prob.latents, batched_field.Blocks.stack(prob, zs), js)
    # Each entry of F is a sum over the n samples of products reduced over r, d1 or d2 terms,
    # evaluated in another order by autograd: the rounding bound of such sums is k eps relative
    # to the sum of |terms| with k = n (r + d1 + d2); 10x for the handful of ulps in each factor.
    n, d1, d2, r, _, _ = prob.sizes
    tol = 10 * n * (r + d1 + d2) * EPS64
    for i, setting in enumerate(settings):
        ref_prob = s7.with_loss(prob, setting.loss)
        ref = ref_prob.F(zs[i])
        assert float((F.flat(i) - ref).abs().max() / ref.abs().max()) < tol
        assert abs(float(f[i]) - float(ref_prob.f(zs[i]))) < tol * abs(float(ref_prob.f(zs[i])))
    # negative control: the ZI weights on a JS run are a different operator
    wrong = batched_field.closed_form_F(
        prob.data, prob.latents, batched_field.Blocks.stack(prob, zs), ~js
    )
    ref = s7.with_loss(prob, settings[0].loss).F(zs[0])
    assert float((wrong.flat(0) - ref).abs().max() / ref.abs().max()) > 1e3 * tol


def _finals(out: pathlib.Path, keys) -> dict[str, torch.Tensor]:
    return {k: torch.load(out / "runs" / k / "final.pt", weights_only=False)["z"] for k in keys}


def test_batched_equals_the_loop_to_rounding(tmp_path):
    """The two engines run the same iteration in a different arithmetic order (closed form vs
    autograd), so their iterates differ by propagated rounding. Rounding errors of unit ``u``
    propagate linearly through the same 20 steps, so the gap of two float64 computations is
    ``(EPS64 / EPS32)`` times the gap that the same dynamics show between float32 and float64,
    up to the ratio of their (unknown, order-one) operation-count constants: 100x allowed."""
    keys = [f"{s.key}-seed0" for s in s7.SETTINGS]
    s7.run_experiment(MICRO, tmp_path / "loop", settings=s7.SETTINGS)
    batched.run_experiment(MICRO, tmp_path / "b64", settings=s7.SETTINGS)
    batched.run_experiment(MICRO, tmp_path / "b32", settings=s7.SETTINGS, dtype=torch.float32)
    loop, b64, b32 = (_finals(tmp_path / d, keys) for d in ("loop", "b64", "b32"))
    for key in keys:
        drift32 = float((b32[key].double() - b64[key]).abs().max())
        gap = float((b64[key] - loop[key]).abs().max())
        assert drift32 > 0
        assert gap <= 100 * (EPS64 / EPS32) * drift32, key
    # negative control: the batched engine with the tau of each setting swapped (1 <-> 5)
    swapped = [s7.Setting(s.loss, s.method, 6.0 - s.tau) for s in s7.SETTINGS]
    batched.run_experiment(MICRO, tmp_path / "swap", settings=swapped)
    wrong = _finals(tmp_path / "swap", [f"{s.key}-seed0" for s in swapped])
    gap = float((wrong["zi-eg-tau5-seed0"] - loop["zi-eg-tau1-seed0"]).abs().max())
    assert gap > 1e6 * (EPS64 / EPS32) * float(
        (b32["zi-eg-tau1-seed0"].double() - b64["zi-eg-tau1-seed0"]).abs().max()
    )


@pytest.mark.parametrize("stop_after", [10, 12])  # at a checkpoint, and 2 steps past one
def test_interrupt_and_resume_is_bit_for_bit(tmp_path, stop_after):
    prob = s7.build(MICRO)
    runs = [(s, seed) for seed in (0, 1) for s in s7.SETTINGS[:4]]
    straight = batched.run_group(prob, runs, MICRO, tmp_path / "a")
    first = batched.run_group(prob, runs, MICRO, tmp_path / "b", stop_after=stop_after)
    assert all(r["stopped"] for r in first.values())
    resumed = batched.run_group(prob, runs, MICRO, tmp_path / "b")
    assert {r["begin"] for r in resumed.values()} == {10}  # from the checkpoint at step 10
    for key, run in straight.items():
        assert resumed[key]["metrics"] == run["metrics"]
        assert np.array_equal(resumed[key]["Y"], run["Y"])
        assert s7._read_metrics(tmp_path / "b" / "runs" / key / "metrics.csv") == run["metrics"]
    a, b = (_finals(tmp_path / d, straight) for d in ("a", "b"))
    assert all(a[key].equal(b[key]) for key in straight)  # the final iterates, bit for bit


def test_runs_resumed_from_different_steps_repeat_the_straight_run(tmp_path):
    # one run lost its checkpoint (it starts over) while the others resume at step 10: the
    # group is computed whole every step, so every run still repeats the straight run exactly
    prob = s7.build(MICRO)
    runs = [(s, 0) for s in s7.SETTINGS]
    straight = batched.run_group(prob, runs, MICRO, tmp_path / "a")
    batched.run_group(prob, runs, MICRO, tmp_path / "b", stop_after=10)
    lost = "zi-eg-tau5-seed0"
    (tmp_path / "b" / "runs" / lost / "checkpoint.pt").unlink()
    resumed = batched.run_group(prob, runs, MICRO, tmp_path / "b")
    assert resumed[lost]["begin"] == 0
    assert resumed["js-gda-tau1-seed0"]["begin"] == 10
    for key, run in straight.items():
        assert resumed[key]["metrics"] == run["metrics"], key


def test_a_diverged_run_stops_and_the_others_go_on(tmp_path):
    # a run whose checkpoint holds an infinite w gives a non-finite F at its next step: it stops
    # at that row as the per-run loop does, and the rest of its group, stepped in the same
    # batched products, repeats the straight run bit for bit
    every1 = s7.Scale(
        "every1", n=4, side=8, d2=8, r=16, p=4, steps=12, eta=0.1, every=1, checkpoint=5
    )
    prob = s7.build(every1)
    runs = [(s, 0) for s in s7.SETTINGS]
    straight = batched.run_group(prob, runs, every1, tmp_path / "a")
    batched.run_group(prob, runs, every1, tmp_path / "b", stop_after=5)
    bad = "zi-gda-tau1-seed0"
    ckpt = tmp_path / "b" / "runs" / bad / "checkpoint.pt"
    saved = torch.load(ckpt, weights_only=False)
    saved["z"][prob.slices["w"]] = float("inf")
    torch.save(saved, ckpt)
    for path in (ckpt, tmp_path / "b" / "runs" / bad / "metrics.csv"):  # the loop's copy
        (tmp_path / "loop" / path.name).parent.mkdir(exist_ok=True)
        (tmp_path / "loop" / path.name).write_bytes(path.read_bytes())
    resumed = batched.run_group(prob, runs, every1, tmp_path / "b")
    assert resumed[bad]["metrics"][-1]["step"] == 6
    assert not np.isfinite(resumed[bad]["metrics"][-1]["F"])
    for key, run in straight.items():
        if key != bad:
            assert resumed[key]["metrics"] == run["metrics"], key
    loop = s7.run_setting(prob, s7.Setting("zi", "gda", 1.0), 0, every1, tmp_path / "loop")
    assert loop["metrics"][-1]["step"] == 6


def test_float32_drift_is_measured_and_small(tmp_path):
    a = batched.run_experiment(MICRO, tmp_path / "64", settings=s7.SETTINGS)
    b = batched.run_experiment(MICRO, tmp_path / "32", settings=s7.SETTINGS, dtype=torch.float32)
    z = torch.load(tmp_path / "32" / "runs" / "zi-eg-tau1-seed0" / "final.pt", weights_only=False)
    assert z["z"].dtype == torch.float32
    drift = batched.float32_drift(b["runs"], a["runs"])
    assert set(drift) == set(s7.FIELDS[1:])
    # float32 rounding (eps 1.2e-7) through 20 steps: far below 1e-3, far above float64's
    assert 1e3 * EPS64 < max(drift.values()) < 1e-3


def test_measure_on_threads_equals_one_thread():
    prob = s7.build(MICRO)
    engine = batched._Engine(prob, torch.float64, torch.device("cpu"))
    blocks = batched_field.Blocks.stack(prob, [s7.initial_point(prob, seed) for seed in range(4)])
    js = torch.tensor([False, True, False, True])
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(1)
        alone = engine.measure(blocks, js)
        torch.set_num_threads(2)
        assert engine.measure(blocks, js) == alone
    finally:
        torch.set_num_threads(before)
    ref = [
        s7.measure(s7.with_loss(prob, loss), z)
        for loss, z in zip(
            ["zi", "js"] * 2, [s7.initial_point(prob, seed) for seed in range(4)], strict=True
        )
    ]
    for got, want in zip(alone, ref, strict=True):
        assert got == pytest.approx(want, rel=1e-12)  # closed form vs autograd |F|: rounding


@pytest.mark.parametrize(
    ("name", "cuda", "want"),
    [
        ("cpu", False, "cpu"),
        ("auto", False, "cpu"),
        ("auto", True, "cuda"),
        ("cuda", True, "cuda"),
        ("cuda:1", True, "cuda:1"),
    ],
)
def test_device_selection(name, cuda, want):
    assert batched.resolve_device(name, cuda_available=cuda) == torch.device(want)


@pytest.mark.parametrize(
    ("name", "cuda", "message"),
    [
        ("cuda", False, "no CUDA"),
        ("tpu", True, "--device"),
        ("cuda:x", True, "--device"),
        ("cpu:1", True, "--device"),
    ],
)
def test_device_selection_rejects(name, cuda, message):
    with pytest.raises(ZiganError, match=message):
        batched.resolve_device(name, cuda_available=cuda)


def test_groups():
    runs = batched.groups(s7.SETTINGS[:2], (0, 3), "seed")
    assert [[seed for _, seed in part] for part in runs] == [[0, 0], [3, 3]]
    assert len(batched.groups(s7.SETTINGS, (0, 1), "all")) == 1
    assert len(batched.groups(s7.SETTINGS, (0, 1), "run")) == 16
    with pytest.raises(ZiganError, match="--group"):
        batched.groups(s7.SETTINGS, (0,), "bogus")


def test_flops_count_matches_the_products_of_one_evaluation():
    # count the matrix products of closed_form_F by intercepting torch.matmul's operands
    prob = s7.build(MICRO)
    b = batched_field.Blocks.stack(prob, [s7.initial_point(prob, 0)])
    counted = []
    original = torch.Tensor.__matmul__

    def counting(a, c):
        out = original(a, c)
        counted.append(2 * out.numel() * a.shape[-1])
        return out

    torch.Tensor.__matmul__ = counting
    try:
        batched_field.closed_form_F(prob.data, prob.latents, b, torch.tensor([False]))
    finally:
        torch.Tensor.__matmul__ = original
    n, d1, d2, r, _, p = prob.sizes
    assert sum(counted) == batched_field.flops_per_evaluation(n, d1, d2, r, p)


# ----- outputs read back from the run folder, progress -----
def test_figures_and_runs_from_the_saved_folder(tmp_path):
    result = batched.run_experiment(MICRO, tmp_path, settings=s7.SETTINGS[:2], seeds=(0, 1))
    saved = load_runs(tmp_path)
    assert list(saved["runs"]) == sorted(result["runs"])
    for key, run in result["runs"].items():
        assert saved["runs"][key]["metrics"] == run["metrics"]
        np.testing.assert_allclose(saved["runs"][key]["Y"], run["Y"], rtol=0, atol=1e-14)
    files = draw_figures(tmp_path, "fig2")
    assert sorted(p.name for p in files) == sorted(
        f"fig2-{x}"
        for x in (
            "grid-seed0.png",
            "grid-seed0.pdf",
            "grid-seed1.png",
            "grid-seed1.pdf",
            "curves.png",
            "curves.pdf",
        )
    )
    assert all(p.stat().st_size > 0 for p in files)
    summary = (tmp_path / "runs.csv").read_text().splitlines()
    assert summary[0].startswith("run,seed,steps,kind")
    assert len(summary) == 1 + 4
    with pytest.raises(ZiganError, match="config.json"):
        load_runs(tmp_path / "nothing")


def test_a_group_reports_every_run_until_its_last_step(tmp_path, monkeypatch):
    monkeypatch.setattr(batched, "PROGRESS_EVERY_S", 0.0)  # report every step
    seen: dict[str, list[int]] = {}
    runs = [(s, 0) for s in s7.SETTINGS[:3]]
    batched.run_group(
        s7.build(MICRO),
        runs,
        MICRO,
        tmp_path,
        progress=lambda k, i, n: seen.setdefault(k, []).append(i),
    )
    assert set(seen) == {f"{s.key}-seed0" for s, _ in runs}
    for steps in seen.values():
        assert steps == sorted(steps)
        assert steps[-1] == MICRO.steps


def test_progress_tracks_each_run_and_the_total():
    with RunProgress("t", ["a", "b"], 10, enabled=False) as bar:
        bar("a", 4, 10)
        bar("b", 10, 10)
        bar("a", 6, 10)
        assert bar.overall == 16


# ----- the command -----
def test_cli_batched_engine_resumes_and_decides(tmp_path, capsys):
    out = tmp_path / "run"
    args = [
        "reproduce",
        "fig4",
        "--engine",
        "batched",
        "--seeds",
        "0",
        "--steps",
        "3",
        "-o",
        str(out),
        "--json",
    ]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["runs"]) == 4
    assert json.loads((out / "config.json").read_text())["engine"] == "batched"
    assert (out / "fig4-curves.png").stat().st_size > 0
    # the loop engine refuses the batched engine's folder (different arithmetic order)
    loop = [
        "reproduce",
        "fig4",
        "--seeds",
        "0",
        "--steps",
        "3",
        "--resume",
        str(out),
        "-o",
        str(out),
    ]
    assert main(loop) == 2
    assert "another configuration" in capsys.readouterr().err
    assert main([*args[:-3], "--resume", str(out), "-o", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["runs"] == report["runs"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--scheduler", "tcp://127.0.0.1:1"], "--engine batched"),
        (["--engine", "batched", "--device", "tpu"], "--device"),
        (["--engine", "batched", "--group", "x"], "--group"),
    ],
)
def test_cli_batched_user_errors(tmp_path, capsys, extra, message):
    assert main(["reproduce", "fig2", "--steps", "1", "-o", str(tmp_path / "o"), *extra]) == 2
    assert message in capsys.readouterr().err
