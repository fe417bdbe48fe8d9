"""The battery's checks: each drives a candidate optimizer and returns an outcome with evidence.

Every check derives from a registered claim (``claim``) and measures one behaviour the theorems
predict; the expected outcome for a candidate comes from the golden data of the built-in it
behaves like (``golden.json``). Sizes are small so the whole battery runs in seconds.
"""

from __future__ import annotations

import collections
import copy
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import scipy.stats
import torch
from torch.utils._pytree import tree_flatten, tree_unflatten

from zigan_verify.battery._candidate import Candidate, TorchOptimState
from zigan_verify.closed_form import ClosedForm
from zigan_verify.jare.simple_gan import population_loss
from zigan_verify.lastlayer import LastLayer
from zigan_verify.models import dirac_gan
from zigan_verify.optimizers import Optimizer, SaddleOperator, saddle_operator
from zigan_verify.problem import ZIGANProblem
from zigan_verify.strategies._stationary import build_a_zero, build_global, make_problem

__all__ = ["CHECKS", "Outcome", "update_map_spectral_radius"]

F64 = torch.float64  # NOTE: [float64 verification]
STABLE_RHO = 1 + 1e-8  # spectral radius counted as <= 1 (linearization in float64)
CONTRACTED = 0.1  # ||F|| shrank 10x in the simulated steps: the run converges
TAU = 4.0


@dataclass(frozen=True)
class Outcome:
    outcome: str
    evidence: str
    data: dict = field(default_factory=dict)


class NonFiniteIterate(RuntimeError):
    """The candidate produced a NaN/inf iterate or an iterate of the wrong shape."""


def _run(opt: Optimizer, z0: torch.Tensor, F: SaddleOperator, steps: int, stop=None):
    """Iterate ``steps`` times; yields every iterate; checks shape and finiteness."""
    z, state = z0, opt.init(z0)
    for k in range(steps):
        z, state = opt.step(z, state, F)
        if not isinstance(z, torch.Tensor) or z.shape != z0.shape:
            shape = tuple(z.shape) if isinstance(z, torch.Tensor) else type(z).__name__
            raise NonFiniteIterate(f"step {k} returned shape {shape}, expected {tuple(z0.shape)}")
        if not bool(torch.isfinite(z).all()):
            raise NonFiniteIterate(f"step {k} returned a non-finite iterate")
        yield z
        if stop is not None and stop(z):
            return


def _last(iterates, default: torch.Tensor) -> torch.Tensor:
    """The last iterate of a run (``default`` when it made no step)."""
    tail = collections.deque(iterates, maxlen=1)
    return tail[0] if tail else default


def update_map_spectral_radius(opt: Optimizer, z_star: torch.Tensor, F: SaddleOperator) -> float:
    """Spectral radius of the Jacobian of one step at the fixed point ``z_star``, over the modes
    transverse to the set of fixed points.

    The Jacobian comes from autograd through the step (``torch.func.jacrev``); the optimizer's
    floating-point state is part of the linearized system (OGDA's previous gradient, momentum's
    velocity), taken after one step from ``z_star`` so it sits at its fixed point. A step that
    autograd cannot differentiate (torch.optim-style in-place updates) is linearized by central
    differences in ``z`` instead, with its state copied for every evaluation.

    Global solutions are not isolated (000 §5.3: ``Lambda_tau DF`` has the eigenvalue 0 on the
    tangent space of the solution set), and every consistent method maps those directions to the
    eigenvalue exactly 1; eigenvalues within ``1e-6`` of 1 are therefore left out.
    """
    _, state = opt.step(z_star, opt.init(z_star), F)
    try:
        J = _autograd_jacobian(opt, z_star, state, F)
    except (RuntimeError, TypeError):
        J = _central_difference_jacobian(opt, z_star, state, F)
    if not bool(torch.isfinite(J).all()):
        return float("inf")
    eig = torch.linalg.eigvals(J)
    transverse = eig[(eig - 1).abs() > 1e-6]
    return float(transverse.abs().max()) if transverse.numel() else 0.0


