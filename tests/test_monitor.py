"""Spectra along training (issue 27 part 3): :class:`zigan_verify.analysis.monitor.SpectraMonitor` on a
game with a closed-form spectrum, and the tested example that trains a small GAN and writes the
trajectory figure (examples/monitor_training.py)."""

import csv
import importlib.util
import io
import json
from pathlib import Path

import numpy as np
import pytest
import torch

from zigan_verify._errors import ZiganError
from zigan_verify.analysis.monitor import SpectraMonitor
from zigan_verify.analysis.path_angle import linear_path_angle
from zigan_verify.game.games import quadratic_game

ROOT = Path(__file__).resolve().parents[1]


def _example():
    spec = importlib.util.spec_from_file_location(
        "monitor_training", ROOT / "examples" / "monitor_training.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _has_type3(pdf: Path) -> bool:
    """matplotlib writes each font dictionary uncompressed: a Type 3 font shows as this key."""
    return b"/Subtype /Type3" in pdf.read_bytes()


def test_monitor_records_closed_form_spectra_and_path_angle(tmp_path):
    """eq. (8) game: J is constant, so every record's top-k of J, S_1, S_2 is numpy's, and the
    path-angle from the start is linear_path_angle at alpha = 1 (eq. (7), same sign)."""
    S1, S2 = np.diag([3.0, -1.0]), np.array([[2.0]])
    B = np.array([[1.5], [0.5]])
    A = -B.T
    game = quadratic_game(S1, B, A, S2)
    J = np.block([[S1, B], [A, S2]])
    mon = SpectraMonitor(game, every=5, k=2, spectra=("J LM", "G SA", "D LM"), out_dir=tmp_path)
    w0 = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
    points = [w0, w0 * 0.5, w0 * 0.1 + torch.tensor([0.0, 0.1, 0.0], dtype=torch.float64)]
    for i, w in enumerate(points):
        assert mon(5 * i, point=w) is not None
        assert mon(5 * i + 1, point=w) is None  # not a multiple of every
    exact = np.linalg.eigvals(J)
    want_lm = exact[np.argsort(-np.abs(exact))[:2]]
    for r, w in zip(mon.records, points, strict=True):
        np.testing.assert_allclose(
            np.sort_complex(r.spectra["J LM"]), np.sort_complex(want_lm), atol=1e-12
        )
        assert r.spectra["G SA"].real.min() == pytest.approx(-1.0, abs=1e-12)
        assert r.spectra["D LM"].real[0] == pytest.approx(2.0, abs=1e-12)
        assert r.grad_norm == pytest.approx(np.linalg.norm(J @ w.numpy()), rel=1e-12)
    assert np.isnan(mon.records[0].path_angle)
    for r, w in zip(mon.records[1:], points[1:], strict=True):
        want = linear_path_angle(J, np.zeros(3), w0.numpy(), w.numpy(), [1.0]).cosine[0]
        assert r.path_angle == pytest.approx(want, abs=1e-12)
    data = json.loads((tmp_path / "monitor.json").read_text())
    assert [r["step"] for r in data["records"]] == [0, 5, 10]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "monitor.csv").read_text())))
    assert len(rows) == 3 * (2 + 2 + 1)  # records x (k of J, k of S_1, the one of S_2)


def test_monitor_needs_modules_or_a_point():
    game = quadratic_game([[1.0]], [[0.0]], [[0.0]], [[1.0]])
    with pytest.raises(ZiganError, match="monitor\\(step, G, D\\)"):
        SpectraMonitor(game, every=1)(0)
    with pytest.raises(ZiganError, match="unknown spectrum"):
        SpectraMonitor(game, spectra=("J XX",))


def test_example_trains_a_gan_and_writes_the_trajectory_figure(tmp_path):
    """The example's monitor records at steps 0, 20, 40 and draws the figures (PNG, PDF with no
    Type 3 font, CSV of the drawn numbers); training moves the point (||v|| changes)."""
    mon = _example().main(str(tmp_path), steps=40, every=20, k=2)
    assert [r.step for r in mon.records] == [0, 20, 40]
    assert mon.records[0].grad_norm != mon.records[-1].grad_norm
    for stem in ("trajectories", "scalars"):
        for suffix in (".png", ".pdf", ".csv"):
            assert (tmp_path / f"{stem}{suffix}").stat().st_size > 0
    assert not _has_type3(tmp_path / "trajectories.pdf")
    drawn = list(csv.DictReader(io.StringIO((tmp_path / "trajectories.csv").read_text())))
    assert {row["step"] for row in drawn} == {"0.0", "20.0", "40.0"}
    for r in mon.records:  # every residual is a true one, at rounding level
        assert max(r.residuals.values()) < 1e-8


def test_type3_scan_detects_a_type3_pdf(tmp_path):
    """Negative control of the scan above: the same text saved with pdf.fonttype = 3 has one."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    for fonttype in (3, 42):
        with matplotlib.rc_context({"pdf.fonttype": fonttype}):
            fig, ax = plt.subplots()
            ax.set_title("path-angle")
            fig.savefig(tmp_path / f"t{fonttype}.pdf")
            plt.close(fig)
    assert _has_type3(tmp_path / "t3.pdf")
    assert not _has_type3(tmp_path / "t42.pdf")
