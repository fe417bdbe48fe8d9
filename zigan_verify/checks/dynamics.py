"""Checks of the update rules of 000 §5.1 (two-timescale GDA and EG)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import sympy as sp
import torch

from zigan_verify.checks.evidence import Evidence, Status
from zigan_verify.game.models import SymbolicGame, bilinear, polynomial_game
from zigan_verify.optim.minimax import tau_eg, tau_gda
from zigan_verify.testing.tolerances import TOL

__all__ = [
    "bilinear_update_matrix",
    "check_dirac_fig1",
    "check_update_rules",
    "DiracGrowth",
    "dirac_growth",
    "gda_diverges",
    "exact_iterates",
    "float_iterates",
]


def exact_iterates(game: SymbolicGame, method: str, eta, tau, z0, steps: int) -> list[sp.Matrix]:
    """Iterates of the update rule exactly as 000 §5.1 prints it, in exact rational arithmetic."""
    n_x = len(game.x)
    Lam = sp.diag(*([1 / sp.nsimplify(tau)] * n_x + [1] * len(game.y)))
    eta = sp.nsimplify(eta)

    def F(z):
        return game.F.subs(dict(zip(game.variables, z, strict=True)))

    z, out = sp.Matrix([sp.nsimplify(v) for v in z0]), []
    for _ in range(steps):
        if method == "tau_gda":
            z = z - eta * Lam * F(z)
        else:  # tau_eg: z - eta Lam F(z - eta Lam F(z))
            z = z - eta * Lam * F(z - eta * Lam * F(z))
        out.append(z)
    return out


def float_iterates(game: SymbolicGame, method: str, eta, tau, z0, steps: int) -> list[torch.Tensor]:
    """Iterates of the registered torch optimizer on the lambdified operator."""
    opt = {"tau_gda": tau_gda, "tau_eg": tau_eg}[method](float(eta), float(tau))
    z = torch.tensor([float(v) for v in z0], dtype=torch.float64)
    state, out = opt.init(z), []
    for _ in range(steps):
        z, state = opt.step(z, state, game.operator)
        out.append(z)
    return out


def bilinear_update_matrix(method: str, eta, tau) -> sp.Matrix:
    """Hand-derived linear map of 000 §5.1's rules on ``f = x y`` (``F = (y, -x)``, ``J = DF``):
    ``tau-GDA = I - eta Lambda J``, ``tau-EG = I - eta Lambda J + (eta Lambda J)^2``, with
    ``Lambda J = [[0, 1/tau], [-1, 0]]``; exact in SymPy, independent of the rule's code."""
    LJ = sp.Matrix([[0, 1 / sp.nsimplify(tau)], [-1, 0]])
    eta = sp.nsimplify(eta)
    M = sp.eye(2) - eta * LJ
    return M if method == "tau_gda" else M + (eta * LJ) ** 2


def check_update_rules() -> Evidence:
    """The torch tau-GDA / tau-EG agree step by step with the printed rules evaluated exactly
    (bilinear and polynomial games), and on ``f = x y`` with the hand-derived closed form
    ``z_k = M^k z_0`` (:func:`bilinear_update_matrix`), which does not use the rule's code."""
    eta, tau, z0, steps = (
        sp.Rational(1, 5),
        sp.Integer(3),
        (sp.Rational(1, 2), sp.Rational(-1, 3)),
        3,
    )
    worst = worst_closed = 0.0
    for game in (bilinear(), polynomial_game()):
        for method in ("tau_gda", "tau_eg"):
            exact = exact_iterates(game, method, eta, tau, z0, steps)
            got = float_iterates(game, method, eta, tau, z0, steps)
            for e, g in zip(exact, got, strict=True):
                ref = torch.tensor([float(v) for v in e], dtype=torch.float64)
                worst = max(worst, float((g - ref).abs().max()))
            if game.name == "bilinear":
                M = bilinear_update_matrix(method, eta, tau)
                for k, g in enumerate(got, start=1):
                    ref = torch.tensor(
                        [float(v) for v in M**k * sp.Matrix(z0)], dtype=torch.float64
                    )
                    worst_closed = max(worst_closed, float((g - ref).abs().max()))
    ok = max(worst, worst_closed) <= TOL["exact_vs_float"]["atol"]
    return Evidence(
        Status.VERIFIED if ok else Status.REFUTED,
        f"3 iterates on bilinear and polynomial games, eta=1/5, tau=3: max |torch - exact| = "
        f"{worst:.1e}; f = xy vs the hand-derived M^k z0: {worst_closed:.1e}",
        {"max_abs_diff": worst, "max_closed_form_diff": worst_closed},
    )


class DiracGrowth(NamedTuple):
    """GDA on the Dirac GAN (000 §4) from ``(3, -1)``: the fitted growth of ``|z_k|^2``."""

    slope: float  # least-squares d|z_k|^2 / dk over the run
    t_stat: float  # slope / its standard error
    min_increment: float  # min_k |z_{k+1}|^2 - |z_k|^2
    identity_error: float  # max_k | |z_{k+1}|^2 - |z_k|^2 - eta^2 |F(z_k)|^2 | / |z_k|^2
    final_norm: float


