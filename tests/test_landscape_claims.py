"""004 claims: independent re-derivations (torch autograd / NumPy, not the checks' SymPy) and
negative controls showing each check's verdict flips when its evidence does."""

import numpy as np
import pytest
import sympy as sp
import torch
from scipy.linalg import expm

from zigan_verify.checks import landscape as L
from zigan_verify.claims import Status, get_claim, run_check
from zigan_verify.game.lssp_examples import (
    corrected_formulas,
    example1,
    example1_printed,
    example2_corrected,
)


def _ex1_torch_jacobian(w):
    """Example 1's Jacobian by torch autograd on losses typed independently of lssp_examples."""

    def LG(t):
        a, b, p = t
        return (b - p * a - 1) ** 2 - 0.5 * (a + p * b - 1) ** 2

    def LD(t):
        a, b, p = t
        return p * (5 * a + 4 * b - 9)

    HG, HD = torch.func.hessian(LG)(w), torch.func.hessian(LD)(w)
    return torch.cat([HG[:2], HD[2:]])


@pytest.mark.claim("004.ex1.eq16")
def test_ex1_printed_jacobian_wrong_off_phi_zero():
    J16 = sp.lambdify(
        sorted(example1_printed()["J_16"].free_symbols, key=str), example1_printed()["J_16"]
    )
    # symbols sorted: theta1, theta2, varphi
    w = torch.tensor([0.3, -0.8, 0.6])
    printed = np.array(J16(*w.tolist()), dtype=float)
    got = _ex1_torch_jacobian(w).numpy()
    assert np.abs(printed - got).max() > 0.1
    w0 = torch.tensor([0.3, -0.8, 0.0])
    np.testing.assert_allclose(
        np.array(J16(*w0.tolist()), dtype=float), _ex1_torch_jacobian(w0), rtol=0, atol=1e-12
    )
    corrected = sp.lambdify(
        sorted(example1_printed()["J_16"].free_symbols, key=str),
        corrected_formulas()["004.ex1.eq16"]["J"],
    )
    np.testing.assert_allclose(
        np.array(corrected(*w.tolist()), dtype=float), got, rtol=0, atol=1e-12
    )


@pytest.mark.claim("004.ex1.eq15")
@pytest.mark.claim("004.ex1.eq17")
@pytest.mark.claim("004.ex1.lssp")
def test_ex1_lssp_not_dne_numerically():
    w = torch.tensor([1.0, 1.0, 0.0])
    J = _ex1_torch_jacobian(w).numpy()
    np.testing.assert_array_equal(J, [[-1, 0, -1], [0, 2, -2], [5, 4, 0]])
    assert np.linalg.eigvals(J).real.min() > 0.18
    assert np.linalg.eigvalsh(J[:2, :2]).min() == -1.0
    assert float(example1().game().v(w).abs().max()) == 0.0


@pytest.mark.claim("004.ex1.eq18")
def test_ex1_charpoly_numpy():
    J = np.array([[-1, 0, -1], [0, 2, -2], [5, 4, 0]], dtype=float)
    np.testing.assert_allclose(np.poly(J), [1, -1, 11, -2], rtol=0, atol=1e-12)


@pytest.mark.claim("004.ex1.generator_loss")
@pytest.mark.claim("004.ex1.directions")
def test_ex1_generator_loss_and_directions():
    w = torch.tensor([1.0, 1.0, 0.0])
    LG = example1().game().L_G
    assert (
        float(LG(w)) == 0.0
    )  # centred at (1, 1): the printed theta2^2 - theta1^2/2 gives 1/2 there
    phi = 0.7
    H = _ex1_torch_jacobian(torch.tensor([0.2, 0.1, phi]))[:2, :2].numpy()
    vals, vecs = np.linalg.eigh(H)
    assert abs(abs(vecs[:, 0] @ np.array([1, phi])) / np.hypot(1, phi) - 1) < 1e-12
    assert vals[0] < 0 < vals[1]


