r"""The training-loop harness: drive a torch.optim-style optimizer the way GAN training code does.

NOTE: [training-loop harness]
The battery's checks speak of a flat iterate ``z = (x, y)`` and the saddle operator ``F``. Here
the two players are ``nn.Module``\ s (:class:`Player`): the min player's ``x`` is spread over a
generator's parameter tensors and the max player's ``y`` over a discriminator's, each a weight
matrix and a bias vector of different shapes (NOTE: [player layout]). One step of the map
``z -> z'`` writes ``z`` into the parameters, runs a *training step* and reads the parameters
back, so the theory's predictions for ``z`` (radii, iterates) carry over unchanged.

The gradients come from ``loss.backward()`` through autograd. On a game with a potential ``f``
(:class:`PotentialGame`, the conditions' quadratic game) the losses are the GAN losses
``f(G(), D().detach())`` and ``-f(G().detach(), D())``: each reaches only its own player's
parameters, as ``D(G(z).detach())`` does in GAN code. Where a check only has ``F`` (the battery's
other instances), each player's loss is the linear surrogate
:math:`\langle \mathrm{sg}(F_{\text{player}}(z)), \theta_{\text{player}}\rangle`, whose gradient
is exactly that player's block of ``F``.

The default training step (:func:`default_train_step`) calls ``zero_grad(set_to_none=...)``,
``backward()``, ``extrapolation()`` when the optimizer has one (extragradient codebases) and then
``step()``, or (a condition of the matrix) ``step(closure)`` when ``step`` takes a closure (the
closure zeroes the gradients, re-evaluates the losses and calls ``backward()``, as torch's
contract asks). It drives one optimizer holding
both players' parameter groups, or two optimizers (one per player) stepped simultaneously or
alternately (the max player answers the min player's new parameters).

A user supplies their own set-up as a :class:`TrainingLoop`: a factory
``make_optimizers(generator, discriminator, eta, tau)`` returning one optimizer or a
``(generator_optimizer, discriminator_optimizer)`` pair, and optionally their own
``train_step(optimizers, generator_loss, discriminator_loss)``; the battery then tests the
optimizer as that loop drives it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from zigan_verify._errors import ZiganError
from zigan_verify.optim.minimax import Optimizer, SaddleOperator

__all__ = [
    "LoopSettings",
    "LoopState",
    "Player",
    "PotentialGame",
    "TrainingLoop",
    "default_train_step",
    "loop_factory",
    "player_shapes",
]

Losses = Callable[[], torch.Tensor]


def player_shapes(n: int) -> list[tuple[int, ...]]:
    """NOTE: [player layout] ``n`` entries as a weight matrix and a bias vector of different
    shapes (one bias tensor when ``n = 1``): ``(1, 1) + (1,)`` for 2, ``(r, 2) + (n - 2r,)`` with
    ``r = (n - 1) // 2`` from 3 on; the entries of ``z`` fill the weight row-major, then the bias."""
    if n < 1:
        raise ZiganError(f"a player needs at least one parameter, got {n}")
    if n == 1:
        return [(1,)]
    if n == 2:
        return [(1, 1), (1,)]
    r = (n - 1) // 2
    return [(r, 2), (n - 2 * r,)]


class Player(nn.Module):
    """One player as a module: ``weight`` and ``bias`` (NOTE: [player layout]); ``forward()``
    returns its parameters as one flat vector (what the game's loss is a function of)."""

    def __init__(self, n: int, dtype: torch.dtype, device: torch.device | str = "cpu"):
        super().__init__()
        shapes = player_shapes(n)
        if len(shapes) == 2:
            self.weight = nn.Parameter(torch.zeros(shapes[0], dtype=dtype, device=device))
        self.bias = nn.Parameter(torch.zeros(shapes[-1], dtype=dtype, device=device))

    def forward(self) -> torch.Tensor:
        return torch.cat([p.reshape(-1) for p in self.parameters()])

    @torch.no_grad()
    def load(self, flat: torch.Tensor) -> None:
        """Write the flat vector ``flat`` into the parameters."""
        sizes = [p.numel() for p in self.parameters()]
        for p, chunk in zip(self.parameters(), torch.split(flat, sizes), strict=True):
            p.copy_(chunk.view_as(p))


@dataclass(frozen=True)
class PotentialGame:
    """A saddle operator with its potential: ``F(z) = (grad_x f, -grad_y f)``; the harness's
    losses are then the GAN losses ``f`` and ``-f`` through autograd."""

    potential: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
    operator: SaddleOperator

    @property
    def n_x(self) -> int:
        return self.operator.n_x

    def __call__(self, z: torch.Tensor) -> torch.Tensor:
        return self.operator(z)


def _losses(G: Player, D: Player, F) -> tuple[Losses, Losses]:
    """The generator's and discriminator's losses as closures over the current parameters."""
    f = getattr(F, "potential", None)
    if f is not None:
        return (lambda: f(G(), D().detach())), (lambda: -f(G().detach(), D()))

    def surrogate(own: Player, block: slice) -> torch.Tensor:
        z = torch.cat([G(), D()]).detach()
        return (F(z).detach()[block] * own()).sum()

    n_x = F.n_x
    return (lambda: surrogate(G, slice(0, n_x))), (lambda: surrogate(D, slice(n_x, None)))