def _autograd_jacobian(opt: Optimizer, z_star, state, F) -> torch.Tensor:
    leaves, spec = tree_flatten(state)
    live = [
        i
        for i, leaf in enumerate(leaves)
        if isinstance(leaf, torch.Tensor) and leaf.is_floating_point()
    ]
    sizes = [leaves[i].numel() for i in live]
    u0 = torch.cat([z_star] + [leaves[i].reshape(-1) for i in live])

    def T(u):
        parts = list(torch.split(u, [z_star.numel(), *sizes]))
        new = list(leaves)
        for i, part in zip(live, parts[1:], strict=True):
            new[i] = part.view_as(leaves[i])
        z_next, s_next = opt.step(parts[0], tree_unflatten(new, spec), F)
        s_leaves, _ = tree_flatten(s_next)
        return torch.cat([z_next] + [s_leaves[i].reshape(-1) for i in live])

    return torch.func.jacrev(T)(u0)


def _central_difference_jacobian(opt: Optimizer, z_star, state, F, h: float = 1e-5) -> torch.Tensor:
    # h ~ eps^(1/3): truncation h^2 |T'''| and rounding eps/h both ~1e-10 here.
    def T(z):
        return opt.step(z, copy.deepcopy(state), F)[0]

    eye = torch.eye(z_star.numel(), dtype=z_star.dtype)
    return torch.stack([(T(z_star + h * e) - T(z_star - h * e)) / (2 * h) for e in eye], dim=1)


# ----- Theorem 3: stability at ZI global solutions -----
def _zi_global() -> tuple[ZIGANProblem, torch.Tensor, float]:
    """A ZI global solution (w = 0, Phi g = Q_pi^T x) and mu_max of B^T B, B = grad^2_xy f."""
    rng = np.random.default_rng(20261125)
    prob = make_problem(rng, n=3, d1=2, d2=4, r=3, p=2)
    point = build_global(prob, rng)
    H = ClosedForm(prob, point.z).hessian
    B = H[: prob.n_x, prob.n_x :]
    return prob, point.z, float(torch.linalg.eigvalsh(B.T @ B).max())


def _stability(candidate: Candidate, ratio: float) -> Outcome:
    prob, z_star, mu_max = _zi_global()
    eta = float(np.sqrt(ratio * TAU / mu_max))  # eta^2 mu_max / tau = ratio
    opt, F = candidate.make(eta, TAU), prob.operator
    rho = update_map_spectral_radius(opt, z_star, F)
    u = torch.randn(prob.dim, generator=torch.Generator().manual_seed(7), dtype=F64)
    z0 = z_star + 1e-4 * u / u.norm()
    F0, d0 = float(F(z0).norm()), float((z0 - z_star).norm())
    steps = 400
    z = _last(_run(opt, z0, F, steps, stop=lambda z: float((z - z_star).norm()) > 1e3 * d0), z0)
    ratio_F, ratio_d = float(F(z).norm()) / F0, float((z - z_star).norm()) / d0
    if rho <= STABLE_RHO and ratio_F <= CONTRACTED:
        outcome = "stable"
    elif rho <= STABLE_RHO:
        outcome = "neutral"
    elif ratio_d >= 10 or ratio_F >= 10:
        outcome = "unstable"
    else:
        outcome = "inconclusive"
    evidence = (
        f"eta^2 mu_max/tau = {ratio:g} (eta={eta:.3g}, tau={TAU:g}): spectral radius {rho:.6f}; "
        f"{steps} steps from a 1e-4 perturbation: ||F|| x{ratio_F:.2e}, distance x{ratio_d:.2e}"
    )
    return Outcome(
        outcome, evidence, {"rho": rho, "ratio_F": ratio_F, "ratio_d": ratio_d, "eta": eta}
    )


def check_global_below(candidate: Candidate) -> Outcome:
    """Theorem 3 below the tau-EG threshold: eta^2 mu_max / tau = 1/2."""
    return _stability(candidate, 0.5)


def check_global_above(candidate: Candidate) -> Outcome:
    """Theorem 3 above the tau-EG threshold: eta^2 mu_max / tau = 2."""
    return _stability(candidate, 2.0)


