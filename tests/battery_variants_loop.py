"""Optimizers for the training-loop and conditions self-test (NOTE: [battery conditions]),
written here, not imported from the package.

``BROKEN``: one plausible mistake each that the battery's own drive (float64, fresh ``.grad``
tensors, no ``zero_grad``, no closure, one tensor per group, one optimizer) cannot see: every
one passes the ten original checks, and the ``conditions`` check flags it under the condition
named in ``EXPOSED_BY``. ``CORRECT``: implementations in other styles (foreach kernels, a
two-sequence form, torch's own classes, a wrapper around a base optimizer with separate G/D
optimizers and the user's own train_step) that pass under every condition.
"""

from __future__ import annotations

import torch

from zigan_verify.battery import Candidate, TrainingLoop
from zigan_verify.battery._candidate import torch_optim_factory
from zigan_verify.battery._harness import loop_factory
from zigan_verify.optim.minimax import MomentumState, Optimizer

BETA = 0.5  # the registry's momentum default
B1, B2, EPS = 0.9, 0.999, 1e-8  # the registry's adam_eg defaults


class _Optimistic(torch.optim.Optimizer):
    """OGDA, ``p -= lr (2 g_k - g_{k-1})`` with ``g_{-1} = g_0``; subclasses change one line."""

    behaves_like = "ogda"

    def __init__(self, params, lr=0.1):
        super().__init__(params, {"lr": lr})

    def previous(self, p, group):
        st = self.state[p]
        prev = st.get("prev", p.grad)
        st["prev"] = p.grad.clone()
        return prev

    @torch.no_grad()
    def step(self, closure=None):
        loss = None if closure is None else closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    prev = self.previous(p, group)
                    p.add_(2 * p.grad - prev, alpha=-group["lr"])
        return loss


# ----- broken: each passes the original battery -----
class OptimisticGradReference(_Optimistic):
    """Keeps a *reference* to ``p.grad`` as the previous gradient: right while every backward
    makes a new ``.grad``, GDA once ``zero_grad(set_to_none=False)`` zeroes it in place."""

    def previous(self, p, group):
        st = self.state[p]
        prev = st.get("prev", p.grad)
        st["prev"] = p.grad
        return prev


class OptimisticFlatBuffer(_Optimistic):
    """Previous gradients in one flat buffer per group, the offset never advanced: right only
    when a group holds a single tensor."""

    @torch.no_grad()
    def step(self, closure=None):
        loss = None if closure is None else closure()
        for i, group in enumerate(self.param_groups):
            params = [p for p in group["params"] if p.grad is not None]
            key = f"flat{i}"
            total = sum(p.numel() for p in params)
            first = key not in self.state[params[0]]
            buf = self.state[params[0]].setdefault(key, torch.zeros(total, dtype=params[0].dtype))
            offset = 0
            for p in params:
                g = p.grad.reshape(-1)
                prev = g if first else buf[offset : offset + g.numel()].clone()
                buf[offset : offset + g.numel()] = g
                p.add_((2 * g - prev).view_as(p), alpha=-group["lr"])
        return loss


class OptimisticClosurePath(_Optimistic):
    """With a closure, stores the gradient as 'previous' before re-evaluating: GDA, only on the
    ``step(closure)`` code path."""

    @torch.no_grad()
    def step(self, closure=None):
        if closure is not None:
            for group in self.param_groups:
                for p in group["params"]:
                    self.state[p]["prev"] = p.grad.clone()
            with torch.enable_grad():
                closure()
        return super().step()


class _KeepsZk(torch.optim.Optimizer):
    """``z_k`` lives on the instance between extrapolation() and step() (not in ``state``)."""

    def __init__(self, params, defaults):
        super().__init__(params, defaults)
        self._z_k = {}

    def __setstate__(self, state):  # deepcopy / unpickling rebuild only torch's own fields
        super().__setstate__(state)
        self._z_k = {}


