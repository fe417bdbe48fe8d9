"""Each 002 (JARE) claim: its check's verdict equals the registered status (NOTE: [claims registry])."""

import pytest

from zigan_verify.claims import get_claim, run_check


def _assert_verdict(claim_id: str) -> None:
    claim = get_claim(claim_id)
    evidence = run_check(claim)
    assert evidence.verdict == claim.status, evidence.summary


@pytest.mark.claim("002.s4.equilibrium")
def test_s4_equilibrium():
    """§4, after eq. (3): For general concave g1, g2, (phi*, theta*) = (v, 0) is an equilibrium..."""
    _assert_verdict("002.s4.equilibrium")


@pytest.mark.claim("002.lemma1")
def test_lemma1():
    """§4, Lemma 1; App. A.1: f in eq. (3) is concave-concave in (phi, theta)."""
    _assert_verdict("002.lemma1")


@pytest.mark.claim("002.lemma2")
def test_lemma2():
    """§4, Lemma 2 (eq. (4)); App. A.2: grad^2 f = [[0, g2'(0) I], [g2'(0) I, (g1''(0)+g2''(0))(sigma^2 I + v..."""
    _assert_verdict("002.lemma2")


@pytest.mark.claim("002.thm1")
def test_thm1():
    """§4, Theorem 1; App. A.3 (eq. (15)-(18)): SimGD Jacobian eigenvalues (-sigma^2 +- sqrt(sigma^4-4))/4 and (-beta^..."""
    _assert_verdict("002.thm1")


@pytest.mark.claim("002.cor1")
def test_cor1():
    """§4, Corollary 1: 0 < eta < 4/sqrt(1+zeta^2); N >= 2 log(C0/eps)/log(1+1/zeta^2) = O(zet..."""
    _assert_verdict("002.cor1")


@pytest.mark.claim("002.appA.cor1_proof")
def test_appA_cor1_proof():
    """App. A.4: |1 + eta lambda_12| = eta^2/4 - sigma^2 eta/2 + 1 >= sqrt(1-(sigma^2/2..."""
    _assert_verdict("002.appA.cor1_proof")


@pytest.mark.claim("002.cor2")
def test_cor2():
    """§4, Corollary 2: 0 < eta < 4/sqrt(tau); for tau > 2, N > log(C1/eps)/log(1 - 2/tau) = O..."""
    _assert_verdict("002.cor2")


@pytest.mark.claim("002.appA.cor2_proof")
def test_appA_cor2_proof():
    """App. A.5: ||w^(k)|| >= (1 - 2/tau)^(k/2) C1 with w~_j' = |1 + eta lambda_12|^k w..."""
    _assert_verdict("002.appA.cor2_proof")


@pytest.mark.claim("002.s5.gamma_gen")
def test_s5_gamma_gen():
    """§5.1, only regularizing generator: Gamma = [[I, -gamma grad^2_phiphi f], [0, I]]."""
    _assert_verdict("002.s5.gamma_gen")


@pytest.mark.claim("002.s5.gamma_disc")
def test_s5_gamma_disc():
    """§5.1, only regularizing discriminator: Gamma = [[I, 0], [gamma grad^2_thetaphi f, I]]."""
    _assert_verdict("002.s5.gamma_disc")


@pytest.mark.claim("002.s5.gamma_conopt")
def test_s5_gamma_conopt():
    """§5.1, ConOpt: Gamma = [[I + gamma grad^2_phiphi f, -gamma grad^2_phitheta f], [gamma..."""
    _assert_verdict("002.s5.gamma_conopt")


@pytest.mark.claim("002.s5.gamma_jare")
def test_s5_gamma_jare():
    """§5.2, eq. (7): Gamma = [[I, -gamma grad^2_phiphi f], [gamma grad^2_thetaphi f, I]]."""
    _assert_verdict("002.s5.gamma_jare")


@pytest.mark.claim("002.appD.regularizers")
def test_appD_regularizers():
    """App. D.1-D.2, eq. (15), (18), (22)-(27), (29), (33): Gamma, A and eigenvalues of only-G, only-D (eq. (25), (27)), ConOpt's..."""
    _assert_verdict("002.appD.regularizers")


@pytest.mark.claim("002.appD.M")
def test_appD_M():
    """App. D.1: d(nabla~f)/dw = [[0, -I/2], [I/2, -S/2]], used as [[0, -I/2], [-I/2, -..."""
    _assert_verdict("002.appD.M")


