r"""Small canonical minimax games, symbolic (SymPy) with a torch operator, for tests and derivations.

Each :class:`SymbolicGame` holds a scalar SymPy objective ``f(x, y)`` (min over ``x``, max over
``y``); :meth:`SymbolicGame.F` derives the saddle operator ``(grad_x f, -grad_y f)`` symbolically and
:meth:`SymbolicGame.operator` lambdifies it to a float64 torch
:class:`~zigan_verify.optim.minimax.SaddleOperator`.

References:
    Lee & Kim, Zero-Infinity GAN, §4 (Dirac GAN, Fig. 1) and §5.1 (F); Mescheder et al. 2018,
    "Which Training Methods for GANs do actually Converge?" (the Dirac GAN).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import sympy as sp
import torch

from zigan_verify._errors import check_choice
from zigan_verify.optim.minimax import SaddleOperator, saddle_operator

__all__ = ["SymbolicGame", "bilinear", "dirac_gan", "polynomial_game"]


@dataclass(frozen=True, eq=False)
class SymbolicGame:
    """``min_x max_y f(x, y)`` with ``f`` a SymPy expression."""

    name: str
    f: sp.Expr
    x: tuple[sp.Symbol, ...]
    y: tuple[sp.Symbol, ...]

    @property
    def variables(self) -> tuple[sp.Symbol, ...]:
        return self.x + self.y

    @cached_property
    def F(self) -> sp.Matrix:
        """``F = (grad_x f, -grad_y f)`` (000 §5.1), derived by SymPy."""
        return sp.Matrix(
            [sp.diff(self.f, v) for v in self.x] + [-sp.diff(self.f, v) for v in self.y]
        )

    @cached_property
    def operator(self) -> SaddleOperator:
        """``F`` as a float64 torch operator on the flat vector ``z = (x, y)``."""
        fn = sp.lambdify(self.variables, list(self.F), modules="torch")

        def F(z: torch.Tensor) -> torch.Tensor:
            out = fn(*z.unbind())
            # lambdify returns plain numbers for constant components: make them tensors too
            return torch.stack([torch.as_tensor(c, dtype=z.dtype) for c in out])

        return saddle_operator(F, len(self.x))

    def game(self):
        """This game as a zero-sum :class:`~zigan_verify.game.games.Game` (``L_G = f``, ``L_D = -f``)."""
        from zigan_verify.game.games import sympy_game

        return sympy_game(self.f, -self.f, self.x, self.y, name=self.name)


def bilinear(a: int | sp.Expr = 1) -> SymbolicGame:
    """``f(x, y) = a x y``: the rotation game where GDA spirals out and EG converges."""
    x, y = sp.symbols("x y", real=True)
    return SymbolicGame("bilinear", sp.sympify(a) * x * y, (x,), (y,))


def polynomial_game() -> SymbolicGame:
    """A non-linear scalar game, ``f = x^2 y / 2 + x y - y^2 / 4 + x^3 / 3``, for pinning iterates."""
    x, y = sp.symbols("x y", real=True)
    f = x**2 * y / 2 + x * y - y**2 / 4 + x**3 / 3
    return SymbolicGame("polynomial", f, (x,), (y,))


def dirac_gan(loss: str = "zi") -> SymbolicGame:
    r"""Dirac GAN (000 §4): data :math:`\delta_0`, latent :math:`\delta_1`, ``G(z) = g z``,
    ``D(x) = w x``: :math:`\min_g\max_w -l(0) - l(-wg)`.

    ``loss="zi"``: :math:`l(t) = -t`; ``loss="js"``: :math:`l(t) = \log(1 + e^{-t})`.
    """
    check_choice("loss", loss, ("zi", "js"))
    g, w, t = sp.symbols("g w t", real=True)
    l = sp.Lambda(t, -t) if loss == "zi" else sp.Lambda(t, sp.log(1 + sp.exp(-t)))
    return SymbolicGame(f"dirac_{loss}", -l(0) - l(-w * g), (g,), (w,))
