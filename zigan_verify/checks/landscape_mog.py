"""Checks of 004 §5 and App. C.1/C.4 on the mixture-of-Gaussians GAN at CPU scale (spectra at the end points, GD vs EG, NSGAN vs WGAN-GP) and of §5.1/Fig. 3 (the path-angle bump and the minimization control).

The experiment is :mod:`zigan_verify.experiments.mog`; each check returns :class:`Evidence` (NOTE: [claims registry]).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import torch

from zigan_verify.analysis.classification import classify
from zigan_verify.analysis.path_angle import BUMP_MIN, BUMP_WINDOW, linear_path_angle, path_angle
from zigan_verify.checks.evidence import Evidence, Status, reproduced

__all__ = [
    "check_mog_empirical",
    "check_mog_gd_vs_eg",
    "check_mog_nsgan_sharper",
    "check_mog_wgan_shifted_right",
    "compare_objectives",
    "mog_measurements",
    "mog_run",
    "check_mog_fig3_bump",
    "check_fig3_minimization",
    "fig3_bump_verdict",
    "minimization_verdict",
]


# ----- §5, App. C.1 / C.4: the MoG experiment at CPU scale (slow) -----
MOG_SCALE = dict(n=500, iterations=1500, record_every=25)  # App. C.1: n = 10,000, 30,000 iterations


def _spectral_summary(game, omega) -> dict:
    """Exact classification and the spectra §5 reads at ``omega``: ``Sp(J)`` (Fig. 4) and the
    player Hessians' extreme eigenvalues (Figs. 5-6), from one dense Jacobian."""
    c = classify(game, omega, method="exact", grad_tol=1e6)  # near-stationary: ||v|| is reported
    J = game.jacobian(omega).numpy()
    ev = np.linalg.eigvals(J)
    n = game.n_theta
    complex_ev = ev[np.abs(ev.imag) > 1e-8 * np.abs(ev).max()]
    return dict(
        lambda_min_G=c.lambda_min_G,
        lambda_min_D=c.lambda_min_D,
        lambda_max_D=float(np.linalg.eigvalsh((J[n:, n:] + J[n:, n:].T) / 2).max()),
        min_re_J=c.min_re_J,
        max_abs_imag_over_max_abs_real=float(np.abs(ev.imag).max() / np.abs(ev.real).max()),
        # Fig. 4's "shifted to the right of the imaginary axis": Re / |lambda| of the complex pairs
        median_re_over_abs_complex=float(np.median(complex_ev.real / np.abs(complex_ev)))
        if complex_ev.size
        else float("nan"),
        n_complex=int(complex_ev.size),
    )


@cache
def mog_run(loss: str, method: str):
    """One MoG training run at :data:`MOG_SCALE` (shared by the §5, Fig. 3 and Fig. 7 checks)."""
    from zigan_verify.experiments.mog import mog_game, train

    game = mog_game(loss, n=MOG_SCALE["n"])
    return train(game, loss=loss, method=method, iterations=MOG_SCALE["iterations"],
                 record_every=MOG_SCALE["record_every"])  # fmt: skip