@pytest.mark.claim("002.thm2")
def test_thm2():
    """§5.1, Theorem 2; App. D.1: Only-G, ConOpt and only-D cannot alleviate the Phase and Conditioning..."""
    _assert_verdict("002.thm2")


@pytest.mark.claim("002.appD.delta_prime")
def test_appD_delta_prime():
    """App. D.1, after eq. (30): Delta'(gamma) = (bar-lambda(M) - underline-lambda(M)) / (1 - gamma und..."""
    _assert_verdict("002.appD.delta_prime")


@pytest.mark.claim("002.thm3")
def test_thm3():
    """§5.2, Theorem 3; App. D.2: JARE eigenvalues (-(s+gamma) +- sqrt((s+gamma)^2 - (gamma^2+4)))/4, s..."""
    _assert_verdict("002.thm3")


@pytest.mark.claim("002.appD.A_jare")
def test_appD_A_jare():
    """App. D.2: A = [[-gamma/2 I, I/2 - gamma/4 S], [-I/2, -gamma/4 I - S/2]]."""
    _assert_verdict("002.appD.A_jare")


@pytest.mark.claim("002.cor3")
def test_cor3():
    """§5.2, Corollary 3; App. D.3: zeta decreases in gamma; tau decreases in gamma for gamma >= 2; zeta -..."""
    _assert_verdict("002.cor3")


@pytest.mark.claim("002.appD.eq35")
def test_appD_eq35():
    """App. D.3, eq. (35): tau = (sqrt(h2) + sqrt(h2^2 - 1))^2, h2' = 2(gamma+beta^2)(4-beta^2 ga..."""
    _assert_verdict("002.appD.eq35")


@pytest.mark.claim("002.eta_max")
def test_eta_max():
    """§5.2: JARE needs 0 < eta < eta_max = 8 min{(gamma+sigma^2)/(gamma^2+4), 1/((..."""
    _assert_verdict("002.eta_max")


@pytest.mark.claim("002.eta_max.monotone")
def test_eta_max_monotone():
    """§5.2: eta_max decreases as gamma increases."""
    _assert_verdict("002.eta_max.monotone")


@pytest.mark.claim("002.lemma3")
def test_lemma3():
    """§6, Lemma 3 (eq. (8), (9)); App. E.1: Under Assumptions 1-2, A = [[0, -P], [P^T, Q]] with P, Q of eq. (9)."""
    _assert_verdict("002.lemma3")


@pytest.mark.claim("002.appE.lemma3_proof")
def test_appE_lemma3_proof():
    """§6 after eq. (8); App. E.1: Q in R^{m x m}; P = grad^2_phiphi f(phi*, theta*); grad^2_phitheta f =..."""
    _assert_verdict("002.appE.lemma3_proof")


@pytest.mark.claim("002.thm4")
def test_thm4():
    """§6, Theorem 4; App. E.2: Each eigenvalue of A solves lambda^2 - a1 lambda + a2 = 0 with a1, a2..."""
    _assert_verdict("002.thm4")


@pytest.mark.claim("002.thm5")
def test_thm5():
    """§6, Theorem 5 (eq. (12)); App. E.3: With JARE, as gamma -> oo, lambda(A) = -gamma lambda(P^T P)."""
    _assert_verdict("002.thm5")


@pytest.mark.claim("002.s7.isotropic")
def test_s7_isotropic():
    """§7, Figure 1: Isotropic Gaussian (mu = 4, sigma^2 = 0.04, gamma = 10): SimGD oscilla..."""
    _assert_verdict("002.s7.isotropic")


@pytest.mark.claim("002.s6.phase_example")
def test_s6_phase_example():
    """§6 after Theorem 4: zeta = sqrt(c - 1) is only a lower bound (erratum: '>=')."""
    _assert_verdict("002.s6.phase_example")


@pytest.mark.claim("002.s6.conditioning_example")
def test_s6_conditioning_example():
    """§6 after Theorem 4: tau = (sqrt(1/c') + sqrt(1/c' - 1))^2 is only a lower bound."""
    _assert_verdict("002.s6.conditioning_example")


@pytest.mark.claim("002.appB.v5")
def test_appB_v5():
    """App. B: at v = 5, (19) has eigenvalues (-25 +- sqrt(621))/4 (printed /2)."""
    _assert_verdict("002.appB.v5")