class ExtraAdamZerosShape(_KeepsZk):
    """Extra-Adam with its moments made by ``torch.zeros(p.shape)``: float64 only because the
    battery's default dtype is float64; on the CPU whatever the parameters' device."""

    behaves_like = "adam_eg"

    def __init__(self, params, lr=0.01):
        super().__init__(params, {"lr": lr})

    def _adam(self, p, group):
        st = self.state[p]
        if not st:
            st["step"], st["m"], st["v"] = 0, torch.zeros(p.shape), torch.zeros(p.shape)
        st["step"] += 1
        st["m"].mul_(B1).add_(p.grad, alpha=1 - B1)
        st["v"].mul_(B2).addcmul_(p.grad, p.grad, value=1 - B2)
        m_hat, v_hat = st["m"] / (1 - B1 ** st["step"]), st["v"] / (1 - B2 ** st["step"])
        return -group["lr"] * m_hat / (v_hat.sqrt() + EPS)

    @torch.no_grad()
    def extrapolation(self):
        for group in self.param_groups:
            for p in group["params"]:
                self._z_k[p] = p.detach().clone()
                p.add_(self._adam(p, group))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                p.copy_(self._z_k.pop(p)).add_(self._adam(p, group))


class _ExtraSGD(_KeepsZk):
    """Extragradient."""

    behaves_like = "tau_eg"

    def __init__(self, params, lr=0.1):
        super().__init__(params, {"lr": lr})

    def direction(self, p):
        return p.grad

    @torch.no_grad()
    def extrapolation(self):
        for group in self.param_groups:
            for p in group["params"]:
                self._z_k[p] = p.detach().clone()
                p.add_(self.direction(p), alpha=-group["lr"])

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                p.copy_(self._z_k.pop(p)).add_(self.direction(p), alpha=-group["lr"])


class GuardedExtraSGD(_ExtraSGD):
    """Skips a non-finite gradient (as mixed-precision loops do): correct, but its Python branch
    on a tensor's value cannot run on the meta device (the condition is then not measured)."""

    def direction(self, p):
        return p.grad if bool(torch.isfinite(p.grad).all()) else torch.zeros_like(p)


class ExtraSGDClipped(_ExtraSGD):
    """Clips each gradient to norm 1e3 (a 'safety' limit): engages only on large gradients."""

    def direction(self, p):
        norm = p.grad.norm()
        return p.grad * (1e3 / norm) if norm > 1e3 else p.grad


class ExtraSGDStaleGroups(_ExtraSGD):
    """``state_dict()`` writes the hyper-parameters captured at construction (kept for a
    ``reset()`` helper): a learning rate changed mid-run (a scheduler) is not checkpointed."""

    def __init__(self, params, lr=0.1):
        super().__init__(params, lr)
        self._initial = [{"lr": g["lr"]} for g in self.param_groups]

    def state_dict(self):
        sd = super().state_dict()
        for group, initial in zip(sd["param_groups"], self._initial, strict=True):
            group.update(initial)
        return sd


_Z_K: dict[int, torch.Tensor] = {}  # module level: shared by every instance


class ExtraSGDModuleCache(_ExtraSGD):
    """Keeps ``z_k`` in a module-level dict indexed by parameter position: right with one
    optimizer, with two (one per player) the second extrapolation overwrites the first's."""

    @torch.no_grad()
    def extrapolation(self):
        _Z_K.clear()
        for i, p in enumerate(p for g in self.param_groups for p in g["params"]):
            _Z_K[i] = p.detach().clone()
        for group in self.param_groups:
            for p in group["params"]:
                p.add_(p.grad, alpha=-group["lr"])

    @torch.no_grad()
    def step(self, closure=None):
        params = [(g, p) for g in self.param_groups for p in g["params"]]
        for i, (group, p) in enumerate(params):
            p.copy_(_Z_K[i]).add_(p.grad, alpha=-group["lr"])


