r"""004 App. C.1 at CPU scale: a 1-D mixture of two Gaussians, one-hidden-layer ReLU networks,
full-batch extragradient vs gradient descent, NSGAN and WGAN-GP, through the general game type.

Data :math:`p(x) = \tfrac12\mathcal N(2, 0.5) + \tfrac12\mathcal N(-2, 1)` (variances), 10,000
samples and latents drawn once and reused (full batch); generator and discriminator
``Linear(., 100) - ReLU - Linear(100, 1)``; learning rates of App. C.1 (NSGAN ``0.1 / 0.1``;
WGAN-GP ``0.01`` generator, ``0.1`` discriminator, penalty ``1e-3``). The latent dimension is not
printed; we use ``LATENT_DIM = 1``. The paper runs 30,000 iterations; ``iterations`` is a parameter
(the registered check runs fewer; docs/findings.md says how many).

One step with per-player rates ``eta = (eta_G 1_theta, eta_D 1_phi)``:
GD ``omega <- omega - eta * v(omega)``; EG ``omega <- omega - eta * v(omega - eta * v(omega))``.

Fig. 3's minimization control: :func:`discriminator_problem` (the generator frozen at its initial
point) trained by :func:`train_minimization` (GD at the discriminator's rate).

Public: the names in ``__all__``.

References:
    Berard et al. (004), §5, App. C.1, C.3, C.4, Figs. 3-7.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import torch

from zigan_verify._errors import ZiganError, check_choice
from zigan_verify.game.module_game import ModuleGame, module_game

__all__ = [
    "HYPER",
    "LATENT_DIM",
    "Minimization",
    "MoGRun",
    "best_window",
    "discriminator_problem",
    "mog_data",
    "mog_game",
    "train",
    "train_minimization",
]

LATENT_DIM = 1
HIDDEN = 100
HYPER = {
    "nsgan": dict(lr_G=1e-1, lr_D=1e-1, gp_weight=0.0),
    "wgan_gp": dict(lr_G=1e-2, lr_D=1e-1, gp_weight=1e-3),
}


def mog_data(n: int = 10_000, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` samples of App. C.1's mixture and ``n`` standard-normal latents, shape ``(n, 1)``."""
    gen = torch.Generator().manual_seed(seed)
    # float64 draws throughout: the data do not depend on the caller's default dtype
    comp = torch.rand(n, generator=gen, dtype=torch.float64) < 0.5
    noise = torch.randn(n, generator=gen, dtype=torch.float64)
    x = torch.where(comp, 2.0 + noise * 0.5**0.5, -2.0 + noise)
    z = torch.randn(n, LATENT_DIM, generator=gen, dtype=torch.float64)
    return x[:, None], z


def _mlp(i: int, seed: int) -> torch.nn.Module:
    # float64 at creation: the initial draw does not depend on the caller's default dtype
    torch.manual_seed(seed)
    f64 = torch.float64
    return torch.nn.Sequential(
        torch.nn.Linear(i, HIDDEN, dtype=f64),
        torch.nn.ReLU(),
        torch.nn.Linear(HIDDEN, 1, dtype=f64),
    )


def mog_game(
    loss: str = "nsgan", *, n: int = 10_000, seed: int = 0, subset: int | None = None
) -> ModuleGame:
    """The MoG GAN as a :class:`~zigan_verify.game.module_game.ModuleGame` (``subset``: App. B's subset)."""
    check_choice("loss", loss, tuple(HYPER))
    x, z = mog_data(n, seed)
    return module_game(
        _mlp(LATENT_DIM, seed + 1),
        _mlp(1, seed + 2),
        data=x,
        latents=z,
        losses=loss,
        gp_weight=HYPER[loss]["gp_weight"],
        subset=subset,
        seed=seed,
        name=f"MoG {loss}",
    )


class MoGRun(NamedTuple):
    """A training run: ``||v||`` every ``record_every`` steps, the start, the end and the last
    ``n_ends`` recorded points (the close-by end points of App. C.3). ``diverged_at``: the step at
    which ``v`` stopped being finite (then ``end`` is that point and ``grad_norms`` ends in nan),
    else ``None``. ``points``: every recorded point, ``points[i]`` the one of ``grad_norms[i]``
    (to pick App. C.3's end points elsewhere than at the end, :func:`best_window`)."""

    loss: str
    method: str
    iterations: int
    grad_norms: np.ndarray
    start: torch.Tensor
    end: torch.Tensor
    ends: list[torch.Tensor]
    diverged_at: int | None = None
    points: tuple[torch.Tensor, ...] = ()