# ----- Theorem 2: escape from strict non-minimax points -----
ESCAPE_ETA = 0.1


def _theorem2_point() -> tuple[ZIGANProblem, torch.Tensor]:
    """A Theorem-2 point of family (a): w = 0, A = 0, sum_i (x_i - Phi_i g) != 0."""
    rng = np.random.default_rng(5)
    prob = make_problem(rng, n=3, d1=2, d2=3, r=3, p=2)
    return prob, build_a_zero(prob, rng).z


def check_escape(candidate: Candidate) -> Outcome:
    """At a Theorem-2 point (w = 0, A = 0) the update map has an eigenvalue of modulus > 1 and a
    perturbed run leaves."""
    prob, z_star = _theorem2_point()
    opt, F = candidate.make(ESCAPE_ETA, TAU), prob.operator
    rho = update_map_spectral_radius(opt, z_star, F)
    u = torch.randn(prob.dim, generator=torch.Generator().manual_seed(8), dtype=F64)
    z0 = z_star + 1e-4 * u / u.norm()
    d0, steps = float((z0 - z_star).norm()), 500
    z = _last(_run(opt, z0, F, steps, stop=lambda z: float((z - z_star).norm()) > 1e3 * d0), z0)
    ratio_d = float((z - z_star).norm()) / d0
    # escapes: linearly unstable AND the run leaves; leaves: the run leaves although the
    # linearization shows no eigenvalue of modulus > 1 (non-smooth steps, e.g. sign-EG)
    left = ratio_d >= 100
    outcome = ("escapes" if rho > STABLE_RHO else "leaves") if left else "stays"
    evidence = f"eta={ESCAPE_ETA:g}, tau={TAU:g}: spectral radius {rho:.4f}; distance x{ratio_d:.2e} within {steps} steps"
    return Outcome(outcome, evidence, {"rho": rho, "ratio_d": ratio_d})


# ----- 000 §6: the minimum-norm invariant from zero -----
def check_min_norm_invariant(candidate: Candidate) -> Outcome:
    """Last layer only, from g = 0: g_k stays in R(Phi^T) (P_N(Phi) g_k = 0)."""
    rng = np.random.default_rng(11)
    prob = make_problem(rng, n=3, d1=2, d2=5, r=3, p=2)
    layer = LastLayer(prob, torch.from_numpy(rng.standard_normal(prob.sizes.m)))
    g0 = torch.zeros(layer.n_x, dtype=F64)
    u0 = layer.pack(
        g0,
        0.5 * torch.from_numpy(rng.standard_normal(3)),
        torch.from_numpy(rng.standard_normal((3, 2))),
    )
    worst, moved = 0.0, 0.0
    for u in _run(candidate.make(0.05, TAU), u0, layer.operator, 200):
        g = layer.unpack(u)[0]
        worst, moved = max(worst, float(layer.project_null(g).norm())), max(moved, float(g.norm()))
    if moved == 0.0:  # g never left 0: the invariant holds trivially and says nothing
        return Outcome(
            "vacuous", "200 steps from g=0: g stayed exactly 0", {"relative_violation": 0.0}
        )
    rel = worst / moved
    outcome = "holds" if rel <= 1e-10 else "violated"  # 1e-10: rounding over 200 steps, ~1e3 eps
    return Outcome(
        outcome,
        f"200 steps from g=0: max ||P_N(Phi) g_k|| / max ||g_k|| = {rel:.2e}",
        {"relative_violation": rel},
    )


# ----- 000 §4, Fig. 1: Dirac GAN -----
DIRAC_ETA = 0.1