def momentum_mutates_state(eta, tau):
    """Heavy ball (step interface) that updates the velocity of the state it was given in place:
    the straight run is right, but a state kept from an earlier step is silently changed."""

    def step(z, state, F):
        lam = torch.ones_like(z)
        lam[: F.n_x] = 1 / tau
        state.velocity.mul_(BETA).sub_(eta * lam * F(z))
        return z + state.velocity, state

    return Optimizer(lambda z: MomentumState(torch.zeros_like(z)), step)


# ----- correct, in other styles -----
class ForeachOptimistic(torch.optim.Optimizer):
    """OGDA with torch's foreach kernels over each group's tensor list."""

    behaves_like = "ogda"

    def __init__(self, params, lr=0.1):
        super().__init__(params, {"lr": lr})

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            params = [p for p in group["params"] if p.grad is not None]
            grads = [p.grad for p in params]
            prevs = [self.state[p].get("prev", p.grad) for p in params]
            update = torch._foreach_sub(torch._foreach_mul(grads, 2.0), prevs)
            torch._foreach_add_(params, update, alpha=-group["lr"])
            for p, g in zip(params, torch._foreach_add(grads, 0.0), strict=True):
                self.state[p]["prev"] = g
        return loss


class TwoSequenceOptimistic(torch.optim.Optimizer):
    """OGDA in Popov's two-sequence form: a base sequence ``w_{k+1} = w_k - lr g_k`` in the
    state, the parameters at ``z_{k+1} = w_{k+1} - lr g_k``; ``w_0 = z_0 + lr g_0`` makes the
    first step a GDA step (OGDA's ``g_{-1} = g_0``)."""

    behaves_like = "ogda"

    def __init__(self, params, lr=0.1):
        super().__init__(params, {"lr": lr})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr = group["lr"]
            for p in group["params"]:
                st = self.state[p]
                if "w" not in st:
                    st["w"] = p.detach() + lr * p.grad
                st["w"] = st["w"] - lr * p.grad
                p.copy_(st["w"] - lr * p.grad)


class ForeachSGD(torch.optim.SGD):
    """torch.optim.SGD itself (foreach kernel): tau-GDA."""

    behaves_like = "tau_gda"

    def __init__(self, params, lr=0.1):
        super().__init__(params, lr=lr, foreach=True)


class ForeachHeavyBall(torch.optim.SGD):
    """torch.optim.SGD with momentum 0.5 (foreach kernel): heavy ball."""

    behaves_like = "momentum"

    def __init__(self, params, lr=0.1):
        super().__init__(params, lr=lr, momentum=BETA, foreach=True)


class Extrapolated:
    """A wrapper turning any torch.optim base optimizer into its extragradient version:
    ``extrapolation()`` remembers ``z_k`` and takes the base step; ``step()`` goes back to
    ``z_k`` and takes the base step with the new gradient (exact for SGD)."""

    def __init__(self, base: torch.optim.Optimizer):
        self.base, self.z_k = base, None

    @property
    def param_groups(self):
        return self.base.param_groups

    @property
    def state(self):
        return self.base.state

    def zero_grad(self, set_to_none=True):
        self.base.zero_grad(set_to_none=set_to_none)

    def _params(self):
        return [p for g in self.base.param_groups for p in g["params"]]

    @torch.no_grad()
    def extrapolation(self):
        self.z_k = [p.detach().clone() for p in self._params()]
        self.base.step()

    @torch.no_grad()
    def step(self):
        for p, z in zip(self._params(), self.z_k, strict=True):
            p.copy_(z)
        self.base.step()

    def state_dict(self):
        return self.base.state_dict()

    def load_state_dict(self, state_dict):
        self.base.load_state_dict(state_dict)


def gan_optimizers(generator, discriminator, eta, tau):
    """Separate G and D optimizers, each an extragradient wrapper around torch.optim.SGD."""
    opt_g = Extrapolated(torch.optim.SGD(generator.parameters(), lr=eta / tau))
    opt_d = Extrapolated(torch.optim.SGD(discriminator.parameters(), lr=eta))
    return opt_g, opt_d


