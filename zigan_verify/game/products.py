r"""Batched products with a :class:`~zigan_verify.game.games.Game`'s Jacobian and player Hessians on
one retained double-backward graph, and the dense Jacobian built from them in memory-bounded
chunks (004 App. B).

NOTE: [products on a retained graph]
At a point ``omega`` the reverse-mode ``v = (grad_theta L_G, grad_phi L_D)`` is built once with
``create_graph=True`` (004 App. B, Pearlmutter 1994). Then

* ``U J`` (rows of ``J``, i.e. ``J^T u``) is one backward pass through that graph per vector
  (``torch.autograd.grad(v, omega, u)``), and a block of vectors is one batched backward
  (``is_grads_batched=True``: ``torch.func.vmap`` over the same graph);
* ``S_1 u = grad(grad_theta L_G, theta, u)`` and ``S_2 u`` likewise, on the player's own leaf, so
  only that player's part of the graph is traversed (``S_i`` is symmetric: ``S_i^T u = S_i u``).

One such product costs about one evaluation of ``v`` (the 004 authors' ``JacobianVectorProduct``
route), where the forward-over-reverse ``J u`` of :meth:`Game.jacobian_product` costs 2.6-3.7
(issue 27). ``J^T`` has the spectrum of ``J``, and an eigenpair ``(lambda, y)`` of ``J^T`` with
residual ``r`` makes ``lambda`` an exact eigenvalue of ``J + E`` with ``||E|| = ||r||``, the same
backward-error statement as a right eigenpair (:mod:`zigan_verify.analysis.certified_spectrum`).

A game with a closed-form ``linearize`` (quadratic games, the ZI-GAN's App. B.3 product) keeps
its own ``u -> J u``, applied vector by vector; a graph that ``vmap`` cannot batch falls back to
one backward per vector.

NOTE: [chunked dense Jacobian]
:func:`dense_block` builds ``J`` (or ``S_1``, ``S_2``) row block by row block: ``c`` rows cost one
batched backward whose memory grows with ``c`` times the graph's saved activations (which grow
with the data: ``jacfwd`` over all ``dim`` tangents at once needed 8 GB on the 602-parameter MoG
game at n = 2,000). ``c`` is chosen so that ``c`` copies of the saved tensors fit ``mem_bytes``
(default :data:`CHUNK_BYTES`).

Public: :class:`GameProducts`, :func:`dense_block`, :data:`CHUNK_BYTES`.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import torch

from zigan_verify._errors import ZiganError, check_choice

__all__ = ["CHUNK_BYTES", "GameProducts", "dense_block"]

# memory for one batched backward of a dense build: c copies of the saved activations (times
# BACKWARD_COPIES for the intermediates of the backward itself) fit in this many bytes
CHUNK_BYTES = 512 * 2**20
BACKWARD_COPIES = 4
MAX_CHUNK = 256
UNKNOWN_CHUNK = 16  # when the graph's size cannot be measured (torch.func inside a loss)


class GameProducts:
    """Products with ``J^T`` (or ``J``), ``S_1``, ``S_2`` of ``game`` at ``omega``, vectors batched.

    ``apply(block, U)`` takes ``U`` of shape ``(b, size)`` and returns ``(b, size)``: rows
    ``U M^T`` of the block's operator ``M`` -- ``J^T`` when :attr:`transposed` (a retained graph),
    else ``J`` (a closed-form ``linearize``); ``S_1``, ``S_2`` either way (NOTE: [products on a
    retained graph]). :attr:`count` counts vectors, :attr:`saved_bytes` the graph's saved tensors.
    """

    def __init__(self, game, omega: torch.Tensor, *, device=None) -> None:
        from zigan_verify._runtime import current_device, on_device

        self.game = game
        self.device = device or current_device()
        self.omega = on_device(game._check(omega), self.device)
        self.n = game.n_theta
        self.count = 0
        self.saved_bytes = 0
        self.cache: dict = {}  # solver results per question, shared by the spectra of one point
        self._batched = True
        self.transposed = game._linearize is None
        with self._on_device():
            if self.transposed:
                self._build_graph()
            else:
                self._Ju = game.jacobian_product(self.omega)

    @contextmanager
    def _on_device(self):
        """torch's device mismatch as one line naming the game (NOTE: [one device for the
        products])."""
        try:
            yield
        except RuntimeError as exc:
            if self.device.type == "cpu" or "device" not in str(exc):
                raise
            raise ZiganError(
                f"{self.game.name}: its tensors are not on {self.device} "
                f"({str(exc).splitlines()[0]})"
            ) from None

    def _build_graph(self) -> None:
        game, n = self.game, self.n
        theta = self.omega[:n].detach().clone().requires_grad_(True)
        phi = self.omega[n:].detach().clone().requires_grad_(True)
        sizes = []

        def pack(t):
            sizes.append(t.numel() * t.element_size())
            return t

        def build():
            w = torch.cat([theta, phi])
            if game.f is not None:
                g_th, g_ph = _grads(game.f(w), (theta, phi))
                return g_th, -g_ph
            return _grads(game.L_G(w), (theta,))[0], _grads(game.L_D(w), (phi,))[0]

        with torch.enable_grad():
            try:
                with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
                    g_th, g_ph = build()
                self.saved_bytes = int(sum(sizes))
            except RuntimeError as exc:  # torch.func inside the loss (WGAN-GP): no hooks there
                if "saved tensor hooks" not in str(exc):
                    raise
                g_th, g_ph = build()
                self.saved_bytes = -1  # unknown: chunk() falls back to UNKNOWN_CHUNK
        self.theta, self.phi, self.g_th, self.g_ph = theta, phi, g_th, g_ph
        self.v = torch.cat([g_th, g_ph]).detach()

    def size(self, block: str) -> int:
        return {"J": self.game.dim, "G": self.n, "D": self.game.dim - self.n}[block]

    def apply(self, block: str, U: torch.Tensor) -> torch.Tensor:
        """``U M^T`` for a block of row vectors ``U`` (``(b, size)``) of the block's operator."""
        check_choice("block", block, ("J", "G", "D"))
        U = torch.as_tensor(U, dtype=torch.float64).to(self.device)
        if U.ndim == 1:
            return self.apply(block, U[None])[0]
        self.count += U.shape[0]
        with self._on_device():
            return self._apply(block, U)

    def _apply(self, block: str, U: torch.Tensor) -> torch.Tensor:
        if not self.transposed:
            return torch.stack([self._linear(block, u) for u in U])
        outs, ins, grads = self._graph(block, U)
        if self._batched and U.shape[0] > 1:
            try:
                return self._backward(outs, ins, grads, batched=True)
            except RuntimeError:  # an op vmap cannot batch: one backward per vector
                self._batched = False
        return torch.stack(
            [self._backward(outs, ins, tuple(g[i] for g in grads)) for i in range(U.shape[0])]
        )

    def _graph(self, block, U):
        n = self.n
        if block == "J":
            return (self.g_th, self.g_ph), (self.theta, self.phi), (U[:, :n], U[:, n:])
        if block == "G":
            return (self.g_th,), (self.theta,), (U,)
        return (self.g_ph,), (self.phi,), (U,)

    def _backward(self, outs, ins, grads, batched: bool = False) -> torch.Tensor:
        live = [(o, g) for o, g in zip(outs, grads, strict=True) if o.requires_grad]
        shape = (grads[0].shape[0],) if batched else ()
        if not live:  # a loss that does not depend on the parameters: a zero block
            return torch.zeros(*shape, sum(t.numel() for t in ins), dtype=torch.float64)
        got = torch.autograd.grad(
            [o for o, _ in live],
            ins,
            [g for _, g in live],
            retain_graph=True,
            allow_unused=True,
            is_grads_batched=batched,
        )
        parts = [
            torch.zeros(*shape, t.numel(), dtype=torch.float64, device=t.device) if g is None else g
            for g, t in zip(got, ins, strict=True)
        ]
        return torch.cat(parts, dim=-1).detach()

    def _linear(self, block: str, u: torch.Tensor) -> torch.Tensor:
        n, dim = self.n, self.game.dim
        if block == "J":
            return self._Ju(u)
        full = torch.zeros(dim, dtype=torch.float64, device=u.device)
        if block == "G":
            full[:n] = u
            return self._Ju(full)[:n]
        full[n:] = u
        return self._Ju(full)[n:]

    def chunk(self, mem_bytes: int = CHUNK_BYTES) -> int:
        """Vectors per batched product so that a batch fits ``mem_bytes`` (NOTE: [chunked dense
        Jacobian])."""
        if self.saved_bytes < 0:
            return UNKNOWN_CHUNK
        per = max(1, BACKWARD_COPIES * self.saved_bytes)
        return int(min(MAX_CHUNK, max(1, mem_bytes // per)))


def _grads(loss: torch.Tensor, leaves: tuple) -> tuple[torch.Tensor, ...]:
    """``d loss / d leaf`` with ``create_graph``; a leaf the loss does not use gets zeros."""
    if not isinstance(loss, torch.Tensor) or loss.numel() != 1:
        raise ZiganError("a player loss must return a scalar tensor")
    if not loss.requires_grad:
        return tuple(torch.zeros_like(t) for t in leaves)
    got = torch.autograd.grad(loss, leaves, create_graph=True, allow_unused=True)
    return tuple(torch.zeros_like(t) if g is None else g for g, t in zip(got, leaves, strict=True))


def dense_block(
    game, omega, block: str = "J", *, products: GameProducts | None = None, mem_bytes=CHUNK_BYTES
) -> np.ndarray:
    """The dense ``J`` (``block="J"``), ``S_1`` (``"G"``) or ``S_2`` (``"D"``) of ``game`` at
    ``omega``, built in chunks of rows (NOTE: [chunked dense Jacobian]); float64 numpy."""
    P = products or GameProducts(game, omega)
    size = P.size(block)
    c = P.chunk(mem_bytes)
    out = np.empty((size, size))
    for start in range(0, size, c):
        stop = min(size, start + c)
        E = torch.zeros(stop - start, size, dtype=torch.float64, device=P.device)
        E[torch.arange(stop - start), torch.arange(start, stop)] = 1.0
        rows = P.apply(block, E).cpu().numpy()  # rows e_i^T J, or columns J e_i
        if P.transposed:
            out[start:stop] = rows
        else:
            out[:, start:stop] = rows.T
    return out
