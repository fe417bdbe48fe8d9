"""Loading a user's optimizer (``module:attribute``) and adapting it to the step interface.

NOTE: [battery candidates]
The battery drives every optimizer as ``make(eta, tau) -> Optimizer`` (NOTE: [optimizer
interface]), because the theorem-derived checks choose the step size and timescale themselves.
A ``module:attribute`` may name:

(a) a factory ``make(eta, tau) -> Optimizer`` (the project's own step interface), or an
    :class:`~zigan_verify.optim.minimax.OptimizerInfo` (its ``make`` gets ``eta`` and ``tau`` when
    its defaults have them);
(c) a :class:`~zigan_verify.battery.TrainingLoop`: the user's own optimizer factory (and
    optionally training step), driven through real modules (NOTE: [training-loop harness]);
(b) a ``torch.optim.Optimizer`` subclass in the style of the extragradient GAN codebases: built
    as ``cls(param_groups, lr=eta)`` with the min player's group at ``lr = eta / tau``; each step
    sets ``.grad`` to the blocks of ``F``, calls ``extrapolation()`` (when the class has it),
    sets ``.grad`` to ``F`` at the extrapolated point, then calls ``step()``. The checks build a
    fresh instance for every run and every evaluation of the linearized map; only ``hygiene``
    copies one (``deepcopy``, ``state_dict``).

The attribute may carry ``behaves_like = "<built-in name>"``: the golden expectations of that
built-in apply (default ``"tau_eg"``: the battery guards extragradient implementations), or
``behaves_like = None`` for a novel method, judged by what it declares (``characteristic``,
``linearization``, ``expect``, ``acts_through_gradients``: NOTE: [battery novel optimizers]) and by
a recorded baseline. Hyper-parameters come as keyword arguments (``load_candidate(spec,
momentum=0.5)``) or as ``functools.partial(MyOpt, momentum=0.5)``: a torch.optim class is then
built as ``cls(param_groups, lr=eta, momentum=0.5)``, a factory called as ``make(eta, tau,
momentum=0.5)``.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

from zigan_verify._errors import ZiganError
from zigan_verify.battery._harness import TrainingLoop, loop_factory, validate_loop
from zigan_verify.optim.minimax import Optimizer, OptimizerInfo, optim_db

__all__ = [
    "Candidate",
    "TorchOptimState",
    "builtin_candidates",
    "load_candidate",
    "loop_candidate",
    "make_candidate",
    "resolve_candidate",
]


@dataclass(frozen=True)
class Candidate:
    """An optimizer under test: ``make(eta, tau)`` plus whose expectations apply."""

    name: str
    make: Callable[[float, float], Optimizer]
    behaves_like: str | None = "tau_eg"  # None: a novel method (NOTE: [battery novel optimizers])
    torch_optim: Callable | None = None  # the torch.optim class (or a partial of it with its
    # hyper-parameters), when adapted from one
    loop: Any = None  # a TrainingLoop, when driven through one (NOTE: [training-loop harness])
    declared: dict | None = None  # what a novel method declares (NOTE: [battery novel optimizers])


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


def torch_optim_factory(cls: Callable) -> Callable[[float, float], Optimizer]:
    """Adapt a torch.optim-style class (NOTE: [battery candidates] (b)), or a
    ``functools.partial`` of one with its hyper-parameters, to ``make(eta, tau)``."""

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


def resolve_candidate(spec: str, **options) -> Candidate:
    """A built-in name (``tau_eg``) or ``module:attribute`` (NOTE: [battery candidates]);
    ``options`` (``behaves_like``, hyper-parameters) go to :func:`load_candidate`."""
    builtins = builtin_candidates()
    if spec in builtins:
        if options:
            raise ZiganError(
                f"{spec} is a built-in: behaves_like and hyper-parameters apply to "
                f"MODULE:ATTRIBUTE optimizers only, got {', '.join(sorted(options))}"
            )
        return builtins[spec]
    if ":" not in spec:
        raise ZiganError(
            f"unknown built-in optimizer {spec!r}; choose one of {', '.join(sorted(builtins))}, "
            "or give MODULE:ATTRIBUTE"
        )
    return load_candidate(spec, **options)


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


# What a novel method may declare on its factory or class (NOTE: [battery novel optimizers]).
DECLARATIONS = ("characteristic", "linearization", "timescale", "expect", "acts_through_gradients")


def _torch_class(obj) -> type | None:
    """The torch.optim class behind ``obj`` (itself, or the ``func`` of a partial), or ``None``."""
    target = obj.func if isinstance(obj, functools.partial) else obj
    if inspect.isclass(target) and issubclass(target, torch.optim.Optimizer):
        return target
    return None


def _attribute(obj, name: str, default=None):
    """``obj.name``, looked up on a partial first, then on the function or class it wraps."""
    if hasattr(obj, name):
        return getattr(obj, name)
    return getattr(getattr(obj, "func", None), name, default)


def load_candidate(spec: str, *, behaves_like="declared", **hyperparameters) -> Candidate:
    """Import ``module:attribute``, adapt it and try it once (NOTE: [battery candidates]): a
    factory with the wrong signature, or one that returns no ``Optimizer(init, step)``, is a
    usage error (:class:`ZiganError`), not a failed check. ``hyperparameters`` go to the class
    (``cls(groups, lr=eta, **hyperparameters)``) or the factory (``make(eta, tau, **...)``)."""
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise ZiganError(f"optimizer must be given as MODULE:ATTRIBUTE, got {spec!r}")
    module = _import(module_name)
    try:
        obj = getattr(module, attr)
    except AttributeError:
        raise ZiganError(f"module {module_name!r} has no attribute {attr!r}") from None
    return make_candidate(obj, spec, behaves_like=behaves_like, **hyperparameters)


def make_candidate(
    obj, name: str, *, behaves_like="declared", declared: dict | None = None, **hyperparameters
) -> Candidate:
    """Adapt a factory, an ``OptimizerInfo``, a torch.optim class or a ``functools.partial`` of
    one (NOTE: [battery candidates]) under ``name``; ``behaves_like`` and ``declared`` override
    the object's own attributes (``behaves_like=None``: a novel method)."""
    found = {k: _attribute(obj, k) for k in DECLARATIONS if _attribute(obj, k) is not None}
    declared = {**found, **(declared or {})}
    unknown = set(declared) - set(DECLARATIONS)
    if unknown:
        raise ZiganError(
            f"{name}: unknown declaration(s) {', '.join(sorted(unknown))}; choose from "
            f"{', '.join(DECLARATIONS)}"
        )
    if behaves_like == "declared":
        behaves_like = _attribute(obj, "behaves_like", None if declared else "tau_eg")
    builtins = builtin_candidates()
    if behaves_like is not None and behaves_like not in builtins:
        raise ZiganError(
            f"{name}: unknown behaves_like {behaves_like!r}; choose one of "
            f"{', '.join(sorted(builtins))}, or None for a novel method"
        )
    cls = _torch_class(obj)
    if isinstance(obj, OptimizerInfo):
        candidate = Candidate(name, _info_factory(obj), behaves_like, declared=declared)
    elif isinstance(obj, TrainingLoop):  # NOTE: [training-loop harness]
        return loop_candidate(obj, name)
    elif cls is not None:
        built = functools.partial(obj, **hyperparameters) if hyperparameters else obj
        _check_torch_optim(name, built, cls)
        return Candidate(
            name, torch_optim_factory(built), behaves_like, torch_optim=built, declared=declared
        )
    elif callable(obj):
        make = functools.partial(obj, **hyperparameters) if hyperparameters else obj
        candidate = Candidate(name, make, behaves_like, declared=declared)
    else:
        raise ZiganError(
            f"{name} is neither a factory make(eta, tau), an OptimizerInfo nor a torch.optim class"
        )
    _check_factory(name, candidate.make)
    return candidate


