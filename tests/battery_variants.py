"""Independent optimizer implementations for the battery self-test, written here (not imported
from the package): correct ones that must pass the battery, and broken ones, each a plausible
one-line mistake, that it must flag. Both interfaces: the step interface ``make(eta, tau)`` and
torch.optim classes in the style of the extragradient GAN codebases (``extrapolation()`` /
``step()``, state in ``self.state`` or in attributes)."""

from __future__ import annotations

import math

import torch

from zigan_verify.battery import Candidate
from zigan_verify.battery._candidate import torch_optim_factory
from zigan_verify.optim.minimax import Optimizer

BETA = 0.5  # the registry's momentum default
B1, B2, EPS = 0.9, 0.999, 1e-8  # the registry's adam_eg defaults
GAMMA = 1.0  # jare / conopt


def _lam(z, n_x, tau):
    s = torch.ones_like(z)
    s[:n_x] = 1 / tau
    return s


# ----- step interface: correct -----
def good_tau_eg(eta, tau):
    def step(z, state, F):
        x, y = z[: F.n_x], z[F.n_x :]
        g = F(z)
        xh, yh = x - eta / tau * g[: F.n_x], y - eta * g[F.n_x :]
        gh = F(torch.cat([xh, yh]))
        return torch.cat([x - eta / tau * gh[: F.n_x], y - eta * gh[F.n_x :]]), state

    return Optimizer(lambda z: None, step)


def good_tau_gda(eta, tau):
    return Optimizer(lambda z: {}, lambda z, s, F: (z - eta * _lam(z, F.n_x, tau) * F(z), s))


def good_ogda(eta, tau):
    """State: the previous *raw* gradient in a dict (the built-in keeps Lambda F)."""

    def step(z, state, F):
        g = F(z)
        prev = g if state["g"] is None else state["g"]
        lam = _lam(z, F.n_x, tau)
        return z - eta * lam * (2 * g - prev), {"g": g}

    return Optimizer(lambda z: {"g": None}, step)


def good_momentum(eta, tau):
    """State: the previous iterate (the built-in keeps the velocity)."""

    def step(z, state, F):
        z_prev = z if state is None else state
        return z - eta * _lam(z, F.n_x, tau) * F(z) + BETA * (z - z_prev), z

    return Optimizer(lambda z: None, step)


def good_adam_eg(eta, tau):
    def adam(z, st, d, lr):
        m, v, t = st
        t += 1
        m, v = B1 * m + (1 - B1) * d, B2 * v + (1 - B2) * d**2
        upd = (m / (1 - B1**t)) / (torch.sqrt(v / (1 - B2**t)) + EPS)
        return z - lr * upd, (m, v, t)

    def step(z, st, F):
        lr = eta * _lam(z, F.n_x, tau)
        zh, st = adam(z, st, F(z), lr)
        return adam(z, st, F(zh), lr)

    return Optimizer(lambda z: (torch.zeros_like(z), torch.zeros_like(z), 0), step)


def _jare_variant(gamma):
    def make(eta, tau):
        """x -= eta (F_x + gamma/2 grad_x ||F_y||^2), y -= eta (F_y + gamma/2 grad_y ||F_x||^2)."""

        def step(z, state, F):
            n = F.n_x
            with torch.enable_grad():
                x, y = z[:n].detach().requires_grad_(), z[n:].detach().requires_grad_()
                Fz = F(torch.cat([x, y]))
                (gx,) = torch.autograd.grad(0.5 * (Fz[n:] ** 2).sum(), x, retain_graph=True)
                (gy,) = torch.autograd.grad(0.5 * (Fz[:n] ** 2).sum(), y)
            return z - eta * (Fz.detach() + gamma * torch.cat([gx, gy])), state

        return Optimizer(lambda z: (), step)

    return make


good_jare = _jare_variant(GAMMA)


