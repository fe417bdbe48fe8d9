"""Minimax optimizers as pairs of pure functions, and their registry.

NOTE: [optimizer interface]
An optimizer is ``Optimizer(init, step)`` with ``init(z) -> state`` and
``step(z, state, F) -> (z_next, state_next)``, where ``z = (x, y)`` is the flat parameter vector
(min player first) and ``F`` a :class:`SaddleOperator`: ``F(z) = (grad_x f, -grad_y f)`` with the
attribute ``n_x`` (size of the min player). The step takes ``F`` itself, not ``F(z)``, because
extragradient-type methods evaluate it more than once per step. Steps never mutate ``z`` or
``state``. Two-timescale methods precondition ``F`` with
``Lambda_tau = diag((1/tau) I_x, I_y)`` (000 §5.1).

Public: ``Optimizer``, ``SaddleOperator``, ``saddle_operator``, ``timescale``, the factories and
``optim_db`` / ``OptimizerInfo`` / ``get_optimizer``; the rest may change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

import torch

from zigan_verify._errors import ZiganError, check_choice, check_positive

__all__ = [
    "Optimizer",
    "alternating_gda",
    "conopt",
    "jare",
    "OptimizerInfo",
    "SaddleOperator",
    "eg",
    "gda",
    "get_optimizer",
    "optim_db",
    "saddle_operator",
    "tau_eg",
    "tau_gda",
    "timescale",
]


class SaddleOperator(Protocol):
    """``F(z) = (grad_x f(z), -grad_y f(z))``; ``n_x`` is the size of the min player ``x``."""

    n_x: int

    def __call__(self, z: torch.Tensor) -> torch.Tensor: ...


@dataclass(frozen=True)
class _FunctionOperator:
    fn: Callable[[torch.Tensor], torch.Tensor]
    n_x: int

    def __call__(self, z: torch.Tensor) -> torch.Tensor:
        return self.fn(z)


def saddle_operator(fn: Callable[[torch.Tensor], torch.Tensor], n_x: int) -> SaddleOperator:
    """Wrap a plain function ``z -> F(z)`` whose first ``n_x`` entries belong to the min player."""
    if n_x < 0:
        raise ZiganError(f"n_x must be >= 0, got {n_x}")
    return _FunctionOperator(fn, n_x)


def timescale(z: torch.Tensor, n_x: int, tau: float) -> torch.Tensor:
    """The diagonal of ``Lambda_tau = diag((1/tau) I, I)`` (000 §5.1) as a vector like ``z``."""
    scale = torch.ones_like(z)
    scale[:n_x] = 1.0 / tau
    return scale


class Optimizer(NamedTuple):
    """See NOTE: [optimizer interface]."""

    init: Callable[[torch.Tensor], Any]
    step: Callable[[torch.Tensor, Any, SaddleOperator], tuple[torch.Tensor, Any]]


def _stateless(z: torch.Tensor) -> tuple:
    return ()


def tau_gda(eta: float, tau: float) -> Optimizer:
    r"""Two-timescale gradient descent-ascent (000 §5.1).

    .. math:: z_{k+1} = z_k - \eta \Lambda_\tau F(z_k)

    References:
        Lee & Kim, Zero-Infinity GAN, §5.1 (two-timescale GDA).
    """
    check_positive("eta", eta)
    check_positive("tau", tau)

    def step(z, state, F):
        return z - eta * timescale(z, F.n_x, tau) * F(z), state

    return Optimizer(_stateless, step)


def tau_eg(eta: float, tau: float) -> Optimizer:
    r"""Two-timescale extragradient (000 §5.1).

    .. math:: z_{k+1} = z_k - \eta \Lambda_\tau F(z_k - \eta \Lambda_\tau F(z_k))

    References:
        Lee & Kim, Zero-Infinity GAN, §5.1; Korpelevich (1976) for EG.
    """
    check_positive("eta", eta)
    check_positive("tau", tau)

    def step(z, state, F):
        scale = timescale(z, F.n_x, tau)
        z_half = z - eta * scale * F(z)
        return z - eta * scale * F(z_half), state

    return Optimizer(_stateless, step)


def alternating_gda(eta: float, tau: float) -> Optimizer:
    r"""Alternating two-timescale GDA: the max player answers the min player's new iterate.

    .. math::
        x_{k+1} = x_k - \frac{\eta}{\tau}\nabla_x f(x_k, y_k), \qquad
        y_{k+1} = y_k + \eta\nabla_y f(x_{k+1}, y_k)

    References:
        Gidel et al. 2019, "Negative Momentum for Improved Game Dynamics", eq. (4) (alternating
        updates); Zhang et al. 2022, "Near-optimal local convergence of alternating GDA".
    """
    check_positive("eta", eta)
    check_positive("tau", tau)

    def step(z, state, F):
        x_next = z[: F.n_x] - (eta / tau) * F(z)[: F.n_x]
        z_half = torch.cat([x_next, z[F.n_x :]])
        return torch.cat([x_next, z[F.n_x :] - eta * F(z_half)[F.n_x :]]), state

    return Optimizer(_stateless, step)


def gda(eta: float) -> Optimizer:
    """Simultaneous gradient descent-ascent: :func:`tau_gda` with ``tau = 1``."""
    return tau_gda(eta, 1.0)


def eg(eta: float) -> Optimizer:
    """Extragradient: :func:`tau_eg` with ``tau = 1``."""
    return tau_eg(eta, 1.0)


def _split_vjp(z: torch.Tensor, F: SaddleOperator):
    """``F(z)`` and its vector-Jacobian product ``u -> DF(z)^T u`` (no dense Jacobian)."""
    Fz, vjp_fn = torch.func.vjp(F, z)
    return Fz, lambda u: vjp_fn(u)[0]


def conopt(eta: float, gamma: float) -> Optimizer:
    r"""Consensus optimization (Mescheder et al. 2017; 002 eq. (28)).

    .. math:: z_{k+1} = z_k - \eta\,\big(F(z_k) + \gamma\, DF(z_k)^\top F(z_k)\big)
        = z_k - \eta F(z_k) - \tfrac12\eta\gamma\nabla\|F(z_k)\|^2

    The Hessian-vector product ``DF^T F`` comes from ``torch.func.vjp`` of ``F``.

    References:
        Mescheder, Nowozin & Geiger, The Numerics of GANs, NeurIPS 2017, arXiv:1705.10461;
        Nie & Patel 2019, arXiv:1806.09235, eq. (28) (``Gamma = I - gamma M^T``).
    """
    check_positive("eta", eta)
    check_positive("gamma", gamma, allow_zero=True)

    def step(z, state, F):
        Fz, vjp = _split_vjp(z, F)
        return z - eta * (Fz + gamma * vjp(Fz)), state

    return Optimizer(_stateless, step)


def jare(eta: float, gamma: float) -> Optimizer:
    r"""Jacobian regularization, JARE (002 eq. (7)).

    With ``F = (F_x, F_y) = (grad_x f, -grad_y f)``, each player descends the *other* player's
    squared gradient norm:

    .. math::
        x_{k+1} = x_k - \eta\big(F_x + \gamma\,(\partial_x F_y)^\top F_y\big),\qquad
        y_{k+1} = y_k - \eta\big(F_y + \gamma\,(\partial_y F_x)^\top F_x\big)

    i.e. ``x -= eta (grad_x f + gamma/2 grad_x ||grad_y f||^2)`` and
    ``y += eta (grad_y f - gamma/2 grad_y ||grad_x f||^2)``. Two ``torch.func.vjp`` products of ``F``.

    References:
        Nie & Patel, Towards a Better Understanding and Regularization of GAN Training Dynamics,
        UAI 2019, arXiv:1806.09235, eq. (7).
    """
    check_positive("eta", eta)
    check_positive("gamma", gamma, allow_zero=True)

    def step(z, state, F):
        Fz, vjp = _split_vjp(z, F)
        n_x = F.n_x
        only_y, only_x = torch.zeros_like(Fz), torch.zeros_like(Fz)
        only_y[n_x:], only_x[:n_x] = Fz[n_x:], Fz[:n_x]
        reg = torch.cat([vjp(only_y)[:n_x], vjp(only_x)[n_x:]])
        return z - eta * (Fz + gamma * reg), state

    return Optimizer(_stateless, step)


@dataclass(frozen=True)
class OptimizerInfo:
    """One registry entry.

    Attributes:
        name: lower_snake name from the literature.
        make: factory taking the hyper-parameters as keywords.
        defaults: default hyper-parameters for ``make``.
        reference: paper and equation of the update rule.
        grad_evals_per_step: evaluations of ``F`` per step.
        linear_in_gradients: the update of every coordinate is a linear combination of past
            values of that player's gradient (what the 000 §6 invariant needs).
    """

    name: str
    make: Callable[..., Optimizer]
    defaults: dict = field(default_factory=dict)
    reference: str = ""
    grad_evals_per_step: int = 1
    linear_in_gradients: bool = True


# Kept alphabetical. Later issues add methods here.
optim_db: tuple[OptimizerInfo, ...] = (
    OptimizerInfo(
        "alternating_gda", alternating_gda, {"eta": 0.1, "tau": 4.0}, "Gidel et al. 2019, eq. (4)", 2
    ),
    OptimizerInfo("conopt", conopt, {"eta": 0.01, "gamma": 1.0}, "002 eq. (28); Mescheder et al. 2017",
                  1, linear_in_gradients=False),
    OptimizerInfo("eg", eg, {"eta": 0.1}, "000 §5.1 (tau = 1)", 2),
    OptimizerInfo("gda", gda, {"eta": 0.1}, "000 §5.1 (tau = 1)", 1),
    OptimizerInfo("jare", jare, {"eta": 0.01, "gamma": 1.0}, "002 eq. (7)", 1,
                  linear_in_gradients=False),
    OptimizerInfo("tau_eg", tau_eg, {"eta": 0.1, "tau": 4.0}, "000 §5.1, two-timescale EG", 2),
    OptimizerInfo("tau_gda", tau_gda, {"eta": 0.1, "tau": 4.0}, "000 §5.1, two-timescale GDA", 1),
)


def get_optimizer(name: str, **hyperparameters: float) -> Optimizer:
    """Build a registered optimizer by name, with its defaults overridden by keywords."""
    infos = {info.name: info for info in optim_db}
    check_choice("optimizer", name, infos)
    info = infos[name]
    unknown = set(hyperparameters) - set(info.defaults)
    if unknown:
        raise ZiganError(f"optimizer {name!r} has no hyper-parameter {sorted(unknown)[0]!r}")
    return info.make(**{**info.defaults, **hyperparameters})