@cache
def mog_measurements(loss: str) -> dict:
    """Train EG and GD on the MoG GAN at :data:`MOG_SCALE` and measure what §5 / App. C.4 speak
    about: gradient norms, the exact classification at EG's end point, Hessian and Jacobian
    spectra, and the path-angle from the start to the last recorded end points (App. C.3).

    A run whose ``v`` stops being finite has diverged (``diverged_at``); then there is no end point
    to analyse, and ``J u`` at the start is recorded to show the game itself is well defined."""
    from zigan_verify.analysis.path_angle import aggregate
    from zigan_verify.experiments.mog import mog_game

    out = {"scale": dict(MOG_SCALE)}
    runs = {}
    for method in ("eg", "gd"):
        runs[method] = run = mog_run(loss, method)
        g = run.grad_norms
        half = g[len(g) // 2 :]
        out[method] = dict(
            initial=float(g[0]), final=float(g[-1]), median_last_half=float(np.median(half)),
            std_log_last_half=float(np.std(np.log(half))), diverged_at=run.diverged_at,
            max_abs_omega=float(run.end.abs().max()),
        )  # fmt: skip
    eg = runs["eg"]
    game = mog_game(loss, n=MOG_SCALE["n"])
    u = torch.randn(game.dim, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    out["Ju_finite_at_start"] = bool(torch.isfinite(game.jvp(eg.start, u)).all())
    if eg.diverged_at is not None:
        out["classification"] = None
        return out
    out["classification"] = _spectral_summary(game, eg.end)
    out["max_abs_imag_over_max_abs_real"] = out["classification"]["max_abs_imag_over_max_abs_real"]
    pa = aggregate([path_angle(game, eg.start, e, np.linspace(0, 1.2, 61)) for e in eg.ends])
    out["path_angle_median_peak"] = float(np.nanmax(np.abs(pa.median[40:])))
    return out


def _diverged_summary(loss: str, m: dict) -> str:
    eg = m["eg"]
    return (
        f"{loss}, n = {MOG_SCALE['n']}: EG diverged at step {eg['diverged_at']} (||v|| "
        f"{eg['initial']:.3g} at the start; at that step v is non-finite and max|omega| = "
        f"{eg['max_abs_omega']:.1e}); "
        f"J u at the start finite: {m['Ju_finite_at_start']} -- no end point to classify"
    )


def check_mog_empirical(loss: str = "nsgan") -> Evidence:
    """§5.1-5.2 on the MoG GAN at CPU scale: EG's end point is close to stationary (small gradient
    norm), stable (all Re > 0: an LSSP), the generator is at a saddle (lambda_min(S_1) < 0) and the
    Jacobian has a rotational component (some ``|Im|`` comparable to ``|Re|``)."""
    m = mog_measurements(loss)
    eg, c = m["eg"], m["classification"]
    if c is None:  # diverged: none of the four statements holds of a run with no end point
        return Evidence(reproduced(False), _diverged_summary(loss, m), m)
    parts = {
        "near-stationary (EG's final ||v|| < initial / 10)": eg["final"] < eg["initial"] / 10,
        "LSSP at EG's end (min Re Sp(J) > 0)": c["min_re_J"] > 0,
        "generator at a saddle (lambda_min(S_1) < 0)": c["lambda_min_G"] < 0,
        "rotation (max|Im| / max|Re| > 0.1)": c["max_abs_imag_over_max_abs_real"] > 0.1,
    }
    summary = (
        f"{loss}, n = {MOG_SCALE['n']}, {MOG_SCALE['iterations']} iterations: ||v|| EG {eg['initial']:.3g} -> "
        f"{eg['final']:.3g}; "
        f"min Re Sp(J) = {c['min_re_J']:.3g}, lambda_min(S_1) = {c['lambda_min_G']:.3g}, lambda_min(S_2) = "
        f"{c['lambda_min_D']:.3g}, max|Im|/max|Re| = {c['max_abs_imag_over_max_abs_real']:.3g}; "
        + "; ".join(f"{k}: {v}" for k, v in parts.items())
    )
    return Evidence(reproduced(all(parts.values())), summary, {**m, "parts": parts})


def check_mog_gd_vs_eg(loss: str = "nsgan") -> Evidence:
    """App. C.4 / Fig. 7: full-batch EG reaches a low gradient norm; GD does not converge (its
    gradient norm has a much larger variance)."""
    m = mog_measurements(loss)
    eg, gd = m["eg"], m["gd"]
    parts = {
        "EG: final ||v|| < initial / 10": eg["final"] < eg["initial"] / 10,
        "GD: median ||v|| of the last half above EG's": gd["median_last_half"]
        > eg["median_last_half"],
        "GD: larger spread of log ||v|| over the last half": gd["std_log_last_half"]
        > eg["std_log_last_half"],
    }
    return Evidence(
        reproduced(all(parts.values())),
        f"{loss}: EG ||v|| {eg['initial']:.3g} -> {eg['final']:.3g} (median last half {eg['median_last_half']:.3g}, "
        f"std log {eg['std_log_last_half']:.2f}); GD {gd['initial']:.3g} -> {gd['final']:.3g} (median "
        f"{gd['median_last_half']:.3g}, std log {gd['std_log_last_half']:.2f}); "
        + "; ".join(f"{k}: {v}" for k, v in parts.items()),
        {**m, "parts": parts},
    )


# §5.1 Fig. 4 / §5.2 Figs. 5-6: NSGAN vs WGAN-GP at EG's end points. Thresholds: "shifted to the
# right" = the complex pairs' median Re/|lambda| larger for WGAN-GP and NSGAN's within 0.1 of the
# imaginary axis; "very large ... much sharper" = NSGAN's lambda_max(S_2) at least 10x WGAN-GP's.
SHIFT_NEAR_AXIS = 0.1
SHARPER_FACTOR = 10.0


def compare_objectives(ns: dict | None, wg: dict | None) -> dict[str, bool]:
    """The two §5 comparisons from two :func:`_spectral_summary` dicts (``None``: no end point)."""
    if ns is None or wg is None:
        return {"wgan_gp_shifted_right": False, "nsgan_discriminator_sharper": False}
    return {
        "wgan_gp_shifted_right": wg["median_re_over_abs_complex"] > ns["median_re_over_abs_complex"]
        and abs(ns["median_re_over_abs_complex"]) < SHIFT_NEAR_AXIS,
        "nsgan_discriminator_sharper": ns["lambda_max_D"] > SHARPER_FACTOR * wg["lambda_max_D"],
    }


def _compare_summary(part: str) -> Evidence:
    ns, wg = mog_measurements("nsgan"), mog_measurements("wgan_gp")
    ok = compare_objectives(ns["classification"], wg["classification"])[part]
    rows = []
    for loss, m in (("nsgan", ns), ("wgan_gp", wg)):
        c = m["classification"]
        rows.append(
            _diverged_summary(loss, m)
            if c is None
            else f"{loss}: median Re/|lambda| of {c['n_complex']} complex eigenvalues "
            f"{c['median_re_over_abs_complex']:.3g}, lambda_max(S_2) = {c['lambda_max_D']:.3g}"
        )
    return Evidence(
        reproduced(ok), "; ".join(rows) + f"; {part}: {ok}", {"nsgan": ns, "wgan_gp": wg}
    )


def check_mog_wgan_shifted_right() -> Evidence:
    """§5.1, Fig. 4: WGAN-GP's game eigenvalues are shifted to the right of the imaginary axis,
    NSGAN's complex ones concentrated on it (:data:`SHIFT_NEAR_AXIS`), at EG's end points."""
    return _compare_summary("wgan_gp_shifted_right")


def check_mog_nsgan_sharper() -> Evidence:
    """§5.2, Figs. 5-6: NSGAN's discriminator converges to a much sharper minimum (very large
    positive Hessian eigenvalues) than WGAN-GP's (:data:`SHARPER_FACTOR`)."""
    return _compare_summary("nsgan_discriminator_sharper")


# ----- §5.1 / Fig. 3: the bump of the path-angle on the MoG, and the minimization control -----
# path_angle's default range [0, 1.2], refined to steps of 0.005 in path_angle.BUMP_WINDOW
FIG3_ALPHAS = np.unique(np.concatenate([np.linspace(0.0, 1.2, 61), np.linspace(0.8, 1.2, 81)]))


def fig3_curve(problem, run, idx=None) -> dict:
    """App. C.3 on one run: the path-angle from the start to the end points ``idx`` (default
    :func:`~zigan_verify.experiments.mog.best_window`), median and IQR, and their bumps."""
    from zigan_verify.analysis.path_angle import aggregate, bump
    from zigan_verify.experiments.mog import best_window

    idx = best_window(run) if idx is None else idx
    pa = aggregate([path_angle(problem, run.start, run.points[i], FIG3_ALPHAS) for i in idx])
    b = bump(pa.alphas, pa.median)
    med = pa.median[np.isfinite(pa.median)]
    g = run.grad_norms
    return dict(
        end_steps=[i * MOG_SCALE["record_every"] for i in idx],
        initial_grad_norm=float(g[0]),
        end_grad_norms=[float(g[i]) for i in idx],
        bump_height=b.height, bump_alpha=b.alpha, bump_sign=b.sign, bump=b.present,
        bump_height_q25=bump(pa.alphas, pa.q25).height,
        bump_height_q75=bump(pa.alphas, pa.q75).height,
        sign_switches=int(np.sum(np.diff(np.sign(med)) != 0)),
        c_start=float(pa.median[0]), c_end=float(pa.median[-1]),
        summary=pa,
    )  # fmt: skip


def _near_stationary(m: dict) -> bool:
    # check_mog_empirical's criterion: ||v|| at the end points below a tenth of the initial one
    return max(m["end_grad_norms"]) < m["initial_grad_norm"] / 10


@cache
def mog_fig3(loss: str) -> dict:
    """Fig. 3 on the MoG at :data:`MOG_SCALE`: EG's run, App. C.3's end points around its
    smallest ``||v||``; also the last recorded points (for the report)."""
    from zigan_verify.experiments.mog import mog_game

    run, game = mog_run(loss, "eg"), mog_game(loss, n=MOG_SCALE["n"])
    finite = [i for i in range(len(run.points)) if np.isfinite(run.grad_norms[i])]
    last = finite[-5:]  # the last recorded points where v is finite (before any divergence)
    m = fig3_curve(game, run)
    m["last"] = {k: v for k, v in fig3_curve(game, run, last).items() if k != "summary"}
    m["diverged_at"] = run.diverged_at
    return m


def fig3_bump_verdict(bump_present: bool, near_stationary: bool) -> Status:
    """§5.1 "we always observe a bump" near a stationary point (the paper's setting, "close to a
    LSSP"): verified with a bump at near-stationary end points, refuted without one there; end
    points that are not near-stationary decide nothing (unreproduced), bump or not."""
    if not near_stationary:
        return Status.UNREPRODUCED
    return Status.VERIFIED if bump_present else Status.REFUTED


def _fig3_text(m: dict) -> str:
    return (
        f"end points at steps {m['end_steps'][0]}-{m['end_steps'][-1]} (||v|| "
        f"{min(m['end_grad_norms']):.3g}-{max(m['end_grad_norms']):.3g}; {m['initial_grad_norm']:.3g} "
        f"at the start); bump height of the median path-angle {m['bump_height']:.3f}"
        + (f" at alpha = {m['bump_alpha']:.3f}" if m["bump_sign"] else "")
        + f" (quartiles {m['bump_height_q25']:.3f}, {m['bump_height_q75']:.3f}), "
        f"{m['sign_switches']} sign switch(es), c(0) = {m['c_start']:.3f}, c(1.2) = {m['c_end']:.3f}"
    )


def check_mog_fig3_bump(loss: str = "wgan_gp") -> Evidence:
    """§5.1 / Fig. 3: the path-angle between the initial point and the end points of EG on the MoG
    shows a bump close to ``alpha = 1`` (:func:`~zigan_verify.analysis.path_angle.bump`)."""
    m = mog_fig3(loss)
    status = fig3_bump_verdict(m["bump"], _near_stationary(m))
    last = m["last"]
    text = (
        f"{loss}, MoG n = {MOG_SCALE['n']}, {MOG_SCALE['iterations']} EG steps"
        + (f" (diverged at step {m['diverged_at']})" if m["diverged_at"] is not None else "")
        + f": {_fig3_text(m)}; "
        f"bump present (height > {BUMP_MIN} in alpha in {list(BUMP_WINDOW)}): {m['bump']}; "
        f"near-stationary (max ||v|| < initial / 10): {_near_stationary(m)}; "
        f"from the last finite recorded points "
        f"(steps {last['end_steps'][0]}-{last['end_steps'][-1]}): height {last['bump_height']:.3f}"
    )
    return Evidence(status, text, {k: v for k, v in m.items() if k != "summary"})


def quadratic_minimization_bump(condition: float = 100.0, angle_div=12.0, offset=0.02) -> dict:
    """Closed-form eq. (7) on ``min_w w^T S w / 2`` with ``S = diag(1, condition)``: the path of
    length 1 at angle ``pi / angle_div`` to the flat axis, ending ``offset`` from the minimum,
    perpendicular to the path. ``condition = 1`` (``S = I``) is the control: there ``c`` is
    monotone. An existence example, not a typical path: a path at a larger angle, or ending at
    the minimum, has no bump."""
    from zigan_verify.analysis.path_angle import bump

    angle = np.pi / angle_div
    d = np.array([np.cos(angle), np.sin(angle)])
    end = offset * np.array([-d[1], d[0]])
    c = linear_path_angle(np.diag([1.0, condition]), np.zeros(2), end - d, end, FIG3_ALPHAS)
    b = bump(c.alphas, c.cosine)
    return dict(
        height=b.height,
        alpha=b.alpha,
        bump=b.present,
        condition=condition,
        angle_div=angle_div,
        offset=offset,
    )


@cache
def mog_fig3_minimization() -> dict:
    """The minimization control: the MoG NSGAN's discriminator problem with the generator frozen
    at its initial point, full-batch GD at App. C.1's discriminator rate for :data:`MOG_SCALE`."""
    from zigan_verify.experiments.mog import (
        HYPER,
        discriminator_problem,
        mog_game,
        train_minimization,
    )

    problem = discriminator_problem(mog_game("nsgan", n=MOG_SCALE["n"]))
    run = train_minimization(problem, lr=HYPER["nsgan"]["lr_D"],
                             iterations=MOG_SCALE["iterations"],
                             record_every=MOG_SCALE["record_every"])  # fmt: skip
    return fig3_curve(problem, run)


def minimization_verdict(control_bump: bool, control_near: bool, quadratic_bump: bool) -> Status:
    """Fig. 3's "[the bump is] absent in the minimization problem": refuted when the converged
    minimization control shows one; conditional when only the ill-conditioned quadratic does
    (the bump is then not characteristic of games in general); verified when neither does."""
    if not control_near:
        return Status.UNREPRODUCED
    if control_bump:
        return Status.REFUTED
    return Status.CONDITIONAL if quadratic_bump else Status.VERIFIED


def check_fig3_minimization() -> Evidence:
    """Fig. 3 caption: the bump is characteristic of games' rotational dynamics and absent in the
    minimization problem -- on the MoG discriminator problem (a minimization: symmetric Jacobian,
    no rotation) and on a quadratic minimization in closed form."""
    m = mog_fig3_minimization()
    q, iso = quadratic_minimization_bump(), quadratic_minimization_bump(condition=1.0)
    status = minimization_verdict(m["bump"], _near_stationary(m), q["bump"])
    text = (
        f"MoG discriminator problem (generator frozen at its initial point), {MOG_SCALE['iterations']} GD "
        f"steps: {_fig3_text(m)}; bump present (height > {BUMP_MIN} in alpha in "
        f"{list(BUMP_WINDOW)}): {m['bump']}. Quadratic minimization S = diag(1, "
        f"{q['condition']:g}), one path at angle pi/{q['angle_div']:g} ending {q['offset']:g} off "
        f"the minimum: bump height {q['height']:.3f} at alpha = {q['alpha']:.3f}; with S = I: "
        f"{iso['height']:.3f}"
    )
    return Evidence(
        status,
        text,
        {
            **{k: v for k, v in m.items() if k != "summary"},
            "quadratic": q,
            "quadratic_isotropic": iso,
        },
    )
