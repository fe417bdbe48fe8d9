"""Independent evidence for the 002 (JARE) claims (NOTE: [claims registry]).

Each test recomputes its statement by a route other than the claim's check in
``zigan_verify.checks.jare``: float64 autograd of the vanilla population loss (Gauss-Hermite) or of
small hand-built GANs, the paper's update rules typed in from eq. (5), (7), (21), (26), (28) and
differentiated by ``torch.func.jacrev``, direct iteration of the linear maps, and numpy eigenvalues
(no SymPy derivation, no ``checks.jare``). That the checks reproduce the registered verdicts is
``tests/test_claims.py::test_check_reproduces_registered_verdict``.
"""

import math

import numpy as np
import pytest
import torch
from scipy.optimize import minimize_scalar

from zigan_verify.analysis.jare.factors import jacobian_numeric
from zigan_verify.analysis.jare.simple_gan import population_loss
from zigan_verify.claims import Status

F64 = torch.float64
SIGMA2, V, GAMMA = 0.3, (0.7, -1.3), 1.7  # a generic point of the paper's regime (beta^2 > 2)
softplus = torch.nn.functional.softplus


def _g1(t):
    return -softplus(-t)


def _g2(t):
    return -softplus(t)


def _deriv(g, k):
    for _ in range(k):
        g = torch.func.grad(g)
    return float(g(torch.zeros((), dtype=F64)))


G2P = _deriv(_g2, 1)  # g2'(0) = -1/2, by autograd
G12PP = _deriv(_g1, 2) + _deriv(_g2, 2)  # g1''(0) + g2''(0) = -1/2


def _w_star(v):
    v = torch.as_tensor(v, dtype=F64)
    return torch.cat([v, torch.zeros_like(v)])


def _S(sigma2, v):
    v = np.asarray(v, dtype=float)
    return sigma2 * np.eye(len(v)) + np.outer(v, v)


def _direction(method, f, n, gamma):
    """``d(w)`` of ``w+ = w + eta d(w)`` as printed in 002 (generator phi = w[:n] minimizes)."""

    def d(w):
        grad = torch.func.grad(f)
        gp = lambda u: grad(u)[:n]  # noqa: E731
        gt = lambda u: grad(u)[n:]  # noqa: E731
        g = grad(w)
        base = torch.cat([-g[:n], g[n:]])  # eq. (5)
        reg_t = torch.func.grad(lambda u: 0.5 * gt(u) @ gt(u))(w)  # grad of ||grad_theta f||^2 / 2
        reg_p = torch.func.grad(lambda u: 0.5 * gp(u) @ gp(u))(w)
        zero = torch.zeros(n, dtype=F64)
        if method == "simgd":
            return base
        if method == "only_generator":  # eq. (21)
            return base - gamma * torch.cat([reg_t[:n], zero])
        if method == "only_discriminator":  # eq. (26)
            return base - gamma * torch.cat([zero, reg_p[n:]])
        if method == "conopt":  # eq. (28)
            return base - gamma * (reg_t + reg_p)
        if method == "jare":  # eq. (7)
            return base - gamma * torch.cat([reg_t[:n], reg_p[n:]])
        raise ValueError(method)

    return d


def _autograd_setup(method, sigma2=SIGMA2, v=V, gamma=GAMMA):
    """``(A_rule, H, M)`` at ``w*``: Jacobian of the rule, Hessian of f, M = d(grad~ f)/dw."""
    n = len(v)
    f = population_loss(sigma2, list(v), nodes=16)
    w = _w_star(v)
    A = torch.func.jacrev(_direction(method, f, n, gamma))(w).numpy()
    H = torch.func.hessian(f)(w).numpy()
    M = np.block([[-H[:n, :n], -H[:n, n:]], [H[n:, :n], H[n:, n:]]])
    return A, H, M


# --- §4 ----------------------------------------------------------------------------------------


