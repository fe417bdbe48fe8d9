"""Claims of 000: Lee & Kim, *Zero-Infinity GAN* (the centre of the project)."""

from zigan_verify.claims import Claim, Status

_D = "zigan_verify.checks.derivatives"
_BLOCK = f"{_D}:check_block"
_IB = "zigan_verify.checks.implicit_bias"
_T = "zigan_verify.checks.global_solutions"  # 000 §5.3, App. B.5
_T2 = "zigan_verify.checks.theorem2"  # 000 §5.2, App. B.4
_RS = "zigan_verify.checks.restricted_schur"
_ESC = "zigan_verify.checks.escape"
_DIST = "zigan_verify.checks.distances"
_TT = "zigan_verify.checks.two_timescale"
_T3 = "zigan_verify.checks.truth3_zigan"  # issue 25

CLAIMS = [
    Claim(
        "000.s4.eq4",
        "§4, eq. (4)",
        "The finite-sample GAN (3) with l(t) = -t and D(x) = w^T sigma(Ax) is "
        "f = (1/n) w^T sum_i [sigma(A x_i) - sigma(A Phi_i g)].",
        Status.VERIFIED,
        check=f"{_D}:check_zi_loss",
    ),
    Claim(
        "000.s4.vec",
        "§4, text before eq. (4)",
        "With g = vec(G) and Phi_i = I_{d1} kron phi(z_i)^T, G(z_i) = G phi(z_i) = Phi_i g.",
        Status.VERIFIED,
        check=f"{_D}:check_vec_convention",
        convention="vec stacks the rows of G (g = vec(G^T) in the column-stacking vec): the paper "
        "defines Phi_i 'so that G(z_i) = Phi_i g', which fixes this order, and every later formula "
        "uses g only through Phi_i g (with column stacking, Phi_i = phi(z_i)^T kron I_{d1} would "
        "give the same loss). NOTE: [notational conventions].",
    ),
    *[
        Claim(
            f"000.B3.eq{k}",
            f"App. B.3, eq. ({k})",
            text,
            Status.VERIFIED,
            check=_BLOCK,
            args=(block,),
        )
        for k, block, text in [
            (5, "g", "grad_g f = -(1/n) sum_i (A Phi_i)^T diag(sigma'(A Phi_i g)) w."),
            (
                6,
                "theta",
                "grad_theta_j f = -(1/n) sum_i (A dPhi_i/dtheta_j g)^T diag(sigma'(A Phi_i g)) w.",
            ),
            (7, "w", "grad_w f = (1/n) sum_i [sigma(A x_i) - sigma(A Phi_i g)]."),
            (
                8,
                "A",
                "grad_{a_l} f = (1/n) w_l sum_i [sigma'(a_l^T x_i) x_i - "
                "sigma'(a_l^T Phi_i g) Phi_i g].",
            ),
        ]
    ],
    *[
        Claim(
            f"000.B3.H_{block}",
            "App. B.3, Hessians",
            text,
            Status.ERRATUM if fix else Status.VERIFIED,
            correction=fix[0] if fix else "",
            check=_BLOCK,
            args=(f"H_{block}",),
        )
        for block, text, *fix in [
            (
                "gg",
                "grad^2_gg f = -(1/n) sum_i (A Phi_i)^T diag(sigma''(A Phi_i g)) diag(w) A Phi_i.",
            ),
            ("gw", "grad^2_gw f = -(1/n) sum_i (A Phi_i)^T diag(sigma'(A Phi_i g))."),
            ("ww", "grad^2_ww f = 0."),
            (
                "AA",
                "grad^2_{a_l a_j} f = (1/n) w_l sum_i [sigma''(a_l^T x_i) x_i x_i^T - "
                "sigma''(a_l^T Phi_i g) Phi_i g g^T Phi_i^T] if j = l, else 0.",
            ),
            (
                "gA",
                "grad^2_{g a_l} f = -(1/n) w_l sum_i [sigma''(a_l^T Phi_i g) Phi_i^T a_l g^T "
                "Phi_i^T + sigma'(a_l^T Phi_i g) Phi_i^T].",
            ),
            (
                "wA",
                "grad^2_{w a_l} f has l-th row (1/n) sum_i [sigma'(a_l^T x_i) x_i^T - "
                "sigma'(a_l^T Phi_i g)(Phi_i g)^T], other rows 0.",
            ),
            (
                "gtheta",
                "grad^2_{g theta_j} f = -(1/n) sum_i [(A dPhi_i/dtheta_j)^T diag(sigma') w "
                "+ (A Phi_i)^T diag(sigma'') diag(w) A dPhi_i/dtheta_j g].",
            ),
            (
                "thetatheta",
                "grad^2_{theta_j theta_k} f = -(1/n) sum_i [(A d2Phi_i/dtheta_k "
                "dtheta_j g)^T diag(sigma') w + (A dPhi_i/dtheta_j g)^T diag(sigma'') "
                "diag(w) (A dPhi_i/dtheta_k g)].",
            ),
            (
                "wtheta",
                "grad^2_{w theta_j} f = -(1/n) sum_i (A dPhi_i/dtheta_j g)^T "
                "diag(sigma'(A Phi_i g)).",
                "Transpose: as printed this is the 1 x r row grad^2_{theta_j w} f, but every "
                "other block (grad^2_gw f in R^{d1 d2 x r}; grad^2_{g theta_j} f and "
                "grad^2_{a_l theta_j} f columns) has rows indexed by its first subscript, so "
                "grad^2_{w theta_j} f = -(1/n) sum_i diag(sigma'(A Phi_i g)) A dPhi_i/dtheta_j g "
                "in R^r, a column. The entries are right; row and column differ for r >= 2.",
            ),
            (
                "Atheta",
                "grad^2_{a_l theta_j} f = -(1/n) sum_i [sigma''(a_l^T Phi_i g)(a_l^T "
                "dPhi_i/dtheta_j g) Phi_i g + sigma'(a_l^T Phi_i g) dPhi_i/dtheta_j g] w_l.",
            ),
        ]
    ],
    Claim(
        "000.s5.1.updates",
        "§5.1",
        "tau-GDA: z+ = z - eta Lambda_tau F(z); tau-EG: "
        "z+ = z - eta Lambda_tau F(z - eta Lambda_tau F(z)), Lambda_tau = diag(I/tau, I).",
        Status.VERIFIED,
        check="zigan_verify.checks.dynamics:check_update_rules",
    ),
    Claim(
        "000.B2.def4",
        "App. B.2, Def. 4",
        "The restricted Schur complement U^T(A - C B^+ C^T)U "
        "reduces to A - C B^{-1} C^T when B is invertible; its spectrum does not depend on U.",
        Status.VERIFIED,
        check=f"{_RS}:check_restricted_schur",
    ),
    Claim(
        "000.thm2",
        "§5.2, Theorem 2",
        "A stationary point with w_l = 0 and sum_i [sigma'(a_l^T "
        "x_i) x_i - sigma'(a_l^T Phi_i g) Phi_i g] != 0 is strict non-minimax.",
        Status.VERIFIED,
        check=f"{_T2}:check_theorem2",
    ),
    Claim(
        "000.B4.proof",
        "App. B.4",
        "At such a point grad^2_yy f has a positive eigenvalue "
        "(the 2-block submatrix M has zero trace and a non-zero entry).",
        Status.VERIFIED,
        check=f"{_T2}:check_b4_proof",
    ),
    Claim(
        "000.s5.2.degenerate",
        "§5.2, after Theorem 2",
        "sum_i (x_i - Phi_i g) = 0, w = 0, A = 0 "
        "is a non-optimal stationary point with zero Hessian, hence not strict non-minimax.",
        Status.VERIFIED,
        check=f"{_T2}:check_degenerate",
    ),
    Claim(
        "000.s5.3.blocks",
        "§5.3 and App. B.5",
        "At a global solution with w = 0 all Hessian "
        "blocks vanish except grad^2_gw f and grad^2_theta w f.",
        Status.VERIFIED,
        check=f"{_T}:check_global_blocks",
    ),
    Claim(
        "000.B5.spectrum",
        "App. B.5",
        "The eigenvalues of Lambda_tau DF at a global solution "
        "are lambda_n = i sqrt(mu_n / tau), mu_n the eigenvalues of B^T B.",
        Status.ERRATUM,
        correction="lambda = +-i sqrt(mu_k / tau) for the non-zero eigenvalues mu_k of B^T B, and 0 "
        "with multiplicity dim z - 2 rank B; B must be grad^2_xy f with the theta rows, "
        "B = [[grad^2_gw f, grad^2_ga_1 f, ...], [grad^2_theta w f, grad^2_theta a_1 f, ...]] "
        "(= [[grad^2_gw f, 0], [grad^2_theta w f, 0]]), not [grad^2_gw f, grad^2_ga_1 f, ...].",
        check=f"{_T}:check_b5_spectrum",
    ),
    Claim(
        "000.B5.spectrum.paper",
        "App. B.5 at App. C's size",
        "At a global solution of the App. C network (n=32, d1=784, d2=500, r=3000, latent 100) "
        "the top eigenvalues of Lambda_tau DF are +-i sqrt(mu_k / tau) (B.5 as corrected).",
        Status.VERIFIED,
        check="zigan_verify.checks.paper_scale:theorem3_spectrum",
        args=(10, 4.0, False),
        slow=True,
    ),
    Claim(
        "000.B5.gda_any_tau",
        "App. B.5, last paragraph",
        "Provided that {mu_n} are not all zero, [6, Theorem 4.4] implies that the two-timescale "
        "GDA almost surely escapes a global solution where either w or A is zero for any tau, "
        "while the two-timescale EG does not.",
        Status.CONDITIONAL,
        correction="The GDA part holds (linearly) in both cases, for every tau > 0 and eta > 0: "
        "with w = 0 (A random) and with A = 0 (w random; Phi_i g = x_pi(i), the discriminator is "
        "constant, only grad^2_gA f = -(1/n) w_l sigma'(0) sum_i Phi_i^T and grad^2_thetaA f are "
        "non-zero) Lambda_tau DF = [[0, C/tau], [-C^T, 0]] and the tau-GDA map has radius "
        "sqrt(1 + eta^2 mu_max / tau) > 1 (tau = 1e-4..1e4, error ~1e-15). The proviso mu_max > 0 "
        "holds exactly when A != 0 (w = 0 case; column l of grad^2_gw f is -(1/n) a_l kron "
        "sum_i sigma'(a_l^T x_pi(i)) phi_i) resp. w != 0 (A = 0 case); with w = 0 and A = 0 the "
        "whole Hessian vanishes. The EG part needs tau >= eta^2 mu_max: below it the tau-EG map "
        "has radius sqrt(1 - r + r^2) > 1 (r = eta^2 mu_max / tau), so EG escapes too; above it "
        "the radius is exactly 1, which does not decide convergence (000.thm3).",
        check=f"{_T}:check_gda_any_tau",
    ),
    Claim(
        "000.thm3",
        "§5.3, Theorem 3",
        "For sufficiently large tau, tau-GDA almost surely escapes "
        "global solutions (w = 0) while tau-EG converges to them.",
        Status.CONDITIONAL,
        correction="Linearly: tau-GDA is unstable for every tau when A != 0; the tau-EG map has "
        "radius exactly 1 (zero eigenvalues) iff tau >= eta^2 mu_max, not < 1, so 'converges' is "
        "not implied by the linearization. Simulated from a 1e-3 perturbation with "
        "r < n d1, tau-EG converges (||F|| -> 1e-16) to a nearby stationary point with w = 0 "
        "that is NOT a global solution (its generator misses the data by ~3e-4) and is strict "
        "non-minimax (Theorem 2); it is a global solution only if the r equations "
        "sum_i sigma(A x_i) = sum_i sigma(A Phi_i g) pin Phi g locally (needs r >= n d1).",
        check=f"{_T}:check_theorem3",
    ),
    Claim(
        "000.B1.P1",
        "App. B.1 (P1)",
        "Both tau-GDA and tau-EG almost surely escape strict "
        "non-minimax points for sufficiently large tau.",
        Status.CONDITIONAL,
        correction="The cited result ([6] Thm. 5.7) needs S_res or grad^2_yy f invertible, which "
        "fails at ZI-GAN Theorem-2 points with w = 0 and d1 >= 2 (grad^2_yy f has rank <= 2r < "
        "r(1 + d1), and S_res was singular at all generated points). "
        "Generated points with u_l of order 1 (max ||u_l|| >= 0.05 over w_l = 0) are still "
        "linearly unstable for tau-EG above some tau, but the strict non-minimax points that "
        "tau-EG reaches from near a global solution (r < n d1) keep linearized radius 1 for tau "
        "up to 1e8: tau-EG converges to them.",
        check=f"{_ESC}:check_escape",
    ),
    Claim(
        "000.s6.invariant",
        "§6",
        "With theta fixed, grad_g f lies in sum_i R(Phi_i^T) ⊆ R(Phi^T), so a method whose "
        "g-update combines g-gradients keeps P_N(Phi)(g_k) = P_N(Phi)(g_0): from zero g_k stays "
        "in R(Phi^T).",
        Status.VERIFIED,
        check=f"{_IB}:check_invariant",
    ),
    Claim(
        "000.s6.adam_sign",
        "§6 ('any gradient method')",
        "Any gradient method keeps g in g_0 + R(Phi^T) (the §6 argument for 'any gradient "
        "method ... will favor the minimum-norm solution').",
        Status.CONDITIONAL,
        correction="Only for methods whose g-update is a linear combination of vectors of "
        "R(Phi^T), e.g. of g-gradients (GDA, EG, their tau-versions, OGDA, heavy ball; also "
        "ConOpt/JARE, whose extra terms are g-gradients of functions of Phi g). Coordinate-wise "
        "preconditioned or sign methods (Adam-EG, sign-EG) leave R(Phi^T): drift of P_N(g) "
        "~5e-2 of the path length vs ~1e-15 (bound 2.2e-13) for the linear methods, ConOpt "
        "and JARE.",
        check=f"{_IB}:check_adam_sign",
    ),
    Claim(
        "000.s6.limit",
        "§6",
        "Starting from zero and training only the last layer, a gradient "
        "method that converges to a global solution reaches the minimum-norm solution "
        "Phi^T (Phi Phi^T)^{-1} Q_pi^T x.",
        Status.CONDITIONAL,
        correction="For methods linear in the g-gradients, and with (Phi Phi^T)^{-1} read as the "
        "pseudo-inverse: Phi Phi^T = K kron I_{d1} is singular when the phi(z_i) are linearly "
        "dependent (n > d2); with data consistent with such a Phi (x_i = G* phi(z_i), n = 2 > "
        "d2 = 1) tau-EG from zero converged in 2/3 runs to Phi^+ Q_pi^T x = Phi^T (Phi Phi^T)^+ "
        "Q_pi^T x, where the printed inverse does not exist. From a non-zero start the limit is "
        "Phi^+ Q_pi^T x + P_N(Phi)(g_0) (6 runs with ||P_N(g_0)|| > 1e-6). The limit is the "
        "minimum-norm solution for the permutation pi reached; at n >= 2 that pi had the "
        "smallest minimum norm over all pi in 3/3 converged runs, which does not show it must. "
        "Convergence itself is not implied: tau-EG from zero reached a global solution in 12/12 "
        "runs at n = 1 but 3/7 runs at n = 2 within 2000 steps.",
        check=f"{_IB}:check_limit",
    ),
    Claim(
        "000.s6.theta_trained",
        "§6 (scope: 'only the final layer g ... is updated, while other layers (theta) are fixed')",
        "The §6 argument needs theta fixed: when theta is trained too, Phi(theta_k) moves and g_k "
        "leaves R(Phi(theta_k)^T) even from zero.",
        Status.VERIFIED,
        check=f"{_IB}:check_theta_trained",
    ),
    Claim(
        "000.s6.paper_scale",
        "§6 at App. C's sizes",
        "The invariant P_N(Phi)(g_k) = P_N(Phi)(g_0) holds for tau-EG on the App. C last layer "
        "(n = 32 digits, G in R^{784 x 500}, discriminator width 3000, latent dimension 100).",
        Status.VERIFIED,
        check=f"{_IB}:check_paper_scale",
        slow=True,
    ),
    Claim(
        "000.s4.fig1",
        "§4, Fig. 1",
        "Dirac GAN: EG converges to (0, 0) with the linear loss; "
        "with the logistic loss it stalls in a flat region, leading to a slow convergence; "
        "GDA diverges for both.",
        Status.VERIFIED,
        check="zigan_verify.checks.dynamics:check_dirac_fig1",
    ),
    # ----- issue 13: claims of 000 not registered before -----
    Claim(
        "000.s4.same_solutions",
        "§4 ('sharing the same global solutions as other GANs'); Dirac GAN",
        "The linear loss shares the global solutions of other GANs (p_g = p_data), and the Dirac "
        "GAN has the unique solution (0, 0).",
        Status.VERIFIED,
        check=f"{_DIST}:check_same_solutions",
    ),
    Claim(
        "000.A2.linear_max",
        "App. A.2",
        "With l(t) = -t the inner maximum is max_D int D (p - q), maximised by D* = +oo where "
        "p > q, -oo where p < q, 0 otherwise: the zero-infinity distance.",
        Status.VERIFIED,
        check=f"{_DIST}:check_linear_inner_max",
    ),
    Claim(
        "000.A3.f_divergence",
        "App. A.3, footnote 4",
        "D_f(P, Q) := int p f(p/q) >= sup_D E_P D - E_Q f*(D); f = 0 at s = 1, oo otherwise (f*(t) "
        "= t) and the IPM over all D both give the zero-infinity distance.",
        Status.ERRATUM,
        correction="The f-divergence is int q f(p/q) dmu (the variational bound holds for it, "
        "exactly); as printed, int p f(p/q) breaks the bound, e.g. f = -log s gives -KL(P||Q) < 0 < "
        "KL(Q||P) = sup_D. For the ZI choice of f both readings are 0 / oo, so the conclusion "
        "(ZI is an f-divergence and an IPM) stands.",
        check=f"{_DIST}:check_f_divergence",
    ),
    Claim(
        "000.s5.1.plain_gda",
        "§5.1 ('plain GDA cannot distinguish between optimal and non-optimal stationary points')",
        "Plain GDA cannot distinguish optimal from non-optimal stationary points.",
        Status.VERIFIED,
        check=f"{_TT}:check_plain_gda",
    ),
    Claim(
        "000.B1.P2",
        "App. B.1 (P2)",
        "Two-timescale GDA can even escape certain (local) optimal points where grad^2_yy f is "
        "singular, whereas two-timescale EG converges to such points.",
        Status.VERIFIED,
        check=f"{_TT}:check_p2",
    ),
    Claim(
        "000.B1.fn8",
        "App. B.1, footnote 8",
        "[6] Thm 5.7 directly applies to two-timescale GDA, since it is [more] unstable than "
        "two-timescale EG.",
        Status.CONDITIONAL,
        correction="Per eigenvalue z of eta Lambda_tau DF, EG's factor |1 - z + z^2| > 1 does not "
        "imply GDA's |1 - z| > 1 (z = 3/2: 7/4 vs 1/2), so GDA is not 'more unstable' as a map. "
        "What carries over is [6]'s mechanism for large tau: a strict non-minimax point (S_res or "
        "grad^2_yy f invertible) has an eigenvalue with Re < 0, where |1 - z| > 1 for every eta "
        "(all 184 seeded games at tau = 1e6; GDA unstable wherever EG was).",
        check=f"{_TT}:check_footnote8",
    ),
    Claim(
        "000.B5.det",
        "App. B.5 (Schur's formula)",
        "det([[-lambda I, B/tau], [-B^T, -lambda I]]) = det(lambda^2 I + B^T B / tau).",
        Status.ERRATUM,
        correction="For B of size n x m the Schur formula gives (-1)^(n+m) lambda^(n-m) "
        "det(lambda^2 I_m + B^T B / tau); the printed identity holds only for square B (n = m), "
        "and in the ZI-GAN n = dim x != m = dim y. The missing factor is the zero eigenvalues "
        "(000.B5.spectrum's multiplicity dim z - 2 rank B).",
        check=f"{_T}:check_b5_determinant",
    ),
    Claim(
        "000.B2.count",
        "App. B.2 (definition of U)",
        "C_1 and C_2 are the submatrices of CP consisting of the first r columns and the "
        "remaining d_2 - r.",
        Status.ERRATUM,
        correction="Here r = rank(grad^2_yy f) and the count is dim y - r; with §4's symbols (d_2 "
        "the generator width, r the discriminator width, dim y = r + r d1) 'd_2 - r' is wrong: at "
        "seeded global solutions (n=3, d1=2, d2=4, r=3) C_2 has 9 = dim y - rank B columns, not "
        "d2 - rank B = 4 nor d2 - r = 1.",
        check=f"{_RS}:check_b2_count",
    ),
    Claim(
        "000.s8.conclusion",
        "§8 (Conclusion)",
        "Extragradient dynamics initialized at zero converge to a minimum-norm generator solution.",
        Status.CONDITIONAL,
        correction="Every converged tau-EG run from zero ends at the minimum-norm solution Phi^+ "
        "Q_pi^T x (000.s6.limit), but convergence is not shown: 15/19 runs converged within 2000 "
        "steps (12/12 at n = 1, 3/7 at n = 2). The statement holds for runs that converge.",
        check=f"{_IB}:check_conclusion",
        slow=True,
    ),
    Claim(
        "000.B4.M",
        "App. B.4 (display of M and its trace)",
        "M := [[grad^2_ww f, grad^2_{w a_l} f], [grad^2_{a_l w} f, grad^2_{w a_l} f]] is real "
        "symmetric with zero diagonal and a non-zero off-diagonal entry; tr(M) = sum_{i=1}^n "
        "lambda_i = 0, so M has a positive eigenvalue.",
        Status.ERRATUM,
        correction="The (2,2) block of M is grad^2_{a_l a_l} f (= 0 because w_l = 0), not "
        "grad^2_{w a_l} f (r x d1, whose trace is non-zero), and tr(M) sums the r + d1 "
        "eigenvalues of M, not n: derived by SymPy from the ZI loss (n = 3, d1 = r = 2), M has "
        "zero diagonal, tr M = 0 identically and grad^2_{w a_l} f != 0 (max entry 0.66 at a "
        "seeded point, sigma = tanh). The conclusion (a positive eigenvalue, 000.B4.proof) "
        "stands. The display is read from the seed transcription; its second form is illegible "
        "there.",
        check="zigan_verify.checks.appendix_b:check_b4_display",
    ),
    Claim(
        "000.B5.w_nonzero",
        "§5.3 and App. B.5 ('At any global solution of the Zero-Infinity GAN, where w is zero, all "
        "Hessians are zero except grad^2_gw f and grad^2_theta w f')",
        "At any global solution w is zero, and all Hessian blocks vanish except grad^2_gw f and "
        "grad^2_theta w f.",
        Status.CONDITIONAL,
        correction="Holds for the global solutions with w = 0 (Theorem 3's), not for every global "
        "solution: at a matched generator (Phi_i g = x_pi(i)) F = 0 for every w in "
        "null(grad^2_xw f), non-trivial when r > rank grad^2_xw f (<= n d1 + m). At 3 seeded such "
        "points (n = 3, d1 = 2, r = 16, ||w|| = 1; ||F|| <= 2e-15, generator exact to 1e-14) "
        "grad^2_yy f = 0 but the blocks B.5 says vanish reach 1.75, and both tau-GDA and tau-EG "
        "(eta = 0.05) are linearly unstable at every tau = 1e-2..1e4: radius > 1 in 21/21 cases "
        "each (EG's excess ~1/tau, >= 9e-9). Theorem 3's 'EG converges to global solutions' "
        "concerns the w = 0 ones only.",
        check="zigan_verify.checks.appendix_b:check_b5_w_nonzero",
    ),
    # ----- 000.s7.*: the §7 / App. C experiment (issue 12; zigan_verify/experiments/zigan_s7.py) -----
    Claim(
        "000.s7.fig2",
        "§7, Fig. 2, App. C",
        "On 32 MNIST samples ZI-GAN outperforms JS-GAN for all training methods; with ZI, "
        "(two-timescale) EG reaches a global solution, memorizing and reproducing the training "
        "data, while (two-timescale) GDA approaches the vicinity of the global solution but "
        "fails to remain stable.",
        Status.UNREPRODUCED,
        correction="Not reproduced at scale tiny (8 digits of 8x8, generator 10-16-64, "
        "discriminator width 64 < n d1 = 512, eta = 0.05, 1000 full-batch steps, LeCun-normal "
        "initialization): no run comes within rho = 0.54 of memorizing (best max residual 2.8), "
        "ZI-EG ends 'not reached' with |F| of order 1 for tau = 1 and 5, ZI beats JS only at "
        "tau = 5. App. C gives no step size, initialization or pixel scaling; the paper scale "
        "(10^5 steps, tens of CPU-hours on 2 cores; docs/guide/experiments.md) is undecided here.",
        check="zigan_verify.checks.experiment_zigan:check_fig2",
        slow=True,
    ),
    Claim(
        "000.s7.fig3",
        "App. C, Fig. 3",
        "From five other initializations, JS/ZI x GDA/EG at tau = 1 give results that closely "
        "match Fig. 2.",
        Status.UNREPRODUCED,
        correction="Not reproduced at scale tiny from initializations 0 and 1 (1000 steps): at "
        "tau = 1 ZI ends with a larger mean residual than JS for both GDA and EG, and no ZI run "
        "memorizes or reaches the vicinity; the paper scale is undecided (see 000.s7.fig2).",
        check="zigan_verify.checks.experiment_zigan:check_fig3",
        slow=True,
    ),
    Claim(
        "000.s7.fig4",
        "App. C, Fig. 4",
        "From five other initializations, ZI x GDA/EG at tau in {1, 5} give results that "
        "closely match Fig. 2 (EG memorizes, GDA does not remain).",
        Status.UNREPRODUCED,
        correction="Not reproduced at scale tiny from initializations 0 and 1 (1000 steps): no "
        "ZI-EG run memorizes and no ZI-GDA run reaches the vicinity at tau = 1 or 5; the paper "
        "scale is undecided (see 000.s7.fig2).",
        check="zigan_verify.checks.experiment_zigan:check_fig4",
        slow=True,
    ),
    # ----- issue 25 (truth pass 3): claims of 000 not registered before -----
    Claim(
        "000.s3.eq1",
        "§3, eq. (1) and footnote 2",
        "The original GAN reformulates minimizing the Jensen-Shannon divergence as the minimax "
        "problem (1), min_G max_D -E l(D(x)) - E l(-D(G(z))), l the logistic loss.",
        Status.VERIFIED,
        check=f"{_DIST}:check_js_identity",
    ),
    Claim(
        "000.s3.eq2",
        "§3, eq. (2)",
        "The Wasserstein GAN (2), min_G max_{||D||_L <= 1} E D(x) - E D(G(z)), corresponds to (1) "
        "with l(t) = -t plus the 1-Lipschitz constraint on D.",
        Status.VERIFIED,
        check=f"{_T3}:check_eq2_is_eq1_with_linear_loss",
    ),
    Claim(
        "000.def1",
        "§5.1, Definition 1 ([6], Definition 5)",
        "A stationary point z* is strict non-minimax if lambda_min(S_res(DF(z*))) < 0 or "
        "lambda_min(-grad^2_yy f(z*)) < 0.",
        Status.VERIFIED,
        check=f"{_RS}:check_definition3",
    ),
    Claim(
        "000.s6.global_solutions",
        "§6 ('For some permutation pi ... x_pi(i) = Phi_i(theta*) g*') and App. B.5",
        "A globally optimal generator reproduces the data up to a permutation: x_pi(i) = Phi_i g "
        "for some permutation pi.",
        Status.CONDITIONAL,
        correction="Eq. (4) is linear in w, so g is globally optimal iff sum_i sigma(A x_i) = "
        "sum_i sigma(A Phi_i g) for every A; without a bias sigma(A x) sees only the odd part "
        "sum_i [delta_{x_i} - delta_{-x_i}] of the data (sigma(t) + sigma(-t) = 1). So the "
        "statement holds when no two data points are antipodal (x_i = -x_j, i != j; two zero "
        "images count), e.g. for distinct non-zero images in [0, 1]^d, and fails otherwise: for "
        "data {p, -p, q} the generators with outputs {0, 0, q} or {s, -s, q} make f = 0 for "
        "every (w, A) (sup gap ~1e-16 over 400 random A) while lying 0.13 and 1.16 from every "
        "permutation of the data. A bias (sigma(A x + b)) rejects both (gaps 0.27, 0.94).",
        check=f"{_T3}:check_global_permutation",
    ),
    Claim(
        "000.s5.2.example",
        "§5.2, before Theorem 2",
        "When w_l = 0 and a_l = 0, it is straightforward to construct g, theta such that "
        "sum_i [x_i - Phi_i(theta) g] != 0, which results in a strict non-minimax point.",
        Status.CONDITIONAL,
        correction="Theorem 2 is about stationary points, and w_l = a_l = 0 with sum_i (x_i - "
        "Phi_i g) != 0 does not make one: with the other units, g and theta random, ||F|| >= "
        "0.42 (stationary in 0/4 points; n = 3, d1 = 2, d2 = 3, r = 3). The other units must be "
        "stationary too (grad_w f = 0, i.e. sum_i sigma(a_j^T x_i) = sum_i sigma(a_j^T Phi_i g) "
        "for every j; w_j grad_{a_j} terms zero; grad_g f = grad_theta f = 0). With w = 0 and "
        "A = 0 (every unit) all of this holds, and every such point is strict non-minimax "
        "(4/4 points; Theorem 2's u_l = sigma'(0) (1/n) sum_i (x_i - Phi_i g) != 0).",
        check=f"{_T3}:check_s52_example",
    ),
    Claim(
        "000.s1.vanishing",
        "§1 and §3-4 ('the zero-infinity GAN avoids ... the vanishing gradient issue of the "
        "original GAN loss'; Dirac GAN, Fig. 1)",
        "The Zero-Infinity GAN (l(t) = -t) avoids the vanishing gradient issue of the original "
        "(logistic) GAN loss.",
        Status.CONDITIONAL,
        correction="In the sense of the loss's outer factor only: with l(t) = -t the generator "
        "gradient carries l' = -1, not the logistic factor sigma(D(G(z))) that vanishes as the "
        "discriminator rejects the fake (Dirac GAN at D(G(z)) = -40: 1.7e-16 vs 40). Eq. (4)'s "
        "gradient -(1/n) sum_i (A Phi_i)^T diag(sigma'(A Phi_i g)) w still vanishes when the "
        "discriminator's hidden units saturate (A -> 300 A with every |a_l^T Phi_i g| >= 0.2: "
        "||grad|| 2.4e-01 -> 7.9e-27 while |f| = 0.08 and the generator is not at a solution).",
        check=f"{_T3}:check_vanishing_gradients",
    ),
]

# Findings of issue 25 whose statement and correction are prose (NOTE: [finding formulas]).
PROSE = {
    "000.s6.global_solutions": "a characterization of a solution set; the correction is a "
    "condition on the data (no antipodal pair) with a constructed counterexample",
    "000.s5.2.example": "an existence remark; the correction names the missing stationarity "
    "conditions, with seeded points",
    "000.s1.vanishing": "a qualitative property of a loss; the correction is the sense in which "
    "it holds and a measured counterexample (saturated units)",
}
