"""Checks of 000 and 001 added by the third truth pass (issue 25): which generators are global
solutions (000 §6, App. B.5), what else the §5.2 example needs, the sense in which the
Zero-Infinity loss avoids vanishing gradients (000 §1, §4; 001's conclusion) and the tau-EG slide
of 001.

Each check returns :class:`zigan_verify.checks.evidence.Evidence`; each takes the ingredient its verdict
rests on as an argument, so that a negative control can pass a broken one.

References:
    Lee & Kim, *Zero-Infinity GAN*, §1, §4, §5.1-5.2, §6, App. B.5;
    Kim, *Strict Non-Optimality in Minimax Optimization* (slides): the tau-EG slide, conclusion.
"""

from __future__ import annotations

import numpy as np
import torch
from scipy.special import expit

from zigan_verify.checks.evidence import Evidence, Status

__all__ = [
    "check_eq2_is_eq1_with_linear_loss",
    "check_global_permutation",
    "check_s52_example",
    "check_tau_eg_slide",
    "check_vanishing_gradients",
    "discriminator_gap",
    "tau_eg_map",
    "tau_gda_map",
]

# Sums of n sigmoids of O(1) arguments agree to rounding: 1e-12 is ~1e4 ulps at n <= 4.
_ZERO = 1e-12


def _sigmoid(t):
    return expit(t)  # the logistic sigma of 000 §4, without overflow for saturated units


def discriminator_gap(X, Y, A, b=None) -> float:
    r""":math:`\max_l |\sum_i \sigma(a_l^\top x_i + b_l) - \sigma(a_l^\top y_i + b_l)|`: ``f``
    of eq. (4) is ``w^T`` times this vector over ``n``, so its supremum over ``w`` is 0 iff the
    gap is 0 for every ``A`` (and ``+oo`` otherwise)."""
    b = np.zeros(A.shape[0]) if b is None else b
    diff = _sigmoid(X @ A.T + b).sum(0) - _sigmoid(Y @ A.T + b).sum(0)
    return float(np.abs(diff).max())


def _perm_distance(X, Y) -> float:
    from itertools import permutations

    return min(float(np.abs(X[list(p)] - Y).max()) for p in permutations(range(len(X))))


def check_global_permutation(bias: bool = False, draws: int = 400) -> Evidence:
    r"""000 §6 / App. B.5: "the globally optimal generator satisfies x_pi(i) = Phi_i g for some
    permutation pi". The ZI loss is linear in ``w``, so a generator is globally optimal iff
    :math:`\sum_i\sigma(Ax_i) = \sum_i\sigma(Ay_i)` for every ``A`` (value 0, else ``+oo``).
    Without a bias the identity only sees the odd part of the empirical measure
    (:math:`\sigma(t) + \sigma(-t) = 1`): data with an antipodal pair ``{p, -p}`` are matched by
    ``{0, 0}``, which is no permutation of them. Conditional when such a generator is found (and
    permutations are global); verified when every non-permutation tried is rejected (as with a
    bias, ``bias=True``); refuted if a permutation were not global."""
    rng = np.random.default_rng(0)
    d1 = 2
    p, q = rng.standard_normal(d1), rng.standard_normal(d1)
    X = np.stack([p, -p, q])  # data with one antipodal pair
    Ys = {
        "permutation": X[[2, 0, 1]],
        "pair -> {0, 0}": np.stack([np.zeros(d1), np.zeros(d1), q]),
        "pair -> {s, -s}": np.stack([2 * q, -2 * q, q]),
        "one point moved": np.stack([p, -p, q + 0.1]),
    }

    def sup_gap(Y):
        gaps = []
        for _ in range(draws):
            A = 3 * rng.standard_normal((4, d1))
            gaps.append(discriminator_gap(X, Y, A, rng.standard_normal(4) if bias else None))
        return max(gaps)

    rows = {k: (sup_gap(Y), _perm_distance(X, Y)) for k, Y in Ys.items()}
    perm_global = rows["permutation"][0] <= _ZERO
    spurious = [k for k, (gap, dist) in rows.items() if gap <= _ZERO and dist > 1e-3]
    if not perm_global:
        status = Status.REFUTED
    else:
        status = Status.CONDITIONAL if spurious else Status.VERIFIED
    desc = "; ".join(
        f"{k}: sup gap {g:.1e}, distance to a permutation {d:.2f}" for k, (g, d) in rows.items()
    )
    return Evidence(
        status,
        f"data {{p, -p, q}} (d1 = 2), {draws} random A{' and biases' if bias else ''}: {desc}; "
        f"global generators that are no permutation of the data: {spurious or 'none'}",
        {"rows": rows, "spurious": spurious},
    )


