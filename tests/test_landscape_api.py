"""The one call (:func:`zigan_verify.analysis.landscape.diagnose`) and ``zigan-verify landscape`` on a user's
GAN built from ``nn.Module``s (004 §4-5), and the figure functions on small data."""

import json
import sys
import textwrap

import numpy as np
import pytest
import torch

from zigan_verify.analysis.landscape import diagnose
from zigan_verify.game.module_game import module_game
from zigan_verify.interfaces.cli import main

USER_MODULE = textwrap.dedent(
    """
    import torch
    from zigan_verify.game.module_game import module_game

    def make():
        torch.manual_seed(0)
        G = torch.nn.Sequential(torch.nn.Linear(2, 6), torch.nn.Tanh(), torch.nn.Linear(6, 1))
        D = torch.nn.Sequential(torch.nn.Linear(1, 5), torch.nn.Tanh(), torch.nn.Linear(5, 1))
        gen = torch.Generator().manual_seed(1)
        x = torch.randn(64, 1, generator=gen) + 2.0
        z = torch.randn(64, 2, generator=gen)
        game = module_game(G, D, data=x, latents=z, losses="nsgan")
        start = game.initial_point
        point = start + 0.1 * torch.randn(game.dim, generator=gen, dtype=torch.float64)
        return dict(game=game, start=start, point=point)
    """
)


def _user_gan():
    torch.manual_seed(0)
    G = torch.nn.Sequential(torch.nn.Linear(2, 6), torch.nn.Tanh(), torch.nn.Linear(6, 1))
    D = torch.nn.Sequential(torch.nn.Linear(1, 5), torch.nn.Tanh(), torch.nn.Linear(5, 1))
    gen = torch.Generator().manual_seed(1)
    return module_game(
        G, D, data=torch.randn(64, 1, generator=gen), latents=torch.randn(64, 2, generator=gen)
    )


def test_one_call_gives_classification_spectra_path_angle_and_figures(tmp_path):
    game = _user_gan()
    w0 = game.initial_point
    w1 = w0 + 0.05
    report = diagnose(
        game,
        w1,
        start=w0,
        ends=[w1, w1 + 0.01],
        k=4,
        alphas=np.linspace(0, 1.2, 13),
        out_dir=tmp_path,
    )
    J = game.jacobian(w1).numpy()
    # the classification against the dense Jacobian computed here
    assert report.classification.stationary is False
    assert report.classification.min_re_J == pytest.approx(
        np.linalg.eigvals(J).real.min(), abs=1e-10
    )
    exact = np.linalg.eigvals(J)
    for key, t in report.spectra.items():
        assert t.residuals.max() < 1e-8, key
    lm = report.spectra["J LM"].eigenvalues
    np.testing.assert_allclose(
        np.sort(np.abs(lm)), np.sort(np.abs(exact))[-4:], rtol=1e-8, atol=1e-12
    )
    n = game.n_theta
    np.testing.assert_allclose(
        np.sort(report.spectra["G SA"].eigenvalues.real)[0],
        np.linalg.eigvalsh(J[:n, :n])[0],
        rtol=1e-8,
        atol=1e-12,
    )
    assert report.path.n_ends == 2
    names = {p.name for p in report.figures}
    assert {
        "eigenvalues_jacobian.png",
        "eigenvalues_jacobian.pdf",
        "path_angle.pdf",
        "topk_players.png",
    } <= names
    data = json.loads((tmp_path / "landscape.json").read_text())
    assert data["classification"]["label"] == report.classification.label
    assert "path-angle" in report.text()


def test_cli_landscape_on_a_user_module(tmp_path, monkeypatch, capsys):
    (tmp_path / "my_gan.py").write_text(USER_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "my_gan", raising=False)  # another test's my_gan.py
    out = tmp_path / "figs"
    assert main(["landscape", "my_gan:make", "-o", str(out), "--k", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["classification"]["method"] == "exact"
    assert data["spectra"]["D SA"]["residuals"]
    assert (out / "path_angle.png").exists()
    assert json.loads((out / "landscape.json").read_text()) == data


@pytest.mark.parametrize(
    ("spec", "match"),
    [
        ("nocolon", "MODULE:ATTR"),
        ("no_such_module_xyz:make", "cannot load"),
        ("json:dumps", "must return"),
    ],
)
def test_cli_landscape_user_errors(spec, match, capsys):
    if (
        spec == "json:dumps"
    ):  # callable needing arguments: a TypeError, not ours -- use a non-callable
        spec = "json:__name__"
    assert main(["landscape", spec]) == 2
    err = capsys.readouterr().err
    assert err.startswith("zigan-verify: error:")
    assert match in err


def test_figure_functions_on_small_data(tmp_path):
    from zigan_verify.analysis.landscape_figures import plot_archetypes, plot_eigenvalues, plot_topk
    from zigan_verify.analysis.path_angle import linear_path_angle

    assert plot_eigenvalues([1 + 2j, 1 - 2j, 0.5], tmp_path / "e")[0].exists()
    assert plot_topk({"G": [3.0, -1.0], "D": [2.0, 1.0]}, tmp_path / "t")[1].suffix == ".pdf"
    a = np.linspace(0, 1.2, 30)
    curves = {
        "attraction": linear_path_angle(np.eye(2), [0, 0], [1, 1], [0.01, 0.02], a),
        "rotation": linear_path_angle([[0, 1], [-1, 0]], [0, 0], [1, 1], [0.01, 0.02], a),
    }
    assert [p.suffix for p in plot_archetypes(curves, tmp_path / "a")] == [".png", ".pdf", ".csv"]
