"""Claims of 004: *A Closer Look at the Optimization Landscapes of GANs* (Berard et al.).

Checked by :mod:`zigan_verify.checks.landscape` (issue #10) on the general game type
(:mod:`zigan_verify.game.games`).
"""

from functools import cache, partial

import sympy as sp

from zigan_verify.claims import Claim, Status
from zigan_verify.game import lssp_examples as lx

_L = "zigan_verify.checks.landscape:"
_M = "zigan_verify.checks.landscape_mog:"

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
            "(10) does not solve). The coordinates P(omega - omega*) are right for the proposition's "
            "own, existential basis P (take P = Q^{-1} with J = Q D Q^{-1}); with App. A.1's P of "
            "eq. (14), J = P D P^{-1}, they are P^{-1}(omega - omega*): the letter clashes, the "
            "statement does not (NOTE: [notational conventions]). The printed rotation [[cos, sin], [-sin, cos]] of "
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
    # ----- the MoG experiment (§5, App. C.1, C.4) at CPU scale: checks.landscape_mog.MOG_SCALE -----
    Claim(
        "004.s5.mog.nsgan",
        "§5.1-5.2, Figs. 3-5 (MoG, NSGAN)",
        "Full-batch extragradient on the MoG NSGAN reaches a point of small gradient norm that is an LSSP "
        "(all Re > 0), where the generator is at a saddle (a negative Hessian eigenvalue), with a rotational "
        "component (large imaginary parts).",
        Status.UNREPRODUCED,
        correction=(
            "Not reproduced at CPU scale (n = 500 samples, 1500 full-batch EG steps; the paper: 10,000 and "
            "30,000): ||v|| rose from 2.07 to 6.63, the end point is not stable (min Re Sp(J) = -1.1; the "
            "discriminator is not at a minimum either: lambda_min(S_2) = -1.1) and max|Im|/max|Re| = 0.03; "
            "only the generator-at-a-saddle part holds (lambda_min(S_1) = -0.85). The paper-scale run was "
            "not attempted (hours of CPU here)."
        ),
        check=_M + "check_mog_empirical",
        args=("nsgan",),
        issue=10,
        slow=True,
    ),
    Claim(
        "004.s5.mog.wgan_gp",
        "§5.1-5.2, Figs. 3-4, 6 (MoG, WGAN-GP)",
        "The same for WGAN-GP on the MoG: small gradient norm, LSSP, generator at a saddle, rotation.",
        Status.UNREPRODUCED,
        correction=(
            "Not reproduced at CPU scale (n = 500, the printed rates 0.01 / 0.1 and penalty 1e-3, "
            "full-batch EG): training diverged, v stopped being finite at step 1450 with max|omega| = "
            "3.7e+97, so there is no end point to classify; J u at the start is finite (the game is "
            "well defined: the divergence, not the penalty, made the Jacobian non-finite). The paper's "
            "released code differs from App. C.1 (latent size 100, penalty at the data points): not "
            "tried."
        ),
        check=_M + "check_mog_empirical",
        args=("wgan_gp",),
        issue=10,
        slow=True,
    ),
    Claim(
        "004.C4.fig7",
        "App. C.4, Fig. 7 (MoG, standard GAN objective)",
        "Extragradient reaches a low gradient norm (converges); gradient descent does not converge: its "
        "gradient norm has a much larger variance.",
        Status.UNREPRODUCED,
        correction=(
            "Not reproduced at CPU scale (n = 500, 1500 steps): EG's ||v|| rose 2.07 -> 6.63 while GD's fell "
            "2.07 -> 0.29; GD's log ||v|| does vary more (std 0.52 vs 0.01). The paper's 30,000-step run was "
            "not attempted. Fig. 7 says 'the standard GAN objective' (the saturating, zero-sum one?); "
            "this run uses NSGAN, the objective of §5."
        ),
        check=_M + "check_mog_gd_vs_eg",
        args=("nsgan",),
        issue=10,
        slow=True,
    ),
    # ----- §5 comparisons of the two objectives (Fig. 4, Figs. 5-6) on the MoG at CPU scale -----
    Claim(
        "004.s51.fig4.wgan_right",
        "§5.1, Fig. 4 (NSGAN vs WGAN-GP)",
        "NSGAN's complex game eigenvalues are concentrated on the imaginary axis while WGAN-GP's are "
        "shifted to the right of it (a larger real part relative to their modulus).",
        Status.UNREPRODUCED,
        correction=(
            "Not reproduced at CPU scale (MoG, n = 500): WGAN-GP's EG run diverged at step 1450 (see "
            "004.s5.mog.wgan_gp), so there is no WGAN-GP end point to compare (criterion: median "
            "Re/|lambda| of the complex pairs, WGAN-GP's larger and NSGAN's within 0.1 of 0). Nor is "
            "NSGAN's half seen: at its (unstable) EG end point the median Re/|lambda| of its 50 complex "
            "eigenvalues is 0.819, far from the imaginary axis. MNIST/CIFAR10 not run."
        ),
        check=_M + "check_mog_wgan_shifted_right",
        issue=10,
        slow=True,
    ),
    Claim(
        "004.s52.sharp_D",
        "§5.2, Figs. 5-6 (NSGAN vs WGAN-GP)",
        "The NSGAN discriminator converges to a much sharper minimum than WGAN-GP's: very large positive "
        "top eigenvalues of its Hessian compared to WGAN-GP (the gradient penalty regularizes).",
        Status.UNREPRODUCED,
        correction=(
            "Not reproduced at CPU scale (MoG, n = 500): no WGAN-GP end point (EG diverged at step "
            "1450; criterion: NSGAN's lambda_max(S_2) at least 10x WGAN-GP's); at NSGAN's EG end "
            "point lambda_max(S_2) = 2.47, not very large. MNIST/CIFAR10 not run."
        ),
        check=_M + "check_mog_nsgan_sharper",
        issue=10,
        slow=True,
    ),
    # ----- §5.1, Fig. 3: the path-angle bump on the MoG, and the minimization control -----
    Claim(
        "004.s51.fig3.bump.wgan_gp",
        "§5.1, Fig. 3 (MoG, WGAN-GP; App. C.3)",
        "The path-angle between the initial point and the best end points during training, close to a "
        "stationary point, shows a bump close to alpha = 1 ('all the GAN objectives ... have a non zero "
        "rotational component ... we always observe a bump').",
        Status.UNREPRODUCED,
        correction=(
            "Not reproduced at CPU scale (n = 500, 1500 full-batch EG steps; bump: height > 0.05 in "
            "alpha in [0.8, 1.2], path_angle.bump): EG diverged at step 1450 (004.s5.mog.wgan_gp), so "
            "the best end points (smallest ||v|| after the start) are at steps 50-150, ||v|| "
            "0.651-1.47 against 3.73 at the start: not near a stationary point. There the median "
            "path-angle does have a bump, height 0.141 at alpha = 0.975 with 0 sign switch(es) (as "
            "§5.1 reads Fig. 3d), but the band is wide (quartile curves 0.173 and 0.044); from the "
            "last finite recorded points (steps 1325-1425) the height is 0.011. A minimization shows "
            "a bump too (004.fig3.minimization): it is not by itself evidence of rotation."
        ),
        check=_M + "check_mog_fig3_bump",
        args=("wgan_gp",),
        issue=10,
        slow=True,
    ),
    Claim(
        "004.s51.fig3.bump.nsgan",
        "§5.1, Fig. 3 (MoG, NSGAN; App. C.3)",
        "The same for NSGAN on the MoG: a bump in the path-angle close to alpha = 1.",
        Status.UNREPRODUCED,
        correction=(
            "Not reproduced at CPU scale (n = 500, 1500 full-batch EG steps): EG never approaches a "
            "stationary point (004.s5.mog.nsgan), so the best end points (smallest ||v|| after the "
            "start) are at steps 25-125 (||v|| 6.44-7.04; 2.07 at the start); the median path-angle to "
            "them has bump height 0.000 (quartiles 0.000, 0.000), 0 sign switch(es), c rising from "
            "c(0) = 0.204 to c(1.2) = 0.704; from the last recorded points (steps 1400-1500) the "
            "height is 0.002. No end point near a stationary point, so no refutation either."
        ),
        check=_M + "check_mog_fig3_bump",
        args=("nsgan",),
        issue=10,
        slow=True,
    ),
    Claim(
        "004.fig3.minimization",
        "Fig. 3 caption; §5.1 on Fig. 3d",
        "The bump in path-angle close to alpha = 1.0 is characteristic of games' rotational dynamics, "
        "and absent in the minimization problem (d).",
        Status.REFUTED,
        correction=(
            "A minimization shows the bump too (bump: height > 0.05 in alpha in [0.8, 1.2], the "
            "criterion of 004.s51.fig3.bump.*). The control -- the MoG discriminator problem with the "
            "generator frozen at its initial point, a classifier on the same networks and data whose "
            "Jacobian (a Hessian) is symmetric, so Prop. 1 has no rotation -- after 1500 full-batch "
            "GD steps (end points at steps 1400-1500, ||v|| 0.00949-0.00976; 2.07 at the start): "
            "bump height 0.500 at alpha = 0.990 (quartiles 0.501, 0.501), with 1 sign switch(es), "
            "c(0) = -0.702, c(1.2) = 0.135. In closed form, the quadratic minimization S = diag(1, 100) has a bump of "
            "height 0.673 at alpha = 0.925 (with S = I: 0.000): ill-conditioning alone can make a bump (an existence example: one path at angle pi/12, ending 0.02 off the minimum), "
            "so only the Jacobian's imaginary parts, not the path-angle's bump, show rotation. The "
            "paper does not say what its minimization problem is, and its text contradicts the "
            "caption: §5.1 says Fig. 3d shows 'no sign switch and a clear bump similar to Fig. 2b'."
        ),
        check=_M + "check_fig3_minimization",
        issue=10,
        slow=True,
    ),
    # ----- issue 25 (truth pass 3) -----
    Claim(
        "004.s32.fig1a",
        "§3.2, Example 1 and Fig. 1a",
        "In Fig. 1a, one can see that, starting from any point, we will rotate around the "
        "stationary point (phi*, theta_1*) = (0, 1) and eventually converge to it.",
        Status.REFUTED,
        correction="Only locally: Example 1's field (15) is cubic, has a second stationary point "
        "(45/41, 36/41, -1/9) with an eigenvalue of negative real part (unstable), and the "
        "dynamics d omega/dt = -v(omega) from starts 1-2 away in the plane theta_2 = 1 ((theta_1, "
        "phi) = (0, 1), (2, -1), (-1, 0), (1, 2)) leave every bound in finite time (|omega| > 1e6 "
        "by t = 0.5-5.5); from (1.05, 0.05) and (0.95, -0.05) they converge to (1, 1, 0). The "
        "rotation and convergence near (1, 1, 0) are 004.ex1.lssp.",
        check="zigan_verify.checks.truth3_lssp:check_fig1a",
        slow=True,
    ),
    Claim(
        "004.s52.digits",
        "§5.2, Figs. 5-6 (NSGAN / WGAN-GP on MNIST and CIFAR-10, ExtraAdam)",
        "The generator never reaches a local minimum but a saddle point (a negative eigenvalue of "
        "its Hessian): the training algorithms converge to LSSPs which are not local Nash "
        "equilibria.",
        Status.UNREPRODUCED,
        correction="Not reproduced at CPU scale (NSGAN on 128 bundled 8x8 digits, MLPs 4-8-64 and "
        "64-8-1, one full batch, ExtraAdam for 1000 steps at ten times App. C.2's rates, seeds "
        "0-1; zigan_verify.experiments.digits_gan): the generator's Hessian has a negative "
        "eigenvalue at both end points (lambda_min(S_1) = -0.066, -0.140), as printed, but "
        "neither end point is near-stationary (||v|| 1.19 -> 0.90, 1.78 -> 1.25) or stable (min "
        "Re Sp(J) = -2.23, -2.02), so 'an LSSP that is not a local Nash equilibrium' is not "
        "seen. The DCGAN/ResNet runs of 100k iterations on MNIST and CIFAR-10 were not attempted.",
        check="zigan_verify.checks.truth3_lssp:check_digits_saddle",
        slow=True,
    ),
    Claim(
        "004.C5.adam",
        "§5 ('Optimization methods') and App. C.5, Figs. 8-9",
        "ExtraAdam gives slightly better performance than Adam (IS, FID), and Adam sometimes "
        "converges to unstable points.",
        Status.UNREPRODUCED,
        correction="Not reproduced at the CPU scale of 004.s52.digits (Adam with App. C.2's "
        "beta_1 = 0.5, ExtraAdam 0.9): Adam's end points were closer to the data (MMD^2 0.265, "
        "0.440 vs ExtraAdam's 0.535, 0.488; IS/FID need MNIST/CIFAR-10 classifiers, not run) and "
        "both methods ended at unstable points (Adam min Re Sp(J) = -1.04, -1.77; ExtraAdam "
        "-2.23, -2.02), so 'Adam, unlike ExtraAdam, sometimes reaches unstable points' is not "
        "seen either.",
        check="zigan_verify.checks.truth3_lssp:check_digits_adam",
        slow=True,
    ),
]

