"""Linearize a candidate's whole update map ``(z, state) -> (z', state')`` at a fixed point.

NOTE: [battery linearization]
A method with memory (OGDA's previous gradient, momentum's velocity, Adam's moments, the
``state`` of a torch.optim class) is a dynamical system on ``u = (z, s)``, where ``s`` is every
floating-point tensor of its state; its local behaviour is the spectrum of the joint Jacobian
``dT/du``. The state is taken after one step from the fixed point ``z*`` (where memory sits at
its own fixed point: ``F(z*) = 0``).

* Step interface (NOTE: [optimizer interface]): the state pytree's float tensor leaves are
  flattened; the Jacobian comes from autograd (``torch.func.jacrev``) and is cross-checked by
  central differences.
* torch.optim classes (NOTE: [battery candidates] (b)): the tensors of ``optimizer.state`` (all
  floating-point entries but the ``step`` counter) are flattened; every evaluation of the map
  builds a *fresh* optimizer from the factory (no ``deepcopy``: copying is hygiene's business),
  writes ``u`` into its parameters and state, and takes one step. Central differences at two
  step sizes.

"Not linearizable": the map is not differentiable at the point when the two Jacobians disagree
(a sign step: autograd says 0, differences say ~1/h; Adam at ``F = 0``: the derivative of
``sqrt(v)`` at 0 is infinite) or are not finite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch.utils._pytree import tree_flatten, tree_unflatten

from zigan_verify.battery._candidate import Candidate, TorchOptimState
from zigan_verify.optim.minimax import SaddleOperator

__all__ = ["Linearization", "linearize", "transverse_radius"]

H = 1e-5  # central differences: truncation h^2 |T'''| and rounding eps/h both ~1e-10 here
# smooth maps: autograd and differences at h (or h and h/10) agree to ~1e-9 relative; a kink or
# a singular preconditioner makes them differ by O(1/h) = O(1e5)
AGREE = 1e-5
UNIT = 1e-6  # eigenvalues this close to 1: tangent to the solution set (000 §5.3), left out


@dataclass(frozen=True)
class Linearization:
    """The joint Jacobian's transverse spectral radius (``nan`` when not linearizable)."""

    rho: float
    linearizable: bool
    reason: str
    n_state: int  # floating-point state entries linearized along with z
    method: str  # "autograd" or "central differences"
    rho_err: float = float("nan")  # bound on the radius's error (NOTE: [radius error bound])


def transverse_radius(J: torch.Tensor) -> float:
    """Largest eigenvalue modulus of ``J`` over the eigenvalues not within ``UNIT`` of 1
    (the directions tangent to a set of fixed points, which consistent methods map to 1)."""
    eig = torch.linalg.eigvals(J)
    transverse = eig[(eig - 1).abs() > UNIT]
    return float(transverse.abs().max()) if transverse.numel() else 0.0


def radius_error(J: torch.Tensor, other: torch.Tensor) -> float:
    """NOTE: [radius error bound]
    By Bauer-Fike, an eigenvalue of ``J + E`` lies within ``kappa_2(V) ||E||_2`` of one of ``J``
    (``V`` its eigenvectors), and so does its modulus. ``E`` is the error of the Jacobian
    estimate, bounded by the disagreement of the two estimates the linearization computes
    anyway (autograd vs central differences, or differences at h and h/10) plus the rounding of
    the product itself, ``n eps ||J||_2``. Near a defective eigenvalue ``kappa_2(V)`` is huge
    and so, honestly, is the bound."""
    eps = torch.finfo(J.dtype).eps
    _, V = torch.linalg.eig(J)
    err = float(torch.linalg.matrix_norm(J - other, ord=2)) + J.shape[0] * eps * float(
        torch.linalg.matrix_norm(J, ord=2)
    )
    return float(torch.linalg.cond(V)) * err


def _central(T: Callable, u0: torch.Tensor, h: float) -> torch.Tensor:
    eye = torch.eye(u0.numel(), dtype=u0.dtype)
    return torch.stack([(T(u0 + h * e) - T(u0 - h * e)) / (2 * h) for e in eye], dim=1)


def _disagree(J1: torch.Tensor, J2: torch.Tensor) -> bool:
    scale = 1 + float(J1.abs().max())
    return float((J1 - J2).abs().max()) > AGREE * scale


