r"""SymPy forms of 002's (JARE) formula-valued findings, keyed by claim id, each with an
independent proof (NOTE: [finding formulas] in :mod:`zigan_verify.claims._formulas`)."""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from zigan_verify.claims._formula_types import _M, Formula, Line, _close, _explicit, _zero

__all__ = ["FORMULAS"]

_tau = sp.Symbol(
    "tau", positive=True
)  # the same symbol as 000's in _formulas (name and assumptions)

# --- 002 -----------------------------------------------------------------------------------

_s2, _b2 = sp.symbols("sigma^2 beta^2", positive=True)
_eta, _gamma, _zeta = sp.symbols("eta gamma zeta", positive=True)
_C1, _eps, _k, _c = sp.symbols("C_1 epsilon k c", positive=True)
_N = sp.Symbol("N")


def _gp(i: int, order: int = 1) -> sp.Symbol:
    from zigan_verify.analysis.jare.simple_gan import derivative_symbols

    return derivative_symbols()[i, order]


# g_i^{(k)}(0) as typeset; the proofs map them to jare.simple_gan's derivative symbols.
_G1P, _G2P, _G2PP = sp.symbols("g_{1}'(0) g_{2}'(0) g_{2}''(0)")
_v = sp.Symbol("v")


def _as_simple_gan(expr):
    return expr.xreplace({_G1P: _gp(1), _G2P: _gp(2), _G2PP: _gp(2, 2)})


def _proof_equilibrium() -> tuple[bool, bool]:
    from zigan_verify.analysis.jare.simple_gan import equilibrium_gradient, simple_gan

    grad = equilibrium_gradient(2)  # generator block first, then grad_theta f
    rhs = _as_simple_gan(FORMULAS["002.s4.equilibrium"].corrected[0].rhs)
    corrected = sp.Matrix.vstack(sp.zeros(2, 1), rhs.coeff(_v) * simple_gan(2).v)
    return _zero(grad - corrected), _zero(grad)


def _simgd_pair(s):
    from zigan_verify.analysis.jare import factors

    return (
        coef.subs(sp.Symbol("s", positive=True), s) for coef in factors.pair_coefficients("simgd")
    )


def _proof_cor1() -> tuple[bool, bool]:
    p, q = _simgd_pair(_s2)
    mod2 = 1 - p * _eta + q * _eta**2  # |1 + eta lambda|^2 of a conjugate pair (Vieta)
    zeta = sp.sqrt(4 * q / p**2 - 1)  # |Im / Re| of the pair
    rhs = _eta**2 / 4 - _s2 * _eta / 2 + 1
    ok = _zero(mod2 - rhs) and _zero(zeta - sp.sqrt((2 / _s2) ** 2 - 1))
    printed = _zero(sp.sqrt(mod2) - rhs) and _zero(zeta - sp.sqrt((_s2 / 2) ** 2 - 1))
    return ok, printed


def _proof_cor2() -> tuple[bool, bool]:
    # ||w^(N)|| >= (1 - 2/tau)^N C1 (App. A.5): the first N with (1 - 2/tau)^N C1 <= eps.
    # logs of both (positive) sides: N log(1 - 2/tau) + log C1 = log eps, linear in N
    derived = sp.solve(sp.Eq(_N * sp.log(1 - 2 / _tau) + sp.log(_C1), sp.log(_eps)), _N)[0]
    corrected = sp.log(_C1 / _eps) / sp.log(_tau / (_tau - 2))
    printed = sp.log(_C1 / _eps) / sp.log(1 - 2 / _tau)
    pts = [{_tau: sp.Rational(t), _C1: 2, _eps: sp.Rational(1, 1000)} for t in ("5/2", "10", "77")]
    return _close(corrected, derived, pts), _close(printed, derived, pts)


