r"""000 Theorem 3 at App. C's sizes (~2.8M parameters): the top of the spectrum of
:math:`\Lambda_\tau DF` at a global solution against :math:`\pm i\sqrt{\mu_k/\tau}`, by the
matrix-free operators of :mod:`zigan_verify.analysis.paper_scale`.
"""

from __future__ import annotations

import resource

import numpy as np
import torch
from scipy.sparse.linalg import LinearOperator, eigs

from zigan_verify._errors import ZiganError, check_choice, check_positive
from zigan_verify._runtime import current_device, resolve_device
from zigan_verify.analysis.paper_scale import (
    _PROGRESS,
    ARPACK_NCV,
    ARPACK_TOL,
    LANCZOS_NCV,
    PAPER_SIZES,
    RESIDUAL_RTOL,
    STRUCTURE_RTOL,
    _Clock,
    _lanczos_ritz_vectors,
    block_diagonal_defect,
    paper_problem,
    predicted_mu,
    ritz_residuals,
    timescaled_operator,
)
from zigan_verify.checks.evidence import Evidence, Status
from zigan_verify.game.hvp import Curvature

__all__ = ["theorem3_spectrum"]


def theorem3_spectrum(
    k: int = 10,
    tau: float = 4.0,
    progress: bool = True,
    *,
    sizes: dict | None = None,
    seed: int = 0,
    ncv: int | None = None,
    tol: float = ARPACK_TOL,
    solver: str = "auto",
    device: str | None = None,
) -> Evidence:
    r"""Top-``k`` eigenvalues of :math:`\Lambda_\tau DF` at a paper-scale global solution vs
    :math:`\pm i\sqrt{\mu_k/\tau}` (000 Theorem 3 / App. B.5 corrected).

    Args:
        k: number of eigenvalues (even, ``>= 2``; they come in ``+-`` pairs).
        tau: the timescale ``tau``.
        progress: show a rich progress display (matvec count); inside
            :func:`progress_reporter` the text goes to its callback instead.
        sizes: override ``PAPER_SIZES`` (``n, d1, d2, r, p``), e.g. for tests.
        seed: seed of the data, latents, ``theta``, ``A``, permutation and ARPACK's ``v0``.
        ncv: Lanczos vectors for ARPACK (default ``max(ARPACK_NCV, 2k + 1)``, capped by the
            dimension); NOTE: [paper-scale ARPACK settings].
        tol: ARPACK's relative tolerance; NOTE: [paper-scale ARPACK settings].
        solver: ``"arnoldi"`` (ARPACK ``eigs`` on ``Lambda_tau DF``), ``"lanczos"`` (ARPACK
            ``eigsh`` on ``C_w^T C_w``, only where ``J_xx = J_yy = 0``, ``H_Ax = 0`` is measured first)
            or ``"auto"`` (Lanczos when that holds); NOTE: [Lanczos on the off-diagonal block].
        device: where the float64 matrix-free products run (``cpu``, ``cuda``); default the
            one set by :func:`device_scope` (the CLI's ``--device``), else ``cpu``. ARPACK's
            vectors stay on the host (scipy has no device arrays): one copy each way per product.

    Returns:
        Evidence with the relative errors, times (matvecs vs ARPACK's own work), matvec count and
        peak memory in ``data``.
    """
    check_positive("tau", tau)
    check_positive("tol", tol)
    if k < 2 or k % 2:
        raise ZiganError(f"k must be an even number >= 2, got {k}")
    check_choice("solver", solver, ("auto", "lanczos", "arnoldi"))
    clock = _Clock()
    with clock("build"):
        prob, z, _ = paper_problem(**{**PAPER_SIZES, **(sizes or {})}, seed=seed)
        curv = Curvature(prob, z, device=resolve_device(device) if device else current_device())
        op0 = timescaled_operator(prob, z, tau, curvature=curv)
    v0 = np.random.default_rng(seed).standard_normal(prob.dim)
    with clock("probe"):
        defect = block_diagonal_defect(op0, prob, v0)
    if solver == "auto":
        solver = "lanczos" if max(defect) <= STRUCTURE_RTOL else "arnoldi"
    elif solver == "lanczos" and max(defect) > STRUCTURE_RTOL:
        raise ZiganError(
            "solver 'lanczos' needs J_xx = J_yy = 0 and H_Ax = 0, measured defects "
            f"{', '.join(f'{d:.1e}' for d in defect)} (limit {STRUCTURE_RTOL:g})"
        )
    n_op = prob.dim if solver == "arnoldi" else prob.sizes.r
    k_op = k if solver == "arnoldi" else k // 2
    default_ncv = ARPACK_NCV if solver == "arnoldi" else LANCZOS_NCV
    ncv = min(n_op - 1, max(default_ncv, 2 * k_op + 1) if ncv is None else ncv)
    if not 2 * k_op + 1 <= ncv < n_op:
        raise ZiganError(
            f"ncv must satisfy 2k' + 1 <= ncv < dim' (k' = {k_op}, dim' = {n_op} for {solver}), "
            f"got ncv={ncv}, k={k}"
        )
    label = f"{solver} on Lambda_tau DF (dim {prob.dim:,}, ncv {ncv})"
    count = [0]
    hook, bar = _PROGRESS.get(), None
    if hook is None and progress:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        task = bar.add_task(f"{label}: 0 matvecs", total=None)

        def hook(msg: str) -> None:
            bar.update(task, description=msg)

    def report(msg: str) -> None:
        if hook is not None:
            hook(msg)

    def timed(fn):
        def wrapped(v):
            with clock("matvec", accumulate=True):
                out = fn(v)
            count[0] += 1
            if count[0] % 5 == 0:
                report(f"{label}: {count[0]} matvecs ({clock.wall['matvec']:.0f} s in matvecs)")
            return out

        return wrapped

    try:
        if bar is not None:
            bar.start()
        report(f"{label}: 0 matvecs")
        with clock("solver"):
            if solver == "arnoldi":
                op = LinearOperator(op0.shape, matvec=timed(op0.matvec), dtype=np.float64)
                vals, vecs = eigs(op, k=k, which="LM", tol=tol, v0=v0, ncv=ncv)
            else:
                vecs = _lanczos_ritz_vectors(curv, k, tau, tol, ncv, v0, timed)
        n_ops = count[0]
        report(f"mu_k: top {k // 2 + 1} eigenvalues of C_w^T C_w (r = {prob.sizes.r})")
        with clock("mu"):
            mu = predicted_mu(prob, z, k // 2 + 1)
        report(f"residuals of the {k} Ritz pairs")
        with clock("residuals"):
            vals, resid = ritz_residuals(op0, vecs, None if solver == "lanczos" else vals)
            resid /= float(np.abs(vals).max())
    finally:
        if bar is not None:
            bar.stop()
    omega = np.sqrt(mu[: k // 2] / tau)
    want = np.concatenate([1j * omega, -1j * omega])
    from zigan_verify.analysis.spectrum import match_spectra

    rel = match_spectra(vals, want) / np.abs(want).max()
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    re_max = float(np.abs(vals.real).max())
    ok = (
        float(rel.max()) <= RESIDUAL_RTOL
        and resid <= RESIDUAL_RTOL
        and re_max <= 1e-8 * np.abs(vals).max()
    )
    data = dict(
        dim=prob.dim, k=k, tau=tau, ncv=ncv, tol=tol, eigenvalues=vals.tolist(),
        predicted=want.tolist(), max_rel_error=float(rel.max()), max_residual=resid,
        solver=solver, block_diagonal_defect=list(defect), matvecs=n_ops,
        **clock.breakdown(), peak_rss_gb=peak_gb, torch_threads=torch.get_num_threads(),
        device=str(curv.device),
    )  # fmt: skip
    return Evidence(
        Status.VERIFIED if ok else Status.REFUTED,
        f"dim {prob.dim:,}, tau={tau}: top-{k} eigenvalues ({solver}) of Lambda_tau DF are +-i "
        f"sqrt(mu_k/tau) (max rel. error {rel.max():.1e}, residual {resid:.1e}, |Re| <= "
        f"{re_max:.1e}); {n_ops} matvecs ({clock.cpu['matvec']:.1f} s CPU), eigensolver "
        f"{clock.cpu['solver']:.1f} s CPU in all, mu {clock.cpu['mu']:.1f} s CPU, peak RSS "
        f"{peak_gb:.2f} GB",
        data,
    )
