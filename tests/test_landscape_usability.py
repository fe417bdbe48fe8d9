"""Issue 27 part 5-6: every listed mistake gives one clear line or a warning, the phases of
``diagnose`` (progress, budget, choice of spectra, out_dir first, results after each phase), the
CLI's import from the current directory and clean stdout, and the paper figures."""

import csv
import io
import json
import textwrap

import numpy as np
import pytest
import torch

from zigan_verify._errors import ZiganError
from zigan_verify.analysis import landscape
from zigan_verify.analysis.landscape import diagnose
from zigan_verify.game.module_game import module_game
from zigan_verify.interfaces.cli import main

ALPHAS = np.linspace(0.0, 1.2, 7)


def _mlp(i, h, o, seed, **kw):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(i, h), torch.nn.Tanh(), torch.nn.Linear(h, o, **kw))


def _data(n=32):
    gen = torch.Generator().manual_seed(1)
    return torch.randn(n, 1, generator=gen) + 2.0, torch.randn(n, 2, generator=gen)


def _modules():
    return _mlp(2, 6, 1, 0), _mlp(1, 5, 1, 1)  # 25 and 16 parameters: sizes differ


def _game(**kw):
    G, D = _modules()
    x, z = _data()
    return module_game(G, D, data=x, latents=z, **kw), G, D


# ----- one clear line for a wrong point or module -----
def test_state_dict_point_is_one_clear_error():
    game, G, _ = _game()
    with pytest.raises(ZiganError, match="state_dict.*game.pack"):
        diagnose(game, G.state_dict(), progress=False)


def test_nan_point_is_one_clear_error():
    game, _, _ = _game()
    bad = game.initial_point.clone()
    bad[3] = float("nan")
    with pytest.raises(ZiganError, match="non-finite value nan at index \\(3,\\)"):
        diagnose(game, bad, progress=False)


def test_train_mode_batchnorm_says_call_eval():
    G = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 1))
    D = _mlp(1, 5, 1, 1)
    x, z = _data()
    with pytest.raises(ZiganError, match="BatchNorm in train mode.*call .eval\\(\\)"):
        module_game(G, D, data=x, latents=z)
    game = module_game(G.eval(), D, data=x, latents=z)  # the control: in eval mode it is a game
    assert game.v(game.initial_point).shape == (game.dim,)


# ----- warnings for a game that is probably not the one meant -----
def test_generator_loss_built_with_detach_warns():
    sp = torch.nn.functional.softplus

    def loss_G(G, D, x, z):
        return sp(-D(G(z).detach())).mean()  # the mistake: no gradient reaches G

    def loss_D(G, D, x, z):
        return sp(-D(x)).mean() + sp(D(G(z))).mean()

    G, D = _modules()
    x, z = _data()
    with pytest.warns(UserWarning, match="generator loss has zero gradient"):
        module_game(G, D, data=x, latents=z, losses=(loss_G, loss_D))


def test_loss_built_with_item_warns_and_a_float_loss_is_an_error():
    sp = torch.nn.functional.softplus

    def loss_D(G, D, x, z):
        return sp(-D(x)).mean() + sp(D(G(z))).mean()

    G, D = _modules()
    x, z = _data()
    with pytest.warns(UserWarning, match="generator loss has zero gradient"):
        module_game(
            G, D, data=x, latents=z,
            losses=(lambda G, D, x, z: torch.tensor(sp(-D(G(z))).mean().item()), loss_D),
        )  # fmt: skip
    with pytest.raises(ZiganError, match="generator loss must return a scalar tensor, got float"):
        module_game(
            G, D, data=x, latents=z, losses=(lambda G, D, x, z: sp(-D(G(z))).mean().item(), loss_D)
        )


def test_two_output_discriminator_warns():
    G = _mlp(2, 6, 1, 0)
    D = _mlp(1, 5, 2, 1)
    x, z = _data()
    with pytest.warns(UserWarning, match="discriminator returns \\(2, 2\\)"):
        module_game(G, D, data=x, latents=z)


def test_swapped_point_warns_and_pack_order_is_checked():
    game, G, D = _game()
    theta, phi = game.split(game.initial_point)
    with pytest.warns(UserWarning, match="concatenated as \\(phi, theta\\)"):
        game.as_point(torch.cat([phi, theta]))
    game.as_point(game.pack(G, D) + 0.01)  # the right order, moved a little: no warning
    with pytest.raises(ZiganError, match="in that order"):
        game.pack(D, G)


def test_pack_unpack_round_trip():
    game, G, D = _game()
    w = game.pack(G, D)
    torch.testing.assert_close(w, game.initial_point, rtol=0, atol=0)
    w2 = w + torch.linspace(0, 1, game.dim, dtype=torch.float64)
    G2, D2 = game.unpack(w2)
    torch.testing.assert_close(game.pack(G2, D2), w2, rtol=0, atol=0)
    x, z = _data()
    # the unpacked modules are the game's players at w2: L_G by hand equals the game's
    sp = torch.nn.functional.softplus
    want = sp(-D2(G2(z.double()))).mean()
    torch.testing.assert_close(game.L_G(w2), want, rtol=1e-14, atol=0)