def dirac_growth(loss: str, method: str = "gda", steps: int = 3000, eta: float = 0.1):
    """Run ``method`` on the Dirac GAN and fit ``|z_k|^2 = a + slope k``.

    NOTE: [Dirac GDA divergence] On the Dirac GAN ``f = l(theta psi)``, ``F(z) = l'(theta psi)
    (psi, -theta)`` is orthogonal to ``z``, so a GDA step gives exactly ``|z_{k+1}|^2 = |z_k|^2 +
    eta^2 |F(z_k)|^2``, and ``|F(z)| = l'(theta psi) |z| >= l'(|z|^2 / 2) |z| > 0`` on every bounded
    set (``l' > 0`` for both losses): the norm grows by at least a fixed amount per step while it
    stays below any R, hence diverges. The check measures the identity, the increments and the
    fitted slope (with its t statistic), far from the threshold 0 of a non-divergent run."""
    from zigan_verify.game.models import dirac_gan
    from zigan_verify.optim.minimax import eg, gda

    F = dirac_gan(loss).operator
    opt = {"gda": gda, "eg": eg}[method](eta)
    z = torch.tensor([3.0, -1.0], dtype=torch.float64)
    state, sq, ident = opt.init(z), [float(z @ z)], 0.0
    with torch.inference_mode():  # the same float64 steps without autograd bookkeeping
        for _ in range(steps):
            Fz = F(z)
            z_next, state = opt.step(z, state, F)
            jump = float(z_next @ z_next) - float(z @ z)
            ident = max(ident, abs(jump - eta**2 * float(Fz @ Fz)) / float(z @ z))
            z = z_next
            sq.append(float(z @ z))
    k, sq = np.arange(len(sq)), np.asarray(sq)
    (slope, icpt), res, *_ = np.polyfit(k, sq, 1, full=True)
    sigma = np.sqrt(res[0] / (len(k) - 2)) if len(res) else 0.0
    stderr = sigma / np.sqrt(((k - k.mean()) ** 2).sum())
    t_stat = float(slope / stderr) if stderr > 0 else float(np.inf * np.sign(slope))
    return DiracGrowth(
        float(slope), t_stat, float(np.diff(sq).min()), ident, float(np.sqrt(sq[-1]))
    )


def gda_diverges(growth: DiracGrowth) -> bool:
    """NOTE: [Dirac GDA divergence]: the exact identity holds (to rounding, 1e-12 relative), every
    increment is positive and the fitted slope of ``|z_k|^2`` is 10 standard errors above 0."""
    return growth.identity_error <= 1e-12 and growth.min_increment > 0 and growth.t_stat > 10


def check_dirac_fig1() -> Evidence:
    """000 §4, Fig. 1: on the Dirac GAN, EG converges with the linear loss and stalls in the flat
    region of the logistic loss; GDA diverges with both (eta = 0.1, from (g, w) = (3, -1))."""
    from zigan_verify.battery._candidate import builtin_candidates
    from zigan_verify.battery._checks import check_dirac_js, check_dirac_zi

    builtins = builtin_candidates()
    expected = {
        ("eg", "zi"): "converges",
        ("eg", "js"): "stalls",
        ("gda", "zi"): "diverges",
        ("gda", "js"): "diverges",
    }
    # the battery's outcome decides EG; GDA is decided by its fitted growth below (the battery's
    # GDA runs were not part of the verdict and cost half of this check)
    expected = {k: v for k, v in expected.items() if k[0] == "eg"}
    found = {}
    for (method, loss), _ in expected.items():
        check = check_dirac_zi if loss == "zi" else check_dirac_js
        found[(method, loss)] = check(builtins[method])
    # "... leading to a slow convergence": EG with the logistic loss does converge, only later
    slow = {loss: _eg_steps_to_converge(loss) for loss in ("zi", "js")}
    # "GDA diverges" by the fitted growth of |z|^2 (NOTE: [Dirac GDA divergence]), not by the
    # final |z| against a threshold (GDA-JS ends at |z| = 3.7 from 3.16: slow, but divergent)
    growth = {loss: dirac_growth(loss) for loss in ("zi", "js")}
    ok = all(found[key].outcome == want for key, want in expected.items())
    ok = ok and all(gda_diverges(g) for g in growth.values())
    ok = ok and slow["zi"] is not None and slow["js"] is not None and slow["js"] > 2 * slow["zi"]
    summary = "; ".join(
        f"{m.upper()}-{l.upper()}: {o.outcome} (|z| -> {o.data['final_norm']:.3g}, {o.data['flat_iterates']} flat)"
        for (m, l), o in found.items()
    )
    summary += f"; EG reaches |z| <= 1e-3 |z0| after {slow['zi']} steps (ZI) vs {slow['js']} (JS)"
    summary += "".join(
        f"; GDA-{loss.upper()} |z|^2 grows {g.slope:.2e}/step (t = {g.t_stat:.0f}, min increment "
        f"{g.min_increment:.1e} > 0, |z_k+1|^2 - |z_k|^2 = eta^2 |F|^2 to {g.identity_error:.0e})"
        for loss, g in growth.items()
    )
    data = {f"{m}_{l}": o.outcome for (m, l), o in found.items()}
    data |= {f"gda_{l}": "diverges" if gda_diverges(g) else "bounded" for l, g in growth.items()}
    data |= {f"eg_{loss}_steps_to_converge": n for loss, n in slow.items()}
    data |= {f"gda_{loss}_growth": g._asdict() for loss, g in growth.items()}
    return Evidence(Status.VERIFIED if ok else Status.REFUTED, summary, data)


def _eg_steps_to_converge(loss: str, max_steps: int = 50_000) -> int | None:
    """Steps of EG (eta = 0.1) from (3, -1) until |z| <= 1e-3 |z0| on the Dirac GAN; None if never."""
    from zigan_verify.game.models import dirac_gan
    from zigan_verify.optim.minimax import eg

    F, opt = dirac_gan(loss).operator, eg(0.1)
    z = torch.tensor([3.0, -1.0], dtype=torch.float64)
    target, state = 1e-3 * float(z.norm()), opt.init(z)
    with torch.inference_mode():  # the same float64 steps without autograd bookkeeping
        for k in range(1, max_steps + 1):
            z, state = opt.step(z, state, F)
            if float(z.norm()) <= target:
                return k
    return None
