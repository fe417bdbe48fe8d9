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
from functools import cache

import numpy as np
import torch
from torch.utils._pytree import tree_flatten

from zigan_verify.analysis.jare.simple_gan import population_loss
from zigan_verify.analysis.lastlayer import LastLayer
from zigan_verify.battery._candidate import Candidate, TorchOptimState
from zigan_verify.battery._linearize import Linearization, linearize
from zigan_verify.game.closed_form import ClosedForm
from zigan_verify.game.models import dirac_gan
from zigan_verify.game.problem import ZIGANProblem
from zigan_verify.optim.minimax import Optimizer, SaddleOperator, saddle_operator
from zigan_verify.strategies._stationary import build_a_zero, build_global, make_problem

__all__ = ["CHECKS", "Outcome", "escape_run_length", "update_map_spectral_radius"]

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
        _check_iterate(z, z0, k)
        yield z
        if stop is not None and stop(z):
            return


def _check_iterate(z, z0: torch.Tensor, k: int) -> None:
    if not isinstance(z, torch.Tensor) or z.shape != z0.shape:
        shape = tuple(z.shape) if isinstance(z, torch.Tensor) else type(z).__name__
        raise NonFiniteIterate(f"step {k} returned shape {shape}, expected {tuple(z0.shape)}")
    if not bool(torch.isfinite(z).all()):
        raise NonFiniteIterate(f"step {k} returned a non-finite iterate")


def _last(iterates, default: torch.Tensor) -> torch.Tensor:
    """The last iterate of a run (``default`` when it made no step)."""
    tail = collections.deque(iterates, maxlen=1)
    return tail[0] if tail else default


def update_map_spectral_radius(opt: Optimizer, z_star: torch.Tensor, F: SaddleOperator) -> float:
    """Transverse spectral radius of one built optimizer's joint update map at ``z_star``
    (NOTE: [battery linearization]); ``inf`` when it is not linearizable there."""
    lin = linearize(Candidate("opt", lambda eta, tau: opt), 0.0, 0.0, z_star, F)
    return lin.rho if lin.linearizable else float("inf")


def _linear_evidence(lin: Linearization) -> str:
    if not lin.linearizable:
        return f"not linearizable: {lin.reason}"
    return f"spectral radius {lin.rho:.6f} ({lin.method}, z and {lin.n_state} state entries)"


# ----- Theorem 3: stability at ZI global solutions -----
@cache
def _zi_global() -> tuple[ZIGANProblem, torch.Tensor, float]:
    """A ZI global solution (w = 0, Phi g = Q_pi^T x) and mu_max of B^T B, B = grad^2_xy f."""
    rng = np.random.default_rng(20261125)
    prob = make_problem(rng, n=3, d1=2, d2=4, r=3, p=2)
    point = build_global(prob, rng)
    H = ClosedForm(prob, point.z).hessian
    B = H[: prob.n_x, prob.n_x :]
    return prob, point.z, float(torch.linalg.eigvalsh(B.T @ B).max())


def stability_eta(ratio: float, mu_max: float) -> float:
    """The step size with ``eta^2 mu_max / tau = ratio``."""
    return float(np.sqrt(ratio * TAU / mu_max))


def _stability(candidate: Candidate, ratio: float) -> Outcome:
    prob, z_star, mu_max = _zi_global()
    eta, F = stability_eta(ratio, mu_max), prob.operator
    lin = linearize(candidate, eta, TAU, z_star, F)
    u = torch.randn(prob.dim, generator=torch.Generator().manual_seed(7), dtype=F64)
    z0 = z_star + 1e-4 * u / u.norm()
    F0, d0 = float(F(z0).norm()), float((z0 - z_star).norm())
    steps = 400
    opt = candidate.make(eta, TAU)
    z = _last(_run(opt, z0, F, steps, stop=lambda z: float((z - z_star).norm()) > 1e3 * d0), z0)
    ratio_F, ratio_d = float(F(z).norm()) / F0, float((z - z_star).norm()) / d0
    rho = lin.rho
    if not lin.linearizable:
        outcome = "not linearizable"
    elif rho <= STABLE_RHO and ratio_F <= CONTRACTED:
        outcome = "stable"
    elif rho <= STABLE_RHO:
        outcome = "neutral"
    elif ratio_d >= 10 or ratio_F >= 10:
        outcome = "unstable"
    else:
        outcome = "inconclusive"
    evidence = (
        f"eta^2 mu_max/tau = {ratio:g} (eta={eta:.3g}, tau={TAU:g}): {_linear_evidence(lin)}; "
        f"{steps} steps from a 1e-4 perturbation: ||F|| x{ratio_F:.2e}, distance x{ratio_d:.2e}"
    )
    return Outcome(
        outcome,
        evidence,
        {"rho": rho, "rho_err": lin.rho_err, "ratio_F": ratio_F, "ratio_d": ratio_d, "eta": eta},
    )


