"""The optimizer conformance battery: golden expectations, fault handling, adapters, plugin."""

import copy
import os
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
import torch

from zigan_verify.battery import CHECKS, Candidate, golden, load_candidate, run_battery
from zigan_verify.battery._candidate import builtin_candidates, torch_optim_factory
from zigan_verify.battery._checks import _zi_global, update_map_spectral_radius
from zigan_verify.battery._registry import derived_expectations
from zigan_verify.battery._theory import POLYNOMIALS, predicted_radius, rotation_eigenvalues
from zigan_verify.game.closed_form import ClosedForm
from zigan_verify.game.models import bilinear
from zigan_verify.interfaces.cli import main
from zigan_verify.optim.minimax import Optimizer, optim_db, tau_eg

BUILTINS = builtin_candidates()


def test_golden_covers_every_builtin_and_check():
    assert set(golden()) == {info.name for info in optim_db}
    for name, entry in golden().items():
        assert set(entry) == set(CHECKS), name
        assert all(e["why"] for e in entry.values())


@pytest.mark.parametrize("name", sorted(BUILTINS))
def test_golden_agrees_with_theory(name):
    """Entries that a theorem predicts are not baselines: re-derive their outcomes and numbers
    (value and tolerance) from the characteristic polynomials."""
    for check, derived in derived_expectations(name).items():
        entry = golden()[name][check]
        assert entry["expect"] == derived["expect"], (name, check)
        assert not entry.get("baseline"), (name, check)
        assert set(entry["numbers"]) == set(derived["numbers"]), (name, check)
        for key, spec in derived["numbers"].items():
            # 1e-12: the same float64 derivation, re-run (eigvals may reorder: rounding only)
            got = np.asarray(entry["numbers"][key]["value"])  # lists nest: Adam's ratios
            assert got == pytest.approx(np.asarray(spec["value"]), abs=1e-12)
            assert entry["numbers"][key]["tol"] == spec["tol"]


def test_golden_baselines_are_labelled():
    """Every expectation no theorem derives is marked a regression baseline, in data and words."""
    for name, entry in golden().items():
        derived = derived_expectations(name)
        for check, e in entry.items():
            if check not in derived:
                assert e.get("baseline") is True, (name, check)
                assert e["why"].startswith(f"regression baseline of {name}, no theorem"), (
                    name,
                    check,
                )


def test_every_linear_method_has_a_predicted_radius_at_every_linearized_instance():
    checks = {
        "global_stability_below",
        "global_stability_above",
        "escape_strict_nonminimax",
        "dirac_zi",
    }
    for name in POLYNOMIALS:
        numbers = {c: golden()[name][c]["numbers"] for c in checks}
        assert all("rho" in n for n in numbers.values()), name
    assert "rate" in golden()["tau_eg"]["simple_gan_contraction"]["numbers"]


def test_adam_eg_tau_slows_the_min_player():
    """The fixed built-in: tau is applied after Adam's normalization, so it no longer cancels."""
    from zigan_verify.optim.minimax import adam_eg

    F = bilinear().operator
    z = torch.tensor([1.0, 0.5])
    steps = {}
    for tau in (1.0, 4.0):
        opt = adam_eg(0.1, tau)
        steps[tau] = opt.step(z, opt.init(z), F)[0] - z
    # on f = x y the x-gradients y_k, y_k + eta do not depend on tau, so Adam's normalized
    # x-direction does not either and the x-move is exactly 1/tau of tau = 1's (it was equal)
    assert float(steps[4.0][0]) == pytest.approx(float(steps[1.0][0]) / 4, rel=1e-12)


@pytest.mark.claim("000.thm3")
@pytest.mark.parametrize("name", sorted(POLYNOMIALS))
@pytest.mark.parametrize("ratio", [0.5, 2.0])
def test_update_map_linearization_matches_characteristic_polynomial(name, ratio):
    """Autograd through one step at a ZI global solution gives the spectral radius that the
    eigenvalues +-i eta sqrt(mu_k / tau) of App. B.5 predict, to 1e-10."""
    prob, z, mu_max = _zi_global()
    B = ClosedForm(prob, z).hessian[: prob.n_x, prob.n_x :]
    mus = torch.linalg.eigvalsh(B.T @ B).numpy()
    eta = float(np.sqrt(ratio * 4.0 / mu_max))
    predicted = predicted_radius(name, rotation_eigenvalues(name, eta, 4.0, mus))
    measured = update_map_spectral_radius(BUILTINS[name].make(eta, 4.0), z, prob.operator)
    assert measured == pytest.approx(predicted, rel=1e-10, abs=1e-10)


