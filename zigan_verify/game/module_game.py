"""A user's torch.nn.Module generator and discriminator as a :class:`~zigan_verify.game.games.Game` (NOTE: [module layout]): the NSGAN and WGAN-GP losses of 004 App. C, packing trained modules into a point and back, and the checks that turn a user's mistakes into one clear line or a warning."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cached_property

import torch
from torch.func import functional_call, grad

from zigan_verify._errors import ZiganError, check_choice, check_finite
from zigan_verify.game.games import Game

__all__ = [
    "ModuleGame",
    "ModuleLayout",
    "module_game",
    "nsgan_losses",
    "wgan_gp_losses",
]


# ----- a user's torch.nn.Module generator and discriminator -----
@dataclass(frozen=True)
class ModuleLayout:
    """Where each parameter of a module sits in a flat vector (NOTE: [module layout]).

    NOTE: [module layout]
    The order is ``module.named_parameters()``; each entry is ``(name, shape, slice)``. The game's
    ``theta`` is the generator's flat vector and ``phi`` the discriminator's, so
    ``omega = (theta, phi)`` (NOTE: [game layout]).
    """

    names: tuple[str, ...]
    shapes: tuple[torch.Size, ...]
    slices: tuple[slice, ...]

    @classmethod
    def of(cls, module: torch.nn.Module) -> ModuleLayout:
        names, shapes, slices, start = [], [], [], 0
        for name, p in module.named_parameters():
            names.append(name)
            shapes.append(p.shape)
            slices.append(slice(start, start + p.numel()))
            start += p.numel()
        if not names:
            raise ZiganError(f"{type(module).__name__} has no parameters")
        return cls(tuple(names), tuple(shapes), tuple(slices))

    @property
    def size(self) -> int:
        return self.slices[-1].stop

    def unflatten(self, flat: torch.Tensor) -> dict[str, torch.Tensor]:
        return {
            n: flat[s].view(shape)
            for n, shape, s in zip(self.names, self.shapes, self.slices, strict=True)
        }

    def flatten(self, module: torch.nn.Module) -> torch.Tensor:
        return torch.cat(
            [p.detach().reshape(-1).to(torch.float64) for _, p in module.named_parameters()]
        )


def nsgan_losses():
    r"""Non-saturating GAN (Goodfellow et al. 2014; 004 §5): with logits ``D``,
    :math:`L_D = E\,\mathrm{softplus}(-D(x)) + E\,\mathrm{softplus}(D(G(z)))`,
    :math:`L_G = E\,\mathrm{softplus}(-D(G(z)))`."""
    sp = torch.nn.functional.softplus

    def loss_G(G, D, x, z):
        return sp(-D(G(z))).mean()

    def loss_D(G, D, x, z):
        return sp(-D(x)).mean() + sp(D(G(z))).mean()

    return loss_G, loss_D


def _safe_norm(sq: torch.Tensor) -> torch.Tensor:
    """``sqrt(sq)`` exactly, with every derivative taken as 0 where ``sq = 0``.

    NOTE: [gradient-penalty norm]
    The penalty ``(||g|| - 1)^2 = ||g||^2 - 2 ||g|| + 1`` of ``g = grad_x D`` has a kink where
    ``g = 0``: there it is not differentiable in ``phi`` (the ``-2 ||g||`` term), and near it its
    second derivative grows like ``1 / ||g||``. An ``eps`` inside the root, ``sqrt(||g||^2 + eps)``,
    changes the value and turns the kink into curvature ``~ 1 / sqrt(eps)`` (``1e15`` for
    ``eps = 1e-30``) that would dominate a top-k spectrum. The double ``where`` keeps the exact
    value, and at ``g = 0`` uses the derivatives of the smooth part ``||g||^2 + 1`` (the norm
    contributes 0: a subgradient), without evaluating ``sqrt'`` at 0 (``inf * 0 = nan`` in
    forward-over-reverse). Where ``g != 0`` every derivative is the exact one.
    """
    pos = sq > 0
    return torch.where(pos, torch.where(pos, sq, torch.ones_like(sq)).sqrt(), torch.zeros_like(sq))


def wgan_gp_losses(gp_weight: float, epsilon: torch.Tensor):
    r"""WGAN-GP (Gulrajani et al. 2017; 004 App. C.1): :math:`L_D = E D(G(z)) - E D(x) +
    \lambda E(\|\nabla_{\hat x}D(\hat x)\| - 1)^2`, :math:`L_G = -E D(G(z))`, with
    :math:`\hat x = \epsilon x + (1-\epsilon)G(z)` for a fixed ``epsilon`` (one per sample, shaped
    to broadcast against ``x``), so the loss is a fixed function of ``omega`` (the full-batch game)."""

    def loss_G(G, D, x, z):
        return -D(G(z)).mean()

    def loss_D(G, D, x, z):
        fake = G(z)
        xhat = epsilon * x + (1 - epsilon) * fake
        gx = grad(lambda t: D(t).sum())(xhat)
        norms = _safe_norm(gx.reshape(x.shape[0], -1).pow(2).sum(1))
        return D(fake).mean() - D(x).mean() + gp_weight * ((norms - 1) ** 2).mean()

    return loss_G, loss_D


class ModuleGame(Game):
    """A :class:`Game` of a user's generator and discriminator modules; see :func:`module_game`."""

    def __init__(self, generator, discriminator, loss_G, loss_D, data, latents, name):
        for label, module in (("generator", generator), ("discriminator", discriminator)):
            _check_eval_mode(label, module)
        # float64 copies: the user's modules are never modified (NOTE: [float64 verification])
        self.generator = copy.deepcopy(generator).to(torch.float64)
        self.discriminator = copy.deepcopy(discriminator).to(torch.float64)
        self.layout_G, self.layout_D = (
            ModuleLayout.of(self.generator),
            ModuleLayout.of(self.discriminator),
        )
        self.data, self.latents = data, latents
        self.loss_G, self.loss_D = loss_G, loss_D
        n = self.layout_G.size

        def players(w):
            G = lambda z: functional_call(self.generator, self.layout_G.unflatten(w[:n]), (z,))  # noqa: E731
            D = lambda x: functional_call(self.discriminator, self.layout_D.unflatten(w[n:]), (x,))  # noqa: E731
            return G, D

        def L_G(w):
            return loss_G(*players(w), self.data, self.latents)

        def L_D(w):
            return loss_D(*players(w), self.data, self.latents)

        super().__init__(L_G, L_D, n_theta=n, dim=n + self.layout_D.size, name=name)

    @cached_property
    def initial_point(self) -> torch.Tensor:
        """``omega`` of the modules' current parameters."""
        return torch.cat(
            [self.layout_G.flatten(self.generator), self.layout_D.flatten(self.discriminator)]
        )

    def pack(self, generator: torch.nn.Module, discriminator: torch.nn.Module) -> torch.Tensor:
        """``omega = (theta, phi)`` of a (trained) generator and discriminator with this game's
        architecture (NOTE: [module layout]); the inverse of :meth:`unpack`."""
        parts = []
        for label, module, layout in (
            ("generator", generator, self.layout_G),
            ("discriminator", discriminator, self.layout_D),
        ):
            if not isinstance(module, torch.nn.Module):
                raise ZiganError(f"pack: {label} must be an nn.Module, got {type(module).__name__}")
            got = ModuleLayout.of(module)
            if (got.names, got.shapes) != (layout.names, layout.shapes):
                raise ZiganError(
                    f"pack: the {label}'s parameters differ from the game's "
                    f"({len(got.names)} tensors, {got.size} numbers vs {len(layout.names)}, "
                    f"{layout.size}); pass (generator, discriminator) in that order"
                )
            parts.append(layout.flatten(module))
        return torch.cat(parts)

    def unpack(self, omega) -> tuple[torch.nn.Module, torch.nn.Module]:
        """Float64 copies of the generator and discriminator with the parameters of ``omega``
        (e.g. to sample from the point a diagnosis was made at)."""
        omega = self.as_point(omega)
        out = []
        for module, part in zip(
            (self.generator, self.discriminator), self.split(omega), strict=True
        ):
            copy_ = copy.deepcopy(module)
            with torch.no_grad():
                torch.nn.utils.vector_to_parameters(part.clone(), list(copy_.parameters()))
            out.append(copy_)
        return out[0], out[1]

    def as_point(self, omega, name: str = "point") -> torch.Tensor:
        """:meth:`Game.as_point`, and a warning when ``omega`` reads better as ``(phi, theta)``
        (NOTE: [swapped point])."""
        omega = super().as_point(omega, name)
        _warn_if_swapped(self, omega, name)
        return omega

    def fields(self, points: torch.Tensor, batch: int = 16) -> torch.Tensor:
        """``v`` at each row of ``points`` by plain reverse mode on the float64 module copies
        (NOTE: [eager game field]); ``batch`` is unused (kept for :meth:`Game.fields`)."""
        points = torch.as_tensor(points, dtype=torch.float64)
        return torch.stack([self._eager_v(p) for p in points])

    @cached_property
    def _eager_modules(self) -> tuple[torch.nn.Module, torch.nn.Module]:
        """Copies whose parameters :meth:`_eager_v` overwrites (the game's own stay as built);
        every parameter is a variable of the game, frozen (``requires_grad=False``) or not."""
        copies = copy.deepcopy(self.generator), copy.deepcopy(self.discriminator)
        for module in copies:
            module.requires_grad_(True)
        return copies

    def _eager_v(self, omega: torch.Tensor) -> torch.Tensor:
        """NOTE: [eager game field]
        The route of a plain training script (and of 004's ``compute_path_stats``): load
        ``omega`` into the module copies, one forward, ``torch.autograd.grad`` of each player's
        loss w.r.t. its own parameters. The generator's output on each input is computed once
        and shared by both losses (deterministic: the modules are in eval mode). Same numbers as
        :meth:`Game.v` (which stays the one that ``torch.func`` transforms), at a plain script's
        cost: no ``functional_call`` per evaluation.
        """
        gen, dis = self._eager_modules
        pg, pd = list(gen.parameters()), list(dis.parameters())
        n = self.n_theta
        with torch.no_grad():
            torch.nn.utils.vector_to_parameters(omega[:n], pg)
            torch.nn.utils.vector_to_parameters(omega[n:], pd)
        cache: dict[int, tuple] = {}

        def G(z):
            if id(z) not in cache:  # the input is kept alive beside its output: ids stay unique
                cache[id(z)] = (z, gen(z))
            return cache[id(z)][1]

        with torch.enable_grad():
            loss_g = self.loss_G(G, dis, self.data, self.latents)
            loss_d = self.loss_D(G, dis, self.data, self.latents)
            grads = _grads("generator", loss_g, pg, retain=True)
            grads += _grads("discriminator", loss_d, pd, retain=False)
        return torch.cat([g.reshape(-1) for g in grads]).detach()


