"""The reference torch.optim classes (zigan_verify.optim.torch_optim) reproduce the step-interface
built-ins step for step through the battery's adapter, and resume from deepcopy/state_dict."""

import pytest
import torch

from zigan_verify.battery import load_candidate, run_battery
from zigan_verify.battery._candidate import builtin_candidates
from zigan_verify.battery._checks import _simple_gan, quadratic_game
from zigan_verify.optim.torch_optim import ExtraAdam, ExtraSGD, HeavyBallSGD, OptimisticSGD
from zigan_verify.testing.iterates import iterates

CLASSES = [ExtraSGD, ExtraAdam, OptimisticSGD, HeavyBallSGD]


def _iterates(make, z0, F, steps, eta=0.1, tau=4.0):
    return iterates(make, z0, F, steps, eta, tau)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("game", ["quadratic", "simple_gan"])
def test_reference_class_matches_its_builtin_step_for_step(cls, game):
    F, z_star = quadratic_game() if game == "quadratic" else _simple_gan()
    z0 = z_star + torch.linspace(0.3, -0.2, len(z_star))
    candidate = load_candidate(f"zigan_verify.optim.torch_optim:{cls.__name__}")
    assert candidate.behaves_like == cls.behaves_like
    got = _iterates(candidate.make, z0, F, 25)
    want = _iterates(builtin_candidates()[cls.behaves_like].make, z0, F, 25)
    # the same float64 arithmetic in another order: rounding only
    torch.testing.assert_close(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_reference_class_is_clean_and_resumes(cls):
    candidate = load_candidate(f"zigan_verify.optim.torch_optim:{cls.__name__}")
    results = run_battery(candidate, only=["quadratic_timescale", "first_iterates", "hygiene"])
    assert [r.verdict for r in results] == ["pass"] * 3, [r.evidence for r in results]
    assert "deepcopy and state_dict()" in results[-1].evidence


@pytest.mark.slow
@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_reference_class_passes_the_whole_battery(cls):
    results = run_battery(load_candidate(f"zigan_verify.optim.torch_optim:{cls.__name__}"))
    assert [(r.check, r.evidence) for r in results if r.verdict != "pass"] == []