def _proof_cor2_proof() -> tuple[bool, bool]:
    # lambda_4 = -1/(2 sqrt(tau)) (Corollary 2) at the step bound eta -> 4/sqrt(tau).
    rate = sp.Abs(1 + 4 / sp.sqrt(_tau) * (-1 / (2 * sp.sqrt(_tau))))
    pts = [{_tau: sp.Rational(t), _k: sp.Rational(kk)} for t in ("5/2", "10") for kk in ("1", "7")]
    derived = rate**_k * _C1
    corrected = (1 - 2 / _tau) ** _k * _C1
    printed = (1 - 2 / _tau) ** (_k / 2) * _C1
    pts = [{**pt, _C1: 3} for pt in pts]
    return _close(corrected, derived, pts), _close(printed, derived, pts)


_HPP = _M(r"\nabla^2_{\phi\phi} f")
_HPT = _M(r"\nabla^2_{\phi\theta} f")
_HTP = _M(r"\nabla^2_{\theta\phi} f")
_I = _M("I")
_Z = sp.ZeroMatrix(2, 2)


def _gamma_forms(method: str):
    top_right = -_gamma * _HPT
    bottom_left = _Z if method == "only_generator" else _gamma * _HTP
    corrected = sp.BlockMatrix([[_I, top_right], [bottom_left, _I]])
    printed = sp.BlockMatrix([[_I, -_gamma * _HPP], [bottom_left, _I]])
    return printed, corrected


def _gamma_proof(method: str) -> Callable[[], tuple[bool, bool]]:
    def proof() -> tuple[bool, bool]:
        from zigan_verify.analysis.jare import jacobians as ja
        from zigan_verify.analysis.jare.simple_gan import simple_gan

        n = 2
        H = sp.hessian(ja.local_loss(n), list(simple_gan(n).w))
        values = {_HPP: H[:n, :n], _HPT: H[:n, n:], _HTP: H[n:, :n], _I: sp.eye(n)}
        # Gamma of eq. (6) is defined by A_rule = Gamma M: derive it as A_rule M^{-1}.
        derived = ja.jacobian_from_rule(method, n) * ja.nabla_tilde_jacobian(n).inv()
        derived = derived.subs(ja.gamma_symbol, _gamma)
        printed, corrected = _gamma_forms(method)
        return _zero(_explicit(corrected, values) - derived), _zero(
            _explicit(printed, values) - derived
        )

    return proof


_S = _M("S")
_half = sp.Rational(1, 2)


def _simple_values(n: int = 2) -> dict:
    from zigan_verify.analysis.jare.simple_gan import simple_gan

    gan = simple_gan(n)
    return {_I: sp.eye(n), _S: gan.sigma**2 * sp.eye(n) + gan.v * gan.v.T}


_M_CORRECTED = sp.BlockMatrix([[_Z, _half * _I], [-_half * _I, -_half * _S]])
_M_IN_PRODUCT = sp.BlockMatrix([[_Z, -_half * _I], [-_half * _I, -_half * _S]])


def _proof_M() -> tuple[bool, bool]:
    from zigan_verify.analysis.jare.jacobians import nabla_tilde_jacobian

    derived, values = nabla_tilde_jacobian(2), _simple_values()
    # derived is the Jacobian of the SimGD map, i.e. M = (d nabla~f / dw)^T in the paper's layout
    printed = _zero(_explicit(_M_IN_PRODUCT, values) - derived)
    return _zero(_explicit(_M_CORRECTED, values) - derived), printed


_lbar, _lund = sp.symbols(r"\bar{\lambda} \underline{\lambda}", negative=True)


def _proof_delta() -> tuple[bool, bool]:
    # Delta(gamma) = |1 - gamma lbar| / |1 - gamma lund|, both eigenvalues negative.
    derived = sp.diff((1 - _gamma * _lbar) / (1 - _gamma * _lund), _gamma)
    corrected = (_lund - _lbar) / (1 - _gamma * _lund) ** 2
    printed = (_lbar - _lund) / (1 - _gamma * _lund) ** 2
    return _zero(corrected - derived), _zero(printed - derived)


def _A_jare(top_left):
    return sp.BlockMatrix(
        [
            [top_left * _I, sp.MatAdd(_half * _I, sp.MatMul(-1, _gamma / 4, _S))],
            [-_half * _I, sp.MatAdd(sp.MatMul(-1, _gamma / 4, _I), -_half * _S)],
        ]
    )