def _dirac(candidate: Candidate, loss: str) -> Outcome:
    F, z0, steps = dirac_gan(loss).operator, torch.tensor([3.0, -1.0], dtype=F64), 3000
    flat, z = 0, z0
    for z in _run(
        candidate.make(DIRAC_ETA, 1.0), z0, F, steps, stop=lambda z: float(z.norm()) > 1e6
    ):
        # the flat region: the gradient nearly vanishes far from the solution (0, 0)
        flat += int(float(F(z).norm()) < 1e-2 * float(z.norm()) and float(z.norm()) > 0.5)
    r0, rK = float(z0.norm()), float(z.norm())
    if rK <= 1e-3 * r0:
        outcome = "converges"
    elif rK > 1.05 * r0:
        outcome = "diverges"
    elif flat >= steps // 100:
        outcome = "stalls"
    else:
        outcome = "neutral"
    evidence = f"{loss} loss, eta=0.1, from (3, -1): |z| {r0:.3g} -> {rK:.3g} in {steps} steps; {flat} iterates in the flat region"
    return Outcome(outcome, evidence, {"final_norm": rK, "flat_iterates": flat})


def check_dirac_zi(candidate: Candidate) -> Outcome:
    return _dirac(candidate, "zi")


def check_dirac_js(candidate: Candidate) -> Outcome:
    return _dirac(candidate, "js")


# ----- 002 §4: the simple GAN example, measured contraction vs the linearized prediction -----
SIMPLE_GAN = {"sigma2": 0.5, "v": (0.0, 1.0), "eta": 0.05}


def _simple_gan() -> tuple[SaddleOperator, torch.Tensor]:
    """The population loss of 002 eq. (3) (vanilla g1, g2), generator phi the min player; its
    equilibrium w* = (v, 0)."""
    v = torch.tensor(SIMPLE_GAN["v"], dtype=torch.float64)
    grad_f = torch.func.grad(population_loss(SIMPLE_GAN["sigma2"], v, nodes=12))
    sign = torch.cat([torch.ones(len(v), dtype=F64), -torch.ones(len(v), dtype=F64)])
    return saddle_operator(lambda w: sign * grad_f(w), len(v)), torch.cat([v, torch.zeros_like(v)])


def _fitted_rate(errors: list[float]) -> float:
    """``exp`` of the least-squares slope of ``log error`` against the step, on the second half of
    the run (after the transients of faster modes; oscillating pairs average out)."""
    if len(errors) < 20 or min(errors) <= 0:
        return 0.0
    half = len(errors) // 2
    fit = scipy.stats.linregress(np.arange(half, len(errors)), np.log(errors[half:]))
    return float(np.exp(fit.slope))


def check_simple_gan(candidate: Candidate) -> Outcome:
    """Near the equilibrium of the simple GAN, the per-step contraction measured over a run equals
    the spectral radius of the linearized update map (``|1 + eta lambda|`` of 002 Thm. 1 / 3)."""
    F, w_star = _simple_gan()
    opt = candidate.make(SIMPLE_GAN["eta"], 1.0)
    rho = update_map_spectral_radius(opt, w_star, F)
    if not 0 < rho < math.inf:  # a non-smooth step (sign) or a singular preconditioner (Adam)
        return Outcome(
            "not linearizable", f"spectral radius of the update map at w* is {rho:g}", {"rho": rho}
        )
    u = torch.randn(len(w_star), generator=torch.Generator().manual_seed(3), dtype=F64)
    w0 = w_star + 1e-4 * u / u.norm()
    d0 = float((w0 - w_star).norm())
    errors = [d0]
    # stop above the rounding floor (1e-9 d0 ~ 1e-13) or once clearly moving away (1e2 d0)
    for w in _run(
        opt, w0, F, 3000, stop=lambda w: not 1e-9 * d0 < float((w - w_star).norm()) < 1e2 * d0
    ):
        errors.append(float((w - w_star).norm()))
    rate = _fitted_rate(errors)
    # |log rate - log rho| within 10% of |log rho|: the slope is fitted over ~1e3 steps of a
    # 4-mode system, where modes a few % faster than the slowest still weigh on it (JARE: 6%)
    agree = (
        0 < rho < math.inf
        and 0 < rate
        and abs(math.log(rate) - math.log(rho)) <= 0.1 * abs(math.log(rho)) + 1e-6
    )
    outcome = ("converges" if rho < 1 else "diverges") if agree else "mismatch"
    evidence = (
        f"sigma^2={SIMPLE_GAN['sigma2']}, v={SIMPLE_GAN['v']}, eta={SIMPLE_GAN['eta']}: predicted "
        f"spectral radius {rho:.6f}, measured rate {rate:.6f} over {len(errors) - 1} steps"
    )
    return Outcome(outcome, evidence, {"rho": rho, "rate": rate})


