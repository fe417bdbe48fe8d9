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
    "AdamEgState",
    "MomentumState",
    "OgdaState",
    "Optimizer",
    "adam_eg",
    "alternating_gda",
    "conopt",
    "jare",
    "OptimizerInfo",
    "SaddleOperator",
    "eg",
    "gda",
    "get_optimizer",
    "momentum",
    "ogda",
    "optim_db",
    "saddle_operator",
    "sign_eg",
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


class _EtaScale:
    """``eta * timescale(z, n_x, tau)``, built once per shape, dtype and device of ``z`` and
    ``n_x`` (the same numbers every step: one product ``eta * (1/tau)`` or ``eta * 1`` per entry,
    as computed inline before) instead of three tensor operations per step."""

    def __init__(self, eta: float, tau: float) -> None:
        self.eta, self.tau = eta, tau
        self._key: tuple | None = None
        self._value: torch.Tensor | None = None

    def __call__(self, z: torch.Tensor, n_x: int) -> torch.Tensor:
        if torch._C._functorch.is_functorch_wrapped_tensor(z):  # under vmap/grad: not reusable
            return self.eta * timescale(z, n_x, self.tau)
        key = (z.shape, z.dtype, z.device, n_x, torch.is_inference_mode_enabled())
        if key != self._key:
            self._key, self._value = key, self.eta * timescale(z, n_x, self.tau)
        return self._value


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

    eta_scale = _EtaScale(eta, tau)

    def step(z, state, F):
        step_size = eta_scale(z, F.n_x)  # eta * Lambda_tau, as a vector like z
        z_half = z - step_size * F(z)
        return z - step_size * F(z_half), state

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


class OgdaState(NamedTuple):
    """The previous preconditioned operator value ``Lambda_tau F(z_{k-1})`` (``None`` at start)."""

    prev: torch.Tensor | None


def ogda(eta: float, tau: float = 1.0) -> Optimizer:
    r"""Optimistic gradient descent-ascent, optionally two-timescale.

    .. math::
        z_{k+1} = z_k - 2\eta\Lambda_\tau F(z_k) + \eta\Lambda_\tau F(z_{k-1}),
        \qquad F(z_{-1}) := F(z_0)

    so the first step is a plain (tau-)GDA step. The update is a linear combination of past
    gradients (what the 000 §6 invariant needs).

    Examples:
        >>> import torch
        >>> from zigan_verify.optim.minimax import ogda, saddle_operator
        >>> F = saddle_operator(lambda z: torch.stack([z[1], -z[0]]), 1)  # f = x y
        >>> opt, z = ogda(0.5), torch.tensor([1.0, 1.0])
        >>> z, state = opt.step(z, opt.init(z), F)
        >>> z.tolist()
        [0.5, 1.5]

    References:
        Daskalakis, Ilyas, Syrgkanis & Zeng, Training GANs with Optimism, ICLR 2018,
        arXiv:1711.00141; Mokhtari, Ozdaglar & Pattathil, A Unified Analysis of Extra-gradient
        and Optimistic Gradient Methods for Saddle Point Problems, AISTATS 2020, arXiv:1901.08511
        (the OGDA update with equal step sizes).
    """
    check_positive("eta", eta)
    check_positive("tau", tau)

    def init(z):
        return OgdaState(None)

    def step(z, state, F):
        now = timescale(z, F.n_x, tau) * F(z)
        prev = now if state.prev is None else state.prev
        return z - 2 * eta * now + eta * prev, OgdaState(now)

    return Optimizer(init, step)


class MomentumState(NamedTuple):
    """The velocity ``v_k = z_k - z_{k-1}`` (zero at start)."""

    velocity: torch.Tensor


def momentum(eta: float, beta: float, tau: float = 1.0) -> Optimizer:
    r"""Simultaneous (tau-)GDA with heavy-ball momentum.

    .. math::
        v_{k+1} = \beta v_k - \eta\Lambda_\tau F(z_k), \qquad z_{k+1} = z_k + v_{k+1},
        \qquad v_0 = 0,

    i.e. :math:`z_{k+1} = z_k - \eta\Lambda_\tau F(z_k) + \beta(z_k - z_{k-1})`; ``beta`` in
    ``(-1, 1)`` (negative momentum allowed). Linear in past gradients.

    References:
        Polyak, Some methods of speeding up the convergence of iteration methods, USSR Comput.
        Math. Math. Phys. 4(5), 1964 (heavy ball); Gidel et al., Negative Momentum for Improved
        Game Dynamics, AISTATS 2019, arXiv:1807.04740 (simultaneous GDA with momentum).
    """
    check_positive("eta", eta)
    check_positive("tau", tau)
    if not -1.0 < beta < 1.0:
        raise ZiganError(f"momentum beta must lie in (-1, 1), got {beta!r}")

    def init(z):
        return MomentumState(torch.zeros_like(z))

    def step(z, state, F):
        v = beta * state.velocity - eta * timescale(z, F.n_x, tau) * F(z)
        return z + v, MomentumState(v)

    return Optimizer(init, step)


class AdamEgState(NamedTuple):
    """Adam's moment estimates ``m``, ``v`` and the number ``count`` of operator values seen."""

    m: torch.Tensor
    v: torch.Tensor
    count: int


def _check_adam(b1: float, b2: float, eps: float) -> None:
    for name, value in (("b1", b1), ("b2", b2)):
        if not 0.0 <= value < 1.0:
            raise ZiganError(f"adam {name} must lie in [0, 1), got {value!r}")
    check_positive("eps", eps)