def good_conopt(eta, tau):
    """z -= eta (F + gamma/2 grad ||F||^2)."""

    def step(z, state, F):
        reg = torch.func.grad(lambda u: 0.5 * (F(u) ** 2).sum())(z)
        return z - eta * (F(z) + GAMMA * reg), state

    return Optimizer(lambda z: (), step)


# ----- step interface: broken (one line each) -----
def eg_grad_at_start(eta, tau):  # the update reuses F(z_k) instead of F(z_{k+1/2})
    def step(z, state, F):
        lam = _lam(z, F.n_x, tau)
        return z - eta * lam * F(z), state

    return Optimizer(lambda z: (), step)


def eg_extrapolation_both_eta_over_tau(eta, tau):  # extrapolation scales both players by eta/tau
    def step(z, state, F):
        zh = z - eta / tau * F(z)
        return z - eta * _lam(z, F.n_x, tau) * F(zh), state

    return Optimizer(lambda z: (), step)


def eg_tau_on_max_player(eta, tau):  # Lambda_tau slows the max player instead
    def step(z, state, F):
        lam = 1 / _lam(z, F.n_x, tau) / tau
        zh = z - eta * lam * F(z)
        return z - eta * lam * F(zh), state

    return Optimizer(lambda z: (), step)


def eg_update_from_half(eta, tau):  # the update starts from z_{k+1/2}, not z_k
    def step(z, state, F):
        lam = _lam(z, F.n_x, tau)
        zh = z - eta * lam * F(z)
        return zh - eta * lam * F(zh), state

    return Optimizer(lambda z: (), step)


def eg_half_extrapolation(eta, tau):  # extrapolation step eta/2
    def step(z, state, F):
        lam = _lam(z, F.n_x, tau)
        zh = z - 0.5 * eta * lam * F(z)
        return z - eta * lam * F(zh), state

    return Optimizer(lambda z: (), step)


def eg_no_tau(eta, tau):  # tau ignored: plain EG
    def step(z, state, F):
        return z - eta * F(z - eta * F(z)), state

    return Optimizer(lambda z: (), step)


def eg_max_player_descends(eta, tau):  # sign of the max player's update flipped
    def step(z, state, F):
        lam = _lam(z, F.n_x, tau)
        lam[F.n_x :] = -1
        zh = z - eta * lam * F(z)
        return z - eta * lam * F(zh), state

    return Optimizer(lambda z: (), step)


def eg_float32(eta, tau):  # computes in float32
    good = good_tau_eg(eta, tau)
    return Optimizer(good.init, lambda z, s, F: (good.step(z, s, F)[0].float(), s))


def eg_mutates_input(eta, tau):  # updates z in place
    def step(z, state, F):
        zn = good_tau_eg(eta, tau).step(z, state, F)[0]
        with torch.no_grad():
            z.copy_(zn)
        return zn.clone(), state

    return Optimizer(lambda z: (), step)


def tau_gda_tau_on_max(eta, tau):
    def step(z, state, F):
        return z - eta * (1 / _lam(z, F.n_x, tau) / tau) * F(z), state

    return Optimizer(lambda z: (), step)


def ogda_prev_not_stored(eta, tau):  # the state is returned unchanged: GDA with 1x
    def step(z, state, F):
        g = F(z)
        prev = g if state["g"] is None else state["g"]
        return z - eta * _lam(z, F.n_x, tau) * (2 * g - prev), state

    return Optimizer(lambda z: {"g": None}, step)


def ogda_unit_coefficient(eta, tau):  # z - eta F_k + eta F_{k-1}: coefficient 1, not 2
    def step(z, state, F):
        g = F(z)
        prev = g if state["g"] is None else state["g"]
        return z - eta * _lam(z, F.n_x, tau) * (g - prev), {"g": g}

    return Optimizer(lambda z: {"g": None}, step)


def ogda_wrong_sign(eta, tau):  # z - 2 eta F_k - eta F_{k-1}
    def step(z, state, F):
        g = F(z)
        prev = g if state["g"] is None else state["g"]
        return z - eta * _lam(z, F.n_x, tau) * (2 * g + prev), {"g": g}

    return Optimizer(lambda z: {"g": None}, step)