@pytest.mark.claim("004.ex2.eq22")
@pytest.mark.claim("004.ex2.verdicts")
def test_ex2_printed_has_no_stationary_point_and_corrected_matches_23():
    theta = np.linspace(-3, 3, 601)
    phi = np.linspace(-3, 3, 601)
    T, P = np.meshgrid(theta, phi)
    v1, v2 = 8 * T + 0.5 * P**2 - 1, 4 * T - 1  # printed (22), differentiated by hand
    assert np.hypot(v1, v2).min() > 0.4  # the exact minimum is sqrt(0.2) at (0.15, 0)
    game = example2_corrected().game()
    for p, want in (((0.0, 1.0), [[1, 0.5], [2, 0.5]]), ((0.0, -1.0), [[1, -0.5], [2, -0.5]])):
        w = torch.tensor(p)
        assert float(game.v(w).abs().max()) < 1e-15
        np.testing.assert_allclose(game.jacobian(w).numpy(), want, rtol=0, atol=1e-14)
    ev = np.linalg.eigvals(np.array([[1, -0.5], [2, -0.5]]))
    np.testing.assert_allclose(
        sorted(ev.imag), [-np.sqrt(7) / 4, np.sqrt(7) / 4], rtol=1e-12, atol=0
    )


@pytest.mark.claim("004.prop1")
@pytest.mark.claim("004.propA1.eq12-13")
def test_prop1_flow_rotation_sign():
    # 2-D: J = [[a, b], [-b, a]] with eigenvector of a + ib ... the flow is e^{-at} R(-bt)
    a, b, t = 0.3, 1.1, 0.9
    J = np.array([[a, b], [-b, a]])
    R = expm(-t * J) * np.exp(a * t)
    np.testing.assert_allclose(
        R, [[np.cos(b * t), -np.sin(b * t)], [np.sin(b * t), np.cos(b * t)]], atol=1e-14, rtol=0
    )


def test_prop1_check_flips_when_printed_rotation_is_used_for_both_orderings(monkeypatch):
    """Negative control: if the block builder ignored the ordering, the printed form would fail."""
    real = L.real_block_form
    monkeypatch.setattr(L, "real_block_form", lambda J, negative_imag_first=False: real(J))
    assert L.check_prop1().verdict is Status.REFUTED


@pytest.mark.claim("004.eq7")
@pytest.mark.claim("004.s41.path")
def test_path_angle_definition():
    from zigan_verify.analysis.path_angle import path_angle
    from zigan_verify.game.games import quadratic_game

    game = quadratic_game(np.eye(1), np.zeros((1, 1)), np.zeros((1, 1)), np.eye(1))
    pa = path_angle(game, torch.tensor([2.0, 0.0]), torch.tensor([0.0, 0.0]), [0.5])
    # v at (1, 0) is (1, 0); the path direction is (-1, 0): c = -1, ||v|| = 1
    assert pa.cosine.tolist() == [-1.0]
    assert pa.norm.tolist() == [1.0]


@pytest.mark.claim("004.fig2a")
def test_attraction_sign_is_reversed_and_limit_below_one():
    from zigan_verify.analysis.path_angle import path_angle
    from zigan_verify.game.games import quadratic_game

    S = np.diag([1.0, 4.0])
    game = quadratic_game(S[:1, :1], np.zeros((1, 1)), np.zeros((1, 1)), S[1:, 1:])
    w0, w1 = torch.tensor([1.0, 1.0]), torch.tensor([0.01, -0.02])
    c = path_angle(game, w0, w1, [-1e4, 1e4]).cosine
    d = (w1 - w0).numpy()
    limit = d @ S @ d / (np.linalg.norm(d) * np.linalg.norm(S @ d))
    assert c[0] < 0 < c[1]
    np.testing.assert_allclose(c, [-limit, limit], rtol=1e-3, atol=0)
    assert limit < 0.9
    assert run_check(get_claim("004.fig2a")).verdict is Status.ERRATUM