# --- SymPy forms of the formula-valued findings (NOTE: [finding formulas] in claims._formulas) ---
# FORMULAS is built on first access (module __getattr__): the registry imports this module on
# every command. The corrected example forms are lssp_examples.corrected_formulas(); each proof
# derives independently: grad v by difference quotients of v (not SymbolicExample.jacobian),
# flows by SymPy's matrix exponential, the path-angle limits by sp.limit on eq. (7).

PROSE = {
    "004.topk": "a statement about what a top-k spectrum certifies; the correction is a "
    "condition (the eigenvalues nearest the imaginary axis) with a 300-D counterexample",
    "004.fig2b": "a figure's shape; the correction is measured peaks of c on 2-D and 4-D games",
    "004.fig2c": "a figure's reading; the correction is how the bump height must be measured, "
    "checked on one family of games",
    "004.s5.mog.nsgan": "an experiment's outcome; the correction is measured numbers at CPU scale",
    "004.C4.fig7": "an experiment's outcome; the correction is measured numbers at CPU scale",
    "004.s5.mog.wgan_gp": "an experiment's outcome; the correction is measured numbers at CPU scale",
    "004.s51.fig4.wgan_right": "a comparison of two experiments; the correction is why it could "
    "not be made at CPU scale",
    "004.s52.sharp_D": "a comparison of two experiments; the correction is why it could not be "
    "made at CPU scale",
    "004.s51.fig3.bump.nsgan": "an experiment's outcome; the correction is measured numbers at "
    "CPU scale",
    "004.s51.fig3.bump.wgan_gp": "an experiment's outcome; the correction is measured numbers at "
    "CPU scale",
    "004.fig3.minimization": "a figure's reading; the counterexample is a measured minimization "
    "control and a closed-form quadratic",
    "004.s32.fig1a": "a statement about a figure's dynamics; the counterexample is integrated "
    "trajectories and a second stationary point",
    "004.s52.digits": "an experiment's outcome; the correction is measured spectra at CPU scale",
    "004.C5.adam": "a comparison of two optimizers' runs; the correction is measured numbers at "
    "CPU scale",
}


