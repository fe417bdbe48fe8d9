r"""The one two-player game type every landscape analysis takes (004 §3.2, eq. (3) and (5)).

.. math::
    \boldsymbol v(\boldsymbol\omega) = \begin{bmatrix}\nabla_\theta\mathcal L_G(\boldsymbol\omega)\\
        \nabla_\varphi\mathcal L_D(\boldsymbol\omega)\end{bmatrix},\qquad
    \nabla\boldsymbol v = \begin{bmatrix} S_1 & B\\ A & S_2\end{bmatrix}
    = \begin{bmatrix}\nabla^2_\theta\mathcal L_G & \nabla_\varphi\nabla_\theta\mathcal L_G\\
        \nabla_\theta\nabla_\varphi\mathcal L_D & \nabla^2_\varphi\mathcal L_D\end{bmatrix}

NOTE: [game layout]
``omega = (theta, phi)`` is one flat float64 vector, the generator (the *min* player of a zero-sum
game) first: ``omega[:n_theta]`` is ``theta`` and ``omega[n_theta:]`` is ``phi``. Each player
minimizes its own loss. A zero-sum game ``min_theta max_phi f`` is the special case
``L_G = f``, ``L_D = -f``; then ``v = (grad_theta f, -grad_phi f)`` is the saddle operator ``F`` of
000 §5.1 and ``grad v = DF``, so the existing problems (``ZIGANProblem.game()``,
``SymbolicGame.game()``, :func:`zigan_verify.analysis.jare.simple_gan.simple_gan_game`) are instances.

NOTE: [J u by forward-over-reverse]
``J u = d/dt v(omega + t u)`` is one ``torch.func.jvp`` through the reverse-mode ``v``; it never
forms ``J``. The player Hessians act through it too: ``S_1 u = (J (u, 0))_theta`` and
``S_2 u = (J (0, u))_phi``. A game may supply a closed-form ``linearize(omega) -> (u -> J u)``
instead (the ZI-GAN's App. B.3 product), which the same code then uses.

Public: the names in ``__all__``; the rest may change.

References:
    Berard et al., A Closer Look at the Optimization Landscapes of GANs (004), eq. (3), (5), (8)
    and App. B (Jacobian-vector products, Pearlmutter 1994).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from torch.func import grad, jvp

from zigan_verify import _moved
from zigan_verify._errors import ZiganError, check_choice, check_finite, check_shape
from zigan_verify.optim.minimax import SaddleOperator, saddle_operator

__all__ = [
    "Game",
    "quadratic_game",
    "sympy_game",
]

Loss = Callable[[torch.Tensor], torch.Tensor]


class Game:
    """A two-player game on ``omega = (theta, phi)`` (NOTE: [game layout]).

    Args:
        L_G: generator loss, a torch function of the flat ``omega``.
        L_D: discriminator loss, a torch function of the flat ``omega``.
        n_theta: size of ``theta`` (the generator / min player).
        dim: size of ``omega``.
        name: a label for reports.
        f: for a zero-sum game, ``f`` with ``L_G = f`` and ``L_D = -f`` (``v`` then costs one
            gradient); use :meth:`zero_sum`.
        linearize: optional closed form ``omega -> (u -> J u)`` (NOTE: [J u by forward-over-reverse]).

    Examples:
        >>> import torch
        >>> g = Game.zero_sum(lambda w: w[0] * w[1], n_theta=1, dim=2, name="bilinear")
        >>> g.v(torch.tensor([2.0, 3.0], dtype=torch.float64)).tolist()
        [3.0, -2.0]
        >>> (g.jacobian(torch.zeros(2, dtype=torch.float64)) + 0.0).tolist()
        [[0.0, 1.0], [-1.0, 0.0]]
    """

    def __init__(
        self,
        L_G: Loss,
        L_D: Loss,
        *,
        n_theta: int,
        dim: int,
        name: str = "game",
        f: Loss | None = None,
        linearize: Callable[[torch.Tensor], Callable[[torch.Tensor], torch.Tensor]] | None = None,
    ) -> None:
        if not 0 < n_theta < dim:
            raise ZiganError(f"need 0 < n_theta < dim, got n_theta={n_theta}, dim={dim}")
        self.L_G, self.L_D, self.f = L_G, L_D, f
        self.n_theta, self.dim, self.name = int(n_theta), int(dim), name
        self._linearize = linearize

    @classmethod
    def zero_sum(cls, f: Loss, *, n_theta: int, dim: int, name: str = "zero-sum", linearize=None):
        """``min_theta max_phi f``: ``L_G = f``, ``L_D = -f``."""
        return cls(
            f, lambda w: -f(w), n_theta=n_theta, dim=dim, name=name, f=f, linearize=linearize
        )

    @property
    def is_zero_sum(self) -> bool:
        return self.f is not None

    @property
    def n_phi(self) -> int:
        return self.dim - self.n_theta

    def _check(self, omega: torch.Tensor) -> torch.Tensor:
        omega = torch.as_tensor(omega, dtype=torch.float64)
        check_shape("omega", omega, (self.dim,))
        return omega

    def as_point(self, omega, name: str = "point") -> torch.Tensor:
        """``omega`` checked as a point of this game: a flat float64 tensor of size ``dim``, all
        finite. A ``state_dict`` (or any mapping) or a module is one clear :class:`ZiganError`."""
        if isinstance(omega, dict) or hasattr(omega, "keys"):
            raise ZiganError(
                f"{name} is a dict (a state_dict?); give the flat vector omega = (theta, phi), "
                "e.g. game.pack(G, D)"
            )
        if isinstance(omega, torch.nn.Module):
            raise ZiganError(f"{name} is a module; give the flat vector, e.g. game.pack(G, D)")
        try:
            omega = torch.as_tensor(omega, dtype=torch.float64)
        except (TypeError, ValueError, RuntimeError) as exc:
            raise ZiganError(f"{name} is not a vector of numbers: {exc}") from None
        check_shape(name, omega, (self.dim,))
        check_finite(name, omega)
        return omega

    def split(self, omega: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``(theta, phi)`` views of ``omega``."""
        return omega[: self.n_theta], omega[self.n_theta :]

    # ----- the vector field (3) and its Jacobian (5) -----
    def v(self, omega: torch.Tensor) -> torch.Tensor:
        """The game vector field ``(grad_theta L_G, grad_phi L_D)`` (004 eq. (3))."""
        omega = self._check(omega)
        n = self.n_theta
        if self.f is not None:  # one gradient of f, the phi half negated
            g = grad(self.f)(omega)
            return torch.cat([g[:n], -g[n:]])

        def on_parts(loss):
            return lambda th, ph: loss(torch.cat([th, ph]))

        th, ph = self.split(omega)
        return torch.cat(
            [
                grad(on_parts(self.L_G), argnums=0)(th, ph),
                grad(on_parts(self.L_D), argnums=1)(th, ph),
            ]
        )

    def fields(self, points: torch.Tensor, batch: int = 16) -> torch.Tensor:
        """``v`` at each row of ``points`` (shape ``(m, dim)``), ``batch`` rows per
        ``torch.func.vmap`` call (NOTE: [batched path points] in :mod:`zigan_verify.analysis.path_angle`);
        a loss that cannot be vmapped falls back to one :meth:`v` per row."""
        points = torch.as_tensor(points, dtype=torch.float64)
        try:
            return torch.func.vmap(self.v, chunk_size=batch)(points)
        except Exception:  # noqa: BLE001 - any vmap failure of user code: the plain loop decides
            return torch.stack([self.v(p) for p in points])

    @property
    def operator(self) -> SaddleOperator:
        """``v`` for the optimizers (NOTE: [optimizer interface]); ``F`` when zero-sum."""
        return saddle_operator(self.v, self.n_theta)

    def jacobian_product(self, omega: torch.Tensor) -> Callable[[torch.Tensor], torch.Tensor]:
        """``u -> J(omega) u`` (NOTE: [J u by forward-over-reverse])."""
        omega = self._check(omega)
        if self._linearize is not None:
            return self._linearize(omega)
        return lambda u: jvp(self.v, (omega,), (torch.as_tensor(u, dtype=torch.float64),))[1]

    def jvp(self, omega: torch.Tensor, u: torch.Tensor) -> torch.Tensor:
        """``J(omega) u``."""
        return self.jacobian_product(omega)(u)

    def player_hessian_product(self, omega: torch.Tensor, player: str):
        """``u -> S_1 u`` (``player="G"``, ``u`` of size ``n_theta``) or ``u -> S_2 u`` (``"D"``)."""
        check_choice("player", player, ("G", "D"))
        Ju, n = self.jacobian_product(omega), self.n_theta

        def apply(u):
            u = torch.as_tensor(u, dtype=torch.float64)
            full = torch.zeros(self.dim, dtype=torch.float64, device=u.device)
            if player == "G":
                full[:n] = u
                return Ju(full)[:n]
            full[n:] = u
            return Ju(full)[n:]

        return apply

    def jacobian(self, omega: torch.Tensor) -> torch.Tensor:
        """Dense ``J = grad v``, built in memory-bounded chunks of rows, one batched backward each
        on a retained graph (NOTE: [chunked dense Jacobian] in :mod:`zigan_verify.game.products`)."""
        from zigan_verify.game.products import dense_block

        return torch.from_numpy(dense_block(self, self._check(omega)))

    def blocks(self, omega: torch.Tensor) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(S_1, B, A, S_2)`` of eq. (5), dense."""
        J = self.jacobian(omega).detach().numpy()
        n = self.n_theta
        return J[:n, :n], J[:n, n:], J[n:, :n], J[n:, n:]


# ----- quadratic games (004 eq. (8)) -----
def quadratic_game(S1, B, A, S2, omega_star=None, *, name: str = "quadratic") -> Game:
    r"""The game of 004 eq. (8): :math:`v(\omega) = [[S_1, B], [A, S_2]](\omega - \omega^*)`.

    ``L_G = (theta-theta*)^T S_1 (theta-theta*)/2 + (theta-theta*)^T B (phi-phi*)`` and
    ``L_D = (phi-phi*)^T S_2 (phi-phi*)/2 + (phi-phi*)^T A (theta-theta*)``; ``S_1``, ``S_2`` must
    be symmetric (they are player Hessians).
    """
    S1, B, A, S2 = (torch.as_tensor(np.atleast_2d(M), dtype=torch.float64) for M in (S1, B, A, S2))
    n, m = S1.shape[0], S2.shape[0]
    for label, M, shape in (
        ("S1", S1, (n, n)),
        ("B", B, (n, m)),
        ("A", A, (m, n)),
        ("S2", S2, (m, m)),
    ):
        check_shape(label, M, shape)
        check_finite(label, M)
    for label, M in (("S1", S1), ("S2", S2)):
        if not torch.allclose(M, M.T, rtol=0, atol=0):
            raise ZiganError(f"{label} must be symmetric (a player's Hessian)")
    star = torch.zeros(n + m, dtype=torch.float64) if omega_star is None else omega_star
    star = torch.as_tensor(star).to(torch.float64)
    check_shape("omega_star", star, (n + m,))

    def L_G(w):
        d = w - star
        return 0.5 * d[:n] @ S1 @ d[:n] + d[:n] @ B @ d[n:]

    def L_D(w):
        d = w - star
        return 0.5 * d[n:] @ S2 @ d[n:] + d[n:] @ A @ d[:n]

    J = torch.cat([torch.cat([S1, B], 1), torch.cat([A, S2], 1)])
    game = Game(L_G, L_D, n_theta=n, dim=n + m, name=name, linearize=lambda w: lambda u: J @ u)
    game.omega_star, game.J = star, J
    return game


# ----- symbolic games -----
def sympy_game(L_G, L_D, theta, phi, *, name: str = "sympy") -> Game:
    """A :class:`Game` from SymPy losses in the symbols ``theta`` and ``phi`` (lambdified to torch)."""
    import sympy as sp

    syms = tuple(theta) + tuple(phi)

    def floats(e):  # constant sub-expressions such as log(2): torch functions need tensors
        if e.is_number:
            return e if e.is_Integer else sp.Float(e.evalf(17), 17)
        return e.func(*map(floats, e.args)) if e.args else e

    def as_torch(expr):
        fn = sp.lambdify(syms, floats(sp.sympify(expr)), modules="torch")
        return lambda w: torch.as_tensor(fn(*w.unbind()), dtype=torch.float64) + 0 * w.sum()

    return Game(as_torch(L_G), as_torch(L_D), n_theta=len(theta), dim=len(syms), name=name)


# NOTE: [moved modules]: names that moved out of this module in 0.2
__getattr__ = _moved.forward(
    __name__,
    {
        "ModuleGame": "zigan_verify.game.module_game",
        "ModuleLayout": "zigan_verify.game.module_game",
        "module_game": "zigan_verify.game.module_game",
        "nsgan_losses": "zigan_verify.game.module_game",
        "wgan_gp_losses": "zigan_verify.game.module_game",
        "SWAP_RATIO": "zigan_verify.game.module_game",
    },
)
