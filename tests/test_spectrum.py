"""Unit tests of zigan_verify.analysis.spectrum and the issue-3 claim checks' verdicts."""

import numpy as np
import pytest

from zigan_verify._errors import ZiganError
from zigan_verify.analysis import dynamics
from zigan_verify.analysis import global_solutions as global_solutions_math
from zigan_verify.analysis.spectrum import global_solution_spectrum, match_spectra, update_map
from zigan_verify.checks import asymptotic_spectrum, escape, global_solutions, theorem2
from zigan_verify.claims import Status
from zigan_verify.strategies._stationary import build_global, make_problem

# The registered verdicts of these claims are tests/test_claims.py's
# test_check_reproduces_registered_verdict; this module tests the mathematics behind them and
# that their verdicts follow the evidence.


def test_bilinear_spectrum():
    """[[0, C/tau], [-C^T, 0]] for C = diag(2, 1) padded: +-2i/sqrt(tau), +-i/sqrt(tau), 0."""
    C = np.array([[2.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    eigs, mu = global_solution_spectrum(C, 4.0)
    np.testing.assert_allclose(sorted(mu), [0.0, 1.0, 4.0], rtol=0, atol=1e-14)
    assert match_spectra(eigs, [1j, -1j, 0.5j, -0.5j, 0]).max() <= 1e-14


def _skew_spectrum(C, tau):
    """Eigenvalues of [[0, C/tau], [-C^T, 0]] by a dense eigensolve."""
    d_x, d_y = C.shape
    J = np.block([[np.zeros((d_x, d_x)), C / tau], [-C.T, np.zeros((d_y, d_y))]])
    return np.linalg.eigvals(J)


@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (4, 4)])
def test_small_singular_values_are_predicted_not_zeroed(shape):
    """B.5 corrected for every singular value: sigma = 1e-6 sigma_max (mu = 1e-12 mu_max, below
    the former rank cut mu <= 1e-10 mu_max) gives its own +-1e-6 i / sqrt(tau), an exact zero
    singular value the pair 0, 0; the former cut predicted 0 for the small one, off by 5e-7."""
    rng = np.random.default_rng(0)
    d_x, d_y = shape
    U, _ = np.linalg.qr(rng.standard_normal((d_x, d_x)))
    V, _ = np.linalg.qr(rng.standard_normal((d_y, d_y)))
    sigma = np.array([1.0, 1e-6, 0.0])
    C = U[:, :3] @ np.diag(sigma) @ V[:, :3].T
    tau = 4.0
    eigs, mu = global_solution_spectrum(C, tau)
    assert len(eigs) == d_x + d_y
    assert len(mu) == d_y
    # eigvals of an O(1) skew-like matrix: backward error ~ N u ||J|| ~ 1e-15
    assert match_spectra(eigs, _skew_spectrum(C, tau)).max() <= 1e-14
    assert np.abs(eigs - 1e-6j / 2).min() <= 1e-15  # the small pair is there
    # the SVD gives sigma to ~u ||C||: 1e-10 relative on sigma = 1e-6 (eigvalsh(C^T C): 1e-4)
    np.testing.assert_allclose(np.sort(mu)[-2:], [1e-12, 1.0], rtol=1e-8, atol=0)


def test_simulation_takes_the_update_rules_of_000_s5_1():
    """checks.dynamics.simulate drives optimizers.tau_gda / tau_eg on ZIGANProblem.F: its iterates
    are z - eta Lambda F(z) and z - eta Lambda F(z - eta Lambda F(z)), written out here."""
    import torch

    rng = np.random.default_rng(0)
    prob = make_problem(rng, 3, 2, 4, 3, 2)
    z0 = build_global(prob, rng).z + 0.01
    lam = prob.timescale(2.0)
    for name in ("tau_gda", "tau_eg"):
        z = z0.clone()
        for _ in range(3):
            if name == "tau_gda":
                z = z - 0.3 * lam * prob.F(z)
            else:
                z = z - 0.3 * lam * prob.F(z - 0.3 * lam * prob.F(z))
        got = dynamics.simulate(prob, z0.numpy(), name, 0.3, 2.0, 3)
        assert isinstance(got, np.ndarray)
        assert got.dtype == np.float64
        np.testing.assert_allclose(got, z.numpy(), rtol=1e-12, atol=1e-14)
        assert isinstance(z, torch.Tensor)
    with pytest.raises(ZiganError, match="method"):
        dynamics.simulate(prob, z0.numpy(), "adam", 0.3, 2.0, 1)


def test_simulation_stops_at_the_first_non_finite_iterate():
    rng = np.random.default_rng(0)
    prob = make_problem(rng, 3, 2, 4, 3, 2)
    z0 = build_global(prob, rng).z.numpy() + 1.0
    got = dynamics.simulate(prob, z0, "tau_gda", 1e300, 1.0, 50)
    assert not np.all(np.isfinite(got))


# ----- verdicts are computed from the evidence (empty inputs, each part of a correction) -----
@pytest.mark.claim("000.thm2")
def test_theorem2_without_points_is_refuted(monkeypatch):
    empty = ([], dict.fromkeys(theorem2._BUILDERS, 1), dict.fromkeys(theorem2._BUILDERS, 0))
    monkeypatch.setattr(theorem2, "theorem2_samples", lambda *a, **k: empty)
    evidence = theorem2.check_theorem2()
    assert evidence.verdict is Status.REFUTED
    assert "0/0" in evidence.summary
    assert "nan" in evidence.summary


@pytest.mark.claim("000.s5.2.degenerate")
def test_degenerate_without_points_is_refuted(monkeypatch):
    monkeypatch.setattr(theorem2, "build_degenerate", lambda *a, **k: None)
    evidence = theorem2.check_degenerate()
    assert evidence.verdict is Status.REFUTED
    assert evidence.summary.startswith("0 points")


@pytest.mark.claim("000.B4.proof")
def test_b4_without_points_is_refuted(monkeypatch):
    empty = ([], dict.fromkeys(theorem2._BUILDERS, 1), dict.fromkeys(theorem2._BUILDERS, 0))
    monkeypatch.setattr(theorem2, "theorem2_samples", lambda *a, **k: empty)
    assert theorem2.check_b4_proof().verdict is Status.REFUTED


@pytest.mark.claim("000.s5.3.blocks")
def test_global_blocks_without_points_is_refuted(monkeypatch):
    monkeypatch.setattr(global_solutions, "global_points", lambda *a, **k: [])
    assert global_solutions.check_global_blocks().verdict is Status.REFUTED


@pytest.mark.claim("000.B1.P1")
def test_escape_counts_enter_the_verdict(monkeypatch):
    """(P1)'s correction says generated points with ||u_l|| of order 1 escape above a finite tau
    and the hypothesis of [6] fails at them: breaking either part refutes it."""
    evidence = escape.check_escape()
    rows = evidence.data["rows"]
    order_one = [r for r in rows if r["u_max"] >= escape.ESCAPE_MIN_U_NORM]
    assert order_one
    assert all(np.isfinite(r["tau_star"]) for r in order_one)
    assert not any(r["s_res_invertible"] for r in rows)
    # no Theorem-2 point escapes: refuted
    monkeypatch.setattr(escape, "escape_threshold", lambda *a, **k: np.inf)
    assert escape.check_escape().verdict is Status.REFUTED
    monkeypatch.undo()
    # the hypothesis of [6] holds at the points (S_res invertible): the correction is wrong
    real = escape.classify

    def s_res_invertible(problem, z, **kw):
        return real(problem, z, **kw)._replace(s_res_invertible=True)

    monkeypatch.setattr(escape, "classify", s_res_invertible)
    assert escape.check_escape().verdict is Status.REFUTED
    monkeypatch.undo()
    # no generated points: refuted, not an error
    empty = ([], dict.fromkeys(theorem2._BUILDERS, 1), dict.fromkeys(theorem2._BUILDERS, 0))
    monkeypatch.setattr(escape, "theorem2_samples", lambda *a, **k: empty)
    assert escape.check_escape().verdict is Status.REFUTED


@pytest.mark.claim("000.B5.gda_any_tau")
def test_gda_any_tau_both_cases_of_b5():
    """App. B.5: w = 0 and A = 0 global solutions are both linearly unstable for tau-GDA at every
    tau of the grid; EG's radius exceeds 1 exactly below tau = eta^2 mu_max (the condition)."""
    evidence = global_solutions.check_gda_any_tau()
    assert evidence.verdict is Status.CONDITIONAL
    cases = evidence.data["cases"]
    assert set(cases) == {"w=0", "A=0"}
    taus = np.asarray(global_solutions.GDA_ANY_TAU_TAUS)
    for rows in cases.values():
        assert len(rows) == 3
        for c in rows:
            assert c["F"] <= 1e-10
            assert c["perm"] <= 1e-8
            assert c["diagonal_blocks"] <= 1e-12
            assert c["mu_max"] > 0
            assert min(c["gda"]) > 1
            escapes = np.asarray(c["eg"]) > 1 + 1e-12
            assert escapes.any()
            assert not escapes.all()
            np.testing.assert_array_equal(escapes, taus < c["eg_threshold"])
    assert evidence.data["zero_wA_hessian"] <= 1e-12


@pytest.mark.claim("000.B5.gda_any_tau")
def test_zero_discriminator_solution_has_only_g_a_and_theta_a_blocks():
    """A = 0, w != 0, Phi_i g = x_pi(i): F = 0 and grad^2_gA f = -(1/n) w_l sigma'(0) sum Phi_i^T
    is the non-zero part of grad^2_xy f (with grad^2_thetaA f)."""
    import torch

    from zigan_verify.game.closed_form import hessian_blocks

    rng = np.random.default_rng(3)
    prob = make_problem(rng, 3, 2, 4, 2, 2)
    pt = build_global(prob, rng)
    z = global_solutions_math.zero_discriminator_solution(pt, rng)
    assert float(torch.linalg.vector_norm(prob.F(z))) <= 1e-12
    assert global_solutions_math.perm_distance(prob, z.numpy()) <= 1e-12
    H = hessian_blocks(prob, z)
    for name in ("H_gg", "H_gtheta", "H_thetatheta", "H_gw", "H_wtheta", "H_ww", "H_wA", "H_AA"):
        assert float(H[name].abs().max()) <= 1e-12, name
    n, d1, d2, r, *_ = prob.sizes
    w = prob.unpack(z).w
    phi_sum = prob.phi(prob.unpack(z).theta, prob.latents).sum(0)  # sum_i phi(z_i)
    sum_Phi_T = torch.kron(torch.eye(d1, dtype=torch.float64), phi_sum[:, None])  # (d1 d2, d1)
    want = torch.cat([-(w[l] * 0.25 / n) * sum_Phi_T for l in range(r)], dim=1)
    torch.testing.assert_close(H["H_gA"], want, rtol=1e-12, atol=1e-14)
    assert float(H["H_Atheta"].abs().max()) > 1e-3


@pytest.mark.claim("001.thm1")
def test_theorem1_blocks_satisfy_the_hypotheses():
    from zigan_verify.analysis.schur import restricted_schur

    rng = np.random.default_rng(7)
    for _ in range(5):
        A, C, B = asymptotic_spectrum.theorem1_blocks(rng)
        rs = restricted_schur(A, C, B)
        assert rs.rank_B == 3
        assert np.linalg.matrix_rank(B) == 3
        assert (
            np.linalg.svd(rs.gamma, compute_uv=False).min() >= asymptotic_spectrum.THEOREM1_MARGIN
        )
        assert np.abs(np.linalg.eigvalsh(rs.S_res)).min() >= asymptotic_spectrum.THEOREM1_MARGIN
    with pytest.raises(ZiganError, match="rank_b"):
        asymptotic_spectrum.theorem1_blocks(
            rng, d_x=1, d_y=5, rank_b=2
        )  # Gamma has 3 > d_x columns


@pytest.mark.claim("000.thm3")
def test_gda_escapes_eg_converges_near_global_solution():
    """Theorem 3 from a 1e-3 perturbation (n=3, d1=2, r=2 < n d1, tau=4, eta^2 mu_max/tau = 1/2,
    10^4 steps): tau-GDA moves far away, tau-EG's ||F|| goes to zero."""
    sim = global_solutions.regime_run(r=2, seed=0, steps=10000)
    assert sim["tau_gda"]["dist"] > 1e2
    assert sim["tau_eg"]["F"] <= 1e-10


@pytest.mark.claim("000.thm3")
@pytest.mark.xfail(
    strict=True,
    reason="Theorem 3 says tau-EG converges to the global solution; "
    "with r < n d1 its limit is a non-global stationary point (w = 0, generator "
    "3e-4 away from every permutation of the data)",
)
def test_eg_limit_is_global_solution():
    sim = global_solutions.regime_run(r=2, seed=0, steps=10000)
    assert sim["tau_eg"]["perm"] <= 1e-8


def test_bad_step_sizes():
    with pytest.raises(ZiganError, match="eta"):
        update_map(np.eye(2), 0.0, "tau_eg")
    with pytest.raises(ZiganError, match="tau"):
        global_solution_spectrum(np.eye(2), -1.0)
    with pytest.raises(ZiganError, match="method"):
        update_map(np.eye(2), 0.1, "adam")


@pytest.mark.claim("000.B5.gda_any_tau")
def test_gda_any_tau_verdict_follows_the_evidence(monkeypatch):
    """Only large tau (EG radius 1 everywhere): the EG clause holds too, verified; an update map
    of radius 1 (GDA not unstable): refuted."""
    monkeypatch.setattr(global_solutions, "GDA_ANY_TAU_TAUS", (1e3, 1e4))
    assert global_solutions.check_gda_any_tau().verdict is Status.VERIFIED
    monkeypatch.undo()
    monkeypatch.setattr(global_solutions, "update_map", lambda J, eta, method: np.eye(len(J)))
    assert global_solutions.check_gda_any_tau().verdict is Status.REFUTED
