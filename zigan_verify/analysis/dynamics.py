r"""Iterating 000 §5.1's τ-GDA / τ-EG on a :class:`~zigan_verify.game.problem.ZIGANProblem`.

.. math::
    z_{k+1} = z_k - \eta\Lambda_\tau F(z_k) \quad\text{(τ-GDA)},\qquad
    z_{k+1} = z_k - \eta\Lambda_\tau F\big(z_k - \eta\Lambda_\tau F(z_k)\big) \quad\text{(τ-EG)}

NOTE: [simulation engines]
``engine="autograd"`` drives :func:`zigan_verify.optim.minimax.tau_gda` / ``tau_eg`` on
``problem.operator`` (``F`` by ``torch.func.grad`` of ``f``): ~1.7 ms per ``F`` on a tiny
problem, nearly all of it torch's per-call overhead. ``engine="numpy"`` applies the same two
update rules in NumPy to :func:`zi_operator`, the closed-form ``F`` of eq. (4) (eqs. (5)-(8)),
~40 times faster; it needs the ZI loss and the App. C feature layer ``sigma(W z)``.
tests/test_dynamics.py checks that both engines give the same iterates (to ~1e-14 over 50
steps from the points the checks start from), so a check may use either without changing its
evidence.

Public: :func:`simulate`, :func:`zi_operator`; the rest may change.

References:
    Lee & Kim, Zero-Infinity GAN, §5.1 (the two-timescale methods), eqs. (4)-(8).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from scipy.special import expit

from zigan_verify._errors import ZiganError, check_choice
from zigan_verify.game.features import SigmoidLayer
from zigan_verify.optim.minimax import tau_eg, tau_gda

__all__ = ["simulate", "zi_operator"]

_SIMULATORS = {"tau_gda": tau_gda, "tau_eg": tau_eg}
_ENGINES = ("autograd", "numpy")


def zi_operator(problem) -> Callable[[np.ndarray], np.ndarray]:
    r"""``F = (grad_g f, grad_theta f, -grad_w f, -grad_A f)`` of eq. (4) in closed form, as a
    NumPy function of ``z`` (NOTE: [parameter layout]).

    With :math:`y_i = G\sigma(Wz_i)`, :math:`h_i = A^\top(w\odot\sigma'(Ay_i))`:
    :math:`\nabla_G f = -\frac1n\sum_i h_i\varphi_i^\top`,
    :math:`\nabla_W f = -\frac1n\sum_i (G^\top h_i\odot\sigma'(Wz_i))z_i^\top`,
    :math:`\nabla_w f = \frac1n\sum_i[\sigma(Ax_i) - \sigma(Ay_i)]`,
    :math:`\nabla_{a_l} f = \frac{w_l}n\sum_i[\sigma'(a_l^\top x_i)x_i - \sigma'(a_l^\top y_i)y_i]`.

    Raises:
        ZiganError: the problem's loss is not ``"zi"`` or its feature map not a
            :class:`~zigan_verify.game.features.SigmoidLayer`.
    """
    if problem.loss.name != "zi" or not isinstance(problem.phi, SigmoidLayer):
        raise ZiganError(
            "zi_operator needs the ZI loss and the SigmoidLayer feature map, got loss "
            f"{problem.loss.name!r} and {type(problem.phi).__name__}"
        )
    n, d1, d2, r, _, p = problem.sizes
    X, Z = problem.data.numpy(), problem.latents.numpy()
    s = problem.slices
    sg, st, sw, sa = s["g"], s["theta"], s["w"], s["A"]

    def F(z: np.ndarray) -> np.ndarray:
        # ndarray.dot, not @: on these tiny matrices numpy's per-call overhead is the cost
        G, W, w, A = z[sg].reshape(d1, d2), z[st].reshape(d2, p), z[sw], z[sa].reshape(r, d1)
        phi = expit(Z.dot(W.T))
        Y = phi.dot(G.T)
        sx, sy = expit(X.dot(A.T)), expit(Y.dot(A.T))
        dsx, dsy = sx - sx * sx, sy - sy * sy
        H = (dsy * w).dot(A)  # rows h_i
        out = np.empty(len(z))
        out[sg] = H.T.dot(phi).ravel() / -n
        out[st] = (H.dot(G) * (phi - phi * phi)).T.dot(Z).ravel() / -n
        out[sw] = (sy - sx).sum(0) / n
        out[sa] = (w[:, None] * (dsy.T.dot(Y) - dsx.T.dot(X))).ravel() / n
        return out

    return F


def simulate(
    problem, z0, method: str, eta: float, tau: float, steps: int, *, engine: str = "autograd"
) -> np.ndarray:
    """Iterates of 000 §5.1's τ-GDA / τ-EG from ``z0``, stopped at the first non-finite iterate;
    returns the last iterate as a numpy vector.

    Args:
        problem: the :class:`~zigan_verify.game.problem.ZIGANProblem`.
        z0: the first iterate.
        method: ``"tau_gda"`` or ``"tau_eg"``.
        eta: step size.
        tau: timescale (the min player's step is ``eta / tau``).
        steps: number of steps.
        engine: ``"autograd"`` (the library's optimizers on ``problem.operator``) or ``"numpy"``
            (the same rules on :func:`zi_operator`); see NOTE: [simulation engines].
    """
    check_choice("method", method, tuple(_SIMULATORS))
    check_choice("engine", engine, _ENGINES)
    if engine == "numpy":
        return _simulate_numpy(problem, z0, method, eta, tau, steps)
    opt, F = _SIMULATORS[method](eta, tau), problem.operator
    z = torch.as_tensor(np.array(z0, dtype=np.float64))
    state = opt.init(z)
    for _ in range(steps):
        z, state = opt.step(z, state, F)
        if not bool(torch.isfinite(z).all()):
            break
    return z.numpy()


def _simulate_numpy(problem, z0, method: str, eta: float, tau: float, steps: int) -> np.ndarray:
    _SIMULATORS[method](eta, tau)  # validates eta and tau as the autograd engine does
    F = zi_operator(problem)
    step = eta * problem.timescale(tau).numpy()  # eta Lambda_tau
    z = np.array(z0, dtype=np.float64)
    extragradient = method == "tau_eg"
    with np.errstate(
        over="ignore", invalid="ignore"
    ):  # a diverging run ends at inf/nan, as torch's
        for _ in range(steps):
            z_eval = z - step * F(z) if extragradient else z
            z = z - step * F(z_eval)
            if not np.isfinite(z).all():
                break
    return z