def _grads(label: str, loss, params: list, *, retain: bool) -> list[torch.Tensor]:
    """``d loss / d params``; zeros where ``loss`` does not depend on them (``.detach()``)."""
    if not isinstance(loss, torch.Tensor) or loss.numel() != 1:
        got = tuple(loss.shape) if isinstance(loss, torch.Tensor) else type(loss).__name__
        raise ZiganError(f"the {label} loss must return a scalar tensor, got {got}")
    if not loss.requires_grad:  # e.g. torch.tensor(x.item()): no graph at all
        return [torch.zeros_like(p) for p in params]
    grads = torch.autograd.grad(loss, params, retain_graph=retain, allow_unused=True)
    return [torch.zeros_like(p) if g is None else g for p, g in zip(params, grads, strict=True)]


def _check_eval_mode(label: str, module) -> None:
    """Train-mode BatchNorm makes the loss a function of the batch's statistics (and updates
    buffers on every call), not a fixed function of ``omega``: one clear error."""
    if not isinstance(module, torch.nn.Module):
        raise ZiganError(f"{label} must be a torch.nn.Module, got {type(module).__name__}")
    bn = torch.nn.modules.batchnorm._BatchNorm
    bad = [
        name or type(m).__name__
        for name, m in module.named_modules()
        if isinstance(m, bn) and m.training
    ]
    if bad:
        raise ZiganError(
            f"the {label} has BatchNorm in train mode ({', '.join(bad[:3])}): call .eval() on it "
            "before building the game (the landscape is that of a fixed function of omega)"
        )


