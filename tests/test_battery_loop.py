"""The training-loop harness and the conditions matrix (NOTE: [training-loop harness], NOTE:
[battery conditions]): broken optimizers that the original drive cannot see are flagged under the
condition that exposes them, correct ones in other styles pass under every condition, and a
user's two-optimizer GAN set-up is accepted from Python, the CLI and the pytest plugin."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
from battery_variants_loop import BROKEN, CORRECT, EXPOSED_BY, GAN_LOOP

from zigan_verify._errors import ZiganError
from zigan_verify.battery import (
    CHECKS,
    MAX_TIME_LIMIT_S,
    TrainingLoop,
    builtin_candidates,
    loop_candidate,
    run_battery,
)
from zigan_verify.battery._checks import QUADRATIC, TAU, quadratic_game
from zigan_verify.battery._conditions import alternating_reference, quadratic_potential_game
from zigan_verify.battery._harness import LoopSettings, loop_factory, player_shapes
from zigan_verify.battery._theory import _quadratic
from zigan_verify.interfaces.cli import main
from zigan_verify.optim.torch_optim import ExtraSGD, OptimisticSGD
from zigan_verify.testing.iterates import iterates

# what the battery could already see (the ten original checks); the cheap ones run by default
ORIGINAL = [c for c in CHECKS if c != "conditions"]
CHEAP = ["quadratic_timescale", "first_iterates", "hygiene"]
DOC = Path(__file__).resolve().parents[1] / "docs" / "guide" / "battery_training_loops.md"


@pytest.mark.parametrize("n", [1, 2, 3, 4, 7, 16])
def test_player_layout_fills_a_weight_and_a_bias_of_different_shapes(n):
    shapes = player_shapes(n)
    assert sum(torch.Size(s).numel() for s in shapes) == n
    if n > 1:
        assert len(shapes) == 2
        assert shapes[0] != shapes[1]
        assert len(shapes[0]) == 2


def _run(make, z0, F, steps=12, eta=0.3, tau=TAU):
    return iterates(make, z0, F, steps, eta, tau)


LAYOUTS = [
    LoopSettings(),
    LoopSettings(set_to_none=False, closure=True),
    LoopSettings(layout="group_per_tensor"),
    LoopSettings(layout="two_optimizers"),
]


@pytest.mark.parametrize("settings", LAYOUTS, ids=lambda s: f"{s.layout}-{s.set_to_none}")
@pytest.mark.parametrize("cls", [ExtraSGD, OptimisticSGD], ids=lambda c: c.__name__)
@pytest.mark.parametrize("potential", [True, False], ids=["gan-losses", "surrogate-losses"])
def test_loop_reproduces_the_builtin_step_for_step(cls, settings, potential):
    """Gradients through backward() (GAN losses of the quadratic game, or the linear surrogate
    when only F is known), players split over weight and bias: still the built-in's map."""
    game = quadratic_potential_game()
    F = game if potential else quadratic_game()[0]
    z0 = torch.tensor(QUADRATIC["z0"], dtype=torch.float64)
    got = _run(loop_factory(TrainingLoop.from_class(cls), settings), z0, F)
    want = _run(builtin_candidates()[cls.behaves_like].make, z0, F)
    torch.testing.assert_close(got, want, rtol=0, atol=1e-12)  # float64 rounding only


def test_alternating_two_optimizers_of_tau_gda_is_alternating_gda():
    """The alternating reference (the built-in player by player) of tau-GDA is the registry's
    alternating GDA, and the loop with two torch.optim.SGD stepped alternately follows it."""
    F = quadratic_potential_game()
    z0 = torch.tensor(QUADRATIC["z0"], dtype=torch.float64)
    ref = _run(alternating_reference(builtin_candidates()["tau_gda"].make), z0, F)
    torch.testing.assert_close(ref, _run(builtin_candidates()["alternating_gda"].make, z0, F))
    loop = TrainingLoop.from_class(torch.optim.SGD)
    alternating = LoopSettings(layout="two_optimizers", schedule="alternating")
    torch.testing.assert_close(_run(loop_factory(loop, alternating), z0, F), ref)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_variant_passes_the_original_cheap_checks_and_conditions_name_the_culprit(name):
    candidate = BROKEN[name]
    assert [r.verdict for r in run_battery(candidate, only=CHEAP)] == ["pass"] * 3
    (result,) = run_battery(candidate, only=["conditions"])
    assert result.verdict == "fail"
    assert result.outcome == "condition-dependent"
    assert EXPOSED_BY[name] in result.evidence.split(".")[1], result.evidence


@pytest.mark.slow  # ~10-25 s each on a loaded 2-core machine
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_variant_passes_every_original_check(name):
    """The acceptance's "passes the old harness": all ten original checks."""
    results = run_battery(BROKEN[name], only=ORIGINAL)
    assert [(r.check, r.evidence) for r in results if r.verdict != "pass"] == []


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_correct_variant_passes_under_every_condition(name):
    (result,) = run_battery(CORRECT[name], only=["conditions"])
    assert result.verdict == "pass", result.evidence
    assert result.data["conditions"] >= 8


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CORRECT))
def test_correct_variant_passes_the_whole_battery(name):
    assert [(r.check, r.evidence) for r in run_battery(CORRECT[name]) if r.verdict != "pass"] == []