def momentum_velocity_not_stored(eta, tau):  # v never stored: tau-GDA
    def step(z, v, F):
        v_new = BETA * v - eta * _lam(z, F.n_x, tau) * F(z)
        return z + v_new, v

    return Optimizer(torch.zeros_like, step)


def momentum_beta_on_gradient(eta, tau):  # v = beta (v - eta F)
    def step(z, v, F):
        v_new = BETA * (v - eta * _lam(z, F.n_x, tau) * F(z))
        return z + v_new, v_new

    return Optimizer(torch.zeros_like, step)


def momentum_nesterov_sign(eta, tau):  # z + v - beta v_old: a sign slip in the heavy-ball term
    def step(z, v, F):
        v_new = BETA * v - eta * _lam(z, F.n_x, tau) * F(z)
        return z + v_new - 2 * BETA * v, v_new

    return Optimizer(torch.zeros_like, step)


def _adam_variant(*, bias=True, reeval=True, tau_before=False, shared=True):
    def make(eta, tau):
        def adam(z, st, d, lr):
            m, v, t = st
            t += 1
            m, v = B1 * m + (1 - B1) * d, B2 * v + (1 - B2) * d**2
            mh, vh = (m / (1 - B1**t), v / (1 - B2**t)) if bias else (m, v)
            return z - lr * mh / (torch.sqrt(vh) + EPS), (m, v, t)

        def step(z, st, F):
            lam = _lam(z, F.n_x, tau)
            lr, scale = (eta, lam) if tau_before else (eta * lam, 1.0)
            zh, st_h = adam(z, st, scale * F(z), lr)
            return adam(z, st_h if shared else st, scale * F(zh if reeval else z), lr)

        return Optimizer(lambda z: (torch.zeros_like(z), torch.zeros_like(z), 0), step)

    return make


# ----- torch.optim style -----
class GidelExtragradient(torch.optim.Optimizer):
    """Base in the style of the public codebase: ``params_copy`` kept as an attribute."""

    def __init__(self, params, defaults):
        super().__init__(params, defaults)
        self.params_copy = []

    def __setstate__(self, state):
        super().__setstate__(state)
        self.params_copy = []  # not part of torch.optim's pickled state

    def update(self, p, group):
        raise NotImplementedError

    def extrapolation(self):
        is_empty = len(self.params_copy) == 0
        for group in self.param_groups:
            for p in group["params"]:
                u = self.update(p, group)
                if is_empty:
                    self.params_copy.append(p.data.clone())
                if u is None:
                    continue
                p.data.add_(u)

    def step(self, closure=None):
        if len(self.params_copy) == 0:
            raise RuntimeError("need to call extrapolation before calling step")
        i = -1
        for group in self.param_groups:
            for p in group["params"]:
                i += 1
                u = self.update(p, group)
                if u is None:
                    continue
                p.data = self.params_copy[i].add(u)
        self.params_copy = []


class GoodExtraSGD(GidelExtragradient):
    behaves_like = "tau_eg"

    def __init__(self, params, lr=0.1):
        super().__init__(params, {"lr": lr})

    def update(self, p, group):
        return None if p.grad is None else -group["lr"] * p.grad


class QuirkyExtraSGD(GoodExtraSGD):
    """The public codebase's deepcopy bug: ``__setstate__`` names the wrong class."""

    def __setstate__(self, state):
        super(torch.optim.SGD, self).__setstate__(state)


