"""Claims of 004: *A Closer Look at the Optimization Landscapes of GANs* (Berard et al.).

Checked by :mod:`zigan_verify.checks.landscape` (issue #10) on the general game type
(:mod:`zigan_verify.games`).
"""

from zigan_verify.claims import Claim, Status

_L = "zigan_verify.checks.landscape:"

CLAIMS = [
    Claim(
        "004.def1-2",
        "§3, Defs. 1-2, Example 1",
        "A DNE need not be an LSSP and an LSSP need not be a DNE (Example 1: a rotating saddle).",
        Status.VERIFIED,
        check=_L + "check_def1_2",
        issue=10,
    ),
    Claim(
        "004.prop1",
        "§3, Proposition 1",
        "With a diagonalizable Jacobian the linearized dynamics "
        "decompose into attractions (real parts) and rotations (imaginary parts).",
        Status.ERRATUM,
        correction=(
            "True for the gradient dynamics d omega/dt = -J (omega - omega*) (eq. (9) prints +J, which "
            "(10) does not solve), in the coordinates P^{-1}(omega - omega*) with J = P D P^{-1} (the "
            "proposition writes P(omega - omega*)); the printed rotation [[cos, sin], [-sin, cos]] of "
            "angle |Im lambda_j| t holds for the block built from the eigenvector of the eigenvalue with "
            "negative imaginary part (with the other one it turns the wrong way); a real lambda_j gives "
            "attraction only when lambda_j > 0 (Re lambda_j > 0 in case 3), i.e. at an LSSP."
        ),
        check=_L + "check_prop1",
        issue=10,
    ),
    Claim(
        "004.eq7",
        "§4, eq. (7)",
        "Path-angle: the cosine between the game vector field and the "
        "straight path between two points, with the path-norm.",
        Status.VERIFIED,
        check=_L + "check_eq7",
        issue=10,
    ),
    Claim(
        "004.topk",
        "§4-5",
        "Top-k eigenvalues of the game Jacobian and of each player's Hessian "
        "diagnose rotation at the end of training.",
        Status.CONDITIONAL,
        correction=(
            "One eigenvalue with Re < 0 (or one negative Hessian eigenvalue, §5.2) found among the top-k "
            "refutes LSSP (DNE), but all top-k by magnitude having Re > 0 does not make an LSSP (§4.2 "
            "'we conclude that we have reached a LSSP'): on a 300-D game the top-10 by magnitude all "
            "have Re >= 9 while Re lambda_min = -0.01; the eigenvalues nearest the imaginary axis (SR) "
            "must be computed, and even then only 'not LSSP' is certified."
        ),
        check=_L + "check_topk",
        issue=10,
    ),
    # ----- added by issue #10: every other checkable claim of 004 -----
    Claim(
        "004.table1",
        "§3.2, Table 1",
        "DNE is neither necessary nor sufficient for LSSP: zero-sum DNE => LSSP, zero-sum LSSP =/=> DNE, "
        "non-zero-sum DNE =/=> LSSP (Example 2), LSSP =/=> DNE (Example 1).",
        Status.VERIFIED,
        check=_L + "check_table1",
        issue=10,
    ),
    Claim(
        "004.BAt",
        "§3.2, after eq. (5)",
        "When B = -A^T, being a DNE is a sufficient condition for being an LSSP.",
        Status.VERIFIED,
        check=_L + "check_b_minus_a_transpose",
        issue=10,
    ),
    Claim(
        "004.ex1.eq15",
        "App. A.2, Example 1, eq. (15)",
        "v(theta1, theta2, phi) = ((2phi^2-1)theta1 - 3phi theta2 + 2phi + 1, (2-phi^2)theta2 - 3phi theta1 "
        "- 2 + phi, 5theta1 + 4theta2 - 9).",
        Status.VERIFIED,
        check=_L + "check_ex1_vector_field",
        issue=10,
    ),
    Claim(
        "004.ex1.eq16",
        "App. A.2, Example 1, eq. (16)",
        "grad v = [[2phi^2-1, -3phi, 2-3theta2], [-3phi, 2-phi^2, 1-3theta1], [5, 4, 0]].",
        Status.ERRATUM,
        correction=(
            "The phi-column is (4 phi theta1 - 3 theta2 + 2, -3 theta1 - 2 phi theta2 + 1, 0): the printed "
            "entries drop 4 phi theta1 and -2 phi theta2; they agree at phi = 0, so (17) is unaffected."
        ),
        check=_L + "check_ex1_jacobian",
        issue=10,
    ),
    Claim(
        "004.ex1.eq17",
        "App. A.2, Example 1, eq. (17)",
        "(1, 1, 0) is stationary and grad v(1, 1, 0) = [[-1, 0, -1], [0, 2, -2], [5, 4, 0]].",
        Status.VERIFIED,
        check=_L + "check_ex1_jacobian_at_star",
        issue=10,
    ),
    Claim(
        "004.ex1.eq18",
        "App. A.2, Example 1, eq. (18)",
        "chi(X) = det [[X+1, 0, 1], [0, X-2, 2], [-5, -4, 0]] = X^3 - X^2 + 11X - 2, chi(0) = -2, chi(1) = 9.",
        Status.ERRATUM,
        correction=(
            "The (3,3) entry of X I - grad v is X, not 0 (the printed determinant is 13X - 2); the printed "
            "polynomial X^3 - X^2 + 11X - 2 and chi(0) = -2, chi(1) = 9 are right."
        ),
        check=_L + "check_ex1_charpoly",
        issue=10,
    ),
    Claim(
        "004.ex1.lssp",
        "§3.2 and App. A.2, Example 1, eq. (19)-(21)",
        "(1, 1, 0) is a locally stable stationary point (all eigenvalues have positive real part) but not a DNE.",
        Status.VERIFIED,
        check=_L + "check_ex1_lssp_not_dne",
        issue=10,
    ),
    Claim(
        "004.ex1.generator_loss",
        "§3.2, Example 1",
        "The generator loss at the optimum is (theta1, theta2) -> L_G(theta1, theta2, phi*) = theta2^2 - theta1^2/2.",
        Status.ERRATUM,
        correction=(
            "L_G(theta, 0) = (theta2 - 1)^2 - (theta1 - 1)^2/2 (centred at (1, 1), as the text says); the "
            "Hessian, hence the descent direction (1, 0), is the same."
        ),
        check=_L + "check_ex1_generator_loss",
        issue=10,
    ),
    Claim(
        "004.ex1.directions",
        "§3.2 / App. A.2, Example 1",
        "(1, phi) is the principal descent direction and (-phi, 1) the principal ascent direction of L_G(., phi).",
        Status.VERIFIED,
        check=_L + "check_ex1_directions",
        issue=10,
    ),
    Claim(
        "004.ex2.eq22",
        "App. A.2, Example 2, eq. (22)-(23)",
        "L_1 = 4theta^2 + (phi^2/2 - 1)theta, L_2 = (4theta - 1)phi + theta^3/6 has stationary points "
        "(0, +-1) with Jacobians (23).",
        Status.REFUTED,
        correction=(
            "The printed game has no stationary point (v_2 = 4theta - 1 = 0 forces theta = 1/4, then "
            "v_1 = 1 + phi^2/2 > 0) and its Jacobian is [[8, phi], [4, 0]], never (23). A game with the "
            "printed stationary points and Jacobians: L_1 = theta^2/2 + (phi^2 - 1)theta/4, "
            "L_2 = 2 theta phi + phi^3/12 - phi/4 (lssp_examples.example2_corrected)."
        ),
        check=_L + "check_ex2_printed_game",
        issue=10,
    ),
    Claim(
        "004.ex2.verdicts",
        "App. A.2, Example 2, bullets after (23)",
        "(0, 1) is a DNE with Sp = {(3 +- sqrt 17)/4} (not an LSSP); (0, -1) is not a DNE and "
        "Sp(grad v(0, 1)) = {(1 +- i sqrt 7)/4} (an LSSP).",
        Status.ERRATUM,
        correction=(
            "The second bullet's spectrum is that of grad v(0, -1), not grad v(0, 1). With the Jacobians "
            "(23) (on the corrected game of 004.ex2.eq22) both verdicts and both spectra hold."
        ),
        check=_L + "check_ex2_jacobians",
        issue=10,
    ),
    Claim(
        "004.propA1.eq12-13",
        "App. A.1, eq. (12)-(13)",
        "e^{-tJ}u_1 = Re(e^{-t lambda})u_1 + Im(e^{-t lambda})u_2 and "
        "e^{-tJ} i u_2 = i(Re(e^{-t lambda})u_2 - Im(e^{-t lambda})u_1).",
        Status.ERRATUM,
        correction=(
            "e^{-tJ}u_1 = Re(e^{-t lambda})u_1 - Im(e^{-t lambda})u_2 and e^{-tJ}u_2 = Re(e^{-t lambda})u_2 "
            "+ Im(e^{-t lambda})u_1 (the Im terms change sign; (13) also writes e^{-t lambda} for "
            "e^{-t conj(lambda)} in front of conj(u_0))."
        ),
        check=_L + "check_prop1_appendix",
        issue=10,
    ),
    Claim(
        "004.s41.path",
        "§4.1",
        "A path omega(.) with omega(0) = omega and omega(1) = omega'; the linear path "
        "omega(alpha) = alpha omega + (1 - alpha) omega'.",
        Status.ERRATUM,
        correction="The linear path from omega to omega' is alpha omega' + (1 - alpha) omega (as in eq. (7)).",
        check=_L + "check_linear_path",
        issue=10,
    ),
    Claim(
        "004.fig2a",
        "§4.3, Fig. 2a (pure attraction)",
        "With S_1, S_2 > 0 and A = B = 0, c(alpha) = 1 for alpha << 1 and c(alpha) = -1 for alpha >> 1, "
        "with a quick sign switch around alpha = 1.",
        Status.ERRATUM,
        correction=(
            "With eq. (7)'s sign (v is the gradient; the dynamics follow -v), c(alpha) < 0 before the "
            "switch and > 0 after it: c -> -d^T S d/(|d||S d|) as alpha -> -inf and +d^T S d/(|d||Sd|) as "
            "alpha -> +inf, d = omega' - omega; the limits are +-1 only when S d is parallel to d (e.g. "
            "S = sI). Exactly one sign switch: verified."
        ),
        check=_L + "check_archetype_attraction",
        issue=10,
    ),
    Claim(
        "004.fig2b",
        "§4.3, Fig. 2b (pure rotation)",
        "With S_1 = S_2 = 0 and A = -B^T, c(alpha) vanishes for alpha << 1 and alpha >> 1 and, because "
        "omega' is not exactly omega*, c(alpha) = +-1 around alpha = 1 (a bump).",
        Status.CONDITIONAL,
        correction=(
            "c -> 0 at both ends and c never changes sign (a bump): verified in any dimension. The peak "
            "|c| = 1 holds for a 2-D rotation (J = b R_90); with several frequencies (4-D, unequal "
            "singular values of B) the peak is below 1; with omega' = omega* exactly, c = 0 everywhere."
        ),
        check=_L + "check_archetype_rotation",
        issue=10,
    ),
    Claim(
        "004.fig2c",
        "§4.3, Fig. 2c (mixed)",
        "The dynamics combine the sign switch and the bump; the higher the bump, the closer we are to pure rotations.",
        Status.CONDITIONAL,
        correction=(
            "On 2-D games J = R_beta the peak max |c| is 1 for every beta, so 'height' must be measured "
            "against the end level: max c - c(b) increases monotonically with beta (towards pure "
            "rotation). Checked on this family only."
        ),
        check=_L + "check_archetype_mixed",
        issue=10,
    ),
    Claim(
        "004.appB",
        "App. B",
        "The Jacobian-vector product is grad v(omega) u = grad(v(omega)^T u) (Pearlmutter's trick).",
        Status.ERRATUM,
        correction=(
            "grad(v^T u) = J^T u (a vector-Jacobian product); J u needs forward mode (jvp of v) -- the "
            "two differ because the game Jacobian is not symmetric. Sp(J^T) = Sp(J), so the top-k "
            "eigenvalues are unaffected, but eigenvectors and J u are."
        ),
        check=_L + "check_appB_jvp",
        issue=10,
    ),
    Claim(
        "004.C1.clip",
        "App. C.1, eq. (24)",
        "A clipped coordinate with |phi| = c and sign grad = -sign phi does not change after a gradient "
        "step followed by clipping.",
        Status.VERIFIED,
        check=_L + "check_clip_filter",
        issue=10,
    ),
    # ----- the MoG experiment (§5, App. C.1, C.4) at CPU scale: checks.landscape.MOG_SCALE -----
    Claim(
        "004.s5.mog.nsgan",
        "§5.1-5.2, Figs. 3-5 (MoG, NSGAN)",
        "Full-batch extragradient on the MoG NSGAN reaches a point of small gradient norm that is an LSSP "
        "(all Re > 0), where the generator is at a saddle (a negative Hessian eigenvalue), with a rotational "
        "component (large imaginary parts).",
        Status.REFUTED,
        correction=(
            "Not reproduced at CPU scale (n = 500 samples, 1500 full-batch EG steps; the paper: 10,000 and "
            "30,000): ||v|| rose from 2.07 to 6.63, the end point is not stable (min Re Sp(J) = -1.1; the "
            "discriminator is not at a minimum either: lambda_min(S_2) = -1.1) and max|Im|/max|Re| = 0.03; "
            "only the generator-at-a-saddle part holds (lambda_min(S_1) = -0.85). The paper-scale run was "
            "not attempted (hours of CPU here)."
        ),
        check=_L + "check_mog_empirical",
        args=("nsgan",),
        issue=10,
        slow=True,
    ),
    Claim(
        "004.s5.mog.wgan_gp",
        "§5.1-5.2, Figs. 3-4, 6 (MoG, WGAN-GP)",
        "The same for WGAN-GP on the MoG: small gradient norm, LSSP, generator at a saddle, rotation.",
        Status.PENDING,
        issue=10,  # checks.landscape.check_mog_empirical("wgan_gp") hit a non-finite Jacobian; see issue #10 report
    ),
    Claim(
        "004.C4.fig7",
        "App. C.4, Fig. 7 (MoG, standard GAN objective)",
        "Extragradient reaches a low gradient norm (converges); gradient descent does not converge: its "
        "gradient norm has a much larger variance.",
        Status.REFUTED,
        correction=(
            "Not reproduced at CPU scale (n = 500, 1500 steps): EG's ||v|| rose 2.07 -> 6.63 while GD's fell "
            "2.07 -> 0.29; GD's log ||v|| does vary more (std 0.52 vs 0.01). The paper's 30,000-step run was "
            "not attempted."
        ),
        check=_L + "check_mog_gd_vs_eg",
        args=("nsgan",),
        issue=10,
        slow=True,
    ),
]