@pytest.mark.claim("002.s4.equilibrium")
def test_equilibrium_needs_g1p_plus_g2p_zero():
    """grad f(v, 0) = (0, (g1'(0) + g2'(0)) v): zero for the vanilla GAN, c v for g2 + c t."""
    v = torch.tensor([0.8, -0.5], dtype=F64)
    grad = torch.func.grad(population_loss(0.2, v, nodes=12))(_w_star(v))
    assert float(grad.abs().max()) < 1e-13
    x, wts = np.polynomial.hermite_e.hermegauss(12)
    eps = torch.tensor(np.stack(np.meshgrid(x, x, indexing="ij"), -1).reshape(-1, 2))
    wt = torch.tensor(np.outer(wts, wts).reshape(-1) / wts.sum() ** 2)
    c = 0.3  # g2(t) = -softplus(t) + c t is still concave; g1'(0) + g2'(0) = c

    def f(w):
        s = math.sqrt(0.2)
        return wt @ _g1((v + s * eps) @ w[2:]) + wt @ (_g2(t := (w[:2] + s * eps) @ w[2:]) + c * t)

    grad = torch.func.grad(f)(_w_star(v))
    torch.testing.assert_close(grad[:2], torch.zeros(2, dtype=F64), rtol=0, atol=1e-13)
    torch.testing.assert_close(grad[2:], c * v, rtol=1e-12, atol=1e-13)


@pytest.mark.claim("002.lemma1")
def test_population_loss_is_concave_concave():
    """Midpoint concavity of f in phi (theta fixed) and in theta (phi fixed) at 200 seeded pairs."""
    rng = np.random.default_rng(5)
    worst = -np.inf
    for _ in range(100):
        v = rng.normal(size=2) * 2
        f = population_loss(float(rng.uniform(0.05, 2)), v, nodes=12)
        p, t, p2, t2 = (torch.tensor(rng.normal(size=2) * 2, dtype=F64) for _ in range(4))
        for a, b, fix_phi in ((t, t2, True), (p, p2, False)):

            def w(x, p=p, t=t, fix_phi=fix_phi):
                return torch.cat([p, x] if fix_phi else [x, t])

            gap = (f(w(a)) + f(w(b))) / 2 - f(w((a + b) / 2))
            worst = max(worst, float(gap))
    assert worst <= 1e-12


@pytest.mark.claim("002.lemma2")
def test_hessian_at_equilibrium_by_finite_differences():
    """eq. (4), n = 3: central differences of autograd gradients vs the printed blocks."""
    sigma2, v = 0.45, [0.6, -1.1, 0.9]
    f = population_loss(sigma2, v, nodes=10)
    grad, w, h = torch.func.grad(f), _w_star(v), 1e-5
    eye = torch.eye(6, dtype=F64)
    H = np.stack([((grad(w + h * e) - grad(w - h * e)) / (2 * h)).numpy() for e in eye], 1)
    I3 = np.eye(3)
    printed = np.block([[0 * I3, G2P * I3], [G2P * I3, G12PP * _S(sigma2, v)]])
    np.testing.assert_allclose(H, printed, rtol=0, atol=1e-8)  # O(h^2) + O(eps/h) error


def _simgd_pairs(sigma2, v):
    """Theorem 1's lambda_12 (complex, Im > 0) and real lambda_3, lambda_4 (|lambda_3| > |lambda_4|)."""
    vals = np.linalg.eigvals(jacobian_numeric("simgd", sigma2, v))
    lam12 = vals[np.argmax(vals.imag)]
    real = np.sort(vals[np.abs(vals.imag) < 1e-12].real)
    return lam12, real[0], real[-1]


