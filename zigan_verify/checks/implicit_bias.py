r"""Checks of 000 §6: the range invariant of gradient methods and the minimum-norm limit.

Every check runs seeded instances of the last-layer problem (:mod:`zigan_verify.analysis.lastlayer`) and
returns :class:`zigan_verify.claims.Evidence`; the Hypothesis versions live in
``properties/test_min_norm_bias.py``.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch

from zigan_verify.analysis.lastlayer import (
    INVARIANT_RTOL,
    LastLayer,
    LimitReport,
    digits_28,
    invariant_violation,
    iterate,
    limit_report,
)
from zigan_verify.checks.evidence import Evidence, Status
from zigan_verify.game.problem import ZIGANProblem
from zigan_verify.optim.minimax import get_optimizer, optim_db, tau_eg

__all__ = [
    "ADAM_SIGN_BREAKING",
    "ADAM_SIGN_SECOND_ORDER",
    "LIMIT_REGIMES",
    "adam_sign_verdict",
    "check_adam_sign",
    "check_conclusion",
    "check_invariant",
    "check_limit",
    "check_paper_scale",
    "check_theta_trained",
    "consistent_instance",
    "limit_verdict",
    "seeded_instance",
]

# The limit is compared with the predicted solution at this absolute accuracy (the bound).
LIMIT_ATOL = 1e-6


def seeded_instance(
    seed: int,
    n: int,
    d1: int,
    d2: int,
    r: int,
    *,
    p: int = 2,
    A_scale: float = 1.0,
    w_scale: float = 0.0,
    null_scale: float = 0.0,
    repeat_latent: bool = False,
) -> tuple[LastLayer, torch.Tensor]:
    """A last-layer problem with standard Gaussian data, latents and ``theta``, and a start
    ``u_0 = (g_0, w_0, A_0)`` with ``g_0 = null_scale * P_N(xi)`` (zero by default)."""
    gen = torch.Generator().manual_seed(seed)
    data = torch.randn(n, d1, generator=gen, dtype=torch.float64)
    latents = torch.randn(n, p, generator=gen, dtype=torch.float64)
    if repeat_latent:
        latents[-1] = latents[0]
    problem = ZIGANProblem(data, latents, r=r, width=d2)
    layer = LastLayer(problem, torch.randn(problem.sizes.m, generator=gen, dtype=torch.float64))
    A0 = A_scale * torch.randn(r, d1, generator=gen, dtype=torch.float64)
    w0 = w_scale * torch.randn(r, generator=gen, dtype=torch.float64)
    g0 = null_scale * layer.project_null(torch.randn(layer.n_x, generator=gen, dtype=torch.float64))
    return layer, layer.pack(g0, w0, A0)


_INVARIANT_CASES = (  # (seed, n, d1, d2, r, repeat_latent): full rank and rank-deficient Phi
    (0, 2, 2, 5, 3, False),
    (1, 3, 1, 6, 4, True),
    (2, 4, 2, 3, 3, False),  # n > d2: K is singular
)


def _drifts(names: list[str], steps: int = 40) -> dict[str, float]:
    """Worst ``drift / path length`` per optimizer over ``_INVARIANT_CASES`` (null-space starts)."""
    out = {}
    for name in names:
        eta = {"adam_eg": 0.01, "sign_eg": 0.01}.get(name, 0.05)
        worst = 0.0
        for seed, n, d1, d2, r, rep in _INVARIANT_CASES:
            layer, u0 = seeded_instance(
                seed, n, d1, d2, r, w_scale=1.0, null_scale=1.0, repeat_latent=rep
            )
            drift, path = invariant_violation(layer, get_optimizer(name, eta=eta), u0, steps)
            worst = max(worst, drift / path)
        out[name] = worst
    return out


def _linear_methods() -> list[str]:
    return [info.name for info in optim_db if info.linear_in_gradients]


def check_invariant() -> Evidence:
    r"""``P_N(g_k) = P_N(g_0)`` for every registered method linear in the gradients, on full-rank
    and rank-deficient :math:`\Phi`, from starts with a null-space component."""
    linear = _linear_methods()
    drifts = _drifts(linear)
    worst = max(drifts.values())
    ok = worst <= INVARIANT_RTOL
    return Evidence(
        Status.VERIFIED if ok else Status.REFUTED,
        f"{len(linear)} linear methods ({', '.join(linear)}), 40 steps on 3 instances (incl. "
        f"rank-deficient Phi): max ||P_N(g_k) - P_N(g_0)|| / path = {worst:.1e} "
        f"(bound {INVARIANT_RTOL:.1e})",
        {"drift_over_path": drifts, "bound": INVARIANT_RTOL},
    )


# The correction of 000.s6.adam_sign: these leave g_0 + R(Phi^T), these keep it although they are
# not linear in the gradients (their extra terms are g-gradients of functions of Phi g).
ADAM_SIGN_BREAKING = ("adam_eg", "sign_eg")
ADAM_SIGN_SECOND_ORDER = ("conopt", "jare")


def adam_sign_verdict(
    drifts: dict[str, float],
    linear,
    breaking=ADAM_SIGN_BREAKING,
    second_order=ADAM_SIGN_SECOND_ORDER,
) -> Status:
    """The verdict of ``000.s6.adam_sign`` from worst ``drift / path`` per method: refuted if a
    linear or second-order method drifts beyond ``INVARIANT_RTOL`` (the correction says they keep
    the invariant); conditional if only Adam-EG / sign-EG do (as registered); verified if none."""
    if any(drifts[n] > INVARIANT_RTOL for n in (*linear, *second_order)):
        return Status.REFUTED
    if any(drifts[n] > INVARIANT_RTOL for n in breaking):
        return Status.CONDITIONAL
    return Status.VERIFIED


def check_adam_sign() -> Evidence:
    """ "Any gradient method" keeps ``g`` in ``g_0 + R(Phi^T)`` only for updates built from
    vectors of ``R(Phi^T)``: the linear methods, ConOpt and JARE keep it; Adam-EG and sign-EG
    leave it (:func:`adam_sign_verdict`; every drift is computed once)."""
    linear = _linear_methods()
    drifts = _drifts([*ADAM_SIGN_BREAKING, *ADAM_SIGN_SECOND_ORDER, *linear])
    verdict = adam_sign_verdict(drifts, linear)
    worst_linear = max(drifts[n] for n in linear)
    kept = ", ".join(f"{n} {drifts[n]:.1e}" for n in ADAM_SIGN_SECOND_ORDER)
    left = ", ".join(f"{n} {drifts[n]:.1e}" for n in ADAM_SIGN_BREAKING)
    return Evidence(
        verdict,
        f"drift / path of P_N(g) (bound {INVARIANT_RTOL:.1e}): {left}; {len(linear)} linear "
        f"methods <= {worst_linear:.1e}; second-order methods with g-terms in R(Phi^T): {kept}",
        {"drift_over_path": drifts, "linear": linear, "bound": INVARIANT_RTOL},
    )


# (n, d1, d2, r, eta, tau, A_scale, seeds, consistent): tau-EG from g = 0, w = 0,
# A_0 ~ N(0, A_scale^2). ``consistent``: data x_i = G* phi(z_i) for a random G*, so a global
# solution exists although n > d2 makes K = Phi_f Phi_f^T (and Phi Phi^T) singular.
LIMIT_REGIMES = (
    (1, 1, 3, 2, 2.0, 4.0, 1.0, range(3), False),
    (1, 2, 4, 4, 2.0, 4.0, 1.0, range(3), False),
    (2, 1, 3, 16, 1.0, 16.0, 3.0, range(4), False),
    (2, 1, 1, 4, 2.0, 4.0, 1.0, range(3), True),  # n = 2 > d2 = 1: rank K = 1
)


def consistent_instance(seed: int, n: int, d1: int, d2: int, r: int, *, A_scale: float = 1.0):
    """:func:`seeded_instance` with the data replaced by ``x_i = G* phi(z_i)`` (``G*`` seeded
    Gaussian), so that ``Phi g = x`` is solvable for any ``n``, ``d2`` (NOTE: [last-layer
    structure]); the start is the same."""
    layer, u0 = seeded_instance(seed, n, d1, d2, r, A_scale=A_scale)
    gen = torch.Generator().manual_seed(1000 + seed)
    G = torch.randn(d1, d2, generator=gen, dtype=torch.float64)
    prob = layer.problem
    consistent = ZIGANProblem(layer.features @ G.T, prob.latents, r=r, feature_map=prob.phi)
    return LastLayer(consistent, layer.theta), u0


class LimitRow(NamedTuple):
    """One run of :func:`check_limit`."""

    sizes: tuple[int, int, int, int]
    singular_gram: bool  # rank Phi_f < n: (Phi Phi^T)^{-1} does not exist
    null_start: float  # ||P_N(g_0)||: what the printed formula (from zero) leaves out
    report: LimitReport


def limit_verdict(rows: list[LimitRow]) -> tuple[Status, dict]:
    """The verdict of :func:`check_limit` from its runs: refuted unless some run converged and
    every converged run ends at ``Phi^+ Q_pi^T x + P_N(g_0)``; conditional when a converged run
    needs a stated condition (the pseudo-inverse: ``K`` singular; or the ``P_N(g_0)`` shift of a
    non-zero start, larger than the bound), verified when none does."""
    conv = [row for row in rows if row.report.converged]
    worst = max((row.report.limit_error for row in conv), default=math.nan)
    formula = bool(conv) and worst <= LIMIT_ATOL
    pinv = sum(row.singular_gram for row in conv)
    shifted = sum(row.null_start > LIMIT_ATOL for row in conv)
    if not formula:
        status = Status.REFUTED
    else:
        status = Status.CONDITIONAL if pinv or shifted else Status.VERIFIED
    return status, {"max_limit_error": worst, "pinv_needed": pinv, "null_shifted": shifted}


def check_limit(max_steps: int = 2000) -> Evidence:
    r"""In :data:`LIMIT_REGIMES` tau-EG from zero (and from a null-space start at n = 1) reaches a
    global solution in some runs; each converged ``g`` is compared with
    :math:`\Phi^+Q_\pi^\top x + P_N(g_0)`. The verdict (:func:`limit_verdict`) rests on the
    runs that exercise each stated condition: singular ``Phi Phi^T`` (consistent data, n > d2)
    and a non-zero ``P_N(g_0)``; the fraction converged and, for n >= 2, whether the reached pi
    has the smallest minimum norm over all pi are reported."""
    rows = []
    for n, d1, d2, r, eta, tau, a_scale, seeds, consistent in LIMIT_REGIMES:
        for seed in seeds:
            for null in (0.0, 1.0) if n == 1 else (0.0,):
                if consistent:
                    layer, u0 = consistent_instance(seed, n, d1, d2, r, A_scale=a_scale)
                else:
                    layer, u0 = seeded_instance(
                        seed, n, d1, d2, r, A_scale=a_scale, null_scale=null
                    )
                rep = limit_report(layer, u0, eta=eta, tau=tau, max_steps=max_steps)
                g0 = layer.unpack(u0)[0]
                shift = float(layer.project_null(g0).norm())
                rows.append(LimitRow((n, d1, d2, r), layer.rank < n, shift, rep))
    status, data = limit_verdict(rows)
    per_n = {}
    for n in sorted({row.sizes[0] for row in rows}):
        mine = [row for row in rows if row.sizes[0] == n]
        per_n[n] = (sum(row.report.converged for row in mine), len(mine))
    conv = [row for row in rows if row.report.converged]
    steps = [row.report.steps for row in conv]
    multi = [row for row in conv if row.sizes[0] >= 2]
    smallest = sum(math.isclose(row.report.min_norm, row.report.best_min_norm) for row in multi)
    fractions = ", ".join(f"n={n}: {c}/{t}" for n, (c, t) in per_n.items())
    singular = [row for row in rows if row.singular_gram]
    return Evidence(
        status,
        f"tau-EG converged to a global solution in {fractions} runs "
        f"({min(steps, default=0)}-{max(steps, default=0)} steps); "
        f"max ||g_K - Phi^+ Q_pi^T x - P_N(g_0)|| = {data['max_limit_error']:.1e} (bound "
        f"{LIMIT_ATOL:.0e}); singular Phi Phi^T (n > d2, consistent data): "
        f"{sum(r.report.converged for r in singular)}/{len(singular)} converged to Phi^+ Q_pi^T x "
        f"((Phi Phi^T)^-1 does not exist); non-zero P_N(g_0) in the limit: "
        f"{data['null_shifted']} runs; n >= 2: reached pi had the smallest min-norm over all pi "
        f"in {smallest}/{len(multi)}",
        {
            "converged": per_n,
            "steps": steps,
            **data,
            "smallest_over_all_pi_n_ge_2": (smallest, len(multi)),
        },
    )


def check_theta_trained(steps: int = 300, eta: float = 0.2, tau: float = 4.0) -> Evidence:
    r"""Outside §6: with ``theta`` trained too, ``g_k`` leaves ``R(Phi(theta_k)^T)`` from zero.

    Measures :math:`\|P_{\mathcal{N}(\Phi(\theta_K))} g_K\| / \|g_K\|` and the same for the
    initial :math:`\Phi(\theta_0)`, after tau-EG on the full ``z = (g, theta, w, A)``.
    """
    rows = []
    for seed, n, d1, d2, r in ((0, 2, 2, 5, 3), (1, 3, 1, 6, 4), (2, 1, 2, 4, 3)):
        layer, u0 = seeded_instance(seed, n, d1, d2, r, w_scale=1.0)
        problem = layer.problem
        z0 = layer.embed(u0)
        z, state, F = z0, tau_eg(eta, tau).init(z0), problem.operator
        opt = tau_eg(eta, tau)
        for _ in range(steps):
            z, state = opt.step(z, state, F)
        g, theta = problem.unpack(z)[:2]
        moved = LastLayer(problem, theta.clone())
        rows.append(
            (
                float(moved.project_null(g).norm() / g.norm()),
                float(layer.project_null(g).norm() / g.norm()),
                float((theta - layer.theta).norm()),
            )
        )
    worst_now = max(r[0] for r in rows)
    worst_start = max(r[1] for r in rows)
    leaves = min(r[0] for r in rows) > 1e6 * INVARIANT_RTOL
    return Evidence(
        Status.VERIFIED if leaves else Status.REFUTED,
        f"tau-EG on (g, theta, w, A), {steps} steps from g = 0 on 3 instances: "
        f"||P_N(Phi(theta_K))(g_K)|| / ||g_K|| in [{min(r[0] for r in rows):.1e}, "
        f"{worst_now:.1e}], w.r.t. Phi(theta_0) up to {worst_start:.1e} "
        f"(frozen theta: <= {INVARIANT_RTOL:.1e})",
        {
            "null_fraction_now": [r[0] for r in rows],
            "null_fraction_start": [r[1] for r in rows],
            "theta_moved": [r[2] for r in rows],
        },
    )


def paper_scale_invariant(
    steps: int = 300,
    progress: bool = True,
    *,
    eta: float = 0.05,
    tau: float = 4.0,
    seed: int = 0,
) -> Evidence:
    r"""The §6 invariant at App. C's sizes: tau-EG on the last layer of a generator
    ``R^100 -> R^500 -> R^784`` against a discriminator of width 3000, 32 digits.

    Starts from ``g_0`` with a null-space component and measures
    :math:`\max_k \|P_N(g_k) - P_N(g_0)\|` relative to the path length of ``g``.
    """
    from zigan_verify.optim.minimax import tau_eg

    n, d1, d2, r, p = 32, 784, 500, 3000, 100
    gen = torch.Generator().manual_seed(seed)
    data = digits_28(n, seed=seed)
    latents = torch.randn(n, p, generator=gen, dtype=torch.float64)
    problem = ZIGANProblem(data, latents, r=r, width=d2)
    theta = torch.randn(problem.sizes.m, generator=gen, dtype=torch.float64) / math.sqrt(p)
    layer = LastLayer(problem, theta)
    g0 = torch.randn(d1 * d2, generator=gen, dtype=torch.float64) / math.sqrt(d2)
    w0 = torch.randn(r, generator=gen, dtype=torch.float64) / math.sqrt(r)
    A0 = torch.randn(r, d1, generator=gen, dtype=torch.float64) / math.sqrt(d1)
    u0 = layer.pack(g0, w0, A0)
    null0 = layer.project_null(g0)
    from rich.progress import Progress

    worst, path, g_prev = 0.0, float(g0.norm()), g0
    with Progress(transient=True, disable=not progress) as bar:
        task = bar.add_task("tau-EG at App. C scale", total=steps)
        for u in iterate(tau_eg(eta, tau), layer.operator, u0, steps):
            g = layer.unpack(u)[0]
            path += float((g - g_prev).norm())
            worst = max(worst, float((layer.project_null(g) - null0).norm()))
            g_prev = g
            bar.advance(task)
    moved = float((g_prev - g0).norm())
    ratio = worst / path
    ok = ratio <= INVARIANT_RTOL
    return Evidence(
        Status.VERIFIED if ok else Status.REFUTED,
        f"n={n}, d1={d1}, d2={d2}, r={r}, p={p}, rank(Phi_f)={layer.rank}, {steps} tau-EG steps "
        f"(eta={eta}, tau={tau}): g moved {moved:.2e}, max ||P_N(g_k) - P_N(g_0)|| = {worst:.1e} "
        f"= {ratio:.1e} x path length (bound {INVARIANT_RTOL:.1e})",
        {
            "steps": steps,
            "rank": layer.rank,
            "null_drift": worst,
            "path_length": path,
            "moved": moved,
            "ratio": ratio,
        },
    )


def check_paper_scale(steps: int = 300) -> Evidence:
    """The invariant at App. C's sizes (slow); see :func:`paper_scale_invariant`."""
    return paper_scale_invariant(steps, progress=False)


def check_conclusion(max_steps: int = 2000) -> Evidence:
    """000 §8 (Conclusion): 'extragradient dynamics initialized at zero converge to a
    minimum-norm generator solution' -- a convergence claim, distinct from the invariant. On the
    runs of :func:`check_limit` from zero: conditional if every converged run ends at the
    minimum-norm solution but some run does not converge within ``max_steps``; verified if all
    converge; refuted if a converged run misses the minimum-norm solution."""
    evidence = check_limit(max_steps)
    per_n = evidence.data["converged"]
    converged = sum(c for c, _ in per_n.values())
    runs = sum(t for _, t in per_n.values())
    limit_ok = evidence.data["max_limit_error"] <= LIMIT_ATOL
    if not (converged and limit_ok):
        status = Status.REFUTED
    else:
        status = Status.VERIFIED if converged == runs else Status.CONDITIONAL
    return Evidence(
        status,
        f"tau-EG converged in {converged}/{runs} runs "
        + ", ".join(f"(n={n}: {c}/{t})" for n, (c, t) in per_n.items())
        + f"; every converged run at Phi^+ Q_pi^T x + P_N(g_0) to {evidence.data['max_limit_error']:.1e}",
        {"converged": converged, "runs": runs, "limit": evidence.data},
    )
