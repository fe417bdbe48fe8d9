"""Unit tests of the restricted Schur complement and the classifier (zigan_verify.analysis.schur)."""

import numpy as np
import pytest
import torch

from zigan_verify._errors import ZiganError
from zigan_verify.analysis.schur import classify, classify_blocks, restricted_schur
from zigan_verify.strategies._stationary import build_global, make_problem


def test_hand_example():
    """A = diag(1, -1), C = e_1 (B = 0): R(C_2) = span(e_1), U = e_2, S_res = -1 -> strict."""
    rs = restricted_schur(np.diag([1.0, -1.0]), np.array([[1.0], [0.0]]), np.zeros((1, 1)))
    assert rs.rank_B == 0
    np.testing.assert_allclose(np.abs(rs.U), [[0.0], [1.0]], rtol=0, atol=1e-15)
    np.testing.assert_allclose(rs.S_res, [[-1.0]], rtol=0, atol=1e-15)
    assert classify_blocks(
        np.diag([1.0, -1.0]), np.array([[1.0], [0.0]]), np.zeros((1, 1))
    ).strict_non_minimax


def test_global_solution_is_not_strict():
    rng = np.random.default_rng(0)
    prob = make_problem(rng, 3, 2, 4, 3, 2)
    pt = build_global(prob, rng)
    c = classify(prob, pt.z)
    assert not c.strict_non_minimax
    assert c.label == "not strict non-minimax"


def test_non_stationary_point_is_rejected_with_norm():
    rng = np.random.default_rng(0)
    prob = make_problem(rng, 3, 2, 4, 3, 2)
    z = prob.random_point(torch.Generator().manual_seed(0))
    norm = float(torch.linalg.vector_norm(prob.F(z)))
    with pytest.raises(
        ZiganError, match=f"not a stationary point: \\|\\|F\\(z\\)\\|\\| = {norm:.3e}"
    ):
        classify(prob, z)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        pytest.param((np.eye(2), np.ones((3, 1)), np.eye(1)), "do not fit", id="shapes"),
        pytest.param((np.eye(2), np.ones((2, 1)), np.zeros((1, 1))), "U_rotation", id="rotation"),
    ],
)
def test_invalid_arguments(args, match):
    kw = {"U_rotation": np.eye(3)} if match == "U_rotation" else {}
    with pytest.raises(ZiganError, match=match):
        restricted_schur(*args, **kw)


@pytest.mark.claim("001.def3")
def test_definition3_quadratic_games():
    """000 Def. 1 = 001 Def. 3 on f = a x^2/2 + x y + b y^2/2 (see checks.restricted_schur)."""
    from zigan_verify.checks.restricted_schur import check_definition3

    assert check_definition3().verdict.value == "verified"