def __getattr__(name: str):
    if name == "FORMULAS":
        return _formulas()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _zero(expr) -> bool:
    return all(sp.simplify(e) == 0 for e in sp.Matrix(expr))


def _jacobian_by_limits(ex) -> sp.Matrix:
    """``grad v`` column by column as ``lim_h (v(x + h e_j) - v(x)) / h`` (eq. (5))."""
    h, v = sp.Symbol("h"), ex.v

    def column(s):
        return ((v.subs(s, s + h) - v) / h).applyfunc(lambda e: sp.limit(e, h, 0))

    return sp.Matrix.hstack(*[column(s) for s in ex.symbols])


_STAR1 = (1, 1, 0)
_nabla_v = sp.Symbol(r"\nabla v")
_chi = sp.Function(r"\chi")(lx.X)


def _proof_eq16(item) -> tuple[bool, bool]:
    derived = _jacobian_by_limits(lx.example1())
    return tuple(_zero(lines[0].rhs - derived) for lines in (item.corrected, item.printed))


def _proof_eq18(item) -> tuple[bool, bool]:
    ex = lx.example1()
    assert _zero(ex.v.subs(ex.at(_STAR1)))  # noqa: S101 - (1, 1, 0) is stationary
    chi = _jacobian_by_limits(ex).subs(ex.at(_STAR1)).charpoly().as_expr(lx.X)  # Berkowitz

    def holds(lines) -> bool:
        return all(sp.expand(line.rhs.doit() - chi) == 0 for line in lines)

    return holds(item.corrected), holds(item.printed)