def test_verdict_leads_with_the_condition_and_the_numbers():
    """``prev = p.grad`` makes OGDA into GDA once zero_grad zeroes .grad in place: the measured
    radius is then GDA's polynomial's, the predicted one OGDA's."""
    (result,) = run_battery(BROKEN["optimistic_grad_reference"], only=["conditions"])
    gda, ogda = (_quadratic(n)["numbers"]["rho"]["value"] for n in ("tau_gda", "ogda"))
    line = (
        f"departs from ogda only when zero_grad(set_to_none=False): radius {gda:.6f} vs {ogda:.6f}"
    )
    assert line in result.evidence
    assert "a state tensor shares storage with a gradient" in result.evidence


def test_meta_device_catches_state_made_on_the_cpu():
    (result,) = run_battery(BROKEN["extra_adam_zeros_shape"], only=["conditions"])
    assert "when the parameters are on the meta device: raised RuntimeError" in result.evidence
    assert "torch.float32 tensors for torch.float64 parameters" in result.evidence


def test_data_dependent_branch_is_not_measured_on_meta_rather_than_failed():
    (result,) = run_battery(CORRECT["guarded_extra_sgd"], only=["conditions"])
    assert result.verdict == "pass"
    assert "not measured when the parameters are on the meta device" in result.evidence


def test_checkpoint_names_the_learning_rates():
    (result,) = run_battery(BROKEN["extra_sgd_stale_groups"], only=["conditions"])
    eta = QUADRATIC["eta"]
    live = [eta / TAU * 0.5, eta * 0.5]  # the scheduler halved both groups' rates
    assert f"vs live {live}" in result.evidence


@pytest.mark.parametrize(
    ("loop", "message"),
    [
        (
            TrainingLoop(lambda G, D, eta: None),
            "make_optimizers(generator, discriminator, 0.1, 4.0) raised TypeError",
        ),
        (TrainingLoop(lambda G, D, eta, tau: object()), "returned a object, not an optimizer"),
        (
            TrainingLoop(
                lambda G, D, eta, tau: torch.optim.SGD(G.parameters(), lr=eta),
                lambda o, g, d: 1 / 0,
            ),
            "one training step raised ZeroDivisionError",
        ),
        (
            TrainingLoop(lambda G, D, eta, tau: None, behaves_like="nope"),
            "unknown behaves_like 'nope'",
        ),
    ],
)
def test_a_loop_that_cannot_run_is_one_usage_error(loop, message):
    with pytest.raises(ZiganError, match="^mine: ") as info:
        loop_candidate(loop, "mine")
    assert message in str(info.value)


def _doc_code() -> str:
    """The guide's complete example module (the first ```python block)."""
    text = DOC.read_text()
    start = text.index("```python\n") + len("```python\n")
    return text[start : text.index("```", start)]


@pytest.fixture
def gan_module(tmp_path, monkeypatch):
    (tmp_path / "my_gan.py").write_text(_doc_code())
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "my_gan", raising=False)  # another test's my_gan.py
    return tmp_path


def test_guide_example_is_accepted_by_the_cli(gan_module, capsys):
    code = main(
        ["optimizer", "my_gan:gan", "--check", "conditions", "--check", "quadratic_timescale"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "conditions" in out
    assert "fail" not in out


def test_broken_two_optimizer_loop_fails_from_the_cli_naming_the_condition(gan_module, capsys):
    (gan_module / "my_broken_gan.py").write_text(
        _doc_code().replace("p.grad.clone()", "p.grad")  # the guide's OGDA keeps a reference
    )
    code = main(["optimizer", "my_broken_gan:ogda_gan", "--check", "conditions", "--json"])
    out = capsys.readouterr().out
    assert code == 1
    assert "only when zero_grad(set_to_none=False)" in out


@pytest.mark.slow  # a second pytest process
def test_guide_example_runs_under_the_pytest_plugin(gan_module):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(gan_module), *sys.path])}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "-m",
            "zigan_battery",
            "--zigan-optimizer=my_gan:gan",
            "--zigan-check=conditions",
            "--zigan-check=hygiene",
        ],
        cwd=gan_module,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 passed" in proc.stdout


@pytest.mark.slow
def test_two_optimizer_gan_loop_passes_the_whole_battery_in_budget():
    start = time.process_time()
    # no wall-clock limit: the budget is CPU seconds, asserted below
    results = run_battery(loop_candidate(GAN_LOOP, "gan"), time_limit=MAX_TIME_LIMIT_S)
    assert [(r.check, r.evidence) for r in results if r.verdict != "pass"] == []
    assert time.process_time() - start < 60  # the budget per optimizer (CPU seconds)


def test_guide_doctest_block_runs():
    """The guide's ```{doctest} block (Sphinx runs it on the site; here it runs with pytest)."""
    import doctest

    text = DOC.read_text()
    start = text.index("```{doctest}\n") + len("```{doctest}\n")
    block = text[start : text.index("```", start)]
    test = doctest.DocTestParser().get_doctest(block, {}, "guide", str(DOC), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
    assert runner.summarize(verbose=False).attempted >= 4


def test_alternating_schedule_needs_two_optimizers():
    loop = TrainingLoop.from_class(ExtraSGD)
    make = loop_factory(loop, LoopSettings(schedule="alternating"))  # one optimizer, two groups
    with pytest.raises(ZiganError, match="alternating schedule needs two optimizers"):
        _run(make, torch.zeros(4, dtype=torch.float64), quadratic_potential_game(), steps=1)


def test_a_bug_in_the_users_own_train_step_is_flagged_as_that_loop_drives_it():
    from battery_variants_loop import BROKEN_LOOP

    results = run_battery(BROKEN_LOOP, only=["quadratic_timescale", "conditions"])
    assert [r.verdict for r in results] == ["fail", "fail"]
    assert "already when your train_step drives it: radius" in results[1].evidence
