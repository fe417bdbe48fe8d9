"""Claims of 001: Kim, *Strict Non-Optimality in Minimax Optimization and Its Application to GAN*."""

from zigan_verify.claims import Claim, Status

_T = "zigan_verify.checks.asymptotic_spectrum"  # Theorem 1
_LM = "zigan_verify.checks.local_minimax"
_RS = "zigan_verify.checks.restricted_schur"

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
]
