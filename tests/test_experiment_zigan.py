"""000 §7 / App. C experiment (zigan_verify.experiments.zigan_s7): data, metrics, resume, CLI.

The fast tests run a micro scale for a few steps; the ``slow`` ones run the ``tiny`` scale and
assert the verdicts of the claims 000.s7.fig2 / fig3 / fig4.
"""

import gzip
import itertools
import json
import struct

import numpy as np
import pytest
import torch

from zigan_verify._errors import ZiganError
from zigan_verify.claims import get_claim, run_check
from zigan_verify.data.mnist import mnist_images, read_idx
from zigan_verify.experiments import s7_verdicts
from zigan_verify.experiments import zigan_s7 as s7
from zigan_verify.interfaces.cli import main

MICRO = s7.Scale("micro", n=4, side=8, d2=8, r=16, p=4, steps=20, eta=0.1, every=5, checkpoint=5)


# ----- the IDX reader, on files written here by an independent writer -----
def _idx_bytes(array: np.ndarray, type_code: int, fmt: str) -> bytes:
    header = struct.pack(">BBBB", 0, 0, type_code, array.ndim)
    header += struct.pack(f">{array.ndim}I", *array.shape)
    return header + struct.pack(f">{array.size}{fmt}", *array.reshape(-1).tolist())


@pytest.mark.parametrize("compress", [False, True])
def test_read_idx_images(tmp_path, compress):
    images = np.random.default_rng(0).integers(0, 256, size=(6, 28, 28), dtype=np.uint8)
    raw = _idx_bytes(images, 0x08, "B")
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes(gzip.compress(raw) if compress else raw)
    np.testing.assert_array_equal(read_idx(path), images)
    X = mnist_images(path, 4, seed=1)
    assert X.shape == (4, 784)
    assert X.dtype == torch.float64
    rows = {tuple(r) for r in (images.reshape(6, -1) / 255.0).tolist()}
    assert all(tuple(r) in rows for r in X.tolist())  # real images, exactly /255
    assert mnist_images(path, 3, side=14).shape == (3, 196)
    assert s7.load_images(f"mnist:{path}", 4, 28, seed=1).equal(X)


def test_read_idx_other_types(tmp_path):
    labels = np.arange(-3, 4, dtype=np.int32)
    path = tmp_path / "x.idx"
    path.write_bytes(_idx_bytes(labels, 0x0C, "i"))
    np.testing.assert_array_equal(read_idx(path), labels)


def test_read_idx_rejects_bad_files(tmp_path):
    bad = tmp_path / "bad"
    bad.write_bytes(b"\x01\x02\x03\x04")
    with pytest.raises(ZiganError, match="not an IDX file"):
        read_idx(bad)
    short = tmp_path / "short"
    short.write_bytes(_idx_bytes(np.zeros((2, 3), np.uint8), 0x08, "B")[:-1])
    with pytest.raises(ZiganError, match="data bytes"):
        read_idx(short)
    with pytest.raises(ZiganError, match="cannot read"):
        read_idx(tmp_path / "missing")
    with pytest.raises(ZiganError, match="--data"):
        s7.load_images("cifar", 4, 8)


# ----- metrics -----
def test_memorization_is_the_optimal_assignment_to_distinct_images():
    rng = np.random.default_rng(3)
    for _ in range(20):
        X, Y = rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
        perm, dist = s7.memorization(Y, X)
        brute = min(itertools.permutations(range(5)), key=lambda p: ((Y - X[list(p)]) ** 2).sum())
        assert sorted(perm.tolist()) == list(range(5))
        assert np.isclose((dist**2).sum(), ((Y - X[list(brute)]) ** 2).sum(), rtol=1e-12)
        np.testing.assert_allclose(dist, np.linalg.norm(Y - X[perm], axis=1), rtol=1e-12)


def test_measure_is_zero_at_a_global_solution():
    prob = s7.build(MICRO)
    z = s7.initial_point(prob, 0)
    g, theta, w, A = prob.unpack(z)
    Phi = prob.phi(theta, prob.latents)
    perm = [2, 0, 3, 1]
    Gt = torch.linalg.lstsq(Phi, prob.data[perm], driver="gelsd").solution
    at = s7.measure(prob, prob.pack(Gt.T, theta, torch.zeros_like(w), A))
    assert at["res_max"] < 1e-10
    assert at["dist_global"] < 1e-10
    assert at["F"] < 1e-10  # F = 0 at a global solution with w = 0 (000 App. B.5)
    off = s7.measure(prob, z)
    assert off["res_max"] > 0.1
    assert off["dist_global"] > 0.1


def test_near_global_point_is_eps_from_a_global_solution():
    prob = s7.build(MICRO)
    exact = s7.measure(prob, s7.near_global_point(prob, 0, 0.0))
    assert exact["res_max"] < 1e-10
    assert exact["F"] < 1e-10
    near = s7.measure(prob, s7.near_global_point(prob, 0, 1e-3))
    assert 1e-5 < near["res_max"] < 1e-1  # moved, by about eps times sqrt(d1 d2) |phi|