def check_s52_example(classify_fn=None, seeds=range(4)) -> Evidence:
    r"""000 §5.2: "when w_l = 0 and a_l = 0, it is straightforward to construct g, theta such
    that sum_i [x_i - Phi_i g] != 0, which results in a strict non-minimax point". Theorem 2 needs
    a *stationary* point: with only ``w_l = a_l = 0`` (the other units, ``g`` and ``theta``
    random) ``F != 0``; with ``w = 0`` and ``A = 0`` (every unit) ``F = 0`` and the point is strict
    non-minimax. Conditional when both are seen; refuted if a stationary such point were not
    strict; verified if the one-unit points were stationary."""
    from zigan_verify.analysis.schur import classify
    from zigan_verify.game.problem import ZIGANProblem

    classify_fn = classify if classify_fn is None else classify_fn
    one_unit, all_units = [], []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        data, latents = rng.standard_normal((3, 2)), rng.standard_normal((3, 2))
        prob = ZIGANProblem(torch.from_numpy(data), torch.from_numpy(latents), r=3, width=3)
        n, d1, d2, r, m, _ = prob.sizes
        g, theta = rng.standard_normal(d1 * d2), 0.5 * rng.standard_normal(m)
        w, A = rng.standard_normal(r), rng.standard_normal((r, d1))
        w[0], A[0] = 0.0, 0.0
        z1 = prob.pack(g, theta, w, A)
        z0 = prob.pack(g, theta, np.zeros(r), np.zeros((r, d1)))
        gen = prob.generated(*prob.unpack(z0)[:2])
        imbalance = float((prob.data - gen).sum(0).norm())
        one_unit.append((float(prob.F(z1).norm()), imbalance))
        c = classify_fn(prob, z0)
        all_units.append((float(prob.F(z0).norm()), imbalance, bool(c.strict_non_minimax)))
    nonstationary = sum(f > 1e-8 for f, _ in one_unit)
    strict = sum(s for f, imb, s in all_units if f <= _ZERO and imb > 1e-6)
    if strict < len(all_units):
        status = Status.REFUTED
    else:
        status = Status.CONDITIONAL if nonstationary else Status.VERIFIED
    return Evidence(
        status,
        f"w_1 = a_1 = 0, other units random, sum_i (x_i - Phi_i g) != 0: ||F|| >= "
        f"{min(f for f, _ in one_unit):.2e} (stationary in {len(one_unit) - nonstationary}/"
        f"{len(one_unit)} points); w = 0 and A = 0: ||F|| <= {max(f for f, *_ in all_units):.1e}, "
        f"strict non-minimax in {strict}/{len(all_units)} points (n = 3, d1 = 2, d2 = 3, r = 3)",
        {"one_unit": one_unit, "all_units": all_units},
    )


def _zi_generator_grad(A, w, Y, act, dact):
    r"""``grad_y f`` of eq. (4) at the generated points ``Y`` (rows): ``-(1/n) A^T diag(act'(A
    y_i)) w`` per point (eq. (5) before the chain rule through ``Phi_i``)."""
    return -(dact(Y @ A.T) * w) @ A / len(Y)


