"""The battery's self-test: independent correct implementations (tests/battery_variants.py) must
pass, broken ones (one plausible mistake each, both interfaces) must be flagged, with a verdict
that names the mismatch and the numbers. The two rates are computed over the whole lists."""

import pytest
import torch
from battery_variants import BROKEN, CORRECT, GoodOptimistic, _cls

from zigan_verify.battery import CHECKS, run_battery
from zigan_verify.battery._checks import _zi_global
from zigan_verify.battery._linearize import linearize
from zigan_verify.battery._theory import predicted_radius, rotation_eigenvalues
from zigan_verify.game.closed_form import ClosedForm

# cheapest first: a broken variant is usually flagged within the first three (~0.05 s each)
CHEAP = ["quadratic_timescale", "first_iterates", "hygiene"]
ORDER = CHEAP + [c for c in CHECKS if c not in CHEAP]


def first_failure(candidate, checks=ORDER):
    """The first check (in ``checks`` order) whose verdict is not ``pass``, or ``None``."""
    for check in checks:
        (result,) = run_battery(candidate, only=[check])
        if result.verdict != "pass":
            return result
    return None


def flagged_rate() -> tuple[float, dict]:
    hits = {name: first_failure(c) for name, c in BROKEN.items()}
    return sum(r is not None for r in hits.values()) / len(hits), hits


def test_every_broken_variant_is_flagged_with_numbers():
    """Rate of broken variants flagged: must be 1 (all of them)."""
    rate, hits = flagged_rate()
    missed = [name for name, r in hits.items() if r is None]
    print(f"battery self-test: {len(BROKEN) - len(missed)}/{len(BROKEN)} broken variants flagged")
    assert rate == 1.0, missed
    for name, r in hits.items():
        if r.verdict == "fail" and r.check != "hygiene":
            assert f"behaves unlike {BROKEN[name].behaves_like}:" in r.evidence, name
            assert "vs predicted" in r.evidence or "differ by up to" in r.evidence, name


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_correct_implementations_pass_the_cheap_checks(name):
    assert first_failure(CORRECT[name], CHEAP) is None


@pytest.mark.slow
def test_correct_implementations_pass_every_check():
    """Rate of correct independent implementations passing all checks: must be 1."""
    failed = {}
    for name, candidate in CORRECT.items():
        bad = [(r.check, r.evidence) for r in run_battery(candidate) if r.verdict != "pass"]
        if bad:
            failed[name] = bad
    print(
        f"battery self-test: {len(CORRECT) - len(failed)}/{len(CORRECT)} correct implementations pass"
    )
    assert not failed


def test_verdict_names_the_method_and_the_numbers():
    """tau on the wrong player is invisible at a ZI global solution but not on the quadratic game."""
    (result,) = run_battery(BROKEN["eg_tau_on_max_player"], only=["quadratic_timescale"])
    assert result.verdict == "fail"
    assert result.evidence.startswith(
        "behaves unlike tau_eg: radius 0.943921 vs predicted 0.955471 (tol 1e-06)"
    )


def test_momentum_without_stored_velocity_is_not_momentum():
    """Golden `momentum` and `tau_gda` once expected identical outcomes; their radii differ."""
    (result,) = run_battery(
        BROKEN["momentum_velocity_not_stored"], only=["escape_strict_nonminimax"]
    )
    assert result.outcome == "escapes"
    assert result.verdict == "fail"
    assert "radius 1.032192 vs predicted 1.060890" in result.evidence


def test_torch_optim_ogda_is_linearized_with_its_state():
    """The previous gradient is part of the linearized state: at eta^2 mu/tau = 1/2 the joint map
    has radius 1.3066 (the OGDA polynomial), not 1.732 (``I - 2 eta Lambda J``, state frozen)."""
    prob, z, mu_max = _zi_global()
    B = ClosedForm(prob, z).hessian[: prob.n_x, prob.n_x :]
    mus = torch.linalg.eigvalsh(B.T @ B).numpy()
    eta = float((0.5 * 4.0 / mu_max) ** 0.5)
    lin = linearize(_cls(GoodOptimistic), eta, 4.0, z, prob.operator)
    assert lin.n_state == prob.dim
    expected = predicted_radius("ogda", rotation_eigenvalues("ogda", eta, 4.0, mus))
    assert lin.rho == pytest.approx(expected, abs=1e-6)  # central differences, see RHO_TOL
    assert lin.rho == pytest.approx(1.3066, abs=1e-4)


def test_torch_optim_extra_adam_is_not_linearizable_at_a_stationary_point():
    (result,) = run_battery(CORRECT["torch_extra_adam"], only=["simple_gan_contraction"])
    assert result.outcome == "not linearizable"
    assert result.verdict == "pass"


def test_deepcopy_quirk_is_reported_once_by_hygiene_with_the_exception_text():
    """The public ExtraSGD's ``__setstate__`` bug: the theory checks build fresh instances, so only
    hygiene (which copies on purpose) sees it."""
    candidate = BROKEN["torch_quirky_deepcopy"]
    results = run_battery(candidate, only=["quadratic_timescale", "first_iterates", "hygiene"])
    assert [r.verdict for r in results] == ["pass", "pass", "fail"]
    assert "deepcopy raised TypeError: super(type, obj)" in results[-1].evidence


def test_hygiene_flags_dtype_of_iterates_and_state():
    from battery_variants import good_tau_eg

    from zigan_verify.battery import Candidate
    from zigan_verify.optim.minimax import Optimizer

    def float32_out(eta, tau):
        good = good_tau_eg(eta, tau)
        return Optimizer(good.init, lambda z, s, F: (good.step(z.double(), s, F)[0].float(), s))

    (r,) = run_battery(Candidate("f32", float32_out), only=["hygiene"])
    assert r.verdict == "fail"
    assert "a torch.float64 input gave a torch.float32 iterate" in r.evidence
    (r,) = run_battery(BROKEN["torch_extra_adam_float32_state"], only=["hygiene"])
    assert "the optimizer state holds torch.float32 tensors" in r.evidence
