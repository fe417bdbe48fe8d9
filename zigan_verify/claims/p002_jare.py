"""Claims of 002: Nie & Patel, *Towards a Better Understanding and Regularization of GAN Training
Dynamics* (JARE), arXiv:1806.09235. Checks live in ``zigan_verify.checks.jare``, ``jare_general`` and ``jare_experiments``; the derivations
in ``zigan_verify.analysis.jare`` (NOTE: [Jacobians from update rules])."""

from zigan_verify.claims import Claim, Status

_C = "zigan_verify.checks.jare"
_G = "zigan_verify.checks.jare_general"
_E = "zigan_verify.checks.jare_experiments"
V, E, C = Status.VERIFIED, Status.ERRATUM, Status.CONDITIONAL
_T3 = "zigan_verify.checks.truth3_jare"  # issue 25

CLAIMS = [
    Claim(
        "002.s4.equilibrium",
        "§4, after eq. (3)",
        "For general concave g1, g2, (phi*, theta*) = (v, 0) is an equilibrium of eq. (3).",
        C,
        correction="grad_theta f(v, 0) = (g1'(0) + g2'(0)) v: an equilibrium only if "
        "g1'(0) = -g2'(0) (Assumption 2 of §6), e.g. the vanilla GAN.",
        check=f"{_C}:check_equilibrium",
    ),
    Claim(
        "002.lemma1",
        "§4, Lemma 1; App. A.1",
        "f in eq. (3) is concave-concave in (phi, theta).",
        V,
        check=f"{_C}:check_lemma1",
    ),
    Claim(
        "002.lemma2",
        "§4, Lemma 2 (eq. (4)); App. A.2",
        "grad^2 f = [[0, g2'(0) I], [g2'(0) I, (g1''(0)+g2''(0))(sigma^2 I + v v^T)]] at (v, 0) "
        "(approximately within B_delta).",
        V,
        check=f"{_C}:check_lemma2",
    ),
    Claim(
        "002.thm1",
        "§4, Theorem 1; App. A.3 (eq. (15)-(18))",
        "SimGD Jacobian eigenvalues (-sigma^2 +- sqrt(sigma^4-4))/4 and (-beta^2 +- sqrt(beta^4-4))/4.",
        V,
        check=f"{_C}:check_thm1",
    ),
    Claim(
        "002.cor1",
        "§4, Corollary 1",
        "0 < eta < 4/sqrt(1+zeta^2); N >= 2 log(C0/eps)/log(1+1/zeta^2) = O(zeta^2 log 1/eps).",
        V,
        check=f"{_C}:check_cor1",
    ),
    Claim(
        "002.appA.cor1_proof",
        "App. A.4",
        "|1 + eta lambda_12| = eta^2/4 - sigma^2 eta/2 + 1 >= sqrt(1-(sigma^2/2)^2); "
        "zeta = sqrt((sigma^2/2)^2 - 1).",
        E,
        correction="|1 + eta lambda_12|^2 = eta^2/4 - sigma^2 eta/2 + 1 >= 1 - (sigma^2/2)^2 "
        "(so |1 + eta lambda_12| >= sqrt(1-(sigma^2/2)^2)); zeta = sqrt((2/sigma^2)^2 - 1) as in §4.",
        check=f"{_C}:check_appA4",
    ),
    Claim(
        "002.cor2",
        "§4, Corollary 2",
        "0 < eta < 4/sqrt(tau); for tau > 2, N > log(C1/eps)/log(1 - 2/tau) = O(tau log 1/eps).",
        E,
        correction="N >= log(C1/eps)/log(tau/(tau-2)) = -log(C1/eps)/log(1-2/tau); the printed "
        "denominator log(1-2/tau) < 0 makes the bound negative. Step bound and O(tau log 1/eps) hold.",
        check=f"{_C}:check_cor2",
    ),
    Claim(
        "002.appA.cor2_proof",
        "App. A.5",
        "||w^(k)|| >= (1 - 2/tau)^(k/2) C1 with w~_j' = |1 + eta lambda_12|^k w~_j'(0).",
        E,
        correction="||w^(k)|| >= (1 - 2/tau)^k C1 and |1 + eta lambda_4|^k (lambda_4, not "
        "lambda_12); the printed k/2 bound fails along the lambda_4 eigenvector.",
        check=f"{_C}:check_appA5",
    ),
    Claim(
        "002.s5.gamma_gen",
        "§5.1, only regularizing generator",
        "Gamma = [[I, -gamma grad^2_phiphi f], [0, I]].",
        E,
        correction="Gamma = [[I, -gamma grad^2_phitheta f], [0, I]] (derived from eq. (21); "
        "grad^2_phiphi f = 0 at w* would make Gamma = I).",
        check=f"{_C}:check_gamma_printed",
        args=("only_generator",),
    ),
    Claim(
        "002.s5.gamma_disc",
        "§5.1, only regularizing discriminator",
        "Gamma = [[I, 0], [gamma grad^2_thetaphi f, I]].",
        V,
        check=f"{_C}:check_gamma_printed",
        args=("only_discriminator",),
    ),
    Claim(
        "002.s5.gamma_conopt",
        "§5.1, ConOpt",
        "Gamma = [[I + gamma grad^2_phiphi f, -gamma grad^2_phitheta f], "
        "[gamma grad^2_thetaphi f, I - gamma grad^2_thetatheta f]].",
        V,
        check=f"{_C}:check_gamma_printed",
        args=("conopt",),
    ),
    Claim(
        "002.s5.gamma_jare",
        "§5.2, eq. (7)",
        "Gamma = [[I, -gamma grad^2_phiphi f], [gamma grad^2_thetaphi f, I]].",
        E,
        correction="Gamma = [[I, -gamma grad^2_phitheta f], [gamma grad^2_thetaphi f, I]] "
        "(derived from eq. (7)).",
        check=f"{_C}:check_gamma_printed",
        args=("jare",),
    ),
    Claim(
        "002.appD.regularizers",
        "App. D.1-D.2, eq. (15), (18), (22)-(27), (29), (33)",
        "Gamma, A and eigenvalues of only-G, only-D (eq. (25), (27)), ConOpt's Gamma = I - gamma M^T "
        "and A = M - gamma M^T M, and the scalar equations (18), (24), (33).",
        V,
        check=f"{_C}:check_appD_regularizers",
    ),
    Claim(
        "002.appD.M",
        "App. D.1",
        "d(nabla~f)/dw = [[0, -I/2], [I/2, -S/2]] and A = Gamma (d(nabla~f)/dw)^T, with the "
        "factor (d(nabla~f)/dw)^T printed as [[0, -I/2], [-I/2, -S/2]] in the only-G and only-D "
        "products.",
        E,
        correction="Only the factor in the two products is wrong: it is M = (d(nabla~f)/dw)^T = "
        "[[0, I/2], [-I/2, -S/2]] (eq. (15)), printed with the wrong sign in its (1,2) block; the "
        "products' results are Gamma M with this M. The first display is right in the paper's "
        "layout (M := (d(nabla~f)/dw)^T, so d(nabla~f)/dw = M^T), as is App. D.2's factor.",
        check=f"{_C}:check_appD_M",
    ),
    Claim(
        "002.thm2",
        "§5.1, Theorem 2; App. D.1",
        "Only-G, ConOpt and only-D cannot alleviate the Phase and Conditioning Factors simultaneously.",
        V,
        check=f"{_C}:check_thm2",
    ),
    Claim(
        "002.appD.delta_prime",
        "App. D.1, after eq. (30)",
        "Delta'(gamma) = (bar-lambda(M) - underline-lambda(M)) / (1 - gamma underline-lambda(M))^2 > 0.",
        E,
        correction="Delta'(gamma) = (underline-lambda(M) - bar-lambda(M)) / (1 - gamma "
        "underline-lambda(M))^2 = (|bar-lambda| - |underline-lambda|)/(1 + gamma |underline-lambda|)^2 > 0.",
        check=f"{_C}:check_appD_delta",
    ),
    Claim(
        "002.thm3",
        "§5.2, Theorem 3; App. D.2",
        "JARE eigenvalues (-(s+gamma) +- sqrt((s+gamma)^2 - (gamma^2+4)))/4, s in {sigma^2, beta^2}.",
        V,
        check=f"{_C}:check_thm3",
    ),
    Claim(
        "002.appD.A_jare",
        "App. D.2",
        "A = [[-gamma/2 I, I/2 - gamma/4 S], [-I/2, -gamma/4 I - S/2]].",
        E,
        correction="The (1,1) block is -gamma/4 I (as eq. (31) then uses).",
        check=f"{_C}:check_appD_A_jare",
    ),
    Claim(
        "002.cor3",
        "§5.2, Corollary 3; App. D.3",
        "zeta decreases in gamma; tau decreases in gamma for gamma >= 2; zeta -> 0, tau -> 1 as "
        "gamma -> oo.",
        V,
        check=f"{_C}:check_cor3",
    ),
    Claim(
        "002.appD.eq35",
        "App. D.3, eq. (35)",
        "tau = (sqrt(h2) + sqrt(h2^2 - 1))^2, h2' = 2(gamma+beta^2)(4-beta^2 gamma)/(gamma+4)^4.",
        E,
        correction="tau = (sqrt(h2) + sqrt(h2 - 1))^2 and h2' = 2(gamma+beta^2)(4-beta^2 gamma)/"
        "(gamma^2+4)^2.",
        check=f"{_C}:check_appD3",
    ),
    Claim(
        "002.eta_max",
        "§5.2",
        "JARE needs 0 < eta < eta_max = 8 min{(gamma+sigma^2)/(gamma^2+4), 1/((beta^2+gamma) + "
        "sqrt(2 beta^2 gamma + beta^4 - 4))}, and eta_max -> 0 as gamma -> oo.",
        V,
        check=f"{_C}:check_eta_max",
    ),
    Claim(
        "002.eta_max.monotone",
        "§5.2",
        "eta_max decreases as gamma increases.",
        C,
        correction="eta_max = 8 min{T1, T2}: T2 always decreases, T1 = (gamma+sigma^2)/(gamma^2+4) "
        "rises up to gamma* = sqrt(sigma^4 + 4) - sigma^2 (< 2), where already T1 > T2. So eta_max "
        "rises on [0, gamma_c) and falls beyond, gamma_c < gamma* the crossing T1 = T2 (gamma_c = 0, "
        "i.e. always decreasing, iff sigma^2 (beta^2 + sqrt(beta^4 - 4)) >= 4); gamma >= gamma* (e.g. "
        "gamma >= 2) suffices. sigma^2 = 0.04, ||v|| = 4: eta_max(0) = 0.08 < eta_max(1) = 0.236, "
        "gamma_c = 0.085.",
        check=f"{_C}:check_eta_max_monotone",
    ),
    Claim(
        "002.lemma3",
        "§6, Lemma 3 (eq. (8), (9)); App. E.1",
        "Under Assumptions 1-2, A = [[0, -P], [P^T, Q]] with P, Q of eq. (9).",
        V,
        check=f"{_G}:check_lemma3",
    ),
    Claim(
        "002.appE.lemma3_proof",
        "§6 after eq. (8); App. E.1",
        "Q in R^{m x m}; P = grad^2_phiphi f(phi*, theta*); grad^2_phitheta f = g2''(0) E[...].",
        E,
        correction="Q in R^{n x n} (Theorem 4's sums run to n); P = grad^2_phitheta f(phi*, theta*); "
        "grad^2_phitheta f = g2'(0) E[grad_phi G grad^2_xtheta D] as in eq. (9).",
        check=f"{_G}:check_appE1",
    ),
    Claim(
        "002.thm4",
        "§6, Theorem 4; App. E.2",
        "Each eigenvalue of A solves lambda^2 - a1 lambda + a2 = 0 with a1, a2 convex combinations of "
        "eig(Q), eig(P^T P).",
        C,
        correction="Needs Null(P^T) = {0} or P^T P singular: if m > n = rank P, A has eigenvalue 0 "
        "with y2 = 0 while a2 >= lambda_min(P^T P) > 0 (P = [[1],[0]], Q = [[-1]]). App. E.2 Case 1 "
        "needs full *row* rank, not column rank.",
        check=f"{_G}:check_thm4",
    ),
    Claim(
        "002.thm5",
        "§6, Theorem 5 (eq. (12)); App. E.3",
        "With JARE, as gamma -> oo, lambda(A) = -gamma lambda(P^T P).",
        C,
        correction="eig(A)/gamma -> -eig(P P^T) u -eig(P^T P) (m + n values) at rate gamma^(-1/2); "
        "P^T P and P P^T share only their nonzero eigenvalues, so (12) needs m <= n or rank P < n "
        "(P = [[1],[0.5]]: an eigenvalue/gamma -> 0, not in -eig(P^T P) = {-1.25}).",
        check=f"{_G}:check_thm5",
    ),
    Claim(
        "002.s6.phase_example",
        "§6, after Theorem 4 (first case)",
        "If c |lambda_min(Q)|^2 = 4 |lambda_min(P^T P)| with c >> 1, then a1^2 < 4 a2 and lambda(A) "
        "is complex with imaginary-to-real ratio zeta = sqrt(c - 1).",
        E,
        correction="zeta >= sqrt(c - 1): zeta^2 = 4 a2/a1^2 - 1 with a1^2 <= |lambda_min(Q)|^2 and "
        "a2 >= lambda_min(P^T P), so zeta^2 >= c - 1, with equality only when a1 = lambda_min(Q) and "
        "a2 = lambda_min(P^T P) (e.g. Q = -q I, P = p I); a seeded 3x3 example with c = 100 has "
        "zeta from 11.5 to 114 > sqrt(99) = 9.95. (Needs P square: lambda_min(P^T P) > 0 and m <= n.)",
        check=f"{_G}:check_s6_examples",
        args=("phase",),
    ),
    Claim(
        "002.s6.conditioning_example",
        "§6, after Theorem 4 (second case)",
        "If c' |lambda_max(Q)|^2 = 4 |lambda_max(P^T P)| with c' << 1, then a1^2 > 4 a2 and lambda(A) "
        "is real with eigenvalue ratio tau = (sqrt(1/c') + sqrt(1/c' - 1))^2.",
        E,
        correction="tau >= (sqrt(1/c') + sqrt(1/c' - 1))^2: tau = (sqrt h + sqrt(h - 1))^2 with "
        "h = a1^2/(4 a2) >= 1/c' (a1^2 >= |lambda_max(Q)|^2, a2 <= lambda_max(P^T P)) and tau "
        "increases in h; equality only at the extremes (Q = -q I, P = p I). Seeded 3x3 example, "
        "c' = 0.01: tau from 866 to 1.8e4 > 398.",
        check=f"{_G}:check_s6_examples",
        args=("conditioning",),
    ),
    Claim(
        "002.appB.v5",
        "App. B, after eq. (20)",
        "For v = 5 the eigenvalues of (19) are (-25 +- sqrt(621))/2 with tau = Omega(10^2); those of "
        "(20) are (-e^10 +- sqrt(e^20 - 4 e^10))/4 with tau = Omega(10^5).",
        E,
        correction="(19) at v = 5 gives (-25 +- sqrt(621))/4 (the printed /2 values are not roots of "
        "lambda^2 + 25/2 lambda + 1/4); tau = (25 + sqrt(621))/(25 - sqrt(621)) = 623. For (20), "
        "tau = (e^10 + sqrt(e^20 - 4e^10))^2/(4 e^10) = 2.2e4 ~ e^10 - 2: of order 10^4, not 10^5. "
        "Eq. (19), (20) and their v -> 0 limits hold.",
        check=f"{_G}:check_appB_example",
    ),
    Claim(
        "002.s7.isotropic",
        "§7, Figure 1",
        "Isotropic Gaussian (mu = 4, sigma^2 = 0.04, gamma = 10): SimGD oscillates with weak damping, "
        "ConOpt's generator is slowed, JARE converges for both players.",
        V,
        check=f"{_E}:check_isotropic",
    ),
    Claim(
        "002.s7.isotropic.stochastic",
        "§7, Figure 1 (stochastic gradients, batch 128)",
        "The same three behaviours in the paper's own experiment: stochastic updates with batch "
        "size 128, eta = 1e-3, starting in B_delta(w*) with delta = 0.05.",
        V,
        check=f"{_E}:check_isotropic_stochastic",
        slow=True,
    ),
    # ----- issue 13: claims of 002 not registered before -----
    Claim(
        "002.thm5.remark",
        "§6, after Theorem 5",
        "With JARE, Q and P^T P need not be balanced: we only need to make sure P^T P is "
        "well-conditioned.",
        C,
        correction="In the limit gamma -> oo (eig(A)/gamma -> -eig(P P^T) u -eig(P^T P), 002.thm5) "
        "the spectrum depends on P only, but at a given gamma Q's scale still enters: with "
        "|lambda(Q)| up to 1e4 the deviation from the P-only limit is 2.0e-01 at gamma = 1e6 vs "
        "3.9e-03 for |lambda(Q)| = 1, both falling as gamma^-1/2. 'Only P^T P matters' needs gamma "
        "large against Q.",
        check=f"{_G}:check_thm5_remark",
    ),
    Claim(
        "002.appC.nrf",
        "App. C, Condition 1 (Non-Reversing-Flow) and its examples",
        "Gamma = -M^T gives A = -M^T M and reverses the generator's flow where grad^2_phiphi f < 0; "
        "ConOpt's phi-update has the factor (gamma t^2 - 1) and reverses it when gamma t^2 > 1.",
        V,
        check=f"{_G}:check_appC_nrf",
    ),
    Claim(
        "002.table1",
        "§6, Table 1",
        "Stable SimGD needs Q well-conditioned, P^T P well-conditioned and Q matching P^T P; "
        "stable JARE needs only P^T P well-conditioned.",
        C,
        correction="Row by row on seeded 3x3 games violating one requirement each (bad: zeta > 10 "
        "or tau > 100; the base game has zeta = 0, tau = 2.62): every SimGD cell holds (tau >= "
        "2.23e+03 when a requirement fails), and the JARE column holds for gamma large against "
        "|lambda(Q)| (gamma = 1e3: tau 2.69 with Q ill-conditioned or mismatched, 1.65e+04 with "
        "P^T P ill-conditioned; 3/3 rows). At §7's gamma = 10 JARE still needs Q well-conditioned "
        "and matched (tau 718): 1/3 rows. The table is Theorem 5's gamma -> oo limit "
        "(002.thm5.remark).",
        check=f"{_G}:check_table1",
    ),
    Claim(
        "002.thm13.ball",
        "§4, Theorems 1 and 3 ('for any point within B_delta(w*)')",
        "For any point within B_delta(w*), the eigenvalues of the SimGD (Theorem 1) and JARE "
        "(Theorem 3) Jacobian are the printed ones.",
        C,
        correction="Exact at w* only (error 1e-16 for SimGD, 4e-15 for JARE, autograd of the update "
        "rules on the population loss at §7's mu = 4, sigma^2 = 0.04, gamma = 10). Within the ball "
        "the eigenvalues move to first order in delta: at delta = 0.05 by up to 9.9e-02 (SimGD) "
        "and 2.3 (JARE, whose Jacobian carries gamma times third derivatives of f), i.e. about "
        "1.9 delta and 44 delta at small delta. The theorems hold up to O(delta), as their proofs "
        "(Lemma 2's 'approximately within B_delta') give.",
        check=f"{_E}:check_ball",
        slow=True,
    ),
    Claim(
        "002.appF1.figs56",
        "App. F.1, Figures 5-6",
        "As mu increases (sigma = 0.2) the convergence of SimGD and ConOpt becomes slower and "
        "ConOpt's generator blows up at mu = 6; SimGD's damping grows with sigma (mu = 2).",
        C,
        correction="On the linearization at the paper's eta = 1e-3, gamma = 10: ConOpt's rho = "
        "0.998906, 0.999757, 0.999960 at mu = 1, 2, 4 and 2.270208 at mu = 6 (the blow-up: eta "
        "|lambda_max| > 2), and SimGD's damping sigma^2/4 grows with sigma, as printed. SimGD's "
        "overall rate does not slow down with mu: its slowest mode lambda_{1,2} = (-sigma^2 +- "
        "sqrt(sigma^4 - 4))/4 is independent of mu (rho = 0.99999012 at every mu); only the "
        "modes lambda_{3,4} (beta^2 = sigma^2 + mu^2) slow down.",
        check=f"{_G}:check_appF1",
    ),
    Claim(
        "002.s7.mog",
        "§7 'Mixture of Gaussians', Figures 2, 7, 8 (App. F.2)",
        "Ring of Gaussians (r = 2, gamma = 10, RMSProp): SimGD oscillates among the modes and fails "
        "to converge, while ConOpt and JARE both converge to the target distribution, learning all "
        "modes (Fig. 2; App. F.2's 'JARE slightly better than ConOpt' is for gamma = 1000).",
        Status.UNREPRODUCED,
        correction="Not reproduced at CPU scale (8 modes, r = 2, std 0.1, 3x16 ReLU MLPs, latent "
        "N(0, r I_16), one full batch of 256, RMSProp lr 3e-3 for 1200 steps vs the paper's 1e-4 "
        "for 10K; seeds 0-2): modes covered at the end JARE 4/2/4, ConOpt 4/5/6, SimGD 3/2/3 of 8; "
        "no method reaches full coverage and keeps it (a mode counts with >= 20% of its fair share "
        "of samples within 3 std). JARE covers more modes than SimGD but fewer than ConOpt here. "
        "r = 10, gamma = 1000 (App. F.2's comparison with ConOpt) and the 10K-step runs were not "
        "attempted.",
        check=f"{_E}:check_ring_mog",
        issue=13,
        slow=True,
    ),
    Claim(
        "002.s7.image_tables",
        "§7, Figures 3-4, App. F.3-F.4 (CIFAR-10, CelebA, ImageNet)",
        "JARE gives competitive inception scores / FIDs and is robust across architectures A-F.",
        Status.PENDING,
        correction="Out of scope: image-scale GAN training (ResNet/DCGAN, 10^5 iterations, the "
        "data sets and an Inception network) is not reproducible on a CPU in a check.",
    ),
    # ----- issue 25 (truth pass 3) -----
    Claim(
        "002.s3.step_size",
        "§3.2 (non-asymptotic analysis)",
        "Given the Jacobian A, an appropriate range of step size eta is obtained by solving the "
        "inequalities |1 + lambda_i(A)| < 1 for all i.",
        E,
        correction="|1 + eta lambda_i(A)| < 1: the eigenvalues of the discrete map v + eta h(v) "
        "are 1 + eta lambda_i. The printed inequality has no eta (on the simple GAN, sigma^2 = "
        "0.04, ||v|| = 4, it is false, yet SimGD converges for eta < 0.08 = 4/sqrt(1 + zeta^2), "
        "as Corollary 1 then states).",
        check=f"{_T3}:check_step_size_condition",
    ),
    Claim(
        "002.s6.assumption2",
        "§6, Assumption 2 and the text after it and after Lemma 3",
        "The vanilla GAN loss and reverse KL divergence satisfy Assumption 2 (g1''(0) + g2''(0) < "
        "0, g1'(0) = -g2'(0) != 0) but the WGAN loss does not; for WGAN Q = 0, so SimGD is not "
        "even asymptotically convergent.",
        V,
        check=f"{_T3}:check_assumption2",
    ),
    Claim(
        "002.s8.extrapolation",
        "§8, eqs. (13)-(14)",
        "Substituting the first-order Taylor approximations of f(phi, theta^(k+1/2)) and "
        "f(phi^(k+1/2), theta) into the adversarial extrapolation (13)-(14) gives JARE (7).",
        E,
        correction="With the gradients (13) evaluates (grad_phi f at the predicted point "
        "(phi^(k), theta^(k+1/2))), (13)-(14) is JARE (7) with gamma/2 to first order in gamma: "
        "grad_phi f(phi, theta + gamma/2 grad_theta f) = grad_phi f + gamma/2 grad^2_phitheta f "
        "grad_theta f + O(gamma^2), while (7) has gamma grad^2_phitheta f grad_theta f. To get (7) "
        "the prediction steps (14) must be gamma grad f, not gamma/2 grad f; the paper's "
        "substitution differentiates the approximated value through the predicted point, which "
        "(13) does not.",
        check=f"{_T3}:check_extrapolation",
    ),
]


def __getattr__(name: str):
    # FORMULAS built on first access: the registry imports this module on every command
    if name == "FORMULAS":
        from zigan_verify.claims._formulas_truth3 import formulas_for

        return formulas_for("002")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