_ACTIVATIONS = {
    "sigmoid": (_sigmoid, lambda t: _sigmoid(t) * (1 - _sigmoid(t))),
    "linear": (lambda t: t, lambda t: np.ones_like(t)),
}


def check_vanishing_gradients(activation: str = "sigmoid") -> Evidence:
    r"""000 §1/§4, 001's conclusion: the ZI GAN "avoids the vanishing gradient issue of the
    original GAN loss". (a) Loss level, Dirac GAN (data 0, generator g = 1, D(x) = w x): the
    generator gradient of the logistic loss carries the factor :math:`\sigma(D(G(z)))`, which
    vanishes as the discriminator rejects the fake (``w -> -oo``); with ``l(t) = -t`` the factor
    is 1 and the gradient is ``|w|``. (b) Network level, eq. (4): the gradient is
    :math:`-(1/n)\sum_i (A\Phi_i)^\top\mathrm{diag}(\sigma'(A\Phi_i g))w`, which still vanishes
    when the hidden units saturate (``A -> s A``, ``s -> oo``) while the generator is not at a
    solution. Conditional when (a) holds and (b) vanishes; verified when (b) does not vanish
    (a non-saturating unit, ``activation="linear"``); refuted if (a) failed."""
    act, dact = _ACTIVATIONS[activation]
    ws = np.array([1.0, 5.0, 20.0, 40.0])
    js = ws * _sigmoid(-ws)  # |d/dg log(1 + e^{w g})| at g = 1, w -> -w (D(G(z)) = -w)
    zi = ws  # |d/dg (w g)|
    loss_level = bool(js[-1] < 1e-12 * js[0] and np.all(np.diff(zi) > 0))
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((4, 2)), rng.standard_normal((4, 2)) + 1.0
    A, w = rng.standard_normal((6, 2)), rng.standard_normal(6)
    while np.abs(Y @ A.T).min() < 0.2:  # every unit's pre-activation away from 0 at the fakes
        A = rng.standard_normal((6, 2))
    scales = (1.0, 10.0, 300.0)
    grads = [float(np.linalg.norm(_zi_generator_grad(s * A, w, Y, act, dact))) for s in scales]
    gaps = [
        float(np.abs((act(X @ (s * A).T).sum(0) - act(Y @ (s * A).T).sum(0)) @ w) / len(X))
        for s in scales
    ]
    vanishes = grads[-1] < 1e-6 * grads[0] and gaps[-1] > 1e-3
    if not loss_level:
        status = Status.REFUTED
    else:
        status = Status.CONDITIONAL if vanishes else Status.VERIFIED
    return Evidence(
        status,
        f"Dirac GAN, w = {ws.tolist()}: logistic generator gradient {js[0]:.2e} -> {js[-1]:.1e}, "
        f"ZI {zi[0]:.0f} -> {zi[-1]:.0f}; eq. (4) with {activation} units, A -> s A, s = "
        f"{list(scales)}: ||grad_y f|| = {', '.join(f'{g:.1e}' for g in grads)} while |f| = "
        f"{', '.join(f'{g:.2f}' for g in gaps)} (the generator is not at a solution)",
        {"js": js.tolist(), "zi": zi.tolist(), "grads": grads, "f": gaps},
    )


def tau_gda_map(F, z, eta, lam):
    """One tau-GDA step ``z - eta Lambda_tau F(z)`` (000 §5.1)."""
    return z - eta * lam * F(z)


def tau_eg_map(F, z, eta, lam):
    """One tau-EG step ``z - eta Lambda_tau F(z - eta Lambda_tau F(z))`` (000 §5.1)."""
    return z - eta * lam * F(z - eta * lam * F(z))


def _slide_map(F, z, eta, lam):
    """The tau-EG update as the 001 slide prints it: ``z_{k+1} = z_k - eta Lambda_tau F(z_k)``."""
    return z - eta * lam * F(z)