@pytest.mark.claim("004.fig2b")
@pytest.mark.claim("004.fig2c")
def test_rotation_peak_is_one_only_in_2d():
    from zigan_verify.analysis.path_angle import linear_path_angle

    J = np.array([[0.0, 2.0], [-2.0, 0.0]])
    w0, w1 = np.array([1.0, 0.3]), np.array([0.02, -0.01])
    d, e = w1 - w0, w0
    astar = -(e @ d) / (d @ d)
    assert abs(abs(linear_path_angle(J, np.zeros(2), w0, w1, [astar]).cosine[0]) - 1) < 1e-12
    # omega' = omega* exactly: no bump at all
    c = linear_path_angle(J, np.zeros(2), w0, np.zeros(2), np.linspace(-3, 3, 61)).cosine
    assert np.nanmax(np.abs(c)) < 1e-12


@pytest.mark.claim("004.appB")
def test_appB_vjp_is_not_jvp():
    w = torch.tensor([0.3, -0.8, 0.6])
    J = _ex1_torch_jacobian(w)
    u = torch.tensor([1.0, 2.0, -1.0])
    game = example1().game()
    vjp = torch.func.grad(lambda x: game.v(x) @ u)(w)
    torch.testing.assert_close(vjp, J.T @ u, rtol=1e-12, atol=1e-12)
    assert float((vjp - J @ u).abs().max()) > 0.1


@pytest.mark.claim("004.C1.clip")
def test_clip_filter_edge_cases():
    c, eta = 1.0, 0.1
    phi = np.array([c, c, -c, -c, 0.5])
    g = np.array([-1.0, 1.0, 1.0, -1.0, -100.0])
    unchanged = np.clip(phi - eta * g, -c, c) == phi
    assert unchanged.tolist() == [True, False, True, False, False]


@pytest.mark.claim("004.topk")
def test_topk_lm_misses_unstable_direction():
    from zigan_verify.analysis.spectrum import top_k
    from zigan_verify.game.games import quadratic_game

    S1 = np.diag(np.r_[np.linspace(5, 9, 120), -0.02])
    S2 = np.diag(np.linspace(5, 9, 100))
    game = quadratic_game(S1, np.zeros((121, 100)), np.zeros((100, 121)), S2)
    lm = top_k(game, torch.zeros(221), 6, which="LM")
    sr = top_k(game, torch.zeros(221), 1, which="SR")
    assert lm.eigenvalues.real.min() > 8
    assert abs(sr.eigenvalues[0] + 0.02) < 1e-8
    assert sr.residuals.max() < 1e-8


@pytest.mark.claim("004.table1")
@pytest.mark.claim("004.BAt")
@pytest.mark.claim("004.def1-2")
def test_table1_negative_control_zero_sum_draws_never_break():
    """The zero-sum cell with draws that are *not* zero-sum finds counterexamples (control)."""
    rng = np.random.default_rng(1)
    assert L._count(rng, 200)[1] > 0
    assert L._count(rng, 200, zero_sum=True)[1] == 0


def test_check_flips_when_printed_formula_is_corrected(monkeypatch):
    fixed = dict(example1_printed())
    fixed["J_16"] = corrected_formulas()["004.ex1.eq16"]["J"]
    fixed["generator_loss_at_phi_star"] = corrected_formulas()["004.ex1.generator_loss"][
        "L_G_at_phi_star"
    ]
    fixed["chi_matrix_18"] = corrected_formulas()["004.ex1.eq18"]["chi_matrix"]
    monkeypatch.setattr(L, "example1_printed", lambda: fixed)
    assert L.check_ex1_jacobian().verdict is Status.VERIFIED
    assert L.check_ex1_generator_loss().verdict is Status.VERIFIED
    assert L.check_ex1_charpoly().verdict is Status.VERIFIED
    broken = dict(fixed)
    broken["v_15"] = fixed["v_15"] + sp.Matrix([1, 0, 0])
    monkeypatch.setattr(L, "example1_printed", lambda: broken)
    assert L.check_ex1_vector_field().verdict is Status.REFUTED


def test_corrected_formulas_are_sympy():
    forms = corrected_formulas()
    assert set(forms) == {"004.ex1.eq16", "004.ex1.eq18", "004.ex1.generator_loss", "004.ex2.eq22"}
    assert all(isinstance(v, sp.Basic) for d in forms.values() for v in d.values())
