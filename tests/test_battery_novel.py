"""Novel optimizers in the battery (NOTE: [battery novel optimizers], [battery baselines],
[battery adam moments]): correct EG-with-momentum and optimistic Adam, written in several styles
(tests/battery_novel_variants.py), pass against what they declare and against a baseline recorded
from one reference implementation; one-line bugs in them fail with a verdict naming the number
that moved. Also: hyper-parameters through functools.partial, the radius hint, the CLI's
baseline round trip, the fixture and ini options."""

import functools
import json
import os
import subprocess
import sys
import textwrap

import pytest
from battery_novel_variants import (
    EG_MOMENTUM_BROKEN,
    EG_MOMENTUM_CORRECT,
    OPTIMISTIC_ADAM_BROKEN,
    OPTIMISTIC_ADAM_CORRECT,
    ExtraSGDMomentum,
    candidate,
    eg_momentum,
    optimistic_adam,
)
from battery_variants import BROKEN, CORRECT

from zigan_verify._errors import ZiganError
from zigan_verify.battery import (
    load_baseline,
    make_candidate,
    record_baseline,
    run_battery,
    write_baseline,
)
from zigan_verify.battery._adam import ADAM_OUTCOME
from zigan_verify.interfaces.cli import main
from zigan_verify.interfaces.report import validate

# the checks that separate these methods cheaply (~1 s per candidate); the whole battery runs
# in the slow tests
EG_CHECKS = ["fixed_points", "quadratic_timescale", "global_stability_below", "first_iterates"]
ADAM_CHECKS = ["fixed_points", "adam_moments", "first_iterates"]
FAMILIES = {
    "eg_momentum": (eg_momentum, EG_MOMENTUM_CORRECT, EG_MOMENTUM_BROKEN, EG_CHECKS),
    "optimistic_adam": (
        optimistic_adam,
        OPTIMISTIC_ADAM_CORRECT,
        OPTIMISTIC_ADAM_BROKEN,
        ADAM_CHECKS,
    ),
}


@functools.cache
def recorded(family: str, declare: bool, checks: tuple | None) -> dict:
    """The baseline recorded from the family's reference implementation."""
    reference = FAMILIES[family][0]
    c = candidate(reference, family, family, declare=declare)
    return record_baseline(c, run_battery(c, only=checks))


def _cases(correct: bool):
    """Every implementation, declared and baseline-only; the torch.optim classes (linearized by
    central differences, ~3 s each) are slow, except one declared run of each family's."""
    for family, (_, good, bad, _) in FAMILIES.items():
        group = good if correct else bad
        for name, obj in group.items():
            for declare in (True, False):
                slow = isinstance(obj, type) and not (declare and name == max(group))
                yield pytest.param(
                    family,
                    name,
                    declare,
                    id=f"{name}-{'declared' if declare else 'baseline'}",
                    marks=[pytest.mark.slow] if slow else [],
                )


@pytest.mark.parametrize(("family", "name", "declare"), list(_cases(correct=True)))
def test_correct_novel_optimizer_in_any_style_passes_its_declaration_and_baseline(
    family, name, declare
):
    """The baseline is recorded from one implementation; the others (two-sequence form,
    torch._foreach kernels, subclasses of torch's SGD / Adam) reproduce it within the derived
    tolerances, and every declared expectation holds."""
    _, good, _, checks = FAMILIES[family]
    base = recorded(family, declare, tuple(checks))
    results = run_battery(
        candidate(good[name], name, family, declare=declare), only=checks, baseline=base
    )
    assert [(r.check, r.evidence) for r in results if r.verdict != "pass"] == []


@pytest.mark.parametrize(("family", "name", "declare"), list(_cases(correct=False)))
def test_one_line_bug_fails_naming_the_number_that_moved(family, name, declare):
    _, _, bad, checks = FAMILIES[family]
    base = recorded(family, declare, tuple(checks))
    results = run_battery(
        candidate(bad[name], name, family, declare=declare), only=checks, baseline=base
    )
    failed = [r for r in results if r.verdict == "fail"]
    assert failed, name
    # the verdict leads with a number and says what it is compared with
    assert any(
        " vs recorded " in r.evidence
        or "from recorded" in r.evidence
        or " vs predicted " in r.evidence
        for r in failed
    ), [r.evidence for r in failed]