def _proof_A_jare() -> tuple[bool, bool]:
    from zigan_verify.analysis.jare.jacobians import gamma_symbol, jacobian_from_rule

    derived = jacobian_from_rule("jare", 2).subs(gamma_symbol, _gamma)
    values = _simple_values()
    return (
        _zero(_explicit(_A_jare(-_gamma / 4), values) - derived),
        _zero(_explicit(_A_jare(-_gamma / 2), values) - derived),
    )


_h2 = sp.Symbol("h_2", positive=True)
_H2 = (_b2 + _gamma) ** 2 / (_gamma**2 + 4)


def _proof_eq35() -> tuple[bool, bool]:
    from zigan_verify.analysis.jare import factors
    from zigan_verify.analysis.jare.jacobians import gamma_symbol

    tau = factors.conditioning_factor("jare", _b2).subs(gamma_symbol, _gamma)
    dh2 = sp.diff(_H2, _gamma)
    c_tau, c_dh2 = (line.rhs.subs(_h2, _H2) for line in _EQ35_CORRECTED)
    p_tau, p_dh2 = (line.rhs.subs(_h2, _H2) for line in _EQ35_PRINTED)
    pts = [
        {_b2: sp.Rational(b), _gamma: sp.Rational(g)} for b, g in (("73/10", "29/10"), ("5", "1"))
    ]
    return (
        _close(c_tau, tau, pts) and _zero(c_dh2 - dh2),
        _close(p_tau, tau, pts) and _zero(p_dh2 - dh2),
    )


_EQ35_CORRECTED = (
    Line(sp.Symbol("tau"), (sp.sqrt(_h2) + sp.sqrt(_h2 - 1)) ** 2),
    Line(sp.Symbol(r"h_{2}'"), 2 * (_gamma + _b2) * (4 - _b2 * _gamma) / (_gamma**2 + 4) ** 2),
)
_EQ35_PRINTED = (
    Line(sp.Symbol("tau"), (sp.sqrt(_h2) + sp.sqrt(_h2**2 - 1)) ** 2),
    Line(sp.Symbol(r"h_{2}'"), 2 * (_gamma + _b2) * (4 - _b2 * _gamma) / (_gamma + 4) ** 4),
)


def _lemma3_model():
    """One sample of f = E g1(D(x)) + E g2(D(G(z))) with D(x; theta) = theta H(x, theta), so that
    D(., theta*) = 0 at theta* = 0 (any smooth D vanishing there has this form, Hadamard)."""
    phi, theta, x = sp.symbols("phi theta x", real=True)
    Hf, Gf, g2 = sp.Function("H"), sp.Function("G"), sp.Function("g_2")
    fake = g2(theta * Hf(Gf(phi), theta))
    at = {theta: 0}
    H_pt = sp.diff(fake, phi, theta).subs(at).doit()
    H_pp = sp.diff(fake, phi, phi).subs(at).doit()
    # the printed factor: grad_phi G(z) grad^2_{x theta} D(G(z); theta*)
    DxT = sp.diff(theta * Hf(x, theta), x, theta).subs(at).doit().subs(x, Gf(phi))
    factor = sp.diff(Gf(phi), phi) * DxT
    return H_pt, H_pp, factor, sp.Subs(sp.diff(g2(x), x), x, 0).doit(), g2


def _proof_lemma3() -> tuple[bool, bool]:
    H_pt, H_pp, factor, g2p, g2 = _lemma3_model()
    g2pp = sp.Subs(sp.diff(g2(sp.Symbol("x")), sp.Symbol("x"), 2), sp.Symbol("x"), 0).doit()
    corrected = _zero(H_pt - g2p * factor) and not _zero(H_pt)
    printed = _zero(H_pt - g2pp * factor) or not _zero(H_pp)  # printed P = grad^2_phiphi f
    return corrected, printed and not _zero(H_pp)


_a1, _a2, _q, _pp = sp.symbols("a_1 a_2 q p", positive=True)


def _pair_roots():
    lam = sp.Symbol("lambda")
    return sp.solve(lam**2 - _a1 * lam + _a2, lam)