# The default run guards one plain and one extrapolating method; every built-in (~4-25 s CPU
# each, ~100 s in all) is guarded by the slow run, which CI runs too.
GOLDEN_DEFAULT = ("gda", "tau_eg")


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=() if n in GOLDEN_DEFAULT else pytest.mark.slow)
        for n in sorted(BUILTINS)
    ],
)
def test_builtin_passes_its_golden_battery(name):
    """Regression guard: a change to any built-in that flips a verdict fails the build."""
    results = run_battery(BUILTINS[name], time_limit=600)  # generous: CI machines under load
    failed = [(r.check, r.outcome, r.expected, r.evidence) for r in results if r.verdict != "pass"]
    assert not failed


def broken_extragradient(eta: float, tau: float) -> Optimizer:
    """EG with the classic bug: the second gradient is taken at z_k, not at the extrapolated point."""
    good = tau_eg(eta, tau)

    def step(z, state, F):
        scale = torch.ones_like(z)
        scale[: F.n_x] = 1 / tau
        _ = z - eta * scale * F(z)  # extrapolated point, computed and then not used
        return z - eta * scale * F(z), state

    return Optimizer(good.init, step)


def test_broken_extragradient_is_flagged():
    results = {
        r.check: r
        for r in run_battery(
            Candidate("broken_eg", broken_extragradient, "tau_eg"), only=["global_stability_below"]
        )
    }
    below = results["global_stability_below"]
    assert below.verdict == "fail"
    assert below.outcome == "unstable"
    assert below.expected == "stable"


def _faulty(kind):
    def make(eta, tau):
        def step(z, state, F):
            if kind == "raises":
                raise RuntimeError("optimizer exploded")
            if kind == "nan":
                return torch.full_like(z, float("nan")), state
            if kind == "shape":
                return z[:-1], state
            if kind == "sleeps":  # blocked, not computing: the wall-clock backstop stops it
                time.sleep(10)
            while True:  # busy: the CPU-time limit stops it
                pass

        return Optimizer(lambda z: (), step)

    return Candidate(f"faulty_{kind}", make)


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("raises", "RuntimeError: optimizer exploded"),
        ("nan", "non-finite iterate"),
        ("shape", "returned shape"),
        ("slow", "exceeded the CPU-time limit of 0.3 s"),
        ("sleeps", "made no progress: 3 s of wall-clock time (10x the CPU-time limit of 0.3 s)"),
    ],
)
def test_faulty_optimizer_gets_error_verdicts_and_all_checks_run(kind, message):
    """NOTE: [battery CPU time]: a busy step runs into the CPU-time limit, a sleeping one into
    the wall-clock backstop."""
    only = ["dirac_zi", "hygiene"]
    results = run_battery(_faulty(kind), only=only, time_limit=0.3)
    assert [r.check for r in results] == only
    assert all(r.verdict == "error" for r in results)
    assert message in results[0].evidence


class ExtraGradientOptim(torch.optim.Optimizer):
    """Extragradient in the torch.optim style of the GAN codebases: ``extrapolation()`` then
    ``step()``."""

    def __init__(self, params, lr):
        super().__init__(params, dict(lr=lr))
        self.params_copy = []

    def extrapolation(self):
        self.params_copy = [p.detach().clone() for g in self.param_groups for p in g["params"]]
        for group in self.param_groups:
            for p in group["params"]:
                p.data.add_(p.grad, alpha=-group["lr"])

    def step(self, closure=None):
        i = 0
        for group in self.param_groups:
            for p in group["params"]:
                p.data.copy_(self.params_copy[i] - group["lr"] * p.grad)
                i += 1


class LeakyStateEG(ExtraGradientOptim):
    """Like :class:`ExtraGradientOptim` but with a step counter kept outside ``state_dict()``."""

    def __init__(self, params, lr):
        super().__init__(params, lr)
        self.count = 0

    def step(self, closure=None):
        self.count += 1
        for group in self.param_groups:
            group["lr_scale"] = 1.0
        super().step()
        for group in self.param_groups:
            for p in group["params"]:
                p.data.mul_(1 + 1e-3 * (self.count % 2))

    def load_state_dict(self, state_dict):
        super().load_state_dict(state_dict)
        self.count = 0  # the bug: the counter is not part of the saved state