# ----- the phases of diagnose -----
def test_progress_on_stderr_by_default_and_off_on_request(capsys):
    game, _, _ = _game()
    diagnose(game, game.initial_point, k=2, spectra="extreme")
    err = capsys.readouterr().err
    assert "phase 1/4: classification" in err
    assert "phase 4/4: top-2 eigenvalues of S₂" in err
    diagnose(game, game.initial_point, k=2, spectra="extreme", progress=False)
    assert capsys.readouterr().err == ""


def test_unwritable_out_dir_is_found_before_any_computation(tmp_path, monkeypatch):
    game, _, _ = _game()
    calls = []
    monkeypatch.setattr(game, "v", lambda w: calls.append(1) or game.fields(w[None])[0])
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ZiganError, match="cannot write to"):
        diagnose(game, game.initial_point, out_dir=blocker / "figs", progress=False)
    assert calls == []


def test_results_written_after_each_phase(tmp_path):
    """The progress sink reads landscape.json as each phase starts: what the earlier phases
    found is already there, marked incomplete."""
    game, _, _ = _game()
    seen = []

    def sink(line):
        if line.startswith("phase 3/") and "products" not in line:
            seen.append(json.loads((tmp_path / "landscape.json").read_text()))

    diagnose(game, game.initial_point, k=2, spectra="extreme", out_dir=tmp_path, progress=sink)
    assert seen
    assert seen[0]["complete"] is False
    assert seen[0]["classification"] is not None
    assert list(seen[0]["spectra"]) == ["J LM"]
    final = json.loads((tmp_path / "landscape.json").read_text())
    assert final["complete"] is True
    assert list(final["spectra"]) == ["J LM", "G LM", "D LM"]


def test_time_budget_skips_phases_and_says_so(tmp_path):
    game, _, _ = _game()
    rep = diagnose(game, game.initial_point, time_budget=1e-9, out_dir=tmp_path, progress=False)
    assert rep.classification is None
    assert rep.spectra == {}
    assert not rep.complete
    assert rep.skipped[0].startswith("classification (time budget")
    assert "skipped: classification" in rep.text()
    assert json.loads((tmp_path / "landscape.json").read_text())["complete"] is False


def test_choice_of_spectra_and_interior_ones_opt_in_above_the_size(monkeypatch):
    game, _, _ = _game()
    w = game.initial_point
    assert list(diagnose(game, w, k=2, spectra=["G SA"], progress=False).spectra) == ["G SA"]
    monkeypatch.setattr(landscape, "INTERIOR_MAX", game.dim - 1)
    auto = diagnose(game, w, k=2, progress=False)
    assert list(auto.spectra) == ["J LM", "G LM", "D LM"]
    assert len(diagnose(game, w, k=2, spectra="all", progress=False).spectra) == 6
    with pytest.raises(ZiganError, match="unknown spectrum"):
        diagnose(game, w, spectra=["G SR"], progress=False)


def test_text_says_when_the_point_is_not_stationary():
    game, _, _ = _game()
    rep = diagnose(game, game.initial_point, k=2, spectra="extreme", progress=False)
    assert rep.classification.grad_norm > 1e-3  # an initialization: far from stationary
    assert "not a stationary point: ||v|| = " in rep.text()


# ----- the CLI -----
MAKE = textwrap.dedent(
    """
    import torch
    from zigan_verify.game.module_game import module_game

    def make():
        print("loading checkpoints...")  # a user's print: must not reach stdout
        torch.manual_seed(0)
        G = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))
        D = torch.nn.Sequential(torch.nn.Linear(1, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1))
        gen = torch.Generator().manual_seed(1)
        game = module_game(G, D, data=torch.randn(16, 1, generator=gen),
                           latents=torch.randn(16, 2, generator=gen))
        return dict(game=game, point=game.pack(G, D))
    """
)


def test_cli_imports_from_the_current_directory_and_keeps_stdout_json(
    tmp_path, monkeypatch, capsys
):
    (tmp_path / "cwd_gan_27.py").write_text(MAKE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        "sys.path", [p for p in __import__("sys").path if p not in ("", str(tmp_path))]
    )
    code = main(["landscape", "cwd_gan_27:make", "--k", "2", "--spectra", "J LM,G SA", "--json"])
    out, err = capsys.readouterr()
    assert code == 0
    assert list(json.loads(out)["spectra"]) == ["J LM", "G SA"]
    assert "loading checkpoints..." in err
    assert "phase 1/3" in err


