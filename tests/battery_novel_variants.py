"""Novel optimizers for the battery's self-test, written here (not imported from the package):
extragradient with heavy-ball momentum and optimistic Adam, each correct in several styles
(step interface, a two-sequence form, torch.optim classes with ``torch._foreach_*`` kernels,
subclasses of torch's own ``SGD`` / ``Adam``), and each with plausible one-line bugs.

EG with momentum beta (both players' steps scaled by Lambda_tau, as per-player learning rates):

.. math::
    z_{k+1/2} = z_k - \\eta\\Lambda F(z_k),\\quad b_{k+1} = \\beta b_k + F(z_{k+1/2}),\\quad
    z_{k+1} = z_k - \\eta\\Lambda b_{k+1};

per eigen-direction of eta Lambda DF (eigenvalue lam) its multipliers are the roots of
``xi^2 - (1 + beta - lam + lam^2) xi + beta`` (eliminate ``eta Lambda b_k = z_{k-1} - z_k``).

Optimistic Adam (Daskalakis, Ilyas, Syrgkanis & Zeng, Training GANs with Optimism, ICLR 2018,
Algorithm 1): with Adam's bias-corrected direction ``u_t = m_hat_t / (sqrt(v_hat_t) + eps)``,
``theta_t = theta_{t-1} - 2 lr u_t + lr u_{t-1}`` and ``u_0 = 0``.
"""

from __future__ import annotations

import torch

from zigan_verify.battery import Candidate
from zigan_verify.battery._candidate import make_candidate
from zigan_verify.optim.minimax import Optimizer

BETA = 0.5
B1, B2, EPS = 0.9, 0.999, 1e-8


def eg_momentum_characteristic(lam, beta=BETA):
    return [1, -(1 + beta - lam + lam**2), beta]


def _lam(z, n_x, tau):
    s = torch.ones_like(z)
    s[:n_x] = 1 / tau
    return s


# ----- EG with momentum: correct -----
def eg_momentum(eta, tau, momentum=BETA):
    """Step interface, the buffer in the state."""

    def step(z, b, F):
        lam = _lam(z, F.n_x, tau)
        b = momentum * b + F(z - eta * lam * F(z))
        return z - eta * lam * b, b

    return Optimizer(torch.zeros_like, step)


def eg_momentum_two_sequence(eta, tau, momentum=BETA):
    """Two sequences: the state is the previous iterate, not the buffer."""

    def step(z, z_prev, F):
        lam = _lam(z, F.n_x, tau)
        z_prev = z if z_prev is None else z_prev
        return z - eta * lam * F(z - eta * lam * F(z)) + momentum * (z - z_prev), z

    return Optimizer(lambda z: None, step)


class ExtraSGDMomentum(torch.optim.SGD):
    """A subclass of torch's own SGD (buffer ``b = beta b + g``, ``p -= lr b``) with an
    ``extrapolation()`` that takes a plain gradient step and remembers the point."""

    def __init__(self, params, lr=0.1, momentum=BETA):
        super().__init__(params, lr=lr, momentum=momentum)

    @torch.no_grad()
    def extrapolation(self):
        for group in self.param_groups:
            for p in group["params"]:
                self.state[p]["z_k"] = p.detach().clone()
                p.add_(p.grad, alpha=-group["lr"])

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:  # the gradients at the extrapolated point, before going back
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if "z_k" in self.state[p]:
                    p.copy_(self.state[p].pop("z_k"))
        super().step()
        return loss


class ForeachExtraMomentum(torch.optim.Optimizer):
    """EG with momentum on ``torch._foreach_*`` kernels, one call per parameter group."""

    def __init__(self, params, lr=0.1, momentum=BETA):
        super().__init__(params, {"lr": lr, "momentum": momentum})

    def _groups(self):
        for group in self.param_groups:
            params = [p for p in group["params"] if p.grad is not None]
            yield group, params, [p.grad for p in params]

    @torch.no_grad()
    def extrapolation(self):
        for group, params, grads in self._groups():
            for p in params:
                self.state[p]["z_k"] = p.detach().clone()
            torch._foreach_add_(params, grads, alpha=-group["lr"])

    @torch.no_grad()
    def step(self, closure=None):
        for group, params, grads in self._groups():
            bufs = []
            for p in params:
                st = self.state[p]
                if "z_k" in st:
                    p.copy_(st.pop("z_k"))
                bufs.append(st.setdefault("buf", torch.zeros_like(p)))
            torch._foreach_mul_(bufs, group["momentum"])
            torch._foreach_add_(bufs, grads)
            torch._foreach_add_(params, bufs, alpha=-group["lr"])