def check_global_below(candidate: Candidate) -> Outcome:
    """Theorem 3 below the tau-EG threshold: eta^2 mu_max / tau = 1/2."""
    return _stability(candidate, 0.5)


def check_global_above(candidate: Candidate) -> Outcome:
    """Theorem 3 above the tau-EG threshold: eta^2 mu_max / tau = 2."""
    return _stability(candidate, 2.0)


# ----- Theorem 2: escape from strict non-minimax points -----
ESCAPE_ETA = 0.1
ESCAPE_FACTOR = 100.0  # the run must carry the perturbation this far out
MAX_ESCAPE_STEPS = 20_000
FIXED_ESCAPE_STEPS = 500  # for maps with no linearization to size the run


@cache
def _theorem2_point() -> tuple[ZIGANProblem, torch.Tensor]:
    """A Theorem-2 point of family (a): w = 0, A = 0, sum_i (x_i - Phi_i g) != 0."""
    rng = np.random.default_rng(5)
    prob = make_problem(rng, n=3, d1=2, d2=3, r=3, p=2)
    return prob, build_a_zero(prob, rng).z


def escape_run_length(rho: float, dim: int) -> int:
    """Steps for a linearly unstable mode (radius ``rho > 1``) to carry a random perturbation
    ``ESCAPE_FACTOR`` times out: its component along the unstable direction is at least
    ``1 / (10 sqrt(dim))`` for all but unlucky draws, so ``rho^K >= 10 sqrt(dim) ESCAPE_FACTOR``;
    twice that for the transient of the other modes."""
    need = math.log(10 * math.sqrt(dim) * ESCAPE_FACTOR) / math.log(rho)
    return min(MAX_ESCAPE_STEPS, 2 * math.ceil(need))


def check_escape(candidate: Candidate) -> Outcome:
    """At a Theorem-2 point (w = 0, A = 0) the update map has an eigenvalue of modulus > 1
    (decided from the spectral radius) and a perturbed run, as long as that radius says it
    needs, confirms that the iterates leave."""
    prob, z_star = _theorem2_point()
    F = prob.operator
    lin = linearize(candidate, ESCAPE_ETA, TAU, z_star, F)
    u = torch.randn(prob.dim, generator=torch.Generator().manual_seed(8), dtype=F64)
    z0 = z_star + 1e-4 * u / u.norm()
    d0 = float((z0 - z_star).norm())
    unstable = lin.linearizable and lin.rho > STABLE_RHO
    if unstable:
        steps = escape_run_length(lin.rho, prob.dim + lin.n_state)
    elif lin.linearizable:
        steps = 0  # no eigenvalue of modulus > 1: the linearization says it stays
    else:
        steps = FIXED_ESCAPE_STEPS
    far = ESCAPE_FACTOR * d0
    run = _run(
        candidate.make(ESCAPE_ETA, TAU),
        z0,
        F,
        steps,
        stop=lambda z: float((z - z_star).norm()) > far,
    )
    z = _last(run, z0)
    ratio_d = float((z - z_star).norm()) / d0
    left = ratio_d >= ESCAPE_FACTOR
    if unstable:
        outcome = "escapes" if left else "unconfirmed"
    elif lin.linearizable:
        outcome = "stays"
    else:  # non-smooth steps (sign-EG, Adam at F = 0): only the run speaks
        outcome = "leaves" if left else "stays"
    evidence = (
        f"eta={ESCAPE_ETA:g}, tau={TAU:g}: {_linear_evidence(lin)}; "
        f"distance x{ratio_d:.2e} within {steps} steps (run length from the radius)"
    )
    data = {"rho": lin.rho, "rho_err": lin.rho_err, "ratio_d": ratio_d, "steps": steps}
    return Outcome(outcome, evidence, data)