def _accepts_closure(optimizer) -> bool:
    try:
        return "closure" in inspect.signature(optimizer.step).parameters
    except (TypeError, ValueError):
        return False


def _as_list(optimizers) -> list:
    return list(optimizers) if isinstance(optimizers, (list, tuple)) else [optimizers]


@dataclass(frozen=True)
class LoopSettings:
    """How the default training step drives the optimizers (one row of the conditions matrix).

    Attributes:
        set_to_none: the argument of every ``zero_grad`` call.
        closure: pass a closure to ``step`` when it takes one.
        layout: ``"two_groups"`` (one optimizer, one parameter group per player),
            ``"group_per_tensor"`` (one optimizer, one group per parameter tensor) or
            ``"two_optimizers"`` (one optimizer per player).
        schedule: ``"simultaneous"`` or ``"alternating"`` (two optimizers only: the max player
            steps after the min player, on its new parameters).
        lr_schedule: ``(step, factor)``: multiply every group's ``lr`` by ``factor`` before that
            step (a scheduler), or ``None``.
    """

    set_to_none: bool = True
    closure: bool = False
    layout: str = "two_groups"
    schedule: str = "simultaneous"
    lr_schedule: tuple[int, float] | None = None


def _zero(optimizers: Sequence, set_to_none: bool) -> None:
    for o in optimizers:
        o.zero_grad(set_to_none=set_to_none)


def _update(optimizers: Sequence, losses: Sequence[Losses], settings: LoopSettings) -> None:
    """One (extra)gradient update of ``optimizers`` from ``losses``, all at the current point."""

    @torch.enable_grad()  # also when step() calls it under no_grad, as many classes do
    def backward() -> torch.Tensor:
        _zero(optimizers, settings.set_to_none)
        total = sum(loss() for loss in losses)
        total.backward()
        return total.detach()

    backward()
    if all(hasattr(o, "extrapolation") for o in optimizers):
        for o in optimizers:
            o.extrapolation()
        backward()
    # a closure re-evaluates at the current point; with two optimizers stepped one after the
    # other it would see the other player's new parameters, so simultaneous pairs get none
    closure = settings.closure and (len(optimizers) == 1 or len(losses) == 1)
    for o in optimizers:
        if closure and _accepts_closure(o):
            o.step(backward)
        else:
            o.step()


def default_train_step(
    optimizers, generator_loss: Losses, discriminator_loss: Losses, settings: LoopSettings
) -> None:
    """One training step as GAN code writes it (NOTE: [training-loop harness])."""
    opts = _as_list(optimizers)
    if settings.schedule == "alternating":
        if len(opts) != 2:
            raise ZiganError("an alternating schedule needs two optimizers (one per player)")
        _update(opts[:1], [generator_loss], settings)
        _update(opts[1:], [discriminator_loss], settings)
    else:
        _update(opts, [generator_loss, discriminator_loss], settings)


def class_factory(cls: type, layout: str) -> Callable:
    """``make_optimizers(G, D, eta, tau)`` for a torch.optim-style class built as
    ``cls(param_groups, lr=eta)``, the min player's groups at ``lr = eta / tau``."""

    def make(G: Player, D: Player, eta: float, tau: float):
        if layout == "two_optimizers":
            return cls(list(G.parameters()), lr=eta / tau), cls(list(D.parameters()), lr=eta)
        if layout == "group_per_tensor":
            groups = [{"params": [p], "lr": eta / tau} for p in G.parameters()]
            groups += [{"params": [p], "lr": eta} for p in D.parameters()]
        else:
            groups = [
                {"params": list(G.parameters()), "lr": eta / tau},
                {"params": list(D.parameters()), "lr": eta},
            ]
        return cls(groups, lr=eta)

    return make


@dataclass(frozen=True)
class TrainingLoop:
    """A user's training set-up for the battery (NOTE: [training-loop harness]).

    Attributes:
        make_optimizers: ``(generator, discriminator, eta, tau) -> optimizer`` or
            ``(generator_optimizer, discriminator_optimizer)``; the min player (generator)
            should step with ``eta / tau``, the max player (discriminator) with ``eta``.
        train_step: ``(optimizers, generator_loss, discriminator_loss) -> None``, one training
            step as the user's loop takes it (``None``: the battery's
            :func:`default_train_step`); the losses are zero-argument callables returning the
            current scalar loss of each player.
        behaves_like: the built-in whose expectations apply.
        torch_class: the optimizer class, when the set-up was made from one
            (:meth:`from_class`): the conditions then vary the layout too.
    """

    make_optimizers: Callable
    train_step: Callable | None = None
    behaves_like: str = "tau_eg"
    torch_class: type | None = None

    @classmethod
    def from_class(cls, optimizer_class: type) -> TrainingLoop:
        """A torch.optim-style class built as ``cls(param_groups, lr=eta)``; the harness then
        chooses the layout (:class:`LoopSettings`) itself."""
        return cls(
            class_factory(optimizer_class, "two_groups"),
            behaves_like=getattr(optimizer_class, "behaves_like", "tau_eg"),
            torch_class=optimizer_class,
        )