# ----- EG with momentum: broken (one line each) -----
def eg_momentum_stale_buffer(eta, tau, momentum=BETA):
    """The update uses the buffer *before* the new gradient enters it."""

    def step(z, b, F):
        lam = _lam(z, F.n_x, tau)
        z_next = z - eta * lam * b  # the bug: b of the previous step
        return z_next, momentum * b + F(z - eta * lam * F(z))

    return Optimizer(torch.zeros_like, step)


def eg_momentum_not_stored(eta, tau, momentum=BETA):
    """The buffer is computed, never written back: plain extragradient."""

    def step(z, b, F):
        lam = _lam(z, F.n_x, tau)
        b_new = momentum * b + F(z - eta * lam * F(z))
        return z - eta * lam * b_new, b

    return Optimizer(torch.zeros_like, step)


def eg_momentum_dampened(eta, tau, momentum=BETA):
    """torch.optim.SGD's ``dampening = momentum``: the gradient enters the buffer halved."""

    def step(z, b, F):
        lam = _lam(z, F.n_x, tau)
        b = momentum * b + (1 - momentum) * F(z - eta * lam * F(z))
        return z - eta * lam * b, b

    return Optimizer(torch.zeros_like, step)


def eg_momentum_in_extrapolation(eta, tau, momentum=BETA):
    """The momentum buffer leaks into the extrapolation step as well."""

    def step(z, b, F):
        lam = _lam(z, F.n_x, tau)
        b = momentum * b + F(z - eta * lam * (momentum * b + F(z)))
        return z - eta * lam * b, b

    return Optimizer(torch.zeros_like, step)


# ----- optimistic Adam: correct -----
def _adam_dir(m, v, t, bias=True, eps_inside=False):
    mh, vh = (m / (1 - B1**t), v / (1 - B2**t)) if bias else (m, v)
    return mh / ((vh + EPS).sqrt() if eps_inside else (vh.sqrt() + EPS))


def _optimistic_adam(bias=True, eps_inside=False, store_prev=True):
    def make(eta, tau):
        def init(z):
            zero = torch.zeros_like(z)
            return (zero, zero, zero, 0)

        def step(z, state, F):
            m, v, u_prev, t = state
            g = F(z)
            t += 1
            m, v = B1 * m + (1 - B1) * g, B2 * v + (1 - B2) * g * g
            u = _adam_dir(m, v, t, bias, eps_inside)
            lr = eta * _lam(z, F.n_x, tau)
            return z - 2 * lr * u + lr * u_prev, (m, v, u if store_prev else u_prev, t)

        return Optimizer(init, step)

    return make


optimistic_adam = _optimistic_adam()


class ForeachOptimisticAdam(torch.optim.Optimizer):
    """Optimistic Adam on ``torch._foreach_*`` kernels (eps after the bias correction)."""

    def __init__(self, params, lr=1e-3, betas=(B1, B2), eps=EPS):
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            params = [p for p in group["params"] if p.grad is not None]
            grads = [p.grad for p in params]
            states = [self.state[p] for p in params]
            for p, st in zip(params, states, strict=True):
                if not st:
                    st["step"] = 0
                    for key in ("exp_avg", "exp_avg_sq", "prev_dir"):
                        st[key] = torch.zeros_like(p)
                st["step"] += 1
            m = [st["exp_avg"] for st in states]
            v = [st["exp_avg_sq"] for st in states]
            prev = [st["prev_dir"] for st in states]
            torch._foreach_lerp_(m, grads, 1 - b1)
            torch._foreach_mul_(v, b2)
            torch._foreach_addcmul_(v, grads, grads, value=1 - b2)
            t = states[0]["step"] if states else 0
            denom = torch._foreach_div(torch._foreach_sqrt(v), (1 - b2**t) ** 0.5)
            torch._foreach_add_(denom, group["eps"])
            u = torch._foreach_div(torch._foreach_div(m, 1 - b1**t), denom)
            torch._foreach_add_(params, u, alpha=-2 * group["lr"])
            torch._foreach_add_(params, prev, alpha=group["lr"])
            for st, ui in zip(states, u, strict=True):
                st["prev_dir"] = ui