def _proof_phase() -> tuple[bool, bool]:
    # zeta = |Im/Re| of the roots of lambda^2 - a1 lambda + a2 (a1^2 < 4 a2): 4 a2/a1^2 - 1.
    root = _pair_roots()[0]
    zeta2 = sp.simplify((sp.im(root) / sp.re(root)).subs({_a2: (_a1**2 + _pp**2) / 4}) ** 2)
    zeta2 = sp.simplify(zeta2.subs(_pp**2, 4 * _a2 - _a1**2))
    # bound: a1^2 <= q^2 = |lambda_min(Q)|^2 and a2 >= lambda_min(P^T P) = c q^2 / 4;
    # zeta^2 decreases in a1 and increases in a2, so the extreme gives the lower bound.
    decreasing = sp.simplify(sp.diff(zeta2, _a1)).could_extract_minus_sign()
    increasing = not sp.simplify(sp.diff(zeta2, _a2)).could_extract_minus_sign()
    extreme = sp.sqrt(zeta2.subs({_a1: _q, _a2: _c * _q**2 / 4}))
    bound = _zero(extreme - _PHASE_CORRECTED.rhs) and decreasing and increasing
    return bound, False  # the printed '=' claims every (P, Q) attains the bound


_PHASE_CORRECTED = Line(_zeta, sp.sqrt(_c - 1), r"\geq")


def _proof_conditioning() -> tuple[bool, bool]:
    # tau = ratio of the real roots of lambda^2 - a1 lambda + a2 (a1^2 >= 4 a2), in h = a1^2/(4a2).
    big, small = sorted(_pair_roots(), key=lambda e: -sp.N(e.subs({_a1: 3, _a2: 1})))
    h, cp = sp.symbols("h c'", positive=True)
    tau_h = (sp.sqrt(h) + sp.sqrt(h - 1)) ** 2
    pts = [{_a1: sp.Rational(a), _a2: sp.Rational(b)} for a, b in (("3", "1"), ("10", "7/3"))]
    in_h = _close(big / small, tau_h.subs(h, _a1**2 / (4 * _a2)), pts)
    increasing = _close(sp.diff(tau_h, h), tau_h / sp.sqrt(h * (h - 1)), [{h: 2}, {h: 9}])
    extreme = _zero(tau_h.subs(h, 1 / cp) - _COND_CORRECTED.rhs)
    return in_h and increasing and extreme, False  # '=' holds only at the extremes


_cp = sp.Symbol("c'", positive=True)
_COND_CORRECTED = Line(sp.Symbol("tau"), (sp.sqrt(1 / _cp) + sp.sqrt(1 / _cp - 1)) ** 2, r"\geq")


def _proof_appB() -> tuple[bool, bool]:
    from zigan_verify.analysis.jare.jacobians import jacobian_from_rule, lam
    from zigan_verify.analysis.jare.simple_gan import simple_gan, vanilla_g

    gan = simple_gan(1)
    v = gan.v[0]
    A19 = jacobian_from_rule("simgd", 1).subs({gan.sigma: 0, v: 5})
    roots = set(sp.roots(sp.Poly(A19.charpoly(lam).as_expr(), lam)))
    corrected = {(-25 + s * sp.sqrt(621)) / 4 for s in (1, -1)}
    printed = {(-25 + s * sp.sqrt(621)) / 2 for s in (1, -1)}
    same = lambda a, b: all(any(_zero(x - y) for y in b) for x in a)  # noqa: E731
    tau19 = max(roots, key=lambda e: abs(sp.N(e))) / min(roots, key=lambda e: abs(sp.N(e)))
    ok19 = same(corrected, roots) and _zero(tau19 - _APPB_CORRECTED[1].rhs)
    # (20): D_theta(x) = theta e^x, no noise, vanilla g; the SimGD Jacobian at (v, 0), v = 5.
    phi, theta = sp.symbols("phi theta", real=True)
    g1, g2 = vanilla_g()
    H = sp.hessian(g1(theta * sp.exp(v)) + g2(theta * sp.exp(phi)), (phi, theta))
    H = H.subs({phi: v, theta: 0}).subs(v, 5)
    A20 = sp.Matrix([[-H[0, 0], -H[0, 1]], [H[1, 0], H[1, 1]]])
    r20 = [complex(sp.N(e, 30)) for e in A20.eigenvals()]
    tau20 = max(abs(z) for z in r20) / min(abs(z) for z in r20)
    ok20 = abs(tau20 - float(_APPB_CORRECTED[2].rhs)) < 1e-9 * tau20
    return ok19 and ok20, same(printed, roots) and tau20 >= 1e5