# NOTE: [swapped point]
# A point built as (phi, theta) has the right length. When the players' sizes differ, reading it
# back as (theta, phi) puts every tensor at the wrong offset, so it is far from the modules' own
# parameters (the game's initial point) while its swapped reading is near them. We warn when the
# swapped reading is closer by SWAP_RATIO (a heuristic: it can only warn, never refuse).
SWAP_RATIO = 0.5


def _warn_if_swapped(game: ModuleGame, omega: torch.Tensor, name: str) -> None:
    import warnings

    n_theta, n_phi = game.n_theta, game.n_phi
    if n_theta == n_phi:
        return
    ref = game.initial_point
    swapped = torch.cat([omega[n_phi:], omega[:n_phi]])  # read (phi, theta) as written
    plain = float(torch.linalg.vector_norm(omega - ref))
    other = float(torch.linalg.vector_norm(swapped - ref))
    if plain > 0 and other < SWAP_RATIO * plain:
        warnings.warn(
            f"{name} looks concatenated as (phi, theta): read as (phi, theta) it is {other:.3g} "
            f"from the modules' parameters, as (theta, phi) {plain:.3g}; the generator comes first "
            "(use game.pack(G, D))",
            UserWarning,
            stacklevel=3,
        )


def _warn_degenerate(game: ModuleGame) -> None:
    """NOTE: [module game warnings]
    Warnings (not errors: the game is still well defined) for a game that is probably not the
    one meant: a discriminator with more than one output per sample, and a player loss whose
    gradient w.r.t. its own parameters is exactly zero at the initial point (a loss built with
    ``.detach()`` / ``.item()``: then that player's Hessian block is zero and every verdict is
    about a different game)."""
    import warnings

    x = game.data[:2]
    with torch.no_grad():
        out = game.discriminator(x)
    if not isinstance(out, torch.Tensor) or out.ndim == 0 or out[0].numel() != 1:
        shape = tuple(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
        warnings.warn(
            f"the discriminator returns {shape} for 2 samples, not one value per sample: the "
            "losses average over all outputs",
            UserWarning,
            stacklevel=3,
        )
    v = game._eager_v(game.initial_point)
    for label, part in (("generator", v[: game.n_theta]), ("discriminator", v[game.n_theta :])):
        if not bool(part.any()):
            warnings.warn(
                f"the {label} loss has zero gradient w.r.t. the {label}'s parameters at the "
                "initial point (built with .detach() or .item()?): its Hessian block is zero",
                UserWarning,
                stacklevel=3,
            )


def module_game(
    generator: torch.nn.Module,
    discriminator: torch.nn.Module,
    *,
    data: torch.Tensor,
    latents: torch.Tensor,
    losses="nsgan",
    subset: int | None = None,
    seed: int = 0,
    gp_weight: float = 1e-3,
    name: str | None = None,
) -> ModuleGame:
    """Wrap a user's ``nn.Module`` generator and discriminator as a :class:`Game` (full batch).

    Args:
        generator: maps latents ``(n, ...)`` to samples shaped like ``data``.
        discriminator: maps samples to one logit / critic value per sample.
        data: real samples (all of them: full batch), or ``subset`` rows of a seeded permutation.
        latents: presampled latents, one per data row (the game is a fixed function of ``omega``).
        losses: ``"nsgan"``, ``"wgan_gp"`` (weight ``gp_weight``) or a pair
            ``(loss_G, loss_D)`` of functions ``(G, D, x, z) -> scalar`` where ``G``, ``D`` are the
            modules as functions of their inputs at the current ``omega``.
        subset: evaluate the losses on this many rows only (004 App. B: "a subset of the dataset").
        seed: seed of the subset (and of the WGAN-GP interpolation).

    Examples:
        >>> import torch
        >>> torch.manual_seed(0)  # doctest: +ELLIPSIS
        <torch._C.Generator object at ...>
        >>> G, D = torch.nn.Linear(1, 1), torch.nn.Linear(1, 1)
        >>> game = module_game(G, D, data=torch.randn(8, 1), latents=torch.randn(8, 1))
        >>> game.n_theta, game.dim, tuple(game.v(game.initial_point).shape)
        (2, 4, (4,))
    """
    data = torch.as_tensor(data).to(torch.float64)
    latents = torch.as_tensor(latents).to(torch.float64)
    check_finite("data", data)
    check_finite("latents", latents)
    if latents.shape[0] != data.shape[0]:
        raise ZiganError(
            f"need one latent per data row, got {latents.shape[0]} and {data.shape[0]}"
        )
    if subset is not None:
        if not 1 <= subset <= data.shape[0]:
            raise ZiganError(f"subset must be in [1, {data.shape[0]}], got {subset}")
        idx = torch.randperm(data.shape[0], generator=torch.Generator().manual_seed(seed))[:subset]
        data, latents = data[idx], latents[idx]
    if isinstance(losses, str):
        check_choice("losses", losses, ("nsgan", "wgan_gp"))
        if losses == "nsgan":
            pair = nsgan_losses()
        else:
            gen = torch.Generator().manual_seed(seed)
            shape = (data.shape[0],) + (1,) * (data.ndim - 1)
            pair = wgan_gp_losses(gp_weight, torch.rand(shape, generator=gen, dtype=torch.float64))
        label = losses
    else:
        pair, label = tuple(losses), "custom"
        if len(pair) != 2 or not all(callable(p) for p in pair):
            raise ZiganError(
                "losses must be 'nsgan', 'wgan_gp' or a pair (loss_G, loss_D) of functions"
            )
    game = ModuleGame(
        generator, discriminator, *pair, data, latents, name or f"module GAN ({label})"
    )
    _warn_degenerate(game)
    return game