def _step_map(candidate: Candidate, eta, tau, z_star, F):
    """``T(u)`` on the float leaves of a step-interface state."""
    opt = candidate.make(eta, tau)
    _, state = opt.step(z_star, opt.init(z_star), F)
    leaves, spec = tree_flatten(state)
    live = [
        i
        for i, leaf in enumerate(leaves)
        if isinstance(leaf, torch.Tensor) and leaf.is_floating_point()
    ]
    sizes = [leaves[i].numel() for i in live]
    u0 = torch.cat([z_star] + [leaves[i].reshape(-1).to(z_star.dtype) for i in live])

    def T(u):
        parts = list(torch.split(u, [z_star.numel(), *sizes]))
        new = list(leaves)
        for i, part in zip(live, parts[1:], strict=True):
            new[i] = part.view_as(leaves[i])
        z_next, s_next = opt.step(parts[0], tree_unflatten(new, spec), F)
        s_leaves, _ = tree_flatten(s_next)
        return torch.cat([z_next] + [s_leaves[i].reshape(-1) for i in live])

    return T, u0, sum(sizes)


def _optim_tensors(state) -> list[torch.Tensor]:
    """The floating-point tensors of a torch.optim state, in parameter then key order."""
    if not isinstance(state, TorchOptimState):  # a training-loop harness's LoopState
        return state.state_tensors()
    out = []
    for p in (state.x, state.y):
        for key in sorted(state.optimizer.state.get(p, {})):
            value = state.optimizer.state[p][key]
            if key != "step" and isinstance(value, torch.Tensor) and value.is_floating_point():
                out.append(value)
    return out


def _torch_optim_map(candidate: Candidate, eta, tau, z_star, F):
    """``T(u)`` for a torch.optim class: a fresh optimizer per evaluation (no deepcopy)."""

    def warm():
        opt = candidate.make(eta, tau)
        _, state = opt.step(z_star, opt.init(z_star), F)
        return opt, state

    _, state0 = warm()
    sizes = [t.numel() for t in _optim_tensors(state0)]
    u0 = torch.cat(
        [z_star] + [t.detach().reshape(-1).to(z_star.dtype) for t in _optim_tensors(state0)]
    )

    def T(u):
        opt, state = warm()
        parts = torch.split(u, [z_star.numel(), *sizes])
        with torch.no_grad():
            for tensor, part in zip(_optim_tensors(state), parts[1:], strict=True):
                tensor.copy_(part.view_as(tensor))
        z_next, state = opt.step(parts[0], state, F)
        return torch.cat([z_next] + [t.detach().reshape(-1) for t in _optim_tensors(state)])

    return T, u0, sum(sizes)


def linearize(
    candidate: Candidate, eta: float, tau: float, z_star: torch.Tensor, F: SaddleOperator
) -> Linearization:
    """Linearize ``candidate.make(eta, tau)`` at the fixed point ``z_star`` (NOTE: [battery
    linearization])."""
    if candidate.torch_optim is not None or candidate.loop is not None:
        T, u0, n_state = _torch_optim_map(candidate, eta, tau, z_star, F)
        J, method = _central(T, u0, H), "central differences"
        other = _central(T, u0, H / 10)
    else:
        T, u0, n_state = _step_map(candidate, eta, tau, z_star, F)
        other = _central(T, u0, H)
        try:
            J, method = torch.func.jacrev(T)(u0), "autograd"
        except Exception:  # noqa: BLE001 - in-place or non-torch steps: differences only (a
            # step that fails outright has already raised in the differences above)
            J, method = other, "central differences"
            other = _central(T, u0, H / 10)
    if not bool(torch.isfinite(J).all() and torch.isfinite(other).all()):
        reason = "the Jacobian of the update map is not finite (singular preconditioner)"
        return Linearization(float("nan"), False, reason, n_state, method)
    if _disagree(J, other):
        diff = float((J - other).abs().max())
        reason = (
            f"the update map is not differentiable here (Jacobian estimates differ by {diff:.2e})"
        )
        return Linearization(float("nan"), False, reason, n_state, method)
    return Linearization(transverse_radius(J), True, "", n_state, method, radius_error(J, other))
