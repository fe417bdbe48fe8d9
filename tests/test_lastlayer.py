"""The last-layer problem of 000 §6 (zigan_verify.analysis.lastlayer) and the checks of its claims."""

import numpy as np
import pytest
import torch

from zigan_verify import ZiganError
from zigan_verify.analysis.lastlayer import (
    INVARIANT_RTOL,
    LastLayer,
    digits_28,
)
from zigan_verify.checks import implicit_bias
from zigan_verify.checks.implicit_bias import paper_scale_invariant, seeded_instance
from zigan_verify.claims import get_claim
from zigan_verify.game.problem import ZIGANProblem
from zigan_verify.optim.minimax import optim_db, tau_eg
from zigan_verify.testing.tolerances import TOL

# (seed, n, d1, d2, r, repeat_latent): generic, n > d2, and a repeated latent
CASES = [(0, 2, 2, 5, 3, False), (1, 4, 2, 3, 2, False), (2, 3, 3, 4, 2, True)]


@pytest.mark.parametrize("case", CASES, ids=["full-rank", "n>d2", "repeated-latent"])
def test_kronecker_structure_against_dense_pinv(case):
    """NOTE: [last-layer structure] against numpy.linalg.pinv of the dense (n d1) x (d1 d2) Phi."""
    seed, n, d1, d2, r, rep = case
    layer, _ = seeded_instance(seed, n, d1, d2, r, repeat_latent=rep)
    Phi = layer.dense().numpy()
    pinv = np.linalg.pinv(Phi, rcond=layer.rcond)
    assert layer.rank == np.linalg.matrix_rank(layer.features.numpy())
    assert np.linalg.matrix_rank(Phi) == layer.rank * d1
    rng = np.random.default_rng(1749531508689996)
    g, y = rng.standard_normal(d1 * d2), rng.standard_normal(n * d1)
    gt, Y = torch.as_tensor(g), torch.as_tensor(y).view(n, d1)
    tol = {"rtol": 1e-10, "atol": 1e-12}  # an SVD of a well-conditioned 4 x 5 matrix: ~100 eps
    np.testing.assert_allclose(layer.project_range(gt).numpy(), pinv @ Phi @ g, **tol)
    np.testing.assert_allclose(layer.project_null(gt).numpy(), g - pinv @ Phi @ g, **tol)
    np.testing.assert_allclose(layer.pinv_apply(Y).numpy(), pinv @ y, **tol)
    np.testing.assert_allclose(
        Phi @ Phi.T, np.kron(layer.gram.numpy(), np.eye(d1)), **TOL["exact_vs_float"]
    )
    # G phi_i = Phi_i g with rows of G stacked (NOTE: [parameter layout])
    G = g.reshape(d1, d2)
    np.testing.assert_allclose(
        layer.apply(gt).numpy(), layer.features.numpy() @ G.T, **TOL["exact_vs_float"]
    )


@pytest.mark.parametrize("loss", ["zi", "js"])
def test_closed_form_operator_matches_autograd(loss):
    """F of the sub-problem (000 eqs. (5), (7), (8) with theta dropped) vs torch.func.grad."""
    gen = torch.Generator().manual_seed(3)
    prob = ZIGANProblem(
        torch.randn(3, 2, generator=gen), torch.randn(3, 2, generator=gen), r=4, width=5, loss=loss
    )
    layer = LastLayer(prob, torch.randn(prob.sizes.m, generator=gen))
    u = torch.randn(layer.dim, generator=gen)
    torch.testing.assert_close(layer.F(u), layer.F_autograd(u), **TOL["closed_form_vs_autograd"])
    # and it is the (g, w, A) part of the full problem's F
    full = prob.F(layer.embed(u))
    torch.testing.assert_close(layer.F(u), layer.restrict(full), **TOL["closed_form_vs_autograd"])


def test_min_norm_solution_solves_the_system_and_matching_recovers_pi():
    """Phi g = Q_pi^T x for g = Phi^+ Q_pi^T x when Phi has full row rank, and the matching finds
    pi back from the generated samples."""
    layer, _ = seeded_instance(0, 3, 2, 5, 3)
    for perm in [(0, 1, 2), (2, 0, 1), (1, 2, 0)]:
        g = layer.min_norm_solution(perm)
        torch.testing.assert_close(
            layer.apply(g), layer.targets(perm), rtol=1e-10, atol=1e-10
        )  # Phi_f has cond ~ 10: a few ulps times cond
        assert layer.match(g) == (perm, pytest.approx(0.0, abs=1e-9))
        assert float(layer.project_null(g).norm()) <= 1e3 * INVARIANT_RTOL


def test_inconsistent_permutation_with_repeated_latent():
    """With phi_i = phi_j but x_i != x_j no global solution exists: the residual says so."""
    layer, _ = seeded_instance(1, 3, 1, 6, 4, repeat_latent=True)
    assert layer.rank == 2
    assert layer.consistency_residual((0, 1, 2)) > 1e-3


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param({"theta": torch.zeros(3)}, r"theta has shape \(3,\)", id="theta-shape"),
        pytest.param({"rcond": -1.0}, "rcond must be finite and > 0", id="rcond"),
    ],
)
def test_bad_arguments_raise(kwargs, match):
    layer, _ = seeded_instance(0, 2, 2, 5, 3)
    args = {"theta": layer.theta, **kwargs}
    with pytest.raises(ZiganError, match=match):
        LastLayer(layer.problem, args.pop("theta"), **args)