_APPB_CORRECTED = (
    Line(
        sp.Symbol(r"\lambda_{(19)}"),
        sp.FiniteSet(*((-25 + s * sp.sqrt(621)) / 4 for s in (1, -1))),
        r"\in",
    ),
    Line(sp.Symbol(r"\tau_{(19)}"), (25 + sp.sqrt(621)) / (25 - sp.sqrt(621))),
    Line(
        sp.Symbol(r"\tau_{(20)}"),
        (sp.exp(10) + sp.sqrt(sp.exp(20) - 4 * sp.exp(10))) ** 2 / (4 * sp.exp(10)),
    ),
)

_lam12 = sp.Symbol("lambda_12")
_P = _M("P")
_HPT_star = _M(r"\nabla^2_{\phi\theta} f(\phi^*, \theta^*)")
_HPP_star = _M(r"\nabla^2_{\phi\phi} f(\phi^*, \theta^*)")
_E_factor = sp.Symbol(r"\mathbb{E}\left[\nabla_{\phi} G\, \nabla^2_{x\theta} D\right]")

FORMULAS: dict[str, Formula] = {
    "002.s4.equilibrium": Formula(
        printed=(Line(sp.Symbol(r"\nabla_{\theta} f(v, 0)"), sp.Integer(0)),),
        corrected=(Line(sp.Symbol(r"\nabla_{\theta} f(v, 0)"), (_G1P + _G2P) * _v),),
        relation="an equilibrium only when the two slopes at zero cancel (Assumption 2)",
        proof=_proof_equilibrium,
    ),
    "002.appA.cor1_proof": Formula(
        printed=(
            Line(sp.Abs(1 + _eta * _lam12), _eta**2 / 4 - _s2 * _eta / 2 + 1),
            Line(_zeta, sp.sqrt((_s2 / 2) ** 2 - 1)),
        ),
        corrected=(
            Line(sp.Abs(1 + _eta * _lam12) ** 2, _eta**2 / 4 - _s2 * _eta / 2 + 1),
            Line(_zeta, sp.sqrt((2 / _s2) ** 2 - 1)),
        ),
        relation="the quadratic is the squared modulus, and the phase factor has the "
        "reciprocal ratio inside the root",
        proof=_proof_cor1,
    ),
    "002.cor2": Formula(
        printed=(Line(_N, sp.log(_C1 / _eps) / sp.log(1 - 2 / _tau), ">"),),
        corrected=(Line(_N, sp.log(_C1 / _eps) / sp.log(_tau / (_tau - 2)), r"\geq"),),
        relation="the printed denominator is negative, so the printed bound is vacuous",
        proof=_proof_cor2,
    ),
    "002.appA.cor2_proof": Formula(
        printed=(Line(sp.Symbol(r"\|w^{(k)}\|"), (1 - 2 / _tau) ** (_k / 2) * _C1, r"\geq"),),
        corrected=(Line(sp.Symbol(r"\|w^{(k)}\|"), (1 - 2 / _tau) ** _k * _C1, r"\geq"),),
        relation="the exponent is k, not k/2: the printed bound fails along the fourth eigenvector",
        proof=_proof_cor2_proof,
    ),
    "002.s5.gamma_gen": Formula(
        printed=(Line(sp.Symbol(r"\Gamma"), _gamma_forms("only_generator")[0]),),
        corrected=(Line(sp.Symbol(r"\Gamma"), _gamma_forms("only_generator")[1]),),
        relation="the (1,2) block is the mixed Hessian, not the generator's own Hessian",
        proof=_gamma_proof("only_generator"),
    ),
    "002.s5.gamma_jare": Formula(
        printed=(Line(sp.Symbol(r"\Gamma"), _gamma_forms("jare")[0]),),
        corrected=(Line(sp.Symbol(r"\Gamma"), _gamma_forms("jare")[1]),),
        relation="the (1,2) block is the mixed Hessian, not the generator's own Hessian",
        proof=_gamma_proof("jare"),
    ),
    "002.appD.M": Formula(
        printed=(Line(sp.Symbol(r"M_{\text{in products}}"), _M_IN_PRODUCT),),
        corrected=(
            Line(
                sp.Symbol(r"M_{\text{in products}}"),
                _M_CORRECTED,
                where=r"M = \left(\frac{\partial \tilde{\nabla} f}{\partial w}\right)^{\top}",
            ),
        ),
        relation="only the factor used in the two products has the wrong sign in its (1,2) "
        "block; the first display, the derivative itself, is the transpose of M and right in "
        "the paper's layout (A = M is defined as that derivative transposed)",
        proof=_proof_M,
    ),
    "002.appD.delta_prime": Formula(
        printed=(Line(sp.Symbol(r"\Delta'(\gamma)"), (_lbar - _lund) / (1 - _gamma * _lund) ** 2),),
        corrected=(
            Line(sp.Symbol(r"\Delta'(\gamma)"), (_lund - _lbar) / (1 - _gamma * _lund) ** 2),
        ),
        relation="the numerator has the opposite sign (the derivative is positive)",
        proof=_proof_delta,
    ),
    "002.appD.A_jare": Formula(
        printed=(Line(sp.Symbol("A"), _A_jare(-_gamma / 2)),),
        corrected=(Line(sp.Symbol("A"), _A_jare(-_gamma / 4)),),
        relation="only the (1,1) block differs (by a factor 2), as eq. (31) then uses",
        proof=_proof_A_jare,
    ),
    "002.appD.eq35": Formula(
        printed=_EQ35_PRINTED,
        corrected=_EQ35_CORRECTED,
        relation="a square too many under the root, and the wrong denominator of the derivative",
        proof=_proof_eq35,
    ),
    "002.appE.lemma3_proof": Formula(
        printed=(
            Line(_P, _HPP_star),
            Line(sp.Symbol(r"\nabla^2_{\phi\theta} f"), _G2PP * _E_factor),
        ),
        corrected=(
            Line(_P, _HPT_star),
            Line(sp.Symbol(r"\nabla^2_{\phi\theta} f"), _G2P * _E_factor),
        ),
        relation="P is the mixed Hessian (the generator's own Hessian vanishes at the "
        "equilibrium), with the first derivative of the generator's loss; Q is n by n",
        proof=_proof_lemma3,
    ),
    "002.s6.phase_example": Formula(
        printed=(Line(_zeta, sp.sqrt(_c - 1)),),
        corrected=(_PHASE_CORRECTED,),
        relation="a lower bound, attained only when both Rayleigh coefficients sit at "
        "their extremes",
        proof=_proof_phase,
    ),
    "002.s6.conditioning_example": Formula(
        printed=(Line(sp.Symbol("tau"), _COND_CORRECTED.rhs),),
        corrected=(_COND_CORRECTED,),
        relation="a lower bound, attained only at the extremes",
        proof=_proof_conditioning,
    ),
    "002.appB.v5": Formula(
        printed=(
            Line(
                sp.Symbol(r"\lambda_{(19)}"),
                sp.FiniteSet(*((-25 + s * sp.sqrt(621)) / 2 for s in (1, -1))),
                r"\in",
            ),
            Line(sp.Symbol(r"\tau_{(20)}"), sp.Function("Omega")(sp.Pow(10, 5, evaluate=False))),
        ),
        corrected=_APPB_CORRECTED,
        relation="the printed roots of (19) are twice the true ones; the condition number "
        "of (20) is about 2.2 times ten to the fourth, not of order ten to the fifth",
        proof=_proof_appB,
    ),
}
