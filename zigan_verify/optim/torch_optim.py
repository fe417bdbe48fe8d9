r"""Reference torch.optim implementations of the battery's methods: known-good baselines to diff
a GAN codebase's optimizer against.

In the style of the extragradient GAN codebases (Gidel et al., *A Variational Inequality
Perspective on GANs*, ICLR 2019): an extragradient method is driven as ``extrapolation()`` (with
``.grad`` set to ``F(z_k)``) then ``step()`` (with ``.grad`` set to ``F`` at the extrapolated
point); one-call methods as ``step()``. Each class carries ``behaves_like``, the built-in of
:mod:`zigan_verify.optim.minimax` it reproduces step for step (``tests/test_torch_optim.py``) when
each player's parameter group has its learning rate (``lr = eta / tau`` for the min player).
All state lives in ``self.state`` (so ``state_dict()`` and ``copy.deepcopy`` resume exactly).

Examples:
    >>> from zigan_verify.battery import load_candidate, run_battery
    >>> candidate = load_candidate("zigan_verify.optim.torch_optim:ExtraSGD")
    >>> [(r.check, r.verdict) for r in run_battery(candidate, only=["quadratic_timescale"])]
    [('quadratic_timescale', 'pass')]
"""

from __future__ import annotations

import torch

__all__ = ["ExtraAdam", "ExtraSGD", "Extragradient", "HeavyBallSGD", "OptimisticSGD"]


class Extragradient(torch.optim.Optimizer):
    r"""Base class: ``extrapolation()`` moves every parameter by ``update(p)`` from ``z_k`` and
    remembers ``z_k``; ``step()`` moves from the remembered ``z_k`` by ``update(p)`` computed with
    the new gradient:

    .. math:: z_{k+1/2} = z_k + u(F(z_k)), \qquad z_{k+1} = z_k + u(F(z_{k+1/2})).
    """

    def update(self, p: torch.Tensor, group: dict) -> torch.Tensor:
        raise NotImplementedError

    @torch.no_grad()
    def extrapolation(self) -> None:
        self._z_k = {}
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    self._z_k[p] = p.detach().clone()
                    p.add_(self.update(p, group))

    @torch.no_grad()
    def step(self, closure=None):
        loss = closure() if closure is not None else None
        start = getattr(self, "_z_k", {})
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    if p in start:  # after an extrapolation: from z_k, not from z_{k+1/2}
                        p.copy_(start[p])
                    p.add_(self.update(p, group))
        self._z_k = {}
        return loss


class ExtraSGD(Extragradient):
    """Extragradient; with per-player ``lr`` it is :func:`zigan_verify.optim.minimax.tau_eg`."""

    behaves_like = "tau_eg"

    def __init__(self, params, lr: float = 0.1):
        super().__init__(params, {"lr": lr})

    def update(self, p, group):
        return -group["lr"] * p.grad


class ExtraAdam(Extragradient):
    r"""Extra-Adam (Gidel et al. 2019, Algorithm 4): both calls take a bias-corrected Adam step
    from ``z_k`` and both gradients enter the moments; it is
    :func:`zigan_verify.optim.minimax.adam_eg` (the learning rate scales the normalized step)."""

    behaves_like = "adam_eg"

    def __init__(self, params, lr: float = 0.01, betas=(0.9, 0.999), eps: float = 1e-8):
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps})

    def update(self, p, group):
        state, (b1, b2) = self.state[p], group["betas"]
        if not state:
            state["step"] = 0
            state["exp_avg"] = torch.zeros_like(p)
            state["exp_avg_sq"] = torch.zeros_like(p)
        state["step"] += 1
        t, g = state["step"], p.grad
        state["exp_avg"].mul_(b1).add_(g, alpha=1 - b1)
        state["exp_avg_sq"].mul_(b2).addcmul_(g, g, value=1 - b2)
        m_hat = state["exp_avg"] / (1 - b1**t)
        v_hat = state["exp_avg_sq"] / (1 - b2**t)
        return -group["lr"] * m_hat / (v_hat.sqrt() + group["eps"])


class OptimisticSGD(torch.optim.Optimizer):
    r"""Optimistic GDA, one gradient per step:
    :math:`z_{k+1} = z_k - 2\,lr\,g_k + lr\,g_{k-1}` with :math:`g_{-1} := g_0`; it is
    :func:`zigan_verify.optim.minimax.ogda`."""

    behaves_like = "ogda"

    def __init__(self, params, lr: float = 0.1):
        super().__init__(params, {"lr": lr})

    @torch.no_grad()
    def step(self, closure=None):
        loss = closure() if closure is not None else None
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                prev = state.get("previous_grad", p.grad)
                p.add_(-2 * group["lr"] * p.grad + group["lr"] * prev)
                state["previous_grad"] = p.grad.detach().clone()
        return loss


class HeavyBallSGD(torch.optim.SGD):
    """Simultaneous GDA with heavy-ball momentum 0.5 (``torch.optim.SGD``'s buffer
    ``b = beta b + g``, ``p -= lr b``); it is :func:`zigan_verify.optim.minimax.momentum`."""

    behaves_like = "momentum"

    def __init__(self, params, lr: float = 0.1, momentum: float = 0.5):
        super().__init__(params, lr=lr, momentum=momentum)