@pytest.mark.claim("002.cor1")
@pytest.mark.parametrize("sigma2", [0.04, 0.3, 1.0, 1.8])
def test_corollary1_by_iteration(sigma2):
    """Step bound, optimal contraction and the iteration count N for the lambda_12 mode."""
    lam, _, _ = _simgd_pairs(sigma2, [0.0, 3.0])
    zeta = abs(lam.imag / lam.real)
    edge = -2 * lam.real / abs(lam) ** 2  # |1 + eta lambda| = 1
    assert edge == pytest.approx(4 / math.sqrt(1 + zeta**2), rel=1e-12)
    best = minimize_scalar(
        lambda e: abs(1 + e * lam), bounds=(0, edge), method="bounded", options={"xatol": 1e-12}
    )
    assert best.fun == pytest.approx((1 + 1 / zeta**2) ** -0.5, rel=1e-9)
    z, eps, k = 1.0 + 0j, 1e-3, 0  # C0 = 1
    while abs(z) > eps:
        z, k = z * (1 + best.x * lam), k + 1
    assert k == math.ceil(2 * math.log(1 / eps) / math.log(1 + 1 / zeta**2) - 1e-9)


@pytest.mark.claim("002.appA.cor1_proof")
@pytest.mark.parametrize("sigma2", [0.04, 0.5, 1.5])
def test_appA4_square_and_zeta(sigma2):
    """App. A.4: eta^2/4 - sigma^2 eta/2 + 1 is |1 + eta lambda_12|^2 (not |.|), its minimum is
    1 - (sigma^2/2)^2 (not the square root), zeta = sqrt((2/sigma^2)^2 - 1)."""
    lam, _, _ = _simgd_pairs(sigma2, [0.0, 3.0])
    quad = lambda e: e**2 / 4 - sigma2 * e / 2 + 1  # noqa: E731
    for e in (0.1, 0.5, sigma2, 1.3):
        assert abs(1 + e * lam) ** 2 == pytest.approx(quad(e), rel=1e-12)
        assert not math.isclose(abs(1 + e * lam), quad(e), rel_tol=1e-6)
    low = minimize_scalar(quad, bounds=(0, 4), method="bounded", options={"xatol": 1e-10}).fun
    assert low == pytest.approx(1 - (sigma2 / 2) ** 2, rel=1e-12)
    assert abs(low - math.sqrt(1 - (sigma2 / 2) ** 2)) > 1e-4
    assert abs(lam.imag / lam.real) == pytest.approx(math.sqrt((2 / sigma2) ** 2 - 1), rel=1e-10)
    assert (sigma2 / 2) ** 2 - 1 < 0  # the printed zeta is not even real for sigma^2 < 2


@pytest.mark.claim("002.cor2")
@pytest.mark.parametrize(("sigma2", "vn"), [(0.04, 4.0), (0.5, 1.5), (1.0, 10.0)])
def test_corollary2_by_iteration(sigma2, vn):
    """Step bound 4/sqrt(tau), |lambda_4| = 1/(2 sqrt tau); the lambda_4 mode at the largest stable
    step needs N >= log(C1/eps)/log(tau/(tau-2)) > 0 steps, the printed bound is negative."""
    _, l3, l4 = _simgd_pairs(sigma2, [0.0, vn])
    tau = l3 / l4
    assert -2 / l3 == pytest.approx(4 / math.sqrt(tau), rel=1e-10)
    assert -l4 == pytest.approx(1 / (2 * math.sqrt(tau)), rel=1e-10)
    step = (1 - 1e-6) * 4 / math.sqrt(tau)
    z, eps, k = 1.0, 1e-2, 0  # C1 = 1
    while abs(z) > eps:
        z, k = z * (1 + step * l4), k + 1
    correct = math.log(1 / eps) / math.log(tau / (tau - 2))
    assert math.log(1 / eps) / math.log(1 - 2 / tau) < 0 < correct <= k <= correct + 2