def _proof_generator_loss(item) -> tuple[bool, bool]:
    ex = lx.example1()
    # phi* of the stationary point theta = (1, 1): solve v = 0 for phi there
    (phi_star,) = sp.solve(list(ex.v.subs({lx.t1: 1, lx.t2: 1})), [lx.vphi], dict=True)
    derived = ex.L_G.subs(phi_star)
    return tuple(sp.expand(lines[0].rhs - derived) == 0 for lines in (item.corrected, item.printed))


_EX2_POINTS = ((0, 1), (0, -1))


def _grad_v_at(p):
    return sp.Symbol(rf"\nabla v({p[0]}, {p[1]})")


def _proof_eq22(item) -> tuple[bool, bool]:
    # the game of the typeset losses: stationary at (0, +-1) with the typeset Jacobians?
    def holds(lines) -> bool:
        game = lx.SymbolicExample(lines[0].rhs, lines[1].rhs, (lx.theta,), (lx.phi,))
        J = _jacobian_by_limits(game)
        return all(
            _zero(game.v.subs(game.at(p))) and _zero(J.subs(game.at(p)) - line.rhs)
            for p, line in zip(_EX2_POINTS, lines[2:], strict=True)
        )

    return holds(item.corrected), holds(item.printed)


def _spectrum_of(p):
    return sp.Symbol(rf"\operatorname{{Sp}}(\nabla v({p[0]}, {p[1]}))")


