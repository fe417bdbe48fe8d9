"""The stationary-point strategies (zigan_verify.strategies._stationary)."""

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from zigan_verify.analysis.schur import classify
from zigan_verify.checks.theorem2 import theorem2_samples
from zigan_verify.strategies import (
    degenerate_points,
    global_solutions,
    theorem2_points,
)
from zigan_verify.strategies._stationary import STATIONARY_TOL, unit_imbalance


@pytest.mark.parametrize("family", ["a_zero", "balanced", "dead_units"])
def test_can_generate_each_family(family):
    @settings(max_examples=3, database=None)
    @given(theorem2_points(families=(family,)))
    def inner(pt):
        assert pt.family == family
        assert float(torch.linalg.vector_norm(pt.problem.F(pt.z))) <= STATIONARY_TOL

    inner()


def test_balanced_has_nontrivial_A_and_w_zero():
    @settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
    @given(theorem2_points(families=("balanced",)))
    def inner(pt):
        _, _, w, A = pt.problem.unpack(pt.z)
        assert not bool(w.any())
        assert bool(A.any())
        assert (
            float(torch.linalg.vector_norm(unit_imbalance(pt.problem, pt.z), dim=1).max()) >= 1e-4
        )

    inner()


def test_acceptance_rate_of_balanced_construction():
    """Strategy (b): least squares for g is accepted (||grad f|| <= 1e-10) in most draws."""
    _, tries, accepted = theorem2_samples(range(20))
    assert accepted["balanced"] / tries["balanced"] >= 0.8


@given(global_solutions())
def test_global_solutions_are_global(pt):
    g, th, w, A = pt.problem.unpack(pt.z)
    Y = pt.problem.generated(g, th)
    torch.testing.assert_close(Y, pt.problem.data[list(pt.perm)], rtol=1e-8, atol=1e-8)
    assert not bool(w.any())


@given(degenerate_points())
def test_degenerate_points_match_the_mean(pt):
    g, th, w, A = pt.problem.unpack(pt.z)
    Y = pt.problem.generated(g, th)
    torch.testing.assert_close(Y.sum(0), pt.problem.data.sum(0), rtol=1e-10, atol=1e-10)
    assert not bool(A.any())
    assert not bool(w.any())


def test_negative_control_false_theorem_is_refuted():
    """A deliberately false 'theorem': every stationary point with w = 0 is strict non-minimax.
    Hypothesis must find a counterexample among the generated points (a global solution)."""
    pt = find(
        theorem2_points() | global_solutions(),
        lambda p: not classify(p.problem, p.z).strict_non_minimax,
        settings=settings(database=None, max_examples=200),
    )
    assert pt.family == "global"


def test_global_needs_n_le_d2():
    """n > d2 as integers fails at construction; drawn, it fails when drawn."""
    with pytest.raises(InvalidArgument, match="n <= d2, got n=3, d2=2"):
        global_solutions(n=3, d2=2)

    @settings(max_examples=1, database=None)
    @given(global_solutions(n=st.just(3), d2=st.just(2)))
    def inner(pt):
        pass

    with pytest.raises(InvalidArgument, match="global_solutions: d2 must be >= 3, got d2=2"):
        inner()


def test_unit_imbalance_is_the_wA_row():
    from zigan_verify.game.closed_form import hessian_blocks

    rng = np.random.default_rng(0)
    from zigan_verify.strategies._stationary import build_balanced, make_problem

    prob = make_problem(rng, 3, 2, 3, 2, 2)
    pt = build_balanced(prob, rng)
    H_wA = hessian_blocks(prob, pt.z)["H_wA"].reshape(2, 2, 2)
    u = unit_imbalance(prob, pt.z)
    torch.testing.assert_close(H_wA[0, 0], u[0], rtol=1e-12, atol=1e-14)
    torch.testing.assert_close(H_wA[1, 1], u[1], rtol=1e-12, atol=1e-14)
