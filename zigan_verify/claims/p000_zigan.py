"""Claims of 000: Lee & Kim, *Zero-Infinity GAN* (the centre of the project)."""

from zigan_verify.claims import Claim, Status

_D = "zigan_verify.checks.derivatives"
_BLOCK = f"{_D}:check_block"

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
        Status.CONDITIONAL,
        correction="Holds when vec stacks the rows of G (g = vec(G^T) in the usual column-stacking "
        "vec); with column-stacking vec(G) the matrix must be Phi_i = phi(z_i)^T kron I_{d1}.",
        check=f"{_D}:check_vec_convention",
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
        Status.PENDING,
        issue=3,
    ),
    Claim(
        "000.thm2",
        "§5.2, Theorem 2",
        "A stationary point with w_l = 0 and sum_i [sigma'(a_l^T "
        "x_i) x_i - sigma'(a_l^T Phi_i g) Phi_i g] != 0 is strict non-minimax.",
        Status.PENDING,
        issue=3,
    ),
    Claim(
        "000.B4.proof",
        "App. B.4",
        "At such a point grad^2_yy f has a positive eigenvalue "
        "(the 2-block submatrix M has zero trace and a non-zero entry).",
        Status.PENDING,
        issue=3,
    ),
    Claim(
        "000.s5.2.degenerate",
        "§5.2, after Theorem 2",
        "sum_i (x_i - Phi_i g) = 0, w = 0, A = 0 "
        "is a non-optimal stationary point with zero Hessian, hence not strict non-minimax.",
        Status.PENDING,
        issue=3,
    ),
    Claim(
        "000.s5.3.blocks",
        "§5.3 and App. B.5",
        "At a global solution with w = 0 all Hessian "
        "blocks vanish except grad^2_gw f and grad^2_theta w f.",
        Status.PENDING,
        issue=3,
    ),
    Claim(
        "000.B5.spectrum",
        "App. B.5",
        "The eigenvalues of Lambda_tau DF at a global solution "
        "are lambda_n = i sqrt(mu_n / tau), mu_n the eigenvalues of B^T B.",
        Status.PENDING,
        issue=3,
    ),
    Claim(
        "000.thm3",
        "§5.3, Theorem 3",
        "For sufficiently large tau, tau-GDA almost surely escapes "
        "global solutions (w = 0) while tau-EG converges to them.",
        Status.PENDING,
        issue=3,
    ),
    Claim(
        "000.B1.P1",
        "App. B.1 (P1)",
        "Both tau-GDA and tau-EG almost surely escape strict "
        "non-minimax points for sufficiently large tau.",
        Status.PENDING,
        issue=3,
    ),
    Claim(
        "000.s6.invariant",
        "§6",
        "Gradient methods keep g in g_0 + R(Phi^T): from zero they stay in R(Phi^T).",
        Status.PENDING,
        issue=5,
    ),
    Claim(
        "000.s6.limit",
        "§6",
        "Starting from zero and training only the last layer, a gradient "
        "method that converges to a global solution reaches the minimum-norm solution "
        "Phi^T (Phi Phi^T)^{-1} Q_pi^T x.",
        Status.PENDING,
        issue=5,
    ),
    Claim(
        "000.s4.fig1",
        "§4, Fig. 1",
        "Dirac GAN: EG converges to (0, 0) with the linear loss; "
        "with the logistic loss it stalls in a flat region; GDA diverges for both.",
        Status.PENDING,
        issue=6,
    ),
    Claim(
        "000.s7.fig2",
        "§7, Fig. 2, App. C",
        "On 32 MNIST samples ZI-GAN with (two-timescale) EG "
        "reaches a global solution while GDA fails to remain stable near it.",
        Status.PENDING,
        issue=None,
    ),
]
