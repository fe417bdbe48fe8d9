"""Unit tests of zigan_verify.analysis.jare: bad input, optimizers vs closed-form Gamma updates, LaTeX, figure."""

import numpy as np
import pytest
import sympy as sp
import torch

from zigan_verify._errors import ZiganError
from zigan_verify.analysis.jare import factors, jacobians, simple_gan
from zigan_verify.optim.minimax import conopt, get_optimizer, jare, saddle_operator
from zigan_verify.testing.tolerances import TOL


@pytest.mark.parametrize(
    ("call", "match"),
    [
        pytest.param(
            lambda: factors.validate(0.0),
            r"sigma\^2 must be finite and > 0, got 0.0",
            id="sigma2=0",
        ),
        pytest.param(
            lambda: factors.validate(-1.0), r"sigma\^2 must be .* got -1.0", id="sigma2<0"
        ),
        pytest.param(
            lambda: factors.validate(0.1, 1.0, -2.0),
            r"gamma must be .*>= 0, got -2.0",
            id="gamma<0",
        ),
        pytest.param(
            lambda: factors.jacobian_numeric("jare", 0.1, [0, 1], -1.0), r"gamma", id="jac"
        ),
        pytest.param(lambda: simple_gan.population_loss(-0.1, [0, 1]), r"sigma\^2", id="loss"),
        pytest.param(lambda: jare(0.1, -1.0), r"gamma must be", id="jare"),
        pytest.param(lambda: conopt(0.1, -1.0), r"gamma must be", id="conopt"),
    ],
)
def test_errors(call, match):
    with pytest.raises(ZiganError, match=match):
        call()


def _quadratic_F(sigma2, v):
    f = simple_gan.quadratic_loss(sigma2, v)
    n = len(v)
    sign = torch.cat([torch.ones(n), -torch.ones(n)]).to(torch.float64)
    g = torch.func.grad(f)
    return saddle_operator(lambda z: sign * g(z), n)


@pytest.mark.parametrize("method", ["conopt", "jare"])
def test_update_equals_gamma_form(method):
    """002 eq. (6): on the simple example w+ = w + eta Gamma M (w - w*) with the SymPy-derived A."""
    sigma2, v, eta, gamma = 0.3, [0.5, -1.2], 0.05, 2.0
    F = _quadratic_F(sigma2, v)
    w_star = torch.tensor([*v, 0.0, 0.0], dtype=torch.float64)
    z = w_star + torch.tensor([0.1, -0.2, 0.05, 0.3], dtype=torch.float64)
    opt = get_optimizer(method, eta=eta, gamma=gamma)
    got, _ = opt.step(z, opt.init(z), F)
    A = torch.tensor(factors.jacobian_numeric(method, sigma2, v, gamma))
    torch.testing.assert_close(got, z + eta * A @ (z - w_star), **TOL["exact_vs_float"])


def test_latex_section_renders_jacobians():
    tex = jacobians.latex_section()
    assert tex.startswith(r"\section{JARE (002)")
    assert sp.latex(jacobians.reduced_block("jare")) in tex


def test_dtype_preserved():
    F = _quadratic_F(0.2, [1.0, 0.0])
    z = torch.zeros(4, dtype=torch.float64)
    for opt in (jare(0.1, 1.0), conopt(0.1, 1.0)):
        out, _ = opt.step(z, opt.init(z), F)
        assert out.dtype == torch.float64


def test_plot_isotropic(tmp_path):
    from zigan_verify.experiments.jare_isotropic import plot_isotropic

    runs = plot_isotropic(tmp_path / "fig.png", steps=20, batch=16)
    assert (tmp_path / "fig.png").stat().st_size > 0
    assert runs.path == tmp_path / "fig.png"
    assert set(runs) == {"simgd", "conopt", "jare"}
    assert all(np.isfinite(r["g_norm"]).all() for r in runs.values())


def test_plot_isotropic_bad_path():
    from zigan_verify.experiments.jare_isotropic import plot_isotropic

    with pytest.raises(ZiganError, match="cannot write figure"):
        plot_isotropic("/nonexistent-dir/fig.png", steps=2, batch=4)


@pytest.mark.parametrize(
    ("name", "steps", "match"),
    [
        pytest.param(
            "fig.xyz", 10, r"unsupported image suffix '\.xyz'; use one of .*\.png", id="suffix"
        ),
        pytest.param("fig", 10, r"unsupported image suffix '\(none\)'", id="no-suffix"),
        pytest.param("adir.png", 10, r"it is a directory", id="directory"),
        pytest.param("missing/fig.png", 10, r"no directory", id="no-parent"),
        pytest.param("fig.png", 10**6 + 1, r"steps must be in \[1, 1000000\]", id="steps"),
        pytest.param("fig.png", 0, r"steps must be in", id="steps0"),
    ],
)
def test_plot_isotropic_rejects_before_running(tmp_path, monkeypatch, name, steps, match):
    """Bad paths and step counts fail before any simulation (``run`` must not be called)."""
    from zigan_verify.experiments import jare_isotropic as jare_experiment

    (tmp_path / "adir.png").mkdir()

    def no_run(*args, **kwargs):
        raise AssertionError("simulation started before validation")

    monkeypatch.setattr(jare_experiment, "run", no_run)
    with pytest.raises(ZiganError, match=match) as info:
        jare_experiment.plot_isotropic(tmp_path / name, steps=steps, batch=4)
    if "steps" not in match:
        assert str(tmp_path / name) in str(info.value)