def _proof_verdicts(item) -> tuple[bool, bool]:
    game = lx.example2_corrected()
    J = _jacobian_by_limits(game)
    spectra = {_spectrum_of(p): set(J.subs(game.at(p)).eigenvals()) for p in _EX2_POINTS}

    def holds(lines) -> bool:
        def same(a, b):
            return len(a) == len(b) and all(any(sp.simplify(x - y) == 0 for y in b) for x in a)

        return all(same(set(line.rhs), spectra[line.lhs]) for line in lines)

    return holds(item.corrected), holds(item.printed)


# App. A.1 (12)-(13): a real 2 x 2 J with the complex pair lambda, conj(lambda).
_t = sp.Symbol("t", positive=True)
_E, _u1, _u2 = (
    sp.MatrixSymbol("e^{-tJ}", 2, 2),
    sp.MatrixSymbol("u_1", 2, 1),
    sp.MatrixSymbol("u_2", 2, 1),
)
_re, _im = sp.symbols(r"\operatorname{Re}(e^{-t\lambda}) \operatorname{Im}(e^{-t\lambda})")


def _proof_eq12_13(item) -> tuple[bool, bool]:
    P = sp.Matrix([[1, 2], [1, 3]])
    J = P * sp.Matrix([[1, 2], [-2, 1]]) * P.inv()  # eigenvalues 1 -+ 2i, not normal
    E = (-_t * J).exp()
    ok = {"corrected": True, "printed": True}
    for lam, _, (u0,) in J.eigenvects():
        e = sp.exp(-_t * lam)
        u1, u2 = u0 + u0.conjugate(), (u0 - u0.conjugate()) / sp.I
        values = {_E: E, _u1: u1, _u2: u2, _re: sp.re(e), _im: sp.im(e)}
        for key in ok:
            for line in getattr(item, key):
                diff = (line.lhs - line.rhs).xreplace(values).doit()
                ok[key] = ok[key] and _zero(sp.Matrix(diff).applyfunc(sp.expand_complex))
    return ok["corrected"], ok["printed"]