def loop_candidate(loop: TrainingLoop, name: str = "training loop") -> Candidate:
    """A :class:`~zigan_verify.battery.TrainingLoop` as a candidate (NOTE: [training-loop
    harness]): built and stepped once here, so a factory or train_step that cannot run is a
    :class:`ZiganError`, not a failed check."""
    builtins = builtin_candidates()
    if loop.behaves_like not in builtins:
        raise ZiganError(
            f"{name}: unknown behaves_like {loop.behaves_like!r}; choose one of "
            f"{', '.join(sorted(builtins))}"
        )
    validate_loop(name, loop)
    return Candidate(name, loop_factory(loop), loop.behaves_like, loop=loop)


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


def _check_torch_optim(spec: str, build: Callable, cls: type) -> None:
    p = torch.nn.Parameter(torch.zeros(1))
    try:
        build(
            [{"params": [p], "lr": 0.025}, {"params": [torch.nn.Parameter(torch.zeros(1))]}], lr=0.1
        )
    except Exception as exc:  # noqa: BLE001 - a class the battery cannot build is a usage error
        raise ZiganError(
            f"{spec} cannot be built as {cls.__name__}(param_groups, lr=eta{_kwargs(build)}): "
            f"{type(exc).__name__}: {exc}"
        ) from None


def _kwargs(build) -> str:
    """``, momentum=0.5`` for a partial's keywords (empty for a bare class)."""
    keywords = getattr(build, "keywords", {})
    return "".join(f", {k}={v!r}" for k, v in keywords.items())