@pytest.mark.claim("002.appA.cor2_proof")
def test_appA5_bound_along_lambda4():
    """Iterating I + eta A from the unit lambda_4 eigenvector: ||w^k|| >= (1 - 2/tau)^k but falls
    below the printed (1 - 2/tau)^(k/2), and decays at |1 + eta lambda_4|, not |1 + eta lambda_12|."""
    sigma2, v = 0.1, [3.0, 0.0]
    A = jacobian_numeric("simgd", sigma2, v)
    vals, vecs = np.linalg.eig(A)
    lam12, l3, l4 = _simgd_pairs(sigma2, v)
    tau = l3 / l4
    step = 0.99 * 4 / math.sqrt(tau)
    w = vecs[:, np.argmin(np.abs(vals - l4))].real
    w /= np.linalg.norm(w)
    T = np.eye(4) + step * A
    norms = [1.0]
    for _ in range(2000):
        w = T @ w
        norms.append(float(np.linalg.norm(w)))
    k = np.arange(len(norms))
    norms = np.array(norms)
    assert (norms >= (1 - 2 / tau) ** k * (1 - 1e-12)).all()
    assert (norms[1:] < (1 - 2 / tau) ** (k[1:] / 2)).any()
    rate = norms[-1] / norms[-2]
    assert rate == pytest.approx(abs(1 + step * l4), rel=1e-10)
    assert abs(rate - abs(1 + step * lam12)) > 1e-3


# --- §5 ----------------------------------------------------------------------------------------


def _gammas(method, H, n, gamma):
    """(printed Gamma, Gamma with grad^2_phitheta f) of §5.1-5.2."""
    Hpp, Hpt, Htp, Htt = H[:n, :n], H[:n, n:], H[n:, :n], H[n:, n:]
    eye, zero = np.eye(n), np.zeros((n, n))
    printed = {
        "only_generator": [[eye, -gamma * Hpp], [zero, eye]],
        "only_discriminator": [[eye, zero], [gamma * Htp, eye]],
        "conopt": [[eye + gamma * Hpp, -gamma * Hpt], [gamma * Htp, eye - gamma * Htt]],
        "jare": [[eye, -gamma * Hpp], [gamma * Htp, eye]],
    }[method]
    fixed = {
        "only_generator": [[eye, -gamma * Hpt], [zero, eye]],
        "jare": [[eye, -gamma * Hpt], [gamma * Htp, eye]],
    }.get(method, printed)
    return np.block(printed), np.block(fixed)


@pytest.mark.parametrize(
    ("method", "printed_holds"),
    [
        pytest.param("only_generator", False, marks=pytest.mark.claim("002.s5.gamma_gen")),
        pytest.param("only_discriminator", True, marks=pytest.mark.claim("002.s5.gamma_disc")),
        pytest.param("conopt", True, marks=pytest.mark.claim("002.s5.gamma_conopt")),
        pytest.param("jare", False, marks=pytest.mark.claim("002.s5.gamma_jare")),
    ],
)
def test_gamma_times_M_is_the_rule_jacobian(method, printed_holds):
    """§5: autograd Jacobian of the typed-in update rule vs Gamma M (printed and corrected)."""
    A, H, M = _autograd_setup(method)
    printed, fixed = _gammas(method, H, 2, GAMMA)
    np.testing.assert_allclose(fixed @ M, A, rtol=0, atol=1e-11)
    assert np.allclose(printed @ M, A, rtol=0, atol=1e-11) is printed_holds


@pytest.mark.claim("002.appD.regularizers")
@pytest.mark.parametrize("method", ["only_generator", "only_discriminator", "conopt"])
def test_appD_jacobians_and_eigenvalues(method):
    """eq. (25), (27): eigenvalues (-(s + gamma/2) +- sqrt((s + gamma/2)^2 - 4))/4; ConOpt:
    Gamma = I - gamma M^T and A = M - gamma M^T M (autograd of the rule)."""
    A, _, M = _autograd_setup(method)
    if method == "conopt":
        np.testing.assert_allclose(A, M - GAMMA * M.T @ M, rtol=0, atol=1e-11)
        return
    beta2 = SIGMA2 + float(np.dot(V, V))
    want = [
        (-(s + GAMMA / 2) + sign * np.sqrt(complex((s + GAMMA / 2) ** 2 - 4))) / 4
        for s in (SIGMA2, beta2)
        for sign in (1, -1)
    ]
    np.testing.assert_allclose(
        np.sort_complex(np.linalg.eigvals(A)), np.sort_complex(np.array(want)), atol=1e-10
    )