def test_torch_optim_extragradient_passes_as_tau_eg():
    candidate = Candidate(
        "ExtraGradientOptim", torch_optim_factory(ExtraGradientOptim), "tau_eg", ExtraGradientOptim
    )
    results = run_battery(
        candidate, only=["global_stability_below", "global_stability_above", "hygiene"]
    )
    assert [r.verdict for r in results] == ["pass"] * 3, [r.evidence for r in results]
    assert "state_dict" in results[-1].evidence


def test_torch_optim_resume_bug_is_flagged():
    candidate = Candidate("LeakyStateEG", torch_optim_factory(LeakyStateEG), "tau_eg", LeakyStateEG)
    (result,) = run_battery(candidate, only=["hygiene"])
    assert result.verdict == "fail"
    assert "state_dict resume differs" in result.evidence


def test_deepcopy_of_adapter_state_is_independent():
    make = torch_optim_factory(ExtraGradientOptim)
    opt = make(0.1, 2.0)
    F = bilinear().operator
    z, state = opt.step(torch.tensor([1.0, 0.5]), opt.init(None), F)
    clone = copy.deepcopy(state)
    z1, _ = opt.step(z, state, F)
    z2, _ = opt.step(z, clone, F)
    assert torch.equal(z1, z2)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "no_colon",
            "unknown built-in optimizer 'no_colon'; choose one of adam_eg, alternating_gda",
        ),
        (":x", "optimizer must be given as MODULE:ATTRIBUTE, got ':x'"),
        ("zigan_verify.optim.minimax:timescale", "must be a factory make(eta, tau)"),
        (
            "zigan_verify.optim.minimax:check_positive",
            "(eta, tau) returned a NoneType, not an Optimizer(init, step)",
        ),
        ("zigan_nonexistent_mod:x", "cannot import module 'zigan_nonexistent_mod'"),
        (
            "zigan_verify.optim.minimax:nope",
            "module 'zigan_verify.optim.minimax' has no attribute 'nope'",
        ),
        ("zigan_verify.optim.minimax:__doc__", "is neither a factory"),
    ],
)
def test_load_candidate_errors(spec, message, capsys):
    """Usage errors (exit 2, one line), distinct from a failed check (exit 1)."""
    assert main(["optimizer", spec]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_load_candidate_kinds():
    assert load_candidate("zigan_verify.optim.minimax:tau_eg").behaves_like == "tau_eg"
    info = next(i for i in optim_db if i.name == "tau_gda")
    import zigan_verify.optim.minimax as module

    module._test_info = info
    try:
        assert load_candidate("zigan_verify.optim.minimax:_test_info").make(0.1, 2.0)
    finally:
        del module._test_info


def test_cli_optimizer_table_and_exit_codes(capsys, monkeypatch):
    assert main(["optimizer", "tau_eg", "--check", "dirac_zi", "--json"]) == 0
    assert '"verdict": "pass"' in capsys.readouterr().out
    monkeypatch.setitem(sys.modules, "zigan_faulty_mod", type(sys)("zigan_faulty_mod"))
    sys.modules["zigan_faulty_mod"].make = _faulty("raises").make
    assert main(["optimizer", "zigan_faulty_mod:make", "--check", "dirac_zi"]) == 1
    assert "error" in capsys.readouterr().out


PLUGIN_PACKAGE = {
    "pyproject.toml": """
        [build-system]
        requires = ["setuptools"]
        build-backend = "setuptools.build_meta"
        [project]
        name = "zigan-throwaway-opt"
        version = "0.0.1"
        [tool.setuptools]
        py-modules = ["zigan_throwaway_opt"]
    """,
    "zigan_throwaway_opt.py": """
        import torch
        from zigan_verify.optim.minimax import Optimizer

        def my_eg(eta, tau):
            def step(z, state, F):
                s = torch.ones_like(z)
                s[: F.n_x] = 1 / tau
                return z - eta * s * F(z - eta * s * F(z)), state
            return Optimizer(lambda z: (), step)
        my_eg.behaves_like = "tau_eg"
    """,
}


@pytest.mark.slow  # pip install + a second pytest process (~23 s)
def test_pytest_plugin_from_a_separately_installed_package(tmp_path):
    """A throwaway package installed into this environment runs the battery through
    ``pytest --zigan-optimizer=...`` (the pytest11 entry point)."""
    src = tmp_path / "pkg"
    src.mkdir()
    for name, text in PLUGIN_PACKAGE.items():
        (src / name).write_text(textwrap.dedent(text))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "install", "--no-deps", "--no-build-isolation", "--no-index", str(src)], check=True
    )
    try:
        work = tmp_path / "user_repo"
        work.mkdir()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "--zigan-optimizer=zigan_throwaway_opt:my_eg",
                "--zigan-time-limit=600",  # generous: CI machines under load
            ],
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},  # this checkout's package
        )
    finally:
        subprocess.run([*pip, "uninstall", "-y", "zigan-throwaway-opt"], check=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{len(CHECKS)} passed" in proc.stdout


@pytest.mark.claim("000.s4.fig1")
def test_dirac_gan_figure1_behaviour(registered_evidence):
    """000 §4, Fig. 1: EG converges (ZI) and stalls in the flat region (JS); GDA diverges (both).

    Reads the registered check's run (shared with tests/test_claims.py in one xdist family,
    NOTE: [xdist groups]) instead of running the ~2 s CPU check a second time."""
    data = registered_evidence("000.s4.fig1").data
    outcomes = {k: data[k] for k in ("eg_zi", "eg_js", "gda_zi", "gda_js")}
    assert outcomes == {
        "eg_zi": "converges",
        "eg_js": "stalls",
        "gda_zi": "diverges",
        "gda_js": "diverges",
    }
    # the stall only slows EG down: it converges with the logistic loss too, later
    assert 2 * data["eg_zi_steps_to_converge"] < data["eg_js_steps_to_converge"] < 50_000


@pytest.mark.claim("002.thm3")
@pytest.mark.parametrize("name", ["jare", "conopt"])
def test_regularized_update_map_matches_paper_jacobian(name):
    """Autograd through one JARE / ConOpt step at the simple GAN's equilibrium gives rho(I + eta A)
    with A the Jacobian derived symbolically from 002's update rule (Thm. 3, App. D)."""
    from zigan_verify.analysis.jare import factors
    from zigan_verify.battery import _checks as C

    F, w_star = C._simple_gan()
    eta, sigma2, v = C.SIMPLE_GAN["eta"], C.SIMPLE_GAN["sigma2"], list(C.SIMPLE_GAN["v"])
    measured = update_map_spectral_radius(BUILTINS[name].make(eta, 1.0), w_star, F)
    A = factors.jacobian_numeric(name, sigma2, v, 1.0)
    # 1e-9: the population loss is a 12-node Gauss-Hermite quadrature (~1e-12 near w*)
    assert measured == pytest.approx(factors.spectral_radius(A, eta), rel=1e-9, abs=1e-9)


def test_battery_and_checks_run_in_float64_whatever_the_default():
    """NOTE: [float64 verification]: a caller whose default dtype is float32 gets float64 results."""
    from zigan_verify.claims import get_claim, run_check

    only = ["dirac_js", "escape_strict_nonminimax", "hygiene"]
    reference = [r.data for r in run_battery(BUILTINS["tau_eg"], only=only)]
    claim_ref = run_check(get_claim("000.s5.1.updates")).data
    torch.set_default_dtype(torch.float32)
    try:
        got = [r.data for r in run_battery(BUILTINS["tau_eg"], only=only)]
        claim_got = run_check(get_claim("000.s5.1.updates")).data
        assert torch.get_default_dtype() == torch.float32, "the caller's default is restored"
    finally:
        torch.set_default_dtype(torch.float64)
    assert got == reference
    assert claim_got == claim_ref


def frozen_min_player(eta: float, tau: float) -> Optimizer:
    """Moves only the max player: the min-norm invariant then holds trivially."""

    def step(z, state, F):
        return torch.cat([z[: F.n_x], z[F.n_x :] - eta * F(z)[F.n_x :]]), state

    return Optimizer(lambda z: (), step)


def test_min_norm_invariant_is_vacuous_when_g_never_moves():
    (result,) = run_battery(Candidate("frozen", frozen_min_player), only=["min_norm_invariant"])
    assert result.outcome == "vacuous"
    assert result.verdict == "fail"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--time-limit", "-1"], "time limit must be finite and > 0, got -1.0"),
        (["--time-limit", "1e300"], "time limit must be at most 86400 s per check"),
        (["--check", "nope"], "unknown check 'nope'; choose one of"),
    ],
)
def test_cli_optimizer_bad_options(argv, message, capsys):
    assert main(["optimizer", "tau_eg", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_module_that_fails_on_import_is_a_user_error(tmp_path, monkeypatch, capsys):
    (tmp_path / "zigan_broken_mod.py").write_text("raise RuntimeError('boom at import')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert main(["optimizer", "zigan_broken_mod:make"]) == 2
    assert (
        "cannot import module 'zigan_broken_mod': RuntimeError: boom at import"
        in capsys.readouterr().err
    )