def test_correct_and_stale_buffer_eg_momentum_are_told_apart():
    """Issue 23: as behaves_like='tau_eg' both failed the same 8 of 10 checks. Declared by its
    characteristic polynomial, the correct one passes and the stale one fails on the radius."""
    good = candidate(eg_momentum, "eg_momentum", "eg_momentum", declare=True)
    stale = candidate(
        EG_MOMENTUM_BROKEN["eg_momentum_stale_buffer"], "stale", "eg_momentum", declare=True
    )
    (g,) = run_battery(good, only=["quadratic_timescale"])
    (s,) = run_battery(stale, only=["quadratic_timescale"])
    assert g.verdict == "pass"
    assert g.data["rho"] == pytest.approx(0.974773, abs=1e-6)
    assert s.verdict == "fail"
    assert s.evidence.startswith(
        "behaves unlike its declaration: radius 1.024461 vs predicted 0.974773"
    )


def test_undeclared_novel_method_without_baseline_is_reported_not_passed():
    c = candidate(eg_momentum, "eg_momentum", "eg_momentum", declare=False)
    (r,) = run_battery(c, only=["quadratic_timescale"])
    assert r.verdict == "report"
    assert r.evidence.startswith(
        "radius 0.974773; no expectation (declare one or record a baseline)"
    )
    (f,) = run_battery(c, only=["fixed_points"])  # holds for any first-order method
    assert f.verdict == "pass"
    assert f.expected == "exact"


def test_radius_equal_to_another_builtin_is_named_with_a_hint():
    """EG that reuses F(z_k) is tau-GDA: its radius equals tau_gda's at the ZI global solution
    (below the threshold, where tau-EG is stable: radius 1)."""
    (r,) = run_battery(BROKEN["eg_grad_at_start"], only=["global_stability_below"])
    assert r.verdict == "fail"
    assert r.evidence.startswith("behaves unlike tau_eg: radius 1.224745 vs predicted 1.000000")
    assert (
        "radius 1.2247 equals tau_gda's 1.2247: is F re-evaluated at the extrapolated point?"
        in r.evidence
    )


def test_fixed_points_flags_drift_and_stalls():
    """A constant bias moves the iterate away from an exact zero of F; a step that uses a
    not-yet-filled buffer does not move where F != 0. Correct methods: exactly 0 drift."""
    from zigan_verify.optim.minimax import Optimizer

    def biased(eta, tau):
        return Optimizer(lambda z: (), lambda z, s, F: (z - eta * (F(z) + 1e-9), s))

    (r,) = run_battery(make_candidate(biased, "biased"), only=["fixed_points"])
    assert r.outcome == "drifts"
    # 5 steps of eta * 1e-9 = 5e-10, relative to |c| = 1.06 on the rotation game
    assert "drift from an exact zero of F 4.716e-10 vs predicted 0.000000" in r.evidence
    stale = candidate(
        EG_MOMENTUM_BROKEN["eg_momentum_stale_buffer"], "s", "eg_momentum", declare=False
    )
    (r,) = run_battery(stale, only=["fixed_points"])
    assert r.outcome == "stalls"
    (r,) = run_battery(CORRECT["ogda"], only=["fixed_points"])
    assert r.verdict == "pass"
    assert r.data["drift"] == 0.0


@pytest.mark.parametrize(
    ("name", "outcome", "number"),
    [
        ("adam_no_bias_correction", "adaptive: moments not bias-corrected", "step/lr at |g| ~ 1"),
        ("torch_extra_adam_no_bias", "adaptive: moments not bias-corrected", "step/lr at |g| ~ 1"),
    ],
)
def test_adam_moments_catches_missing_bias_correction_without_a_trajectory(name, outcome, number):
    """Until issue 23 only first_iterates (one trajectory) caught these."""
    (r,) = run_battery(BROKEN[name], only=["adam_moments"])
    assert (r.outcome, r.verdict) == (outcome, "fail")
    assert r.evidence.startswith(f"behaves unlike adam_eg: {number} differ by up to")