# §4.1: the linear path between omega and omega' (componentwise).
_alpha = sp.Symbol("alpha")
_w, _w1 = sp.symbols(r"\omega \omega'")


def _proof_path(item) -> tuple[bool, bool]:
    # the affine path a + alpha b with the stated end points omega(0) = omega, omega(1) = omega'
    a, b = sp.symbols("a b")
    sol = sp.solve([sp.Eq(a, _w), sp.Eq(a + b, _w1)], [a, b])
    derived = sol[a] + _alpha * sol[b]
    return tuple(sp.expand(lines[0].rhs - derived) == 0 for lines in (item.corrected, item.printed))


# §4.3 Fig. 2a: the limits of the path-angle c(alpha) (eq. (7)) for v = S (omega - omega*).
_c = sp.Function("c")(_alpha)
_dSd, _nd, _nSd = sp.symbols(r"d^{\top}Sd \|d\| \|Sd\|")


def _proof_fig2a(item) -> tuple[bool, bool]:
    S = sp.Matrix([[2, 1, 0], [1, 2, 0], [0, 0, 3]])  # S_1 = [[2, 1], [1, 2]], S_2 = 3 (> 0)
    w, w1 = sp.Matrix([1, 0, 2]), sp.Matrix([0, 1, -1]) / 20  # omega* = 0
    d = w1 - w
    v = S * (
        _alpha * w1 + (1 - _alpha) * w
    )  # eq. (7): v at omega_alpha = alpha omega' + (1-alpha) omega
    c = d.dot(v) / (d.norm() * sp.sqrt(v.dot(v)))
    at = {_dSd: d.dot(S * d), _nd: d.norm(), _nSd: (S * d).norm()}

    def holds(lines) -> bool:
        return all(
            sp.simplify(sp.limit(c, _alpha, line.lhs.args[2]) - line.rhs.subs(at)) == 0
            for line in lines
        )

    return holds(item.corrected), holds(item.printed)


# App. B: J u versus grad(v^T u), on Example 1.
_Jm = sp.MatrixSymbol(r"\nabla v(\omega)", 3, 3)
_u = sp.MatrixSymbol("u", 3, 1)
_grad_vu = sp.MatrixSymbol(r"\nabla(v(\omega)^{\top} u)", 3, 1)


def _proof_appB(item) -> tuple[bool, bool]:
    ex = lx.example1()
    u = sp.Matrix(sp.symbols("u_1:4"))
    grad = sp.Matrix([sp.diff(ex.v.dot(u), s) for s in ex.symbols])
    values = {_Jm: _jacobian_by_limits(ex), _u: u, _grad_vu: grad}

    def holds(lines) -> bool:
        return all(_zero((line.lhs - line.rhs).xreplace(values).doit()) for line in lines)

    return holds(item.corrected), holds(item.printed)