@pytest.mark.claim("002.appD.M")
def test_appD_M_by_autograd():
    """The Jacobian of the SimGD map is M = [[0, I/2], [-I/2, -S/2]]; the printed first display
    [[0,-I/2],[I/2,-S/2]] is M^T = d(grad~ f)/dw in the paper's layout (M := (d grad~f/dw)^T),
    and the product factor [[0,-I/2],[-I/2,-S/2]] is neither."""
    _, _, M = _autograd_setup("simgd")
    eye, S = np.eye(2), _S(SIGMA2, V)
    np.testing.assert_allclose(M, np.block([[0 * eye, eye / 2], [-eye / 2, -S / 2]]), atol=1e-12)
    printed = np.block([[0 * eye, -eye / 2], [eye / 2, -S / 2]])
    factor = np.block([[0 * eye, -eye / 2], [-eye / 2, -S / 2]])
    np.testing.assert_allclose(printed, M.T, atol=1e-12)
    assert not np.allclose(printed, M)
    assert not np.allclose(factor, M)
    assert not np.allclose(factor, M.T)


def _pair_factors(A):
    """(zeta of the complex pair, tau of the real pair) of a 4x4 JARE-family Jacobian."""
    vals = np.linalg.eigvals(A)
    cplx = vals[np.abs(vals.imag) > 1e-12]
    real = np.sort(np.abs(vals[np.abs(vals.imag) <= 1e-12].real))
    zeta = float(np.abs(cplx.imag / cplx.real).max()) if len(cplx) else 0.0
    return zeta, float(real[-1] / real[0]) if len(real) == 2 else np.nan


@pytest.mark.claim("002.thm2")
@pytest.mark.parametrize("method", ["only_generator", "only_discriminator"])
def test_theorem2_phase_down_conditioning_up(method):
    """Only-G/only-D: zeta falls and tau rises with gamma (numeric eigenvalues on a grid)."""
    for sigma2, vn in ((0.04, 4.0), (0.3, 2.0), (1.0, 6.0)):
        zt = [_pair_factors(jacobian_numeric(method, sigma2, [0, vn], g)) for g in (0.1, 0.5, 1.0)]
        assert zt[0][0] > zt[1][0] > zt[2][0] > 0
        assert zt[0][1] < zt[1][1] < zt[2][1]


@pytest.mark.claim("002.thm2")
def test_theorem2_conopt_worsens_conditioning():
    """ConOpt: A = M - gamma M^T M from M = [[0, I/2], [-I/2, -S/2]]; tau(A) > tau(M), rising."""
    for sigma2, vn in ((0.04, 4.0), (0.3, 2.0), (1.0, 6.0)):
        eye, S = np.eye(2), _S(sigma2, [0.0, vn])
        M = np.block([[0 * eye, eye / 2], [-eye / 2, -S / 2]])
        mags = [np.abs(np.linalg.eigvals(M - g * M.T @ M)) for g in (0.0, 0.5, 2.0, 10.0)]
        taus = [x.max() / x.min() for x in mags]
        assert all(a < b for a, b in zip(taus, taus[1:], strict=False))


