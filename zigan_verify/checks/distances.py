"""Checks of the distances behind the GAN losses: 000 §4 (same global solutions, the Dirac GAN),
App. A.2 (the linear loss's inner maximum), App. A.3 (f-divergence and IPM), and 001's JS / ZI
minimax identities and its Dirac GAN slide. Distributions are discrete with rational masses, so
every value is exact (SymPy).

Public: the names in ``__all__``; the rest may change.
"""

from __future__ import annotations

import functools

import sympy as sp

from zigan_verify.checks.evidence import Evidence, Status, verdict
from zigan_verify.game.models import dirac_gan

__all__ = [
    "DISTRIBUTIONS",
    "check_dirac_slide",
    "check_f_divergence",
    "check_js_identity",
    "check_linear_inner_max",
    "check_same_solutions",
    "js_inner_max",
    "linear_inner_max",
]

_M = sp.Symbol("M", positive=True)  # the bound |D| <= M on the discriminator
_f = sp.Symbol("f", real=True)  # a discriminator value at one point

# Pairs (p, q) of probability vectors on three points: equal, disjoint-free unequal, and one
# with a zero mass (P not absolutely continuous w.r.t. Q).
DISTRIBUTIONS = (
    ((sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(1, 6)),) * 2,
    (
        (sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(1, 6)),
        (sp.Rational(1, 4),) * 2 + (sp.Rational(1, 2),),
    ),
    ((sp.Rational(1, 2), sp.Rational(1, 2), 0), (sp.Rational(1, 3),) * 3),
)


def linear_inner_max(p, q) -> sp.Expr:
    """``max_{|D| <= M} sum_x D(x) (p(x) - q(x))`` (App. A.2 with ``l(t) = -t``), exactly: the
    maximiser is ``D = M sign(p - q)``, the value ``M ||p - q||_1``; ``M -> oo`` is D* = +-oo."""
    return sp.Add(*[_M * sp.Abs(a - b) for a, b in zip(p, q, strict=True)])


@functools.cache  # exact and immutable; check_js_identity and check_same_solutions both need it
def js_inner_max(p, q) -> sp.Expr:
    """``max_f sum_x -p l(f) - q l(-f)`` for the logistic loss ``l(t) = log(1 + e^-t)``, pointwise:
    SymPy solves the stationarity equation in ``f`` (concave) and substitutes the maximiser."""
    total = sp.Integer(0)
    for a, b in zip(p, q, strict=True):
        if a == 0 or b == 0:  # sup is 0, approached as f -> -+oo
            continue
        obj = -a * sp.log(1 + sp.exp(-_f)) - b * sp.log(1 + sp.exp(_f))
        (f_star,) = sp.solve(sp.diff(obj, _f), _f)
        total += obj.subs(_f, f_star)
    return sp.nsimplify(sp.expand_log(sp.simplify(total), force=True))


def _js(p, q) -> sp.Expr:
    def kl(a, b):
        return sp.Add(*[x * sp.log(x / y) for x, y in zip(a, b, strict=True) if x != 0])

    m = [(a + b) / 2 for a, b in zip(p, q, strict=True)]
    return kl(p, m) / 2 + kl(q, m) / 2


def check_linear_inner_max() -> Evidence:
    """000 App. A.2 and 001's ZI slide: with the linear loss the inner maximum over D is
    ``M ||p - q||_1`` for ``|D| <= M`` -- 0 for every M when p = q, and -> oo (D* = +-oo) otherwise."""
    values = [linear_inner_max(p, q) for p, q in DISTRIBUTIONS]
    limits = [sp.limit(v, _M, sp.oo) for v in values]
    want = [0 if p == q else sp.oo for p, q in DISTRIBUTIONS]
    ok = limits == want and 0 in want and sp.oo in want
    return Evidence(
        verdict(ok),
        "exact, 3 pairs of discrete distributions: max_{|D|<=M} E_P D - E_Q D = "
        + ", ".join(f"{sp.simplify(v)}" for v in values)
        + f"; as M -> oo: {limits} (0 iff P = Q: the zero-infinity distance)",
        {"values": [str(v) for v in values], "limits": [str(v) for v in limits]},
    )


def check_js_identity() -> Evidence:
    """001 JS slide (Goodfellow et al.): max_f -E_P l(f) - E_Q l(-f) = 2 JS(P, Q) - 2 log 2 for the
    logistic loss, exactly on the pairs of :data:`DISTRIBUTIONS` (also with a zero mass)."""
    pairs = [(js_inner_max(p, q), 2 * _js(p, q)) for p, q in DISTRIBUTIONS]
    diffs = [sp.simplify(inner - (js2 - 2 * sp.log(2))) for inner, js2 in pairs]
    # the control: the printed identity with +2 log 2 instead of -2 log 2 must fail
    wrong = [sp.simplify(inner - (js2 + 2 * sp.log(2))) for inner, js2 in pairs]
    ok = all(d == 0 for d in diffs) and all(w != 0 for w in wrong)
    return Evidence(
        verdict(ok),
        f"exact on 3 pairs: max_f ... - (2 JS - 2 log 2) = {diffs}; with +2 log 2: {wrong}",
        {"differences": [str(d) for d in diffs]},
    )