def test_step_size_sweep_runs_each_eta(tmp_path):
    found = s7_verdicts.step_size_sweep(
        MICRO, [0.01, 0.1], tmp_path, settings=s7.SETTINGS[:1], steps=2
    )
    assert set(found) == {0.01, 0.1}
    assert found[0.01]["js-gda-tau1-seed0"]["steps"] == 2
    assert found[0.01]["js-gda-tau1-seed0"]["res_max"] != found[0.1]["js-gda-tau1-seed0"]["res_max"]


def _rows(res_max, F):
    return [
        {"step": 10 * i, "res_max": r, "res_mean": r / 2, "F": f, "w": f, "dist_global": r}
        for i, (r, f) in enumerate(zip(res_max, F, strict=True))
    ]


@pytest.mark.parametrize(
    ("res_max", "F", "kind"),
    [
        ([3.0, 1.0, 0.1], [1.0, 0.1, 1e-4], "global"),
        ([3.0, 1.0, 0.1], [1.0, 0.1, 0.5], "memorized"),
        ([3.0, 0.1, 2.0], [1.0, 0.1, 0.5], "reached then left"),
        ([3.0, 2.0, 2.0], [1.0, 0.1, 1e-4], "non-global stationary"),
        ([3.0, 2.0, 2.0], [1.0, 0.1, 0.5], "not reached"),
        ([3.0, 2.0, float("nan")], [1.0, 0.1, float("nan")], "diverged"),
    ],
)
def test_outcome_classes(res_max, F, kind):
    assert s7_verdicts.outcome(_rows(res_max, F), rho=0.5)["kind"] == kind


def _fake_runs(zi_eg_res, zi_gda_res, js_res):
    X = np.array([[0.0, 0.0], [2.0, 0.0]])  # rho = 1
    runs = {}
    for setting in s7.SETTINGS:
        for seed in (0, 1):
            res = (
                {"eg": zi_eg_res, "gda": zi_gda_res}[setting.method]
                if setting.loss == "zi"
                else js_res
            )
            runs[f"{setting.key}-seed{seed}"] = {
                "setting": setting,
                "seed": seed,
                "metrics": _rows(res, [1.0, 0.5, 0.1]),
            }
    return runs, X


def test_verdicts_follow_the_evidence():
    # the paper's picture: ZI-EG ends memorized, ZI-GDA came close and left, JS never close
    runs, X = _fake_runs([3.0, 0.5, 0.1], [3.0, 0.5, 2.0], [3.0, 3.0, 3.0])
    report = s7_verdicts.verdicts(runs, X)
    assert report["rho"] == 1.0
    assert all(report[f]["holds"] for f in ("fig2", "fig3", "fig4"))
    assert report["zi_vs_js"]["eg-tau1"]["median"] == pytest.approx(30.0)
    # negative controls: each part flips its figure's verdict
    runs, X = _fake_runs([3.0, 0.5, 2.0], [3.0, 0.5, 2.0], [3.0, 3.0, 3.0])  # EG leaves too
    report = s7_verdicts.verdicts(runs, X)
    assert not report["fig2"]["parts"]["zi_eg_memorizes"]
    assert not any(report[f]["holds"] for f in ("fig2", "fig3", "fig4"))
    runs, X = _fake_runs([3.0, 0.5, 0.1], [3.0, 0.5, 2.0], [3.0, 0.1, 0.05])  # JS memorizes best
    report = s7_verdicts.verdicts(runs, X)
    assert not report["fig2"]["parts"]["zi_beats_js"]
    assert report["fig4"]["holds"]  # Fig. 4 has no JS panel
    runs, X = _fake_runs([3.0, 0.5, 0.1], [3.0, 2.0, 2.0], [3.0, 3.0, 3.0])  # GDA never close
    assert not s7_verdicts.verdicts(runs, X)["fig4"]["parts"]["zi_gda_reaches_then_leaves"]


# ----- runner: exact resume, dtype, device -----
@pytest.mark.parametrize("stop_after", [10, 12])  # at a checkpoint, and 2 steps past one
def test_resume_is_exact(tmp_path, stop_after):
    prob = s7.build(MICRO)
    setting = s7.Setting("zi", "eg", 5.0)
    straight = s7.run_setting(prob, setting, 0, MICRO, tmp_path / "a")
    first = s7.run_setting(prob, setting, 0, MICRO, tmp_path / "b", stop_after=stop_after)
    assert first["stopped"]
    assert not first["z"].equal(straight["z"])
    resumed = s7.run_setting(prob, setting, 0, MICRO, tmp_path / "b")
    assert resumed["z"].equal(straight["z"])  # bit for bit
    assert resumed["metrics"] == straight["metrics"]
    assert s7._read_metrics(tmp_path / "b" / "metrics.csv") == straight["metrics"]