def adam_eg(
    eta: float, tau: float = 1.0, b1: float = 0.9, b2: float = 0.999, eps: float = 1e-8
) -> Optimizer:
    r"""Extragradient with Adam's coordinate-wise preconditioning (Extra-Adam).

    Both the extrapolation and the update take an Adam step from ``z_k``, and both operator
    values enter the moments. With :math:`\mathrm{adam}(d)`: ``t += 1``,
    :math:`m \leftarrow b_1 m + (1-b_1) d`, :math:`v \leftarrow b_2 v + (1-b_2) d^2`,
    :math:`\hat m = m/(1-b_1^t)`, :math:`\hat v = v/(1-b_2^t)`,

    .. math::
        z_{k+1/2} = z_k - \eta\Lambda_\tau\,\frac{\hat m}{\sqrt{\hat v}+\epsilon}\Big|_{d = F(z_k)},
        \qquad
        z_{k+1} = z_k - \eta\Lambda_\tau\,\frac{\hat m}{\sqrt{\hat v}+\epsilon}\Big|_{d =
            F(z_{k+1/2})}.

    ``Lambda_tau`` multiplies the normalized step (each player's learning rate, as torch.optim
    parameter groups do): applied to ``d`` it would cancel in :math:`\hat m / \sqrt{\hat v}`.

    The division by :math:`\sqrt{\hat v}` is coordinate-wise, so the update is *not* a linear
    combination of gradients: it leaves subspaces such as :math:`\mathcal{R}(\Phi^\top)` of
    000 §6 (``linear_in_gradients=False``).

    References:
        Gidel, Berard, Vignoud, Vincent & Lacoste-Julien, A Variational Inequality Perspective
        on Generative Adversarial Networks, ICLR 2019, arXiv:1802.10551, Algorithm 4
        (Extra-Adam); Kingma & Ba, Adam, arXiv:1412.6980, Algorithm 1.
    """
    check_positive("eta", eta)
    check_positive("tau", tau)
    _check_adam(b1, b2, eps)

    def init(z):
        return AdamEgState(torch.zeros_like(z), torch.zeros_like(z), 0)

    def adam(z, state, d, lr):
        t = state.count + 1
        m = b1 * state.m + (1 - b1) * d
        v = b2 * state.v + (1 - b2) * d * d
        m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
        return z - lr * m_hat / (v_hat.sqrt() + eps), AdamEgState(m, v, t)

    def step(z, state, F):
        # tau scales the step after the normalization: scaling d = F before it would cancel
        lr = eta * timescale(z, F.n_x, tau)
        z_half, state = adam(z, state, F(z), lr)
        return adam(z, state, F(z_half), lr)

    return Optimizer(init, step)


def sign_eg(eta: float, tau: float = 1.0) -> Optimizer:
    r"""Sign-based extragradient: each step moves every coordinate by :math:`\pm\eta` (or
    :math:`\pm\eta/\tau` for the min player).

    .. math::
        z_{k+1/2} = z_k - \eta\Lambda_\tau\,\mathrm{sign}(F(z_k)),\qquad
        z_{k+1} = z_k - \eta\Lambda_\tau\,\mathrm{sign}(F(z_{k+1/2}))

    Not a linear combination of gradients (``linear_in_gradients=False``).

    References:
        Bernstein, Wang, Azizzadenesheli & Anandkumar, signSGD: Compressed Optimisation for
        Non-Convex Problems, ICML 2018, arXiv:1802.04434, Algorithm 1 (the sign step), applied
        to the extragradient scheme of Korpelevich (1976).
    """
    check_positive("eta", eta)
    check_positive("tau", tau)

    def step(z, state, F):
        scale = eta * timescale(z, F.n_x, tau)
        z_half = z - scale * torch.sign(F(z))
        return z - scale * torch.sign(F(z_half)), state

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
        "adam_eg",
        adam_eg,
        {"eta": 0.01, "tau": 1.0, "b1": 0.9, "b2": 0.999, "eps": 1e-8},
        "Gidel et al. 2019, arXiv:1802.10551, Algorithm 4 (Extra-Adam)",
        2,
        linear_in_gradients=False,
    ),
    OptimizerInfo(
        "alternating_gda",
        alternating_gda,
        {"eta": 0.1, "tau": 4.0},
        "Gidel et al. 2019, eq. (4)",
        2,
    ),
    OptimizerInfo(
        "conopt",
        conopt,
        {"eta": 0.01, "gamma": 1.0},
        "002 eq. (28); Mescheder et al. 2017",
        1,
        linear_in_gradients=False,
    ),
    OptimizerInfo("eg", eg, {"eta": 0.1}, "000 §5.1 (tau = 1)", 2),
    OptimizerInfo("gda", gda, {"eta": 0.1}, "000 §5.1 (tau = 1)", 1),
    OptimizerInfo(
        "jare", jare, {"eta": 0.01, "gamma": 1.0}, "002 eq. (7)", 1, linear_in_gradients=False
    ),
    OptimizerInfo(
        "momentum", momentum, {"eta": 0.1, "beta": 0.5, "tau": 1.0}, "Polyak 1964 (heavy ball)", 1
    ),
    OptimizerInfo(
        "ogda", ogda, {"eta": 0.1, "tau": 1.0}, "Daskalakis et al. 2018; Mokhtari et al. 2020", 1
    ),
    OptimizerInfo(
        "sign_eg",
        sign_eg,
        {"eta": 0.01, "tau": 1.0},
        "Bernstein et al. 2018 (signSGD) on extragradient",
        2,
        linear_in_gradients=False,
    ),
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