def check_f_divergence() -> Evidence:
    """000 App. A.3 as printed: D_f(P, Q) := int p f(p/q) >= sup_D E_P D - E_Q f*(D), and the
    choice f = 0 at s = 1, oo otherwise (f* (t) = t) gives the zero-infinity distance; the IPM over
    all D gives it too.

    The variational bound holds for the standard D_f = int q f(p/q); the printed p f(p/q) breaks
    it: f(s) = -log s (f*(t) = -1 - log(-t)) gives int p f(p/q) = -KL(P||Q) < 0 < KL(Q||P) =
    sup_D. For the ZI f both readings are 0 / oo, so the conclusion stands."""
    s, t = sp.symbols("s t", real=True)
    # f*(t) = sup_s {s t - f(s)}: only s = 1 is in dom f, so f*(t) = t
    conj_zi = sp.Lambda(t, 1 * t - 0)
    p, q = DISTRIBUTIONS[1]
    printed = sp.Add(*[a * -sp.log(a / b) for a, b in zip(p, q, strict=True)])
    standard = sp.Add(*[b * -sp.log(a / b) for a, b in zip(p, q, strict=True)])
    # sup_D E_P D - E_Q f*(D) for f = -log s: f*(t) = -1 - log(-t), maximiser D = -q/p, pointwise
    sup_f = sp.Add(*[a * (-b / a) - b * (-1 - sp.log(b / a)) for a, b in zip(p, q, strict=True)])
    bound_printed = bool(sp.N(printed - sup_f, 30) >= 0)
    bound_standard = sp.simplify(standard - sup_f) == 0
    zi_ipm = [sp.limit(linear_inner_max(a, b), _M, sp.oo) for a, b in DISTRIBUTIONS]
    conj_ok = sp.simplify(conj_zi(t) - t) == 0
    ok = (
        (not bound_printed) and bound_standard and conj_ok and zi_ipm[0] == 0 and zi_ipm[1] == sp.oo
    )
    return Evidence(
        Status.ERRATUM if ok else Status.REFUTED,
        f"f = -log s on p = {p}, q = {q}: printed int p f(p/q) = {sp.N(printed, 4)} < sup_D "
        f"E_P D - E_Q f*(D) = {sp.N(sup_f, 4)} (bound broken: {not bound_printed}); standard "
        f"int q f(p/q) = sup exactly: {bound_standard}; ZI f: f*(t) = t, unconstrained sup / "
        f"IPM over all D = {zi_ipm}",
        {"printed": float(printed), "sup": float(sup_f)},
    )


def check_same_solutions() -> Evidence:
    """000 §4: the linear loss shares the global solutions of other GANs (P_g = P_data), and the
    Dirac GAN has the unique solution (0, 0): the ZI and JS inner maxima are minimal exactly at
    P = Q on :data:`DISTRIBUTIONS`, and SymPy's solution set of F = 0 on the Dirac GAN is {(0, 0)}
    for both losses (l' > 0)."""
    zi = [sp.limit(linear_inner_max(p, q), _M, sp.oo) for p, q in DISTRIBUTIONS]
    js = [js_inner_max(p, q) for p, q in DISTRIBUTIONS]
    zi_min = [i for i, v in enumerate(zi) if v == min(zi, key=lambda e: (e != 0, e))]
    js_min = [i for i, v in enumerate(js) if sp.simplify(v - min(js, key=float)) == 0]
    equal = [i for i, (p, q) in enumerate(DISTRIBUTIONS) if p == q]
    solutions = {}
    for loss in ("zi", "js"):
        game = dirac_gan(loss)
        sols = sp.solve(list(game.F), game.variables, dict=True)
        solutions[loss] = sols
    unique = all(
        sols == [dict(zip(dirac_gan(loss).variables, (0, 0), strict=True))]
        for loss, sols in solutions.items()
    )
    ok = zi_min == equal and js_min == equal and unique
    return Evidence(
        verdict(ok),
        f"inner maxima on 3 pairs: ZI {zi}, JS {[sp.N(v, 4) for v in js]}: both minimal only at P = Q "
        f"(pairs {zi_min}, {js_min}); Dirac GAN F = 0 solutions: ZI {solutions['zi']}, JS "
        f"{solutions['js']}",
        {"unique": unique},
    )


def check_dirac_slide() -> Evidence:
    """001's Dirac GAN slide prints min_theta min_{w in W} -l(0) - l(-w theta); the discriminator
    maximises. With min over w the JS inner value is -oo for every theta != 0 (so every theta
    'wins'); with max it is -log 2 for theta != 0 and -2 log 2 at theta = 0, minimised at the data."""
    g, w = dirac_gan("js").variables
    f = dirac_gan("js").f
    theta = sp.Rational(1, 2)
    inner_min = sp.limit(f.subs(g, theta), w, sp.oo)  # inf over w (monotone in w for theta > 0)
    inner_max = sp.limit(f.subs(g, theta), w, -sp.oo)
    at_zero = sp.simplify(f.subs(g, 0))
    ok = (
        inner_min == -sp.oo
        and sp.simplify(inner_max + sp.log(2)) == 0
        and sp.simplify(at_zero + 2 * sp.log(2)) == 0
    )
    return Evidence(
        Status.ERRATUM if ok else Status.REFUTED,
        f"JS Dirac GAN at theta = 1/2: inf_w = {inner_min} (as printed, min over w), sup_w = "
        f"{inner_max}; at theta = 0 the value is {at_zero}: with max_w theta = 0 is the minimiser",
        {"inner_min": str(inner_min), "inner_max": str(inner_max)},
    )