def test_resume_can_run_longer(tmp_path):
    # a long run in pieces: 10 steps, then resumed to 20, is the 20-step run bit for bit
    straight = s7.run_experiment(MICRO, tmp_path / "a", settings=s7.SETTINGS[-1:], steps=20)
    s7.run_experiment(MICRO, tmp_path / "b", settings=s7.SETTINGS[-1:], steps=10)
    longer = s7.run_experiment(MICRO, tmp_path / "b", settings=s7.SETTINGS[-1:], steps=20)
    (key,) = straight["runs"]
    assert longer["runs"][key]["metrics"] == straight["runs"][key]["metrics"]
    assert np.array_equal(longer["runs"][key]["Y"], straight["runs"][key]["Y"])
    with pytest.raises(ZiganError, match="--steps >="):
        s7.run_experiment(MICRO, tmp_path / "b", settings=s7.SETTINGS[-1:], steps=5)
    with pytest.raises(ZiganError, match="another configuration"):
        s7.run_experiment(MICRO, tmp_path / "b", settings=s7.SETTINGS[-1:], dtype=torch.float32)


def test_float32_runs_the_same_code_path(tmp_path):
    runs = {}
    for dtype in (torch.float64, torch.float32):
        prob = s7.build(MICRO, dtype=dtype, device="cpu")
        runs[dtype] = s7.run_setting(
            prob, s7.Setting("js", "gda", 1.0), 0, MICRO, tmp_path / str(dtype)
        )
    assert runs[torch.float32]["z"].dtype == torch.float32
    assert runs[torch.float64]["z"].dtype == torch.float64
    gap = abs(
        runs[torch.float32]["metrics"][-1]["res_max"]
        - runs[torch.float64]["metrics"][-1]["res_max"]
    )
    assert 0 < gap < 1e-4  # float32 rounding (eps 1.2e-7) over 20 steps, not a different run


def test_device_is_validated(tmp_path):
    with pytest.raises(ZiganError, match="device"):
        s7.run_experiment(MICRO, tmp_path, device="tpu")
    if not torch.cuda.is_available():
        with pytest.raises(ZiganError, match="CUDA"):
            s7.run_experiment(MICRO, tmp_path, device="cuda")


def test_parse_seeds():
    assert s7.parse_seeds("1-3,0,2") == (1, 2, 3, 0)
    with pytest.raises(ZiganError):
        s7.parse_seeds("a")


# ----- the command -----
def test_cli_reproduce_writes_figures_metrics_and_verdicts(tmp_path, capsys):
    out = tmp_path / "run"
    args = ["reproduce", "fig4", "--seeds", "0", "--steps", "3", "-o", str(out), "--json"]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["runs"]) == 4
    assert {row["steps"] for row in report["runs"].values()} == {3}
    for name in ("fig4-grid-seed0.png", "fig4-grid-seed0.pdf", "fig4-curves.png", "verdicts.json"):
        assert (out / name).stat().st_size > 0
    assert (out / "fig4-curves.pdf").read_bytes()[:4] == b"%PDF"
    first = s7._read_metrics(out / "runs" / "zi-eg-tau1-seed0" / "metrics.csv")[0]
    assert first["w"] > 0.1
    assert first["res_max"] > 1.0
    assert main(args) == 2  # the folder holds a run: resume it explicitly
    assert "already holds a run" in capsys.readouterr().err
    assert main([*args[:-3], "--resume", str(out), "-o", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["runs"] == report["runs"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--seeds", "x"], "--seeds"),
        (["--steps", "0"], "--steps"),
        (["--resume", "/nonexistent/zigan"], "--resume"),
        (["--device", "tpu"], "device"),
    ],
)
def test_cli_reproduce_user_errors(tmp_path, capsys, extra, message):
    assert main(["reproduce", "fig2", "--steps", "1", "-o", str(tmp_path / "o"), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("zigan-verify: error:")
    assert message in err


# ----- the claims, at scale tiny (slow) -----
@pytest.mark.slow
@pytest.mark.claim("000.s7.fig2")
@pytest.mark.claim("000.s7.fig3")
@pytest.mark.claim("000.s7.fig4")
@pytest.mark.parametrize("cid", ["000.s7.fig2", "000.s7.fig3", "000.s7.fig4"])
def test_tiny_scale_verdicts(cid):
    evidence = run_check(get_claim(cid))
    assert evidence.verdict is get_claim(cid).status, evidence.summary
    runs = evidence.data["runs"]
    # the numbers the registry quotes: rho = 0.54, no run within it (best max residual 2.8)
    assert evidence.summary.count("rho = 0.544") == 1
    assert min(v["best_res_max"] for v in runs.values()) > 2.5
    assert all(not v["reached"] for v in runs.values())
    if cid == "000.s7.fig2":  # ZI beats JS at tau = 5, not at tau = 1
        ratio = evidence.data["zi_vs_js"]
        assert ratio["eg-tau5"]["min"] > 1 > ratio["eg-tau1"]["max"]
        assert ratio["gda-tau5"]["min"] > 1 > ratio["gda-tau1"]["max"]