@pytest.mark.claim("002.appD.delta_prime")
def test_delta_prime_sign():
    """Delta = (1 + gamma|l_bar|)/(1 + gamma|l_under|), |l_bar| > |l_under|: central differences
    give (l_under - l_bar)/(1 - gamma l_under)^2 > 0; the printed numerator flips the sign."""
    rng = np.random.default_rng(3)
    for _ in range(50):
        l_under, l_bar = -np.sort(rng.uniform(0.01, 5, size=2))  # l_bar < l_under < 0
        g, h = rng.uniform(0.1, 10), 1e-6
        delta = lambda x, lb=l_bar, lu=l_under: (1 - x * lb) / (1 - x * lu)  # noqa: E731
        fd = (delta(g + h) - delta(g - h)) / (2 * h)
        # central differences: O(h^2) truncation, O(eps/h) ~ 1e-10 rounding
        assert fd == pytest.approx((l_under - l_bar) / (1 - g * l_under) ** 2, rel=1e-6, abs=1e-9)
        assert fd > 0 > (l_bar - l_under) / (1 - g * l_under) ** 2


@pytest.mark.claim("002.appD.A_jare")
def test_jare_A_by_autograd():
    """App. D.2: A = [[-gamma/4 I, I/2 - gamma/4 S], [-I/2, -gamma/4 I - S/2]] (printed -gamma/2)."""
    A, _, _ = _autograd_setup("jare")
    eye, S, g = np.eye(2), _S(SIGMA2, V), GAMMA
    want = np.block([[-g / 4 * eye, eye / 2 - g / 4 * S], [-eye / 2, -g / 4 * eye - S / 2]])
    np.testing.assert_allclose(A, want, rtol=0, atol=1e-11)
    assert not np.allclose(A[:2, :2], -g / 2 * eye)


@pytest.mark.claim("002.appD.eq35")
def test_eq35_tau_and_h2_prime():
    """tau of JARE's real pair = (sqrt h2 + sqrt(h2 - 1))^2 (printed h2^2 - 1); h2' has
    denominator (gamma^2 + 4)^2 (printed (gamma + 4)^4), by central differences."""
    sigma2, vn = 0.2, 3.0
    beta2 = sigma2 + vn**2
    h2 = lambda g: (beta2 + g) ** 2 / (g**2 + 4)  # noqa: E731
    for g in (0.5, 2.9, 20.0):
        # n = 1: S = sigma^2 + v^2 = beta^2, so the 2x2 Jacobian is the lambda_{3,4} pair alone
        mag = np.sort(np.abs(np.linalg.eigvals(jacobian_numeric("jare", sigma2, [vn], g))))
        tau = mag[1] / mag[0]
        assert tau == pytest.approx((math.sqrt(h2(g)) + math.sqrt(h2(g) - 1)) ** 2, rel=1e-9)
        assert abs(tau - (math.sqrt(h2(g)) + math.sqrt(h2(g) ** 2 - 1)) ** 2) > 1e-3 * tau
        fd = (h2(g + 1e-6) - h2(g - 1e-6)) / 2e-6
        num = 2 * (g + beta2) * (4 - beta2 * g)
        assert fd == pytest.approx(num / (g**2 + 4) ** 2, rel=1e-6)
        assert abs(fd - num / (g + 4) ** 4) > 1e-3 * abs(fd)


# --- §6 ----------------------------------------------------------------------------------------


def _linear_gan(d=2, k=3, N=40, seed=0):
    """D_theta(x) = theta^T x, G_phi(z) = a + B z, real data = G_phi*(z_i) on the same z_i."""
    gen = torch.Generator().manual_seed(seed)
    z = torch.randn(N, k, generator=gen, dtype=F64)
    phi_star = torch.randn(d + d * k, generator=gen, dtype=F64)
    G = lambda p: p[:d] + z @ p[d:].reshape(d, k).T  # noqa: E731
    x = G(phi_star)
    m = d + d * k

    def f(w):
        return _g1(x @ w[m:]).mean() + _g2(G(w[:m]) @ w[m:]).mean()

    w_star = torch.cat([phi_star, torch.zeros(d, dtype=F64)])
    H = torch.func.hessian(f)(w_star).numpy()
    JG = torch.func.jacrev(G)(phi_star).numpy()  # (N, d, m); grad^2_{x theta} D = I
    return H, JG, x.numpy(), m, d