# Prop. 1 / eq. (9)-(10): omega(t) = omega* + e^{-tJ}(omega(0) - omega*), J = P D P^{-1}.
class _Dt(sp.MatrixExpr):
    """``d/dt`` of a matrix expression (typeset; proofs differentiate the explicit form)."""

    @property
    def shape(self):
        return self.args[0].shape

    def _latex(self, printer):
        return rf"\frac{{d}}{{dt}} {printer._print(self.args[0])}"


_W = sp.MatrixSymbol(r"(\omega - \omega^{*})", 2, 1)
_Jp, _P, _D = (sp.MatrixSymbol(s, 2, 2) for s in ("J", "P", "D"))


def _proof_prop1(item) -> tuple[bool, bool]:
    P, D = sp.Matrix([[1, 1], [1, 2]]), sp.diag(1, 3)
    J = P * D * P.inv()
    w0, ws = sp.Matrix([2, -1]), sp.Matrix([1, 1])
    flow = (-_t * J).exp() * (w0 - ws)  # eq. (10): omega(t) - omega*
    values = {_Jp: J, _P: P, _D: D, _W: flow}

    def holds(lines) -> bool:
        def explicit(e):
            return sp.Matrix(e.xreplace(values).doit())

        return all(
            _zero(explicit(line.lhs.args[0]).diff(_t) - explicit(line.rhs)) for line in lines
        )

    return holds(item.corrected), holds(item.printed)


