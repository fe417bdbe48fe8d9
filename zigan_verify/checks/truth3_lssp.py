"""Checks of 004 (*A Closer Look at the Optimization Landscapes of GANs*) added by the third truth
pass (issue 25): §3.2's reading of Fig. 1a (Example 1's dynamics "starting from any point"), and
§5.2 / App. C.5 (Figs. 5-6, ExtraAdam vs Adam) at CPU scale on the bundled digits
(:mod:`zigan_verify.experiments.digits_gan`).

References:
    Berard et al., §3.2 (Example 1, Fig. 1), §5.2 (Figs. 5-6), App. C.5 (Figs. 8-9).
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from scipy.integrate import solve_ivp

from zigan_verify.checks.evidence import Evidence, Status
from zigan_verify.game import lssp_examples as lx

__all__ = ["FIG1A_STARTS", "check_digits_adam", "check_digits_saddle", "check_fig1a", "flow_ends"]

# Starts in Fig. 1a's plane theta_2 = 1, as (theta_1, phi): two near (1, 0), four 1-2 away.
FIG1A_STARTS = ((1.05, 0.05), (0.95, -0.05), (0.0, 1.0), (2.0, -1.0), (-1.0, 0.0), (1.0, 2.0))
_STAR = np.array([1.0, 1.0, 0.0])  # (theta_1, theta_2, phi)
_BLOWUP = 1e6


def _field():
    ex = lx.example1()
    return sp.lambdify(ex.symbols, list(ex.v), "numpy")


def flow_ends(field=None, starts=FIG1A_STARTS, t_end: float = 100.0) -> list[tuple]:
    """Integrate the game dynamics ``d omega / dt = -v(omega)`` (eq. (6)-(9): the players descend
    their losses) from each start; returns ``(start, distance of the end to (1, 1, 0), t_end
    reached or blow-up time)``. A run stops when ``|omega| > 1e6`` (finite-time blow-up)."""
    v = _field() if field is None else field

    def rhs(t, w):
        return -np.asarray(v(*w), dtype=float)

    def blowup(t, w):
        return _BLOWUP - np.abs(w).max()

    blowup.terminal = True
    out = []
    for th1, phi in starts:
        sol = solve_ivp(rhs, (0.0, t_end), [th1, 1.0, phi], rtol=1e-7, atol=1e-10, events=blowup)
        out.append(((th1, phi), float(np.linalg.norm(sol.y[:, -1] - _STAR)), float(sol.t[-1])))
    return out


def check_fig1a(field=None) -> Evidence:
    r"""004 §3.2: "In Fig. 1a, one can see that, starting from any point, we will rotate around the
    stationary point (phi*, theta_1*) = (0, 1) and eventually converge to it." Example 1's field
    (eq. (15)) is cubic: besides (1, 1, 0) it has the stationary point (45/41, 36/41, -1/9), with
    an eigenvalue of negative real part (unstable), and from starts 1-2 away in the plane
    theta_2 = 1 the flow leaves every bound in finite time. Refuted ("any point") when some start
    does not converge while the starts near (1, 1, 0) do; verified when every start converges (as
    for the linearized field, the negative control)."""
    ex = lx.example1()
    stationary = sp.solve(list(ex.v), list(ex.symbols), dict=True)
    jac = ex.v.jacobian(ex.symbols)
    unstable = [
        tuple(s[x] for x in ex.symbols)
        for s in stationary
        if min(sp.re(e) for e in jac.subs(s).evalf().eigenvals()) < 0
    ]
    ends = flow_ends(field)
    converged = [s for s, d, _ in ends if d < 1e-5]  # slowest mode: Re 0.18, e^-18 at t = 100
    near_ok = all(s in converged for s in FIG1A_STARTS[:2])
    if len(converged) == len(ends):
        status = Status.VERIFIED
    else:
        status = Status.REFUTED if near_ok else Status.ERROR
    blown = [(s, round(t, 2)) for s, d, t in ends if s not in converged]
    return Evidence(
        status,
        f"flow -v from {len(ends)} starts (theta_1, phi) on theta_2 = 1: converged to (1, 1, 0) "
        f"from {len(converged)}/{len(ends)} ({converged}); not from {blown} ((start, stop time): "
        f"|omega| > 1e6 before t = 100 means a finite-time blow-up); stationary points "
        f"{[tuple(s.values()) for s in stationary]}, unstable: {unstable}",
        {"ends": ends, "unstable": [tuple(map(str, u)) for u in unstable]},
    )


def linearized_field():
    """The negative control's field: ``v`` replaced by its linearization at (1, 1, 0), for which
    (an LSSP, 004.ex1.lssp) every start converges."""
    ex = lx.example1()
    J = np.array(ex.v.jacobian(ex.symbols).subs(ex.at((1, 1, 0))), dtype=float)
    return lambda *w: J @ (np.asarray(w) - _STAR)


# ----- §5.2 / App. C.5 on the bundled digits (zigan_verify.experiments.digits_gan) -----
_SEEDS = (0, 1)


def _runs(seeds=_SEEDS) -> dict:
    from zigan_verify.experiments import digits_gan

    return {m: [digits_gan.run(m, s) for s in seeds] for m in ("extra_adam", "adam")}


def _fmt(e) -> str:
    return (
        f"seed {e.seed}: ||v|| {e.grad_norm_start:.2f} -> {e.grad_norm_end:.2f}, lambda_min(S_1) "
        f"{e.lambda_min_G:.3f} (max {e.lambda_max_G:.3f}), min Re Sp(J) {e.min_re_J:.3f}, "
        f"MMD^2 {e.mmd2:.3f}"
    )


def check_digits_saddle(runs=None) -> Evidence:
    """004 §5.2, Figs. 5-6: "the generator never reaches a local minimum but instead finds a
    saddle point ... the algorithm converges to a LSSP which is not a LNE". On the bundled digits
    at CPU scale (:mod:`zigan_verify.experiments.digits_gan`, ExtraAdam, the figures' method):
    verified when every end point is near-stationary (||v|| below a tenth of its start), stable
    (min Re Sp(J) > 0) and the generator's Hessian has a negative eigenvalue; else unreproduced."""
    from zigan_verify.checks.evidence import reproduced

    ends = (runs or _runs())["extra_adam"]
    saddle = [e.lambda_min_G < -1e-3 * abs(e.lambda_max_G) for e in ends]
    near = [e.grad_norm_end < 0.1 * e.grad_norm_start for e in ends]
    stable = [e.min_re_J > 0 for e in ends]
    ok = all(saddle) and all(near) and all(stable)
    return Evidence(
        reproduced(ok),
        "ExtraAdam, NSGAN on 128 bundled 8x8 digits: "
        + "; ".join(_fmt(e) for e in ends)
        + f"; generator at a saddle in {sum(saddle)}/{len(ends)} runs, near-stationary in "
        f"{sum(near)}/{len(ends)}, stable (LSSP) in {sum(stable)}/{len(ends)}",
        {"ends": [e._asdict() for e in ends]},
    )


def check_digits_adam(runs=None) -> Evidence:
    """004 §5 and App. C.5: "ExtraAdam gives slightly better performance ... and Adam sometimes
    converge[s] to unstable points". On the bundled digits at CPU scale: verified when ExtraAdam's
    MMD^2 to the data is below Adam's in most seeds and some Adam end point is unstable (min Re
    Sp(J) < 0) where ExtraAdam's is stable; else unreproduced."""
    from zigan_verify.checks.evidence import reproduced

    r = runs or _runs()
    pairs = list(zip(r["extra_adam"], r["adam"], strict=True))
    better = sum(x.mmd2 < a.mmd2 for x, a in pairs)
    adam_only_unstable = sum(a.min_re_J < 0 <= x.min_re_J for x, a in pairs)
    ok = better > len(pairs) / 2 and adam_only_unstable > 0
    return Evidence(
        reproduced(ok),
        "ExtraAdam: "
        + "; ".join(_fmt(x) for x, _ in pairs)
        + " | Adam: "
        + "; ".join(_fmt(a) for _, a in pairs)
        + f"; ExtraAdam's MMD^2 lower in {better}/{len(pairs)} seeds, Adam unstable where "
        f"ExtraAdam is stable in {adam_only_unstable}/{len(pairs)} seeds",
        {"extra_adam": [x._asdict() for x, _ in pairs], "adam": [a._asdict() for _, a in pairs]},
    )