@pytest.mark.claim("002.lemma3")
def test_lemma3_on_a_linear_gan():
    """A = [[0, -P], [P^T, Q]], P = g2'(0) E[grad_phi G grad^2_xtheta D],
    Q = (g1''(0) + g2''(0)) E[grad_theta D grad_theta D^T]."""
    H, JG, x, m, n = _linear_gan()
    A = np.block([[-H[:m, :m], -H[:m, m:]], [H[m:, :m], H[m:, m:]]])
    P = G2P * JG.mean(0).T
    Q = G12PP * x.T @ x / len(x)
    np.testing.assert_allclose(A, np.block([[np.zeros((m, m)), -P], [P.T, Q]]), atol=1e-13)


@pytest.mark.claim("002.appE.lemma3_proof")
def test_lemma3_proof_shapes_and_factor():
    """m = 8 != n = 2: Q is n x n; P is grad^2_phitheta f (grad^2_phiphi f = 0); its factor is
    g2'(0) = -1/2, not g2''(0) = -1/4."""
    H, JG, _, m, n = _linear_gan()
    Q, P = H[m:, m:], H[:m, m:]
    assert m != n
    assert Q.shape == (n, n)
    assert P.shape == (m, n)
    assert np.abs(H[:m, :m]).max() == 0.0
    assert np.abs(P).max() > 0.1
    base = JG.mean(0).T
    np.testing.assert_allclose(P, G2P * base, atol=1e-14)
    assert not np.allclose(P, _deriv(_g2, 2) * base)


def _commuting_blocks(p, q, rng):
    """P = U diag(p) U^T, Q = -U diag(q) U^T: A decouples into [[0, -p_i], [p_i, -q_i]]."""
    U = np.linalg.qr(rng.normal(size=(len(p), len(p))))[0]
    return U @ np.diag(p) @ U.T, -U @ np.diag(q) @ U.T


def _block_roots(p, q):
    return [np.linalg.eigvals(np.array([[0, -pi], [pi, -qi]])) for pi, qi in zip(p, q, strict=True)]


@pytest.mark.claim("002.s6.phase_example")
def test_phase_example_is_a_lower_bound():
    """c |lambda_min(Q)|^2 = 4 lambda_min(P^T P), c = 100: every zeta >= sqrt(c - 1), equal only
    when one eigenpair holds both extremes."""
    rng, c = np.random.default_rng(1), 100.0
    for aligned in (True, False):
        # q_max on the same eigenvector as p_min (aligned) or on another one
        q = np.array([2.0, 1.3, 0.7]) if aligned else np.array([0.7, 1.3, 2.0])
        p = np.sqrt(c) * q.max() / 2 * np.array([1.0, 1.4, 1.9])  # p_min^2 = c q_max^2 / 4
        P, Q = _commuting_blocks(p, q, rng)
        vals = np.linalg.eigvals(np.block([[np.zeros((3, 3)), -P], [P.T, Q]]))
        np.testing.assert_allclose(
            np.sort_complex(vals), np.sort_complex(np.concatenate(_block_roots(p, q))), atol=1e-10
        )
        zeta = np.abs(vals.imag / vals.real)
        assert zeta.min() >= math.sqrt(c - 1) * (1 - 1e-12)
        assert bool(zeta.min() == pytest.approx(math.sqrt(c - 1), rel=1e-9)) is aligned
        assert zeta.max() > 1.5 * math.sqrt(c - 1)