@dataclass
class LoopState:
    """The live objects of one harness run: the players, the optimizer(s), the steps taken."""

    G: Player
    D: Player
    optimizers: Any
    settings: LoopSettings
    steps: int = 0

    def parameters(self) -> list[torch.Tensor]:
        return [*self.G.parameters(), *self.D.parameters()]

    def optimizer_list(self) -> list:
        return _as_list(self.optimizers)

    def state_tensors(self) -> list[torch.Tensor]:
        """The floating-point tensors of every optimizer's ``state`` (all entries but ``step``),
        in optimizer, parameter and key order (NOTE: [battery linearization])."""
        out = []
        for o in self.optimizer_list():
            for p in self.parameters():
                entry = o.state.get(p, {})
                for key in sorted(entry):
                    value = entry[key]
                    if key != "step" and isinstance(value, torch.Tensor):
                        if value.is_floating_point():
                            out.append(value)
        return out

    def z(self) -> torch.Tensor:
        return torch.cat([self.G(), self.D()]).detach().clone()


def _apply_lr_schedule(state: LoopState) -> None:
    schedule = state.settings.lr_schedule
    if schedule is not None and state.steps == schedule[0]:
        for o in state.optimizer_list():
            for group in o.param_groups:
                group["lr"] *= schedule[1]


def build_state(loop: TrainingLoop, settings: LoopSettings, eta, tau, z, n_x) -> LoopState:
    """Fresh players of ``z``'s dtype on ``z``'s device, and the optimizer(s) the loop's factory
    builds for them."""
    G, D = Player(n_x, z.dtype, z.device), Player(z.numel() - n_x, z.dtype, z.device)
    make = loop.make_optimizers
    if loop.torch_class is not None:
        make = class_factory(loop.torch_class, settings.layout)
    return LoopState(G, D, make(G, D, eta, tau), settings)


def loop_step(loop: TrainingLoop, state: LoopState, z: torch.Tensor, F) -> torch.Tensor:
    """Write ``z`` into the players, take one training step, return the new ``z``."""
    state.G.load(z[: F.n_x].to(state.G.bias))
    state.D.load(z[F.n_x :].to(state.D.bias))
    _apply_lr_schedule(state)
    g_loss, d_loss = _losses(state.G, state.D, F)
    if loop.train_step is not None:
        loop.train_step(state.optimizers, g_loss, d_loss)
    else:
        default_train_step(state.optimizers, g_loss, d_loss, state.settings)
    state.steps += 1
    return state.z()


def loop_factory(loop: TrainingLoop, settings: LoopSettings = LoopSettings()) -> Callable:
    """``make(eta, tau) -> Optimizer``: the loop as the battery's step interface (NOTE:
    [optimizer interface]); its state is a :class:`LoopState`, built on the first step (when
    ``F`` tells the min player's size)."""

    def make(eta: float, tau: float) -> Optimizer:
        def step(z: torch.Tensor, state: LoopState | None, F):
            if state is None:
                state = build_state(loop, settings, eta, tau, z, F.n_x)
            return loop_step(loop, state, z, F), state

        return Optimizer(lambda z: None, step)

    return make


def validate_loop(spec: str, loop: TrainingLoop) -> None:
    """Build the loop's optimizers for two small players and take one step: a factory or a
    train_step that cannot do that is a usage error (:class:`ZiganError`), not a failed check."""
    if not callable(loop.make_optimizers):
        raise ZiganError(
            f"{spec}: make_optimizers must be callable (generator, discriminator, eta, tau)"
        )
    z = torch.zeros(4, dtype=torch.float64)
    F = PotentialGame(lambda x, y: x @ y, _BILINEAR)
    try:
        state = build_state(loop, LoopSettings(), 0.1, 4.0, z, 2)
    except Exception as exc:  # noqa: BLE001 - a factory that cannot build is a usage error
        raise ZiganError(
            f"{spec}: make_optimizers(generator, discriminator, 0.1, 4.0) raised "
            f"{type(exc).__name__}: {exc}"
        ) from None
    for o in state.optimizer_list():
        if not (callable(getattr(o, "step", None)) and callable(getattr(o, "zero_grad", None))):
            raise ZiganError(
                f"{spec}: make_optimizers returned a {type(o).__name__}, not an optimizer (or a "
                "pair of them) with step() and zero_grad()"
            )
    try:
        loop_step(loop, state, z + 1, F)
    except Exception as exc:  # noqa: BLE001 - a loop that cannot take one step is a usage error
        raise ZiganError(f"{spec}: one training step raised {type(exc).__name__}: {exc}") from None


class _Bilinear:
    """``f = x^T y`` (two entries each): ``F = (y, -x)``, for :func:`validate_loop`."""

    n_x = 2

    def __call__(self, z: torch.Tensor) -> torch.Tensor:
        return torch.cat([z[2:], -z[:2]])


_BILINEAR = _Bilinear()