def test_cli_state_dict_point_and_unwritable_output_are_one_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "sd_gan_27.py").write_text(
        MAKE.replace("point=game.pack(G, D)", "point=G.state_dict()")
    )
    monkeypatch.chdir(tmp_path)
    assert main(["landscape", "sd_gan_27:make", "-q"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("zigan-verify: error: point is a dict (a state_dict?)")
    assert "Traceback" not in "\n".join(err)
    (tmp_path / "f").write_text("")
    assert main(["landscape", "sd_gan_27:make", "-o", str(tmp_path / "f" / "out")]) == 2
    assert "cannot write to" in capsys.readouterr().err


# ----- figures -----
def test_diagnose_figures_have_their_numbers_beside_them_and_no_type3(tmp_path):
    game, _, _ = _game()
    w = game.initial_point
    rep = diagnose(
        game, w + 0.05, start=w, k=3, alphas=ALPHAS, spectra="all", out_dir=tmp_path, progress=False
    )
    names = {p.name for p in rep.figures}
    for stem in ("eigenvalues_jacobian", "topk_players", "path_angle"):
        assert {f"{stem}.png", f"{stem}.pdf", f"{stem}.csv"} <= names
        assert b"/Subtype /Type3" not in (tmp_path / f"{stem}.pdf").read_bytes()
    rows = list(csv.DictReader(io.StringIO((tmp_path / "eigenvalues_jacobian.csv").read_text())))
    got = np.sort_complex(
        [complex(float(r["re"]), float(r["im"])) for r in rows if r["spectrum"] == "largest |λ|"]
    )
    want = np.sort_complex(rep.spectra["J LM"].eigenvalues)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-15)
    assert {r["spectrum"] for r in rows} == {"largest |λ|", "smallest Re λ"}


def test_path_angle_range_follows_small_curves():
    from zigan_verify.analysis.landscape_figures import MIN_SPAN, _path_ylim

    lo, hi = _path_ylim([0.01, 0.03, 0.02])
    assert -0.01 < lo < 0.01
    assert 0.03 < hi < 0.05
    lo, hi = _path_ylim([0.2, 0.2])
    assert hi - lo == pytest.approx(MIN_SPAN * 1.1)  # a flat curve is not magnified
    assert _path_ylim([-1.0, 1.0]) == (-1.05, 1.05)


def test_per_layer_spectra_in_diagnose(tmp_path):
    """groups="layer": each layer's Hessian block, largest |λ| and (spectra="all") most
    negative, equal to eigvalsh of the dense block J[g, g]."""
    game, _, _ = _game()
    w = game.initial_point
    rep = diagnose(game, w, k=2, spectra="all", groups="layer", out_dir=tmp_path, progress=False)
    assert list(rep.groups) == ["generator.0", "generator.2", "discriminator.0", "discriminator.2"]
    J = game.jacobian(w).numpy()
    block = J[:18, :18]  # generator.0: 2 x 6 weight + 6 bias
    exact = np.linalg.eigvalsh((block + block.T) / 2)
    np.testing.assert_allclose(
        np.sort(rep.groups["generator.0"]["SA"].eigenvalues.real), exact[:2], atol=1e-10
    )
    assert "group generator.0 (18 parameters): largest |λ|" in rep.text()
    saved = json.loads((tmp_path / "landscape.json").read_text())
    assert set(saved["groups"]["discriminator.2"]) == {"LM", "SA"}


def test_interrupted_run_keeps_the_last_complete_json(tmp_path):
    """Ctrl-C during phase 3: landscape.json holds phases 1-2, marked incomplete, and no
    temporary file is left behind."""
    game, _, _ = _game()

    def sink(line):
        if line.startswith("phase 3/"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        diagnose(game, game.initial_point, k=2, spectra="extreme", out_dir=tmp_path, progress=sink)
    saved = json.loads((tmp_path / "landscape.json").read_text())
    assert saved["complete"] is False
    assert list(saved["spectra"]) == ["J LM"]
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]


def test_budget_spent_mid_run_still_draws_what_was_computed(tmp_path, monkeypatch):
    """The clock jumps past the budget while J's largest-|λ| spectrum runs: that spectrum is
    kept and drawn (its figure would otherwise wait for J's smallest-Re spectrum), the rest is
    listed as skipped."""
    game, _, _ = _game()
    clock = [0.0]

    class FakeTime:
        @staticmethod
        def perf_counter():
            return clock[0]

    monkeypatch.setattr(landscape, "time", FakeTime)

    def sink(line):
        if line.startswith("phase 2/"):
            clock[0] += 100.0  # phase 2 started within budget, ends after it

    rep = diagnose(
        game,
        game.initial_point,
        k=2,
        spectra="all",
        time_budget=50.0,
        out_dir=tmp_path,
        progress=sink,
    )
    assert list(rep.spectra) == ["J LM"]
    assert len(rep.skipped) == 5
    assert rep.skipped[0].startswith("top-2 eigenvalues of J, smallest Re λ (time budget 50 s")
    assert (tmp_path / "eigenvalues_jacobian.pdf").exists()
    assert not (tmp_path / "topk_players.pdf").exists()