# ----- 000 §6: the minimum-norm invariant from zero -----
INVARIANT_BOUND = 1e-10  # rounding over 200 steps, ~1e3 eps


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
    outcome = "holds" if rel <= INVARIANT_BOUND else "violated"
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
    data = {"final_norm": rK, "flat_iterates": flat}
    if loss == "zi":  # the rotation F = (-w, g): linear, so its linearization at 0 is the map
        lin = linearize(candidate, DIRAC_ETA, 1.0, torch.zeros(2, dtype=F64), F)
        data["rho"], data["rho_err"] = lin.rho, lin.rho_err
        evidence += f"; at (0, 0): {_linear_evidence(lin)}"
    return Outcome(outcome, evidence, data)


def check_dirac_zi(candidate: Candidate) -> Outcome:
    return _dirac(candidate, "zi")


def check_dirac_js(candidate: Candidate) -> Outcome:
    return _dirac(candidate, "js")


# ----- 002 §4: the simple GAN example, measured contraction vs the linearized prediction -----
SIMPLE_GAN = {"sigma2": 0.5, "v": (0.0, 1.0), "eta": 0.1, "steps": 1500}
RATE_AGREE = 0.1  # |log rate - log rho| <= 10% of |log rho| (see check_simple_gan)


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
    import scipy.stats  # here, not at module level: it costs ~1.5 s of every CLI and test start

    half = len(errors) // 2
    fit = scipy.stats.linregress(np.arange(half, len(errors)), np.log(errors[half:]))
    return float(np.exp(fit.slope))


def rate_tolerance(rho: float) -> float:
    """How far a fitted rate may sit from the radius ``rho``: ``RATE_AGREE |log rho|`` in log
    terms, converted to the rate (the fit runs ~1e3 steps of a 4-mode system, where modes a few %
    faster than the slowest still weigh on it; JARE: 6%)."""
    return rho * (math.exp(RATE_AGREE * abs(math.log(rho))) - 1) + 1e-6


def check_simple_gan(candidate: Candidate) -> Outcome:
    """Near the equilibrium of the simple GAN, the per-step contraction measured over a run equals
    the spectral radius of the linearized update map (``|1 + eta lambda|`` of 002 Thm. 1 / 3)."""
    F, w_star = _simple_gan()
    lin = linearize(candidate, SIMPLE_GAN["eta"], 1.0, w_star, F)
    if not lin.linearizable:  # a non-smooth step (sign) or a singular preconditioner (Adam)
        return Outcome("not linearizable", f"at w*: {_linear_evidence(lin)}", {"rho": lin.rho})
    rho = lin.rho
    u = torch.randn(len(w_star), generator=torch.Generator().manual_seed(3), dtype=F64)
    w0 = w_star + 1e-4 * u / u.norm()
    d0 = float((w0 - w_star).norm())
    errors = [d0]
    # stop above the rounding floor (1e-9 d0 ~ 1e-13) or once clearly moving away (1e2 d0)
    opt = candidate.make(SIMPLE_GAN["eta"], 1.0)
    for w in _run(
        opt,
        w0,
        F,
        SIMPLE_GAN["steps"],
        stop=lambda w: not 1e-9 * d0 < float((w - w_star).norm()) < 1e2 * d0,
    ):
        errors.append(float((w - w_star).norm()))
    rate = _fitted_rate(errors)
    agree = 0 < rho and 0 < rate and abs(rate - rho) <= rate_tolerance(rho)
    outcome = ("converges" if rho < 1 else "diverges") if agree else "mismatch"
    evidence = (
        f"sigma^2={SIMPLE_GAN['sigma2']}, v={SIMPLE_GAN['v']}, eta={SIMPLE_GAN['eta']}: "
        f"{_linear_evidence(lin)}, measured rate {rate:.6f} over {len(errors) - 1} steps"
    )
    return Outcome(outcome, evidence, {"rho": rho, "rho_err": lin.rho_err, "rate": rate})