class GoodExtraAdam(GidelExtragradient):
    """Adam with eps added before the bias correction of the step size (as the public code)."""

    behaves_like = "adam_eg"
    bias_correction = True

    def __init__(self, params, lr=0.01, betas=(B1, B2), eps=EPS):
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps})

    def update(self, p, group):
        if p.grad is None:
            return None
        state = self.state[p]
        if len(state) == 0:
            state["step"] = 0
            state["exp_avg"] = torch.zeros_like(p.data)
            state["exp_avg_sq"] = torch.zeros_like(p.data)
        b1, b2 = group["betas"]
        state["step"] += 1
        state["exp_avg"].mul_(b1).add_(p.grad, alpha=1 - b1)
        state["exp_avg_sq"].mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
        bc1, bc2 = 1 - b1 ** state["step"], 1 - b2 ** state["step"]
        step_size = group["lr"] * math.sqrt(bc2) / bc1 if self.bias_correction else group["lr"]
        return -step_size * state["exp_avg"] / (state["exp_avg_sq"].sqrt() + group["eps"])


class ExtraAdamNoBias(GoodExtraAdam):
    bias_correction = False


class ExtraAdamFloat32State(GoodExtraAdam):
    def update(self, p, group):
        if p.grad is not None and len(self.state[p]) == 0:
            self.state[p]["step"] = 0
            self.state[p]["exp_avg"] = torch.zeros_like(p.data, dtype=torch.float32)
            self.state[p]["exp_avg_sq"] = torch.zeros_like(p.data, dtype=torch.float32)
        return super().update(p, group)


class ExtraSGDNoRestore(GoodExtraSGD):
    """step() forgets to go back to z_k: updates from the extrapolated point."""

    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                p.data.add_(self.update(p, group))
        self.params_copy = []


class GoodOptimistic(torch.optim.Optimizer):
    """OGDA as an optimistic mirror-descent class: keeps the previous gradient in state."""

    behaves_like = "ogda"

    def __init__(self, params, lr=0.1):
        super().__init__(params, {"lr": lr})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                st = self.state[p]
                if "prev" not in st:
                    st["prev"] = p.grad.clone()
                p.add_(p.grad, alpha=-2 * group["lr"]).add_(st["prev"], alpha=group["lr"])
                st["prev"] = p.grad.clone()


class OptimisticPrevOverwritten(GoodOptimistic):
    """Stores the new gradient before using the old one: it is GDA."""

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                st = self.state[p]
                st["prev"] = p.grad.clone()
                p.add_(p.grad, alpha=-2 * group["lr"]).add_(st["prev"], alpha=group["lr"])


class GoodHeavyBall(torch.optim.Optimizer):
    behaves_like = "momentum"

    def __init__(self, params, lr=0.1, momentum=BETA):
        super().__init__(params, {"lr": lr, "momentum": momentum})

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                st = self.state[p]
                v = st.get("velocity", torch.zeros_like(p))
                st["velocity"] = group["momentum"] * v - group["lr"] * p.grad
                p.add_(st["velocity"])


class HeavyBallDampened(GoodHeavyBall):
    """torch.optim.SGD-like dampening left on: the gradient enters the buffer scaled by 1/2."""

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                st = self.state[p]
                v = st.get("velocity", torch.zeros_like(p))
                st["velocity"] = group["momentum"] * v - 0.5 * group["lr"] * p.grad
                p.add_(st["velocity"])


class HeavyBallNotStored(GoodHeavyBall):
    """The velocity is computed but never written back to the state."""

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                v = self.state[p].get("velocity", torch.zeros_like(p))
                p.add_(group["momentum"] * v - group["lr"] * p.grad)


def _cls(cls, behaves_like=None):
    return Candidate(
        cls.__name__, torch_optim_factory(cls), behaves_like or cls.behaves_like, torch_optim=cls
    )


CORRECT = {
    "tau_eg": Candidate("good_tau_eg", good_tau_eg, "tau_eg"),
    "tau_gda": Candidate("good_tau_gda", good_tau_gda, "tau_gda"),
    "ogda": Candidate("good_ogda", good_ogda, "ogda"),
    "momentum": Candidate("good_momentum", good_momentum, "momentum"),
    "adam_eg": Candidate("good_adam_eg", good_adam_eg, "adam_eg"),
    "jare": Candidate("good_jare", good_jare, "jare"),
    "conopt": Candidate("good_conopt", good_conopt, "conopt"),
    "torch_extra_sgd": _cls(GoodExtraSGD),
    "torch_extra_adam": _cls(GoodExtraAdam),
    "torch_optimistic": _cls(GoodOptimistic),
    "torch_heavy_ball": _cls(GoodHeavyBall),
}