def test_adam_moments_accepts_both_eps_placements_and_separates_eps_inside():
    """torch's eps after the bias correction and Kingma & Ba's efficient form (the public
    ExtraAdam) are both Adam; eps inside the root is not, and its effective eps is named."""
    for name in ("adam_eg", "torch_extra_adam"):
        (r,) = run_battery(CORRECT[name], only=["adam_moments"])
        assert (r.outcome, r.verdict) == (ADAM_OUTCOME, "pass"), r.evidence
    inside = candidate(
        OPTIMISTIC_ADAM_BROKEN["optimistic_adam_eps_inside"], "x", "optimistic_adam", declare=True
    )
    (r,) = run_battery(inside, only=["adam_moments"])
    assert r.outcome == "adaptive: eps inside the root"
    assert r.evidence.startswith(
        "behaves unlike its declaration: effective eps 1.000e-04 vs predicted"
    )


def test_functools_partial_of_a_torch_optim_class_sets_hyper_parameters():
    """Issue 23: partial(MyOpt, momentum=0.5) was taken for a step factory ('float' object is not
    iterable). Now the class is built as cls(groups, lr=eta, momentum=...), so the momentum shows
    in the radius, and a bad keyword is one usage error naming it."""
    half = make_candidate(
        functools.partial(ExtraSGDMomentum, momentum=0.5), "m5", behaves_like=None
    )
    zero = make_candidate(ExtraSGDMomentum, "m0", behaves_like=None, momentum=0.0)
    (a,) = run_battery(half, only=["quadratic_timescale"])
    (b,) = run_battery(zero, only=["quadratic_timescale"])
    assert a.data["rho"] == pytest.approx(0.974773, abs=1e-6)  # EG-momentum 0.5's polynomial
    assert b.data["rho"] == pytest.approx(0.955471, abs=1e-6)  # tau-EG's
    with pytest.raises(
        ZiganError,
        match=r"cannot be built as ExtraSGDMomentum\(param_groups, lr=eta, nesterov='yes'\)",
    ):
        make_candidate(functools.partial(ExtraSGDMomentum, nesterov="yes"), "bad")


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ({"characteristic": lambda lam: 1 / 0}, "characteristic(lam) raised ZeroDivisionError"),
        ({"expect": {"nope": "stable"}}, "expect names unknown check 'nope'"),
        ({"expect": {"dirac_zi": 1}}, "expect['dirac_zi'] must be an outcome string"),
        ({"colour": "red"}, "unknown declaration(s) colour"),
    ],
)
def test_bad_declarations_are_one_usage_error(declared, message):
    def load_and_run():
        c = make_candidate(eg_momentum, "m", behaves_like=None, declared=declared)
        run_battery(c, only=["hygiene"])

    with pytest.raises(ZiganError) as info:
        load_and_run()
    assert message in str(info.value)