def gan_train_step(optimizers, generator_loss, discriminator_loss):
    """The user's loop: zero_grad, backward for both players, extrapolate, again, step."""
    opt_g, opt_d = optimizers
    for _ in range(2):
        opt_g.zero_grad()
        opt_d.zero_grad()
        generator_loss().backward()
        discriminator_loss().backward()
        if opt_g.z_k is None:
            opt_g.extrapolation()
            opt_d.extrapolation()
        else:
            opt_g.step()
            opt_d.step()
    opt_g.z_k = opt_d.z_k = None


GAN_LOOP = TrainingLoop(gan_optimizers, gan_train_step, behaves_like="tau_eg")
GAN_LOOP_DEFAULT_STEP = TrainingLoop(gan_optimizers, behaves_like="tau_eg")


def _cls(cls, behaves_like=None):
    return Candidate(
        cls.__name__, torch_optim_factory(cls), behaves_like or cls.behaves_like, torch_optim=cls
    )


def _loop(name, loop):
    return Candidate(name, loop_factory(loop), loop.behaves_like, loop=loop)


CORRECT = {
    "foreach_optimistic": _cls(ForeachOptimistic),
    "two_sequence_optimistic": _cls(TwoSequenceOptimistic),
    "torch_sgd_foreach": _cls(ForeachSGD),
    "guarded_extra_sgd": _cls(GuardedExtraSGD),
    "torch_sgd_heavy_ball": _cls(ForeachHeavyBall),
    "gan_extrapolated_sgd_own_step": _loop("gan_extrapolated_sgd_own_step", GAN_LOOP),
    "gan_extrapolated_sgd": _loop("gan_extrapolated_sgd", GAN_LOOP_DEFAULT_STEP),
}

BROKEN = {
    "optimistic_grad_reference": _cls(OptimisticGradReference),
    "optimistic_flat_buffer": _cls(OptimisticFlatBuffer),
    "optimistic_closure_path": _cls(OptimisticClosurePath),
    "extra_adam_zeros_shape": _cls(ExtraAdamZerosShape),
    "extra_sgd_clipped": _cls(ExtraSGDClipped),
    "extra_sgd_stale_groups": _cls(ExtraSGDStaleGroups),
    "extra_sgd_module_cache": _cls(ExtraSGDModuleCache),
    "momentum_mutates_state": Candidate(
        "momentum_mutates_state", momentum_mutates_state, "momentum"
    ),
}

# the condition (a phrase of its verdict) that exposes each broken variant
EXPOSED_BY = {
    "optimistic_grad_reference": "zero_grad(set_to_none=False)",
    "optimistic_flat_buffer": "several tensors",
    "optimistic_closure_path": "step(closure)",
    "extra_adam_zeros_shape": "float32 default dtype",
    "extra_sgd_clipped": "scaled by 1e+06",
    "extra_sgd_stale_groups": "checkpoint",
    "extra_sgd_module_cache": "its own optimizer",
    "momentum_mutates_state": "in place",
}


def gan_train_step_stale_grads(optimizers, generator_loss, discriminator_loss):
    """The user's loop forgets zero_grad() before the second backward: the update adds the
    extrapolation's gradient to the new one (the optimizer is right, the loop is not)."""
    opt_g, opt_d = optimizers
    opt_g.zero_grad()
    opt_d.zero_grad()
    generator_loss().backward()
    discriminator_loss().backward()
    opt_g.extrapolation()
    opt_d.extrapolation()
    generator_loss().backward()
    discriminator_loss().backward()
    opt_g.step()
    opt_d.step()
    opt_g.z_k = opt_d.z_k = None


# a user's own loop with a bug: the battery tests the optimizer as that loop drives it
BROKEN_LOOP = _loop(
    "gan_train_step_stale_grads",
    TrainingLoop(gan_optimizers, gan_train_step_stale_grads, behaves_like="tau_eg"),
)
