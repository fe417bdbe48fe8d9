"""Claims of 001: Kim, *Strict Non-Optimality in Minimax Optimization and Its Application to GAN*."""

from zigan_verify.claims import Claim, Status

_T = "zigan_verify.checks.asymptotic_spectrum"  # Theorem 1
_LM = "zigan_verify.checks.local_minimax"
_RS = "zigan_verify.checks.restricted_schur"
_DIST = "zigan_verify.checks.distances"
_TT = "zigan_verify.checks.two_timescale"
_T3 = "zigan_verify.checks.truth3_zigan"  # issue 25

CLAIMS = [
    Claim(
        "001.def1",
        "Def. 1 (local minimax, Jin-Netrapalli-Jordan)",
        "(x*, y*) is local minimax if f(x*, y) <= f(x*, y*) <= max_{||y' - y*|| <= h(delta)} f(x, y') "
        "for ||x - x*||, ||y - y*|| <= delta, some h(delta) -> 0; (loose) necessary: grad f = 0, "
        "grad^2_yy f <= 0 and, if grad^2_yy f < 0, S >= 0.",
        Status.VERIFIED,
        check=f"{_LM}:check_definition1",
    ),
    Claim(
        "001.prop1",
        "Prop. 1",
        "S_res is PSD iff v^T S v >= 0 whenever (grad^2_yx f) v lies in R(grad^2_yy f).",
        Status.VERIFIED,
        check=f"{_RS}:check_prop1",
    ),
    Claim(
        "001.prop2",
        "Prop. 2 (second-order necessary)",
        "Any local minimax point has grad^2_yy f <= 0, and S_res >= 0 if "
        "limsup_{delta -> 0+} h(delta) / delta < inf.",
        Status.VERIFIED,
        check=f"{_LM}:check_prop2",
    ),
    Claim(
        "001.def3",
        "Def. 3 (strict non-minimax)",
        "A stationary point is strict non-minimax if "
        "lambda_min(S_res) < 0 or lambda_min(-grad^2_yy f) < 0.",
        Status.VERIFIED,
        check=f"{_RS}:check_definition3",
    ),
    Claim(
        "001.thm1",
        "Theorem 1",
        "As tau -> infinity the eigenvalues of Lambda_tau DF split into "
        "+-i sqrt(eps) sigma_j, eps mu_j and nu_j (eps = 1/tau).",
        Status.VERIFIED,
        check=f"{_T}:check_theorem1",
    ),
    Claim(
        "001.tau_eg",
        "slide: tau-GDA vs tau-EG",
        "If S_res or grad^2_yy f is invertible, tau-EG "
        "escapes strict non-minimax points for large tau.",
        Status.VERIFIED,
        check="zigan_verify.checks.escape:check_tau_eg_escape_blocks",
    ),
    # ----- issue 13: claims of 001 not registered before -----
    Claim(
        "001.lemma1",
        "Lemma 1 (Jin-Netrapalli-Jordan, ICML '20, Lemma 40)",
        "If grad^2_yy f is invertible, the eigenvalues of Lambda_tau DF satisfy |lambda_j - eps "
        "mu_j| = o(eps) or |lambda_j - nu_j| = o(1), mu: eig S, nu: eig -grad^2_yy f.",
        Status.VERIFIED,
        check=f"{_TT}:check_lemma1",
    ),
    Claim(
        "001.type_i",
        "slide after Theorem 1 ('type (i) makes GDA unstable')",
        "The type-(i) eigenvalues +-i sqrt(eps) sigma_j make GDA unstable.",
        Status.CONDITIONAL,
        correction="At the leading order, |1 - i eta sqrt(eps) sigma| = sqrt(1 + eta^2 eps "
        "sigma^2) > 1 for every eta. At a finite tau the type-(i) eigenvalues have a real part "
        "of order eps, and GDA's factor 1 - 2 eta Re lambda + eta^2 |lambda|^2 is < 1 when eta "
        "|lambda|^2 < 2 Re lambda: 42 of 76 seeded type-(i) eigenvalues at tau = 1e6, eta = "
        "0.05/||DF||. The statement holds for the limit, not at every finite tau and eta.",
        check=f"{_TT}:check_type_i",
    ),
    Claim(
        "001.tau_gda_optimal",
        "slide: 'But tau-GDA also escapes some optimal points'",
        "tau-GDA also escapes some optimal (local minimax) points.",
        Status.VERIFIED,
        check=f"{_TT}:check_p2",
    ),
    Claim(
        "001.js_identity",
        "§4 slide 'Jensen-Shannon GAN'",
        "min_theta (2 JS(P_true, P_theta) - 2 log 2) = min_theta max_f -E l(f(x)) - E l(-f(z)), "
        "l the logistic loss.",
        Status.VERIFIED,
        check=f"{_DIST}:check_js_identity",
    ),
    Claim(
        "001.zi_identity",
        "§4 slide 'Zero-Infinity GAN'",
        "min_theta ZI(P_true, P_theta) = min_theta max_f E f(x) - E f(z).",
        Status.VERIFIED,
        check=f"{_DIST}:check_linear_inner_max",
    ),
    Claim(
        "001.dirac_slide",
        "§4 slide 'Toy Example: Dirac GAN'",
        "Dirac GAN: min_theta min_{w in W} -l(0) - l(-w theta) (W: l(t) = -t, |w| < 1; JS: "
        "logistic l, W = R).",
        Status.ERRATUM,
        correction="The discriminator maximises: min_theta max_{w in W} -l(0) - l(-w theta). With "
        "min over w the JS inner value is -oo at every theta != 0; with max it is -log 2 there and "
        "-2 log 2 at theta = 0, the data.",
        check=f"{_DIST}:check_dirac_slide",
    ),
    Claim(
        "001.local_nash",
        "slides: local Nash second-order conditions; strict non-Nash",
        "A local Nash point has grad^2_xx f >= 0 and grad^2_yy f <= 0; strict non-Nash if "
        "lambda_min(grad^2_xx f) < 0 or lambda_min(-grad^2_yy f) < 0.",
        Status.VERIFIED,
        check=f"{_TT}:check_local_nash",
    ),
    Claim(
        "001.prop1_printed",
        "Restricted Schur complement slide and Prop. 1 (U spans R(Gamma)^T, as printed)",
        "Let U be a matrix whose columns form an orthonormal basis of R(Gamma)^T; S_res = U^T S U "
        ">= 0 iff v^T S v >= 0 for any v in R(U), or equivalently, for any (grad^2_yx f) v in "
        "R(grad^2_yy f).",
        Status.ERRATUM,
        correction="U spans R(Gamma)^perp = null(Gamma^T) (000 App. B.2), not R(Gamma)^T: "
        "exactly on 16 seeded integer block triples with singular grad^2_yy f, that reading "
        "agrees with the right side of Prop. 1 in 16/16 draws (001.prop1), while U from R(Gamma) "
        "agrees in 11/16 draws and R(Gamma^T) is not a subspace of R^dim x in 15 of them (it lives "
        "in R^k, k = dim null(grad^2_yy f)). The transcription writes the superscript as a "
        "transpose; perp is the reading for which Prop. 1 holds.",
        check=f"{_RS}:check_prop1_printed",
    ),
    # ----- issue 25 (truth pass 3) -----
    Claim(
        "001.def2",
        "Def. 2 (Restricted Schur Complement, Chae-Kim-K., ICLR '24)",
        "S_res = U^T (A - C B^+ C^T) U reduces to the Schur complement when grad^2_yy f is "
        "invertible; its spectrum does not depend on the choice of U.",
        Status.VERIFIED,
        check=f"{_RS}:check_restricted_schur",
    ),
    Claim(
        "001.tau_eg_slide",
        "slide 'Extragradient' (tau-EG)",
        "tau-EG: z_{k+1} = w(z_k) = z_k - eta Lambda_tau F(z_k).",
        Status.ERRATUM,
        correction="That is tau-GDA's update. tau-EG evaluates F at the extrapolated point: "
        "z_{k+1} = z_k - eta Lambda_tau F(z_k - eta Lambda_tau F(z_k)) (000 §5.1; the EG line of "
        "the slide before has the inner step). On f = xy the printed map has spectral radius "
        "sqrt(1 + eta^2/tau) > 1, tau-EG's is below 1.",
        check=f"{_T3}:check_tau_eg_slide",
    ),
    Claim(
        "001.conclusion.vanishing",
        "Conclusion slide, item 2",
        "We introduced the Zero-Infinity (ZI) GAN that neither requires Lipschitz constraint nor "
        "suffers from gradient vanishing.",
        Status.CONDITIONAL,
        correction="No Lipschitz constraint: right (001.zi_identity). 'No gradient vanishing' "
        "holds for the loss's outer factor (l' = -1, where the logistic loss's factor "
        "sigma(D(G(z))) vanishes), not for the discriminator's saturating units, through which "
        "the generator gradient still vanishes (000.s1.vanishing).",
        check=f"{_T3}:check_vanishing_gradients",
    ),
]

# Findings of issue 25 whose statement and correction are prose (NOTE: [finding formulas]).
PROSE = {
    "001.conclusion.vanishing": "a qualitative property of a loss; the correction is the sense "
    "in which it holds (000.s1.vanishing)",
}


def __getattr__(name: str):
    # FORMULAS built on first access: the registry imports this module on every command
    if name == "FORMULAS":
        from zigan_verify.claims._formulas_truth3 import formulas_for

        return formulas_for("001")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