@pytest.mark.claim("002.s6.conditioning_example")
def test_conditioning_example_is_a_lower_bound():
    """c' |lambda_max(Q)|^2 = 4 lambda_max(P^T P), c' = 0.01: every pair's tau >=
    (sqrt(1/c') + sqrt(1/c' - 1))^2, equal only when one eigenpair holds both extremes."""
    rng, c = np.random.default_rng(2), 0.01
    bound = (math.sqrt(1 / c) + math.sqrt(1 / c - 1)) ** 2
    for aligned in (True, False):
        q = np.array([0.7, 1.3, 2.0]) if aligned else np.array([2.0, 1.3, 0.7])
        p = np.sqrt(c) * q.min() / 2 * np.array([1.0, 0.8, 0.6])  # p_max^2 = c' q_min^2 / 4
        P, Q = _commuting_blocks(p, q, rng)
        vals = np.linalg.eigvals(np.block([[np.zeros((3, 3)), -P], [P.T, Q]]))
        assert np.abs(vals.imag).max() < 1e-12  # a1^2 > 4 a2 for every pair
        taus = [abs(r).max() / abs(r).min() for r in _block_roots(p, q)]
        assert min(taus) >= bound * (1 - 1e-9)
        assert bool(min(taus) == pytest.approx(bound, rel=1e-7)) is aligned
        assert max(taus) > 1.5 * bound


# --- App. B ------------------------------------------------------------------------------------


def _dirac_jacobian(f, v):
    H = torch.func.hessian(f)(torch.tensor([v, 0.0], dtype=F64)).numpy()
    return np.array([[-H[0, 0], -H[0, 1]], [H[1, 0], H[1, 1]]])


@pytest.mark.claim("002.appB.v5")
def test_appB_at_v5_by_autograd():
    """(19): f = g1(theta v) + g2(theta phi); (20): f = g1(theta e^v) + g2(theta e^phi), v = 5."""
    v = 5.0
    A19 = _dirac_jacobian(lambda w: _g1(w[1] * v) + _g2(w[1] * w[0]), v)
    vals = np.sort(np.linalg.eigvals(A19).real)
    np.testing.assert_allclose(vals, np.sort((-25 + np.array([1, -1]) * math.sqrt(621)) / 4))
    printed_roots = np.sort((-25 + np.array([1, -1]) * math.sqrt(621)) / 2)
    for derived, printed in zip(vals, printed_roots, strict=True):
        assert abs(np.linalg.det(derived * np.eye(2) - A19)) < 1e-12
        assert abs(np.linalg.det(printed * np.eye(2) - A19)) > 0.1  # not a root
    tau19 = vals[0] / vals[1]
    assert 100 < tau19 < 1000
    A20 = _dirac_jacobian(lambda w: _g1(w[1] * math.exp(v)) + _g2(w[1] * torch.exp(w[0])), v)
    mag = np.sort(np.abs(np.linalg.eigvals(A20)))
    e = math.exp(10)
    np.testing.assert_allclose(
        np.sort(-mag), np.sort((-e + np.array([1, -1]) * math.sqrt(e * e - 4 * e)) / 4), rtol=1e-9
    )
    tau20 = mag[1] / mag[0]
    assert tau20 == pytest.approx(e - 2, rel=1e-6)
    assert 1e4 < tau20 < 1e5  # of order 10^4: the printed Omega(10^5) fails


@pytest.mark.claim("002.appD.M")
def test_appD_M_erratum_is_only_the_product_factor(monkeypatch):
    """The check decides the first display under M := (d grad~f/dw)^T: it is right (M^T), and
    the verdict flips to refuted if the first display were printed as M itself (the layout slip
    the narrowed correction no longer charges to the paper)."""
    from zigan_verify.analysis.jare import jacobians as ja
    from zigan_verify.checks import jare as checks_jare

    evidence = checks_jare.check_appD_M()
    assert evidence.verdict is Status.ERRATUM, evidence.summary
    assert evidence.data == {
        "first_display_is_M_T": True,
        "factor_wrong": True,
        "products_right": True,
    }
    real = ja.printed_intermediates

    def first_display_as_M(n):
        mats = dict(real(n))
        mats["D1.M_printed"] = (ja.nabla_tilde_jacobian(n), mats["D1.M_printed"][1])
        return mats

    monkeypatch.setattr(checks_jare.ja, "printed_intermediates", first_display_as_M)
    assert checks_jare.check_appD_M().verdict is Status.REFUTED