def train(
    game: ModuleGame,
    *,
    loss: str,
    method: str = "eg",
    iterations: int = 30_000,
    record_every: int = 100,
    n_ends: int = 5,
) -> MoGRun:
    """Full-batch GD or EG with App. C.1's per-player learning rates (module docstring)."""
    check_choice("method", method, ("eg", "gd"))
    h = HYPER[loss]
    f64 = torch.float64  # a float32 default would round the rates (WGAN-GP EG: step 1417, not 1450)
    eta = torch.cat(
        [
            torch.full((game.n_theta,), h["lr_G"], dtype=f64),
            torch.full((game.n_phi,), h["lr_D"], dtype=f64),
        ]
    )
    return _descend(game.v, game.initial_point, eta, loss, method, iterations, record_every, n_ends)


def _descend(v_of, w, eta, loss, method, iterations, record_every, n_ends) -> MoGRun:
    """GD ``w <- w - eta v(w)`` or EG ``w <- w - eta v(w - eta v(w))`` from ``w``, recording."""
    if iterations < 1 or record_every < 1:
        raise ZiganError(
            f"iterations and record_every must be >= 1, got {iterations}, {record_every}"
        )
    w = w.clone()
    start, norms, points, diverged_at = w.clone(), [], [], None
    for it in range(iterations + 1):
        v = v_of(w)
        if it % record_every == 0:
            norms.append(float(v.norm()))
            points.append(w.clone())
        if it == iterations:
            break
        if not torch.isfinite(v).all():
            norms.append(float("nan"))
            diverged_at = it
            break
        w = w - eta * (v_of(w - eta * v) if method == "eg" else v)
    return MoGRun(
        loss, method, iterations, np.asarray(norms), start, w, points[-n_ends:], diverged_at,
        tuple(points),
    )  # fmt: skip


def best_window(run: MoGRun, n_ends: int = 5) -> list[int]:
    """App. C.3's end points: ``n_ends`` consecutive recorded points ("close-by points during
    training that have good performance") around the one of smallest finite ``||v||`` after the
    start -- ``||v||`` stands in for performance (§5.1 reads the gradient norm; no IS on a MoG)."""
    g = run.grad_norms[: len(run.points)]
    ok = [i for i in range(1, len(g)) if np.isfinite(g[i]) and torch.isfinite(run.points[i]).all()]
    if not ok:
        raise ZiganError("the run has no finite recorded point after the start")
    best = min(ok, key=lambda i: g[i])
    lo = max(1, min(best - n_ends // 2, len(g) - n_ends))
    return [i for i in range(lo, min(len(g), lo + n_ends)) if i in ok]


class Minimization(NamedTuple):
    """A single-objective problem ``min_w L(w)``: ``v = grad L``, whose Jacobian (the Hessian) is
    symmetric, so Prop. 1 has no rotation -- the "minimization problem" control of Fig. 3."""

    loss: Callable[[torch.Tensor], torch.Tensor]
    dim: int
    initial_point: torch.Tensor

    def v(self, w: torch.Tensor) -> torch.Tensor:
        return torch.func.grad(self.loss)(torch.as_tensor(w, dtype=torch.float64))


def discriminator_problem(game: ModuleGame) -> Minimization:
    """The discriminator's problem ``min_phi L_D(theta_0, phi)`` with the generator frozen at its
    initial point: a classifier of real vs generated samples on the same networks and data (the
    nearest minimization to the MoG GAN that has a finite minimizer: the two classes overlap)."""
    theta0, phi0 = game.split(game.initial_point)
    return Minimization(lambda phi: game.L_D(torch.cat([theta0, phi])), game.n_phi, phi0.clone())


def train_minimization(
    problem: Minimization, *, lr: float, iterations: int, record_every: int = 100, n_ends: int = 5
) -> MoGRun:
    """Full-batch gradient descent on ``problem`` at rate ``lr`` (recorded as :func:`train`)."""
    return _descend(problem.v, problem.initial_point, lr, "minimization", "gd", iterations,
                    record_every, n_ends)  # fmt: skip