class OptimisticTorchAdam(torch.optim.Adam):
    """A subclass of torch's own Adam: let ``Adam.step`` move ``p`` by ``d_t = -lr u_t``, then
    make the move ``2 d_t - d_{t-1}``."""

    def __init__(self, params, lr=1e-3, betas=(B1, B2), eps=EPS):
        super().__init__(params, lr=lr, betas=betas, eps=eps, foreach=False)

    @torch.no_grad()
    def step(self, closure=None):
        before = {p: p.detach().clone() for g in self.param_groups for p in g["params"]}
        super().step(closure)
        for p, p0 in before.items():
            st = self.state[p]
            d = p - p0
            prev = st.get("prev_move", torch.zeros_like(p))
            p.copy_(p0 + 2 * d - prev)
            st["prev_move"] = d


# ----- optimistic Adam: broken (one line each) -----
optimistic_adam_no_bias = _optimistic_adam(bias=False)
optimistic_adam_eps_inside = _optimistic_adam(eps_inside=True)
optimistic_adam_prev_not_stored = _optimistic_adam(store_prev=False)


class OptimisticTorchAdamStaleMove(OptimisticTorchAdam):
    """Overwrites the stored move before using it: plain Adam."""

    @torch.no_grad()
    def step(self, closure=None):
        before = {p: p.detach().clone() for g in self.param_groups for p in g["params"]}
        torch.optim.Adam.step(self, closure)
        for p, p0 in before.items():
            st = self.state[p]
            st["prev_move"] = p - p0  # the bug: stored before it is read
            p.copy_(p0 + 2 * (p - p0) - st["prev_move"])


# Each reference records the baseline that its group is judged against.
EG_MOMENTUM_REFERENCE = "eg_momentum"
OPTIMISTIC_ADAM_REFERENCE = "optimistic_adam"

EG_MOMENTUM_CORRECT = {
    "eg_momentum": eg_momentum,
    "eg_momentum_two_sequence": eg_momentum_two_sequence,
    "ExtraSGDMomentum": ExtraSGDMomentum,
    "ForeachExtraMomentum": ForeachExtraMomentum,
}
EG_MOMENTUM_BROKEN = {
    "eg_momentum_stale_buffer": eg_momentum_stale_buffer,
    "eg_momentum_not_stored": eg_momentum_not_stored,
    "eg_momentum_dampened": eg_momentum_dampened,
    "eg_momentum_in_extrapolation": eg_momentum_in_extrapolation,
}
OPTIMISTIC_ADAM_CORRECT = {
    "optimistic_adam": optimistic_adam,
    "ForeachOptimisticAdam": ForeachOptimisticAdam,
    "OptimisticTorchAdam": OptimisticTorchAdam,
}
OPTIMISTIC_ADAM_BROKEN = {
    "optimistic_adam_no_bias": optimistic_adam_no_bias,
    "optimistic_adam_eps_inside": optimistic_adam_eps_inside,
    "optimistic_adam_prev_not_stored": optimistic_adam_prev_not_stored,
    "OptimisticTorchAdamStaleMove": OptimisticTorchAdamStaleMove,
}


DECLARED = {
    "eg_momentum": {"characteristic": eg_momentum_characteristic},
    "optimistic_adam": {
        "expect": {"adam_moments": "adaptive: bias-corrected, eps outside the root"},
        "acts_through_gradients": False,
    },
}


def candidate(obj, name: str, family: str, *, declare: bool) -> Candidate:
    """``obj`` as a novel candidate (``behaves_like = None``); with ``declare``, its family's
    declarations: EG-momentum's characteristic polynomial, optimistic Adam's step law."""
    declared = DECLARED[family] if declare else {}
    return make_candidate(obj, name, behaves_like=None, declared=declared)