def check_tau_eg_slide(printed=_slide_map, eta: float = 0.1, tau: float = 4.0) -> Evidence:
    r"""001, tau-EG slide: the printed update is tau-GDA's, not tau-EG's (000 §5.1). Compared on
    a seeded quadratic game ``F(z) = J z`` and on ``f = x y``, where the printed map has spectral
    radius :math:`\sqrt{1 + \eta^2/\tau} > 1` and tau-EG's is below 1. Erratum when the printed map
    is tau-GDA and not tau-EG; verified when it is tau-EG."""
    from zigan_verify.optim.minimax import saddle_operator, tau_eg, tau_gda

    rng = np.random.default_rng(0)
    n_x, n_y = 2, 3
    J = torch.from_numpy(rng.standard_normal((n_x + n_y, n_x + n_y)))
    lam = torch.cat([torch.full((n_x,), 1 / tau), torch.ones(n_y)]).double()

    def F(z):
        return J @ z

    z = torch.from_numpy(rng.standard_normal(n_x + n_y))
    op = saddle_operator(F, n_x)
    # the project's own tau-EG and tau-GDA (claim 000.s5.1.updates), not this module's maps
    reference = {name: make(eta, tau) for name, make in (("eg", tau_eg), ("gda", tau_gda))}
    step = {k: opt.step(z, opt.init(z), op)[0] for k, opt in reference.items()}
    err_eg = float((printed(F, z, eta, lam) - step["eg"]).abs().max())
    err_gda = float((printed(F, z, eta, lam) - step["gda"]).abs().max())
    # f = x y: F = (y, -x); the linear map's spectral radius, printed vs tau-EG
    B = torch.tensor([[0.0, 1.0], [-1.0, 0.0]], dtype=torch.float64)
    lam2 = torch.tensor([1 / tau, 1.0], dtype=torch.float64)
    eye = torch.eye(2, dtype=torch.float64)

    def radius(step):
        M = torch.stack([step(lambda v: B @ v, e, eta, lam2) for e in eye], dim=1)
        return float(torch.linalg.eigvals(M).abs().max())

    r_printed, r_eg = radius(printed), radius(tau_eg_map)
    is_eg, is_gda = err_eg <= 1e-14, err_gda <= 1e-14
    status = Status.VERIFIED if is_eg else (Status.ERRATUM if is_gda else Status.REFUTED)
    return Evidence(
        status,
        f"printed map vs tau-EG: max error {err_eg:.1e}; vs tau-GDA: {err_gda:.1e} (seeded 5-D "
        f"linear game, eta = {eta}, tau = {tau}); on f = xy its spectral radius is "
        f"{r_printed:.6f} (sqrt(1 + eta^2/tau) = {np.sqrt(1 + eta**2 / tau):.6f}), tau-EG's "
        f"{r_eg:.6f}",
        {"err_eg": err_eg, "err_gda": err_gda, "radius_printed": r_printed, "radius_eg": r_eg},
    )


def check_eq2_is_eq1_with_linear_loss(loss=None) -> Evidence:
    r"""000 §3: the WGAN objective (2), :math:`E D(x) - E D(G(z))`, "corresponds to (1) with
    l(t) = -t" (plus the Lipschitz constraint). Exact: substituting ``l`` into (1)'s
    :math:`-l(D(x)) - l(-D(G(z)))`. Verified when it equals (2)'s objective; refuted otherwise
    (as for the logistic ``l``, the negative control)."""
    import sympy as sp

    t, d_real, d_fake = sp.symbols("t D_x D_Gz", real=True)
    loss = -t if loss is None else loss
    eq1 = -loss.subs(t, d_real) - loss.subs(t, -d_fake)
    eq2 = d_real - d_fake
    ok = sp.simplify(eq1 - eq2) == 0
    return Evidence(
        Status.VERIFIED if ok else Status.REFUTED,
        f"(1) with l(t) = {loss}: -l(D(x)) - l(-D(G(z))) = {sp.simplify(eq1)}; (2): {eq2}",
        {"difference": str(sp.simplify(eq1 - eq2))},
    )