# ----- a quadratic game whose two players' curvatures differ: which player tau slows -----
QUADRATIC = {
    "A": ((1.5, 0.2), (0.2, 0.8)),  # grad^2_xx f: the min player's curvature
    "B": ((1.0, 0.4), (-0.3, 0.7)),  # grad^2_xy f
    "C": ((0.1, 0.0), (0.0, 0.05)),  # -grad^2_yy f: the max player's, much flatter
    "eta": 0.3,
    "z0": (1.0, -0.5, 0.3, 0.8),
    "steps": 20,
}


def quadratic_game() -> tuple[SaddleOperator, torch.Tensor]:
    """``f = x^T A x / 2 + x^T B y - y^T C y / 2``: ``F(z) = M z`` with
    ``M = [[A, B], [-B^T, C]]``; its saddle ``z* = 0``."""
    A, B, C = (torch.tensor(QUADRATIC[k], dtype=F64) for k in "ABC")
    M = torch.cat([torch.cat([A, B], 1), torch.cat([-B.T, C], 1)])
    return saddle_operator(lambda z: M @ z, 2), torch.zeros(4, dtype=F64)


def check_quadratic_timescale(candidate: Candidate) -> Outcome:
    """On a quadratic game with a stiff min player and a flat max player, the spectral radius of
    the update map with tau = 4 depends on which player the timescale slows (at a ZI global
    solution the Hessian is purely bilinear and cannot tell)."""
    F, z_star = quadratic_game()
    lin = linearize(candidate, QUADRATIC["eta"], TAU, z_star, F)
    if not lin.linearizable:
        outcome = "not linearizable"
    else:
        outcome = "converges" if lin.rho < 1 - 1e-12 else "diverges"
    evidence = f"eta={QUADRATIC['eta']}, tau={TAU:g}: {_linear_evidence(lin)}"
    return Outcome(outcome, evidence, {"rho": lin.rho, "rho_err": lin.rho_err})


def check_first_iterates(candidate: Candidate) -> Outcome:
    """The first iterates on the quadratic game from a fixed start: what separates methods with
    the same local spectrum (Adam's bias correction, where F is evaluated, first-step
    conventions). Compared with the claimed built-in's own iterates (a regression baseline)."""
    F, _ = quadratic_game()
    z0, steps = torch.tensor(QUADRATIC["z0"], dtype=F64), QUADRATIC["steps"]
    run = torch.stack(list(_run(candidate.make(QUADRATIC["eta"], TAU), z0, F, steps)))
    iterates = run.tolist()
    norms = [float(np.linalg.norm(z)) for z in iterates]
    evidence = f"eta={QUADRATIC['eta']}, tau={TAU:g}, {steps} steps from {QUADRATIC['z0']}: |z_k| {norms[0]:.4g} ... {norms[-1]:.4g}"
    err = _iterates_error(candidate, z0, F, run)
    return Outcome("computed", evidence, {"iterates": iterates, "iterates_err": err})


PERTURBATION = 1e-7  # relative start perturbation for measuring how a run amplifies errors


def _iterates_error(candidate: Candidate, z0: torch.Tensor, F, run: torch.Tensor) -> float:
    """NOTE: [iterate error bound]
    How far rounding can move the iterates ``run``: each step commits a rounding error of a few
    tens of ulps of the iterate (``64 eps (1 + max |z_j|)``), and the steps after it amplify it at
    most by the factor ``A = max_k ||z'_k - z_k|| / ||z'_0 - z_0||`` measured on a second run from
    a start moved by ``PERTURBATION``; over ``K`` steps the errors add up to
    ``K * max(1, A) * 64 eps (1 + max |z_j|)``."""
    u = torch.linspace(1.0, -1.0, len(z0), dtype=z0.dtype)
    delta = PERTURBATION * (1 + float(z0.norm())) * u / u.norm()
    moved = torch.stack(list(_run(candidate.make(QUADRATIC["eta"], TAU), z0 + delta, F, len(run))))
    amplification = float((moved - run).norm(dim=1).max()) / float(delta.norm())
    eps = torch.finfo(run.dtype).eps
    return len(run) * max(1.0, amplification) * 64 * eps * (1 + float(run.abs().max()))


# ----- hygiene -----
def _state_tensors(state) -> list[torch.Tensor]:
    if isinstance(state, TorchOptimState):
        return [
            v
            for p in (state.x, state.y)
            for v in state.optimizer.state.get(p, {}).values()
            if isinstance(v, torch.Tensor)
        ]
    return [leaf for leaf in tree_flatten(state)[0] if isinstance(leaf, torch.Tensor)]