def test_bad_permutation_and_block_sizes_raise():
    layer, _ = seeded_instance(0, 2, 2, 5, 3)
    with pytest.raises(ZiganError, match=r"permutation of 0..1, got \(0, 0\)"):
        layer.min_norm_solution((0, 0))
    with pytest.raises(ZiganError, match="block w has 2 entries, expected 3"):
        layer.pack(torch.zeros(10), torch.zeros(2), torch.zeros(3, 2))


def test_null_space_shift_shifts_the_whole_trajectory():
    """F depends on g only through Phi g, so starting at g_0 + y, y in N(Phi), shifts every
    iterate's g by exactly y (up to rounding): the reason the limit is min-norm + P_N(g_0)."""
    layer, u0 = seeded_instance(0, 2, 2, 5, 3, w_scale=1.0)
    y = layer.project_null(torch.randn(layer.n_x, generator=torch.Generator().manual_seed(1)))
    shifted = u0.clone()
    shifted[: layer.n_x] += y
    opt = tau_eg(0.1, 4.0)
    u, v, su, sv = u0, shifted, opt.init(u0), opt.init(shifted)
    for _ in range(30):
        u, su = opt.step(u, su, layer.operator)
        v, sv = opt.step(v, sv, layer.operator)
    torch.testing.assert_close(v[: layer.n_x] - u[: layer.n_x], y, rtol=0, atol=1e-12)


def test_digits_loader():
    X = digits_28(5, seed=0)
    assert X.shape == (5, 784)
    assert X.dtype == torch.float64
    assert 0.0 <= float(X.min())
    assert float(X.max()) <= 1.0
    with pytest.raises(ZiganError, match=r"n must be in \[1, 1797\], got 0"):
        digits_28(0)


# ----- the registered claims: each check's verdict is the registered status -----
@pytest.mark.claim("000.s6.invariant")
@pytest.mark.claim("000.s6.adam_sign")
@pytest.mark.claim("000.s6.limit")
@pytest.mark.claim("000.s6.theta_trained")
@pytest.mark.parametrize(
    "claim_id",
    ["000.s6.invariant", "000.s6.adam_sign", "000.s6.limit", "000.s6.theta_trained"],
)
def test_check_verdict_is_registered_status(claim_id, registered_evidence):
    evidence = registered_evidence(claim_id)
    assert evidence.verdict is get_claim(claim_id).status, evidence.summary


@pytest.mark.claim("000.s6.adam_sign")
def test_adam_and_sign_violation_sizes():
    """The measured violation: far above the rounding bound, a visible fraction of the path."""
    drifts = implicit_bias._drifts(["adam_eg", "sign_eg", "tau_eg"])
    assert drifts["tau_eg"] <= INVARIANT_RTOL
    assert drifts["adam_eg"] > 1e-3
    assert drifts["sign_eg"] > 1e-3


@pytest.mark.claim("000.s6.adam_sign")
@pytest.mark.parametrize(
    ("broken", "want"),
    [
        ((), "verified"),  # nothing leaves R(Phi^T): 'any gradient method' would hold
        (("adam_eg",), "conditional"),
        (("adam_eg", "sign_eg"), "conditional"),  # as registered
        (("adam_eg", "sign_eg", "tau_eg"), "refuted"),  # a linear method breaks the invariant
        (("adam_eg", "sign_eg", "conopt"), "refuted"),  # the correction says ConOpt keeps it
        (("jare",), "refuted"),
    ],
)
def test_adam_sign_verdict_is_computed_from_every_drift(broken, want):
    names = ("adam_eg", "sign_eg", "conopt", "jare", "tau_eg", "gda")
    drifts = {n: (0.05 if n in broken else 1e-16) for n in names}
    assert implicit_bias.adam_sign_verdict(drifts, ["tau_eg", "gda"]).value == want


@pytest.mark.claim("000.s6.adam_sign")
def test_adam_sign_evidence_carries_every_drift_once(monkeypatch):
    calls = []
    real = implicit_bias._drifts

    def counting(names, steps=40):
        calls.append(list(names))
        return real(names, steps)

    monkeypatch.setattr(implicit_bias, "_drifts", counting)
    evidence = implicit_bias.check_adam_sign()
    linear = [i.name for i in optim_db if i.linear_in_gradients]
    assert len(calls) == 1
    assert set(evidence.data["drift_over_path"]) == {"adam_eg", "sign_eg", "conopt", "jare"} | set(
        linear
    )
    assert evidence.verdict is implicit_bias.adam_sign_verdict(
        evidence.data["drift_over_path"], linear
    )


@pytest.mark.claim("000.s6.theta_trained")
def test_theta_trained_leaves_the_range():
    evidence = implicit_bias.check_theta_trained(steps=100)
    assert min(evidence.data["null_fraction_now"]) > 1e6 * INVARIANT_RTOL
    assert min(evidence.data["theta_moved"]) > 0


@pytest.mark.slow
@pytest.mark.claim("000.s6.paper_scale")
def test_paper_scale_invariant():
    """App. C sizes: n = 32 digits, G 784 x 500, r = 3000, p = 100; 300 tau-EG steps."""
    evidence = paper_scale_invariant(steps=300, progress=True)
    assert evidence.verdict is get_claim("000.s6.paper_scale").status, evidence.summary
    assert evidence.data["rank"] == 32
    assert evidence.data["moved"] > 0