def test_baseline_file_round_trip_and_errors(tmp_path):
    c = candidate(eg_momentum, "m", "eg_momentum", declare=False)
    path = tmp_path / "b.json"
    write_baseline(path, record_baseline(c, run_battery(c, only=["quadratic_timescale"])))
    write_baseline(path, record_baseline(c, run_battery(c, only=["fixed_points"])))  # merged
    assert set(load_baseline(path)["checks"]) == {"quadratic_timescale", "fixed_points"}
    with pytest.raises(ZiganError, match="no baseline at .*: record one first"):
        load_baseline(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(ZiganError, match="is not a zigan-verify baseline"):
        load_baseline(tmp_path / "bad.json")


USER_OPT = """
    import torch
    from zigan_verify.optim.minimax import Optimizer

    def eg_momentum(eta, tau, momentum=0.5, stale=False):
        def step(z, b, F):
            s = torch.ones_like(z)
            s[: F.n_x] = 1 / tau
            b_new = momentum * b + F(z - eta * s * F(z))
            return z - eta * s * (b if stale else b_new), b_new
        return Optimizer(torch.zeros_like, step)
    eg_momentum.behaves_like = None
    eg_momentum.characteristic = lambda lam: [1, -(1.5 - lam + lam**2), 0.5]
"""


def test_cli_save_baseline_then_compare_with_hyper_parameters(tmp_path, monkeypatch, capsys):
    (tmp_path / "user_egm.py").write_text(textwrap.dedent(USER_OPT))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delitem(sys.modules, "user_egm", raising=False)
    args = [
        "optimizer",
        "user_egm:eg_momentum",
        "--check",
        "quadratic_timescale",
        "--check",
        "first_iterates",
    ]
    assert main([*args, "--save-baseline", "egm.json"]) == 0
    capsys.readouterr()
    assert main([*args, "--baseline", "egm.json", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    validate(report)  # the schema knows behaves_like null, the baseline object, cpu_seconds
    assert report["candidate"]["behaves_like"] is None
    assert report["baseline"] == {"compared": "egm.json", "saved": None}
    # a wide table: off a terminal it follows $COLUMNS, and 80 columns would wrap the phrase
    monkeypatch.setenv("COLUMNS", "200")
    assert main([*args, "--baseline", "egm.json", "--hp", "stale=True"]) == 1
    out = capsys.readouterr().out
    assert "departs from its baseline" in out
    assert main([*args, "--hp", "stale"]) == 2
    assert "--hp must be KEY=VALUE, got 'stale'" in capsys.readouterr().err


def _pytest(cwd, *args):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    return proc.returncode, proc.stdout + proc.stderr


@pytest.mark.slow  # two more pytest processes (~10 s CPU each)
def test_fixture_ini_options_and_record(tmp_path):
    (tmp_path / "user_egm.py").write_text(textwrap.dedent(USER_OPT))
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nzigan_baseline = baselines\nzigan_time_limit = 120\n"
        "zigan_checks =\n    quadratic_timescale\n    first_iterates\n"
    )
    (tmp_path / "test_user.py").write_text(
        textwrap.dedent(
            """
            from user_egm import eg_momentum

            def test_good(zigan_battery):
                zigan_battery(eg_momentum, baseline="egm.json")

            def test_stale(zigan_battery):
                zigan_battery(eg_momentum, baseline="egm.json", stale=True)
            """
        )
    )
    code, out = _pytest(tmp_path, "-q", "-k", "good", "--zigan-record")
    assert code == 0, out
    assert (tmp_path / "baselines" / "egm.json").exists()
    code, out = _pytest(tmp_path, "-q")
    assert code == 1, out
    assert "1 failed, 1 passed" in out
    assert (
        "quadratic_timescale [000.s5.1.updates]: fail: behaves unlike its declaration: radius 1.024461"
        in out
    )


def test_run_on_game_uses_a_novel_methods_declared_polynomial():
    """NOTE: [battery on a game] for a novel method: its declared multipliers at the game's
    Jacobian eigenvalues predict the radius; the stale-buffer bug does not match it."""
    import torch

    from zigan_verify.battery import run_on_game
    from zigan_verify.game.games import Game

    game = Game.zero_sum(lambda w: w[0] ** 2 / 2 + w[0] * w[1], n_theta=1, dim=2)
    good = candidate(eg_momentum, "egm", "eg_momentum", declare=True)
    r = run_on_game(good, game, torch.zeros(2), eta=0.5)
    assert r.verdict == "pass"
    assert r.data["rho"] == pytest.approx(r.data["predicted_rho"], abs=1e-9)
    stale = candidate(
        EG_MOMENTUM_BROKEN["eg_momentum_stale_buffer"], "s", "eg_momentum", declare=True
    )
    r = run_on_game(stale, game, torch.zeros(2), eta=0.5)
    assert r.verdict == "fail"
    assert r.evidence.startswith("behaves unlike its declaration: eta=0.5, tau=1: radius 1.103899")