BROKEN = {
    "eg_grad_at_start": Candidate("eg_grad_at_start", eg_grad_at_start, "tau_eg"),
    "eg_extrapolation_both_eta_over_tau": Candidate(
        "eg_extrapolation_both_eta_over_tau", eg_extrapolation_both_eta_over_tau, "tau_eg"
    ),
    "eg_tau_on_max_player": Candidate("eg_tau_on_max_player", eg_tau_on_max_player, "tau_eg"),
    "eg_update_from_half": Candidate("eg_update_from_half", eg_update_from_half, "tau_eg"),
    "eg_half_extrapolation": Candidate("eg_half_extrapolation", eg_half_extrapolation, "tau_eg"),
    "eg_no_tau": Candidate("eg_no_tau", eg_no_tau, "tau_eg"),
    "eg_max_player_descends": Candidate("eg_max_player_descends", eg_max_player_descends, "tau_eg"),
    "eg_float32": Candidate("eg_float32", eg_float32, "tau_eg"),
    "eg_mutates_input": Candidate("eg_mutates_input", eg_mutates_input, "tau_eg"),
    "tau_gda_tau_on_max": Candidate("tau_gda_tau_on_max", tau_gda_tau_on_max, "tau_gda"),
    "ogda_prev_not_stored": Candidate("ogda_prev_not_stored", ogda_prev_not_stored, "ogda"),
    "ogda_unit_coefficient": Candidate("ogda_unit_coefficient", ogda_unit_coefficient, "ogda"),
    "ogda_wrong_sign": Candidate("ogda_wrong_sign", ogda_wrong_sign, "ogda"),
    "momentum_velocity_not_stored": Candidate(
        "momentum_velocity_not_stored", momentum_velocity_not_stored, "momentum"
    ),
    "momentum_beta_on_gradient": Candidate(
        "momentum_beta_on_gradient", momentum_beta_on_gradient, "momentum"
    ),
    "momentum_nesterov_sign": Candidate(
        "momentum_nesterov_sign", momentum_nesterov_sign, "momentum"
    ),
    "adam_no_bias_correction": Candidate(
        "adam_no_bias_correction", _adam_variant(bias=False), "adam_eg"
    ),
    "adam_no_reevaluation": Candidate(
        "adam_no_reevaluation", _adam_variant(reeval=False), "adam_eg"
    ),
    "adam_tau_before_normalization": Candidate(
        "adam_tau_before_normalization", _adam_variant(tau_before=True), "adam_eg"
    ),
    "adam_extrapolation_moments_dropped": Candidate(
        "adam_extrapolation_moments_dropped", _adam_variant(shared=False), "adam_eg"
    ),
    "jare_as_conopt": Candidate("jare_as_conopt", good_conopt, "jare"),
    "conopt_as_jare": Candidate("conopt_as_jare", good_jare, "conopt"),
    "jare_gamma_sign": Candidate("jare_gamma_sign", _jare_variant(-GAMMA), "jare"),
    "torch_extra_sgd_no_restore": _cls(ExtraSGDNoRestore),
    "torch_extra_adam_no_bias": _cls(ExtraAdamNoBias),
    "torch_extra_adam_float32_state": _cls(ExtraAdamFloat32State),
    "torch_optimistic_prev_overwritten": _cls(OptimisticPrevOverwritten),
    "torch_heavy_ball_dampened": _cls(HeavyBallDampened),
    "torch_heavy_ball_not_stored": _cls(HeavyBallNotStored),
    "torch_quirky_deepcopy": _cls(QuirkyExtraSGD),
}
