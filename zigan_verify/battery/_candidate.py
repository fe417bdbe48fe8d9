"""Loading a user's optimizer (``module:attribute``) and adapting it to the step interface.

NOTE: [battery candidates]
The battery drives every optimizer as ``make(eta, tau) -> Optimizer`` (NOTE: [optimizer
interface]), because the theorem-derived checks choose the step size and timescale themselves.
A ``module:attribute`` may name:

(a) a factory ``make(eta, tau) -> Optimizer`` (the project's own step interface), or an
    :class:`~zigan_verify.optim.minimax.OptimizerInfo` (its ``make`` gets ``eta`` and ``tau`` when
    its defaults have them);
(b) a ``torch.optim.Optimizer`` subclass in the style of the extragradient GAN codebases: built
    as ``cls(param_groups, lr=eta)`` with the min player's group at ``lr = eta / tau``; each step
    sets ``.grad`` to the blocks of ``F``, calls ``extrapolation()`` (when the class has it),
    sets ``.grad`` to ``F`` at the extrapolated point, then calls ``step()``. The checks build a
    fresh instance for every run and every evaluation of the linearized map; only ``hygiene``
    copies one (``deepcopy``, ``state_dict``).

The attribute may carry ``behaves_like = "<built-in name>"``: the golden expectations of that
built-in apply (default ``"tau_eg"``: the battery guards extragradient implementations).
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

from zigan_verify._errors import ZiganError
from zigan_verify.optim.minimax import Optimizer, OptimizerInfo, optim_db

__all__ = [
    "Candidate",
    "TorchOptimState",
    "builtin_candidates",
    "load_candidate",
    "resolve_candidate",
]


@dataclass(frozen=True)
class Candidate:
    """An optimizer under test: ``make(eta, tau)`` plus whose expectations apply."""

    name: str
    make: Callable[[float, float], Optimizer]
    behaves_like: str = "tau_eg"
    torch_optim: type | None = None  # the torch.optim class, when adapted from one


@dataclass
class TorchOptimState:
    """State of an adapted torch.optim optimizer: the optimizer object and its two parameters."""

    optimizer: torch.optim.Optimizer
    x: torch.nn.Parameter
    y: torch.nn.Parameter


def _set_grads(state: TorchOptimState, F) -> None:
    Fz = F(torch.cat([state.x.detach(), state.y.detach()]))
    state.x.grad = Fz[: F.n_x].clone()
    state.y.grad = Fz[F.n_x :].clone()


def torch_optim_factory(cls: type) -> Callable[[float, float], Optimizer]:
    """Adapt a torch.optim-style class (NOTE: [battery candidates] (b)) to ``make(eta, tau)``."""

    def make(eta: float, tau: float) -> Optimizer:
        def init(z: torch.Tensor) -> None:
            return None  # built on the first step, when F tells the size n_x of the min player

        def step(z: torch.Tensor, state: TorchOptimState | None, F):
            if state is None:
                x = torch.nn.Parameter(z[: F.n_x].detach().clone())
                y = torch.nn.Parameter(z[F.n_x :].detach().clone())
                groups = [{"params": [x], "lr": eta / tau}, {"params": [y], "lr": eta}]
                state = TorchOptimState(cls(groups, lr=eta), x, y)
            with torch.no_grad():
                state.x.copy_(z[: F.n_x])
                state.y.copy_(z[F.n_x :])
            _set_grads(state, F)
            if hasattr(state.optimizer, "extrapolation"):
                state.optimizer.extrapolation()
                _set_grads(state, F)
            state.optimizer.step()
            return torch.cat([state.x.detach(), state.y.detach()]).clone(), state

        return Optimizer(init, step)

    return make


def _info_factory(info: OptimizerInfo) -> Callable[[float, float], Optimizer]:
    def make(eta: float, tau: float) -> Optimizer:
        kwargs: dict[str, Any] = dict(info.defaults)
        kwargs["eta"] = eta
        if "tau" in kwargs:
            kwargs["tau"] = tau
        return info.make(**kwargs)

    return make


def builtin_candidates() -> dict[str, Candidate]:
    """Every registered optimizer as a candidate that behaves like itself."""
    return {info.name: Candidate(info.name, _info_factory(info), info.name) for info in optim_db}


def resolve_candidate(spec: str) -> Candidate:
    """A built-in name (``tau_eg``) or ``module:attribute`` (NOTE: [battery candidates])."""
    builtins = builtin_candidates()
    if spec in builtins:
        return builtins[spec]
    if ":" not in spec:
        raise ZiganError(
            f"unknown built-in optimizer {spec!r}; choose one of {', '.join(sorted(builtins))}, "
            "or give MODULE:ATTRIBUTE"
        )
    return load_candidate(spec)


def _import(module_name: str):
    """Import as ``python -m`` would: the current directory comes first on ``sys.path``."""
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        return importlib.import_module(module_name)
    except Exception as exc:  # noqa: BLE001 - any failure of the user's module is a user error
        raise ZiganError(
            f"cannot import module {module_name!r}: {type(exc).__name__}: {exc}"
        ) from None


def load_candidate(spec: str) -> Candidate:
    """Import ``module:attribute``, adapt it and try it once (NOTE: [battery candidates]): a
    factory with the wrong signature, or one that returns no ``Optimizer(init, step)``, is a
    usage error (:class:`ZiganError`), not a failed check."""
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise ZiganError(f"optimizer must be given as MODULE:ATTRIBUTE, got {spec!r}")
    module = _import(module_name)
    try:
        obj = getattr(module, attr)
    except AttributeError:
        raise ZiganError(f"module {module_name!r} has no attribute {attr!r}") from None
    behaves_like = getattr(obj, "behaves_like", "tau_eg")
    builtins = builtin_candidates()
    if behaves_like not in builtins:
        raise ZiganError(
            f"{spec}: unknown behaves_like {behaves_like!r}; choose one of {', '.join(sorted(builtins))}"
        )
    if isinstance(obj, OptimizerInfo):
        candidate = Candidate(spec, _info_factory(obj), behaves_like)
    elif inspect.isclass(obj) and issubclass(obj, torch.optim.Optimizer):
        _check_torch_optim(spec, obj)
        return Candidate(spec, torch_optim_factory(obj), behaves_like, torch_optim=obj)
    elif callable(obj):
        candidate = Candidate(spec, obj, behaves_like)
    else:
        raise ZiganError(
            f"{spec} is neither a factory make(eta, tau), an OptimizerInfo nor a torch.optim class"
        )
    _check_factory(spec, candidate.make)
    return candidate


def _check_factory(spec: str, make: Callable) -> None:
    try:
        inspect.signature(make).bind(0.1, 4.0)
    except TypeError as exc:
        raise ZiganError(f"{spec} must be a factory make(eta, tau): {exc}") from None
    except ValueError:  # no signature to inspect (builtins): calling it will tell
        pass
    try:
        opt = make(0.1, 4.0)
    except Exception as exc:  # noqa: BLE001 - a factory that cannot build is a usage error
        raise ZiganError(f"{spec}(0.1, 4.0) raised {type(exc).__name__}: {exc}") from None
    if not (callable(getattr(opt, "init", None)) and callable(getattr(opt, "step", None))):
        raise ZiganError(
            f"{spec}(eta, tau) returned a {type(opt).__name__}, not an Optimizer(init, step)"
        )


def _check_torch_optim(spec: str, cls: type) -> None:
    p = torch.nn.Parameter(torch.zeros(1))
    try:
        cls(
            [{"params": [p], "lr": 0.025}, {"params": [torch.nn.Parameter(torch.zeros(1))]}], lr=0.1
        )
    except Exception as exc:  # noqa: BLE001 - a class the battery cannot build is a usage error
        raise ZiganError(
            f"{spec} cannot be built as {cls.__name__}(param_groups, lr=eta): {type(exc).__name__}: {exc}"
        ) from None