# ----- hygiene -----
def check_hygiene(candidate: Candidate) -> Outcome:
    """Finite outputs, shapes kept, inputs not mutated, deterministic; torch.optim-style optimizers
    also resume identically from ``state_dict()`` and ``copy.deepcopy``."""
    F = dirac_gan("js").operator
    z0 = torch.tensor([0.7, -0.4], dtype=F64)
    before = z0.clone()

    def trajectory(steps=20):
        return torch.stack(list(_run(candidate.make(0.1, 2.0), z0, F, steps)))

    first, second = trajectory(), trajectory()
    problems = []
    if not torch.equal(z0, before):
        problems.append("the step mutated its input z")
    if not torch.equal(first, second):
        problems.append("two runs from the same start differ")
    if candidate.torch_optim is not None:
        problems += _resume_problems(candidate, z0, F)
    if problems:
        return Outcome("broken", "; ".join(problems))
    extra = " and resumes identically from state_dict()/deepcopy" if candidate.torch_optim else ""
    return Outcome("clean", f"20 steps: finite, shape kept, input untouched, deterministic{extra}")


def _resume_problems(candidate: Candidate, z0, F) -> list[str]:
    """Run 5 steps, snapshot, run 5 more; resuming from the snapshot must give the same iterates,
    both from ``copy.deepcopy`` of the state and from a new optimizer fed ``state_dict()``."""
    opt = candidate.make(0.1, 2.0)
    z, state = z0, opt.init(z0)
    for _ in range(5):
        z, state = opt.step(z, state, F)
    z_snap, snapshot, saved = z, copy.deepcopy(state), copy.deepcopy(state.optimizer.state_dict())
    reference = []
    for _ in range(5):
        z, state = opt.step(z, state, F)
        reference.append(z)

    def from_deepcopy():
        return snapshot

    def from_state_dict():
        x = torch.nn.Parameter(snapshot.x.detach().clone())
        y = torch.nn.Parameter(snapshot.y.detach().clone())
        fresh = candidate.torch_optim([{"params": [x]}, {"params": [y]}], lr=0.1)
        fresh.load_state_dict(copy.deepcopy(saved))
        return TorchOptimState(fresh, x, y)

    problems = []
    for route, restore in (("deepcopy", from_deepcopy), ("state_dict", from_state_dict)):
        try:
            z_r, s_r = z_snap, restore()
            for k, expected in enumerate(reference, start=1):
                z_r, s_r = opt.step(z_r, s_r, F)
                if not torch.equal(z_r, expected):
                    problems.append(f"{route} resume differs at step {k}")
                    break
        except Exception as exc:  # noqa: BLE001 - a broken resume is a finding, not a crash
            problems.append(f"{route} resume raised {type(exc).__name__}: {exc}")
    return problems


# name -> (function, claim id it derives from, one-line description)
CHECKS: dict[str, tuple[Callable[[Candidate], Outcome], str, str]] = {
    "global_stability_below": (
        check_global_below,
        "000.thm3",
        "ZI global solution, eta^2 mu/tau = 1/2",
    ),
    "global_stability_above": (
        check_global_above,
        "000.thm3",
        "ZI global solution, eta^2 mu/tau = 2",
    ),
    "escape_strict_nonminimax": (check_escape, "000.thm2", "Theorem-2 point (w = 0, A = 0)"),
    "min_norm_invariant": (check_min_norm_invariant, "000.s6.invariant", "last layer from g = 0"),
    "dirac_zi": (check_dirac_zi, "000.s4.fig1", "Dirac GAN, linear (ZI) loss"),
    "dirac_js": (check_dirac_js, "000.s4.fig1", "Dirac GAN, logistic (JS) loss"),
    "simple_gan_contraction": (
        check_simple_gan,
        "002.thm1",
        "002 simple GAN: rate vs |1 + eta lambda|",
    ),
    "hygiene": (check_hygiene, "", "finite, shapes, no mutation, determinism, resume"),
}