@cache
def _formulas() -> dict:
    from zigan_verify.claims._formulas import Formula, Line

    printed, cf = lx.example1_printed(), lx.corrected_formulas()
    ex2p, ex2c = lx.example2_printed(), cf["004.ex2.eq22"]
    L1, L2 = sp.Symbol(r"\mathcal{L}_{1}"), sp.Symbol(r"\mathcal{L}_{2}")
    jac23 = [
        Line(_grad_v_at(p), sp.ImmutableMatrix(lx.EXAMPLE2_PRINTED_JACOBIANS[p]))
        for p in _EX2_POINTS
    ]
    spectra = {p: sp.FiniteSet(*lx.EXAMPLE2_PRINTED_SPECTRA[p]) for p in _EX2_POINTS}
    LG = sp.Symbol(r"\mathcal{L}_{G}(\theta_{1}, \theta_{2}, \varphi^{*})")
    lim = {s: sp.Limit(_c, _alpha, s * sp.oo) for s in (-1, 1)}
    rot = {s: s * _dSd / (_nd * _nSd) for s in (-1, 1)}
    forms = {
        "004.ex1.eq16": (
            (Line(_nabla_v, sp.ImmutableMatrix(printed["J_16"])),),
            (Line(_nabla_v, cf["004.ex1.eq16"]["J"]),),
            "the phi-column drops 4 phi theta_1 and -2 phi theta_2; both agree at phi = 0, so "
            "(17) stands",
            _proof_eq16,
        ),
        "004.ex1.eq18": (
            (
                Line(_chi, sp.Determinant(sp.ImmutableMatrix(printed["chi_matrix_18"]))),
                Line(_chi, printed["chi_18"]),
            ),
            (
                Line(_chi, sp.Determinant(cf["004.ex1.eq18"]["chi_matrix"])),
                Line(_chi, cf["004.ex1.eq18"]["chi"]),
            ),
            "the (3,3) entry of X I - grad v is X, not 0 (the printed determinant is 13X - 2); "
            "the printed polynomial is right",
            _proof_eq18,
        ),
        "004.ex1.generator_loss": (
            (Line(LG, printed["generator_loss_at_phi_star"]),),
            (Line(LG, cf["004.ex1.generator_loss"]["L_G_at_phi_star"]),),
            "the printed loss is the derived one moved to the origin: it is centred at (1, 1), "
            "with the same Hessian and descent direction",
            _proof_generator_loss,
        ),
        "004.ex2.eq22": (
            (Line(L1, ex2p.L_G), Line(L2, ex2p.L_D), *jac23),
            (
                Line(L1, ex2c["L_1"]),
                Line(L2, ex2c["L_2"]),
                *(Line(_grad_v_at(p), ex2c[f"J({p[0]},{p[1]})"]) for p in _EX2_POINTS),
            ),
            "the printed game has no stationary point; a game (one of many) with the printed "
            "stationary points and Jacobians (23)",
            _proof_eq22,
        ),
        "004.ex2.verdicts": (
            tuple(Line(_spectrum_of((0, 1)), spectra[p]) for p in _EX2_POINTS),
            tuple(Line(_spectrum_of(p), spectra[p]) for p in _EX2_POINTS),
            "the second bullet's spectrum is that of grad v(0, -1)",
            _proof_verdicts,
        ),
        "004.propA1.eq12-13": (
            (
                Line(_E * _u1, _re * _u1 + _im * _u2),
                Line(_E * (sp.I * _u2), sp.I * (_re * _u2 - _im * _u1)),
            ),
            (
                Line(_E * _u1, _re * _u1 - _im * _u2),
                Line(_E * _u2, _re * _u2 + _im * _u1),
            ),
            "the Im terms change sign (u_1 = u_0 + conj(u_0), i u_2 = u_0 - conj(u_0))",
            _proof_eq12_13,
        ),
        "004.s41.path": (
            (Line(sp.Function("omega")(_alpha), _alpha * _w + (1 - _alpha) * _w1),),
            (
                Line(
                    sp.Function("omega")(_alpha),
                    _alpha * _w1 + (1 - _alpha) * _w,
                    where=r"\omega(0) = \omega,\ \omega(1) = \omega'",
                ),
            ),
            "the printed path runs from omega' to omega; eq. (7) uses the corrected one",
            _proof_path,
        ),
        "004.fig2a": (
            (Line(lim[-1], sp.Integer(1)), Line(lim[1], sp.Integer(-1))),
            (
                Line(lim[-1], rot[-1], where=r"d = \omega' - \omega"),
                Line(lim[1], rot[1]),
            ),
            "the signs are reversed (v is the gradient, the dynamics follow -v), and the limits "
            "are plus or minus one only when S d is parallel to d",
            _proof_fig2a,
        ),
        "004.appB": (
            (Line(_Jm * _u, _grad_vu),),
            (Line(_grad_vu, _Jm.T * _u),),
            "Pearlmutter's trick gives the vector-Jacobian product; J u needs forward mode "
            "(the game Jacobian is not symmetric)",
            _proof_appB,
        ),
        "004.prop1": (
            (Line(_Dt(_W), _Jp * _W), Line(_Dt(_P * _W), -_D * _P * _W)),
            (
                Line(_Dt(_W), -_Jp * _W),
                Line(_Dt(sp.Inverse(_P) * _W), -_D * sp.Inverse(_P) * _W, where=r"J = P D P^{-1}"),
            ),
            "eq. (9) has the sign of J reversed; with App. A.1's P (eq. (14)) the decoupled "
            "coordinates are the inverse of P applied to omega - omega* (the proposition's own P is "
            "existential and may be that inverse); the rotation blocks turn as printed only "
            "for the eigenvalue "
            "with negative imaginary part",
            _proof_prop1,
        ),
    }
    return {
        cid: Formula(p, c, relation, proof=partial(_prove, proof, cid))
        for cid, (p, c, relation, proof) in forms.items()
    }


def _prove(proof, claim_id: str) -> tuple[bool, bool]:
    """Run ``proof`` on the typeset forms of ``claim_id`` (it evaluates their SymPy objects)."""
    return proof(_formulas()[claim_id])