def check_hygiene(candidate: Candidate) -> Outcome:
    """Finite outputs of the input's dtype, shapes kept, inputs not mutated, finite state of the
    same dtype, deterministic; resumes identically from ``copy.deepcopy`` of its state (and torch.optim
    classes from ``state_dict()``). The only check that copies an optimizer: the others build
    fresh instances, so a copy problem is reported here, once, with the exception text."""
    F = dirac_gan("js").operator
    z0 = torch.tensor([0.7, -0.4], dtype=F64)
    before = z0.clone()

    def trajectory(steps=20):
        opt = candidate.make(0.1, 2.0)
        z, state, out = z0, opt.init(z0), []
        for k in range(steps):
            z, state = opt.step(z, state, F)
            _check_iterate(z, z0, k)
            out.append(z)
        return out, state

    (first, state), (second, _) = trajectory(), trajectory()
    problems = []
    if not torch.equal(z0, before):
        problems.append("the step mutated its input z")
    wrong = [z.dtype for z in first if z.dtype != z0.dtype]
    if wrong:
        problems.append(f"a {z0.dtype} input gave a {wrong[0]} iterate")
    elif not torch.equal(torch.stack(first), torch.stack(second)):
        problems.append("two runs from the same start differ")
    floats = [t for t in _state_tensors(state) if t.is_floating_point()]
    if not all(bool(torch.isfinite(t).all()) for t in floats):
        problems.append("the optimizer state holds a non-finite value")
    odd = [t.dtype for t in floats if t.dtype != z0.dtype]
    if odd:
        problems.append(f"the optimizer state holds {odd[0]} tensors for {z0.dtype} iterates")
    if not problems:
        problems += _resume_problems(candidate, z0, F)
    if problems:
        return Outcome("broken", "; ".join(problems))
    extra = " and state_dict()" if candidate.torch_optim else ""
    return Outcome(
        "clean",
        f"20 steps: finite, {z0.dtype} in and out, shape kept, input untouched, finite state, "
        f"deterministic; resumes identically from deepcopy{extra}",
    )


def _resume_problems(candidate: Candidate, z0, F) -> list[str]:
    """Run 5 steps, snapshot, run 5 more; resuming from the snapshot must give the same iterates,
    from ``copy.deepcopy`` of the state and (torch.optim) from a new optimizer fed
    ``state_dict()``."""
    opt = candidate.make(0.1, 2.0)
    z, state = z0, opt.init(z0)
    for _ in range(5):
        z, state = opt.step(z, state, F)
    z_snap, routes = z, {}
    try:
        snapshot = copy.deepcopy(state)
        routes["deepcopy"] = lambda: snapshot
    except Exception as exc:  # noqa: BLE001 - a broken copy is a finding, not a crash
        routes["deepcopy"] = exc
    if candidate.torch_optim is not None:
        saved = {k: v for k, v in state.optimizer.state_dict().items()}
        saved = copy.deepcopy(saved) if not isinstance(routes["deepcopy"], Exception) else saved
        x_snap, y_snap = state.x.detach().clone(), state.y.detach().clone()

        def from_state_dict():
            x, y = torch.nn.Parameter(x_snap.clone()), torch.nn.Parameter(y_snap.clone())
            fresh = candidate.torch_optim([{"params": [x]}, {"params": [y]}], lr=0.1)
            fresh.load_state_dict(saved)
            return TorchOptimState(fresh, x, y)

        routes["state_dict"] = from_state_dict
    reference = []
    for _ in range(5):
        z, state = opt.step(z, state, F)
        reference.append(z)
    problems = []
    for route, restore in routes.items():
        if isinstance(restore, Exception):
            problems.append(f"{route} raised {type(restore).__name__}: {restore}")
            continue
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
    "quadratic_timescale": (
        check_quadratic_timescale,
        "000.s5.1.updates",
        "quadratic game, stiff min / flat max player, tau = 4",
    ),
    "first_iterates": (check_first_iterates, "", "20 iterates on the quadratic game (baseline)"),
    "hygiene": (check_hygiene, "", "finite, dtype, shapes, no mutation, determinism, resume"),
}
