r"""004's printed examples, derived with SymPy from their losses: Example 1 (§3.2, App. A.2) and
Example 2 (App. A.2), with the printed formulas kept as printed for the entry-by-entry checks.

Example 1 (a rotating saddle; an LSSP that is not a DNE):

.. math::
    \mathcal L_G = (\theta_2 - \varphi\theta_1 - 1)^2 - \tfrac12(\theta_1 + \varphi\theta_2 - 1)^2,
    \qquad \mathcal L_D = \varphi(5\theta_1 + 4\theta_2 - 9)

Example 2 as printed, :math:`\mathcal L_1 = 4\theta^2 + (\tfrac12\phi^2 - 1)\theta`,
:math:`\mathcal L_2 = (4\theta - 1)\phi + \tfrac16\theta^3`, has **no** stationary point
(``v_2 = 4 theta - 1`` forces ``theta = 1/4`` and then ``v_1 = 1 + phi^2/2 > 0``), so its printed
Jacobians (23) cannot come from it. :func:`example2_corrected` is a game (one of many) whose
stationary points are the printed ``(0, +-1)`` with exactly the printed Jacobians (23); it is
*constructed* from (23) (integrating the printed entries), and then re-derived forwards.

Public: the names in ``__all__``; :func:`corrected_formulas` gives the corrected forms as SymPy
objects keyed by claim id (for the LaTeX document).

References:
    Berard et al. (004), §3.2 Example 1, eq. (15)-(21), App. A.2 Example 2, eq. (22)-(23).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sympy as sp

__all__ = [
    "SymbolicExample",
    "corrected_formulas",
    "example1",
    "example1_printed",
    "example2_corrected",
    "example2_printed",
]

t1, t2, vphi, X = sp.symbols("theta1 theta2 varphi X", real=True)
theta, phi = sp.symbols("theta phi", real=True)


@dataclass(frozen=True)
class SymbolicExample:
    """A two-player game ``(L_G, L_D)`` in the symbols ``theta`` (generator) and ``phi``."""

    L_G: sp.Expr
    L_D: sp.Expr
    theta: tuple[sp.Symbol, ...]
    phi: tuple[sp.Symbol, ...]

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        return self.theta + self.phi

    @property
    def v(self) -> sp.Matrix:
        """eq. (3): ``(grad_theta L_G, grad_phi L_D)``, derived."""
        return sp.Matrix(
            [sp.diff(self.L_G, s) for s in self.theta] + [sp.diff(self.L_D, s) for s in self.phi]
        )

    @property
    def jacobian(self) -> sp.Matrix:
        """eq. (5): ``grad v``, derived."""
        return self.v.jacobian(self.symbols)

    def at(self, point) -> dict:
        return dict(zip(self.symbols, point, strict=True))

    def stationary_points(self) -> list[tuple]:
        """Real solutions of ``v = 0``."""
        sols = sp.solve(list(self.v), self.symbols, dict=True)
        real = [s for s in sols if all(sp.sympify(s.get(x, x)).is_real for x in self.symbols)]
        return [tuple(s.get(x, x) for x in self.symbols) for s in real]

    def game(self):
        """The :class:`~zigan_verify.game.games.Game` of these losses (float64 torch)."""
        from zigan_verify.game.games import sympy_game

        return sympy_game(self.L_G, self.L_D, self.theta, self.phi)


def example1() -> SymbolicExample:
    """Example 1 (§3.2 / App. A.2), losses as printed."""
    L_G = (t2 - vphi * t1 - 1) ** 2 - sp.Rational(1, 2) * (t1 + vphi * t2 - 1) ** 2
    L_D = vphi * (5 * t1 + 4 * t2 - 9)
    return SymbolicExample(L_G, L_D, (t1, t2), (vphi,))


@cache
def example1_printed() -> dict[str, sp.Basic]:
    """The formulas of Example 1 exactly as printed (eq. (15)-(18) and §3.2's text)."""
    return {
        "v_15": sp.Matrix(
            [
                (2 * vphi**2 - 1) * t1 - 3 * vphi * t2 + 2 * vphi + 1,
                (2 - vphi**2) * t2 - 3 * vphi * t1 - 2 + vphi,
                5 * t1 + 4 * t2 - 9,
            ]
        ),
        "J_16": sp.Matrix(
            [
                [2 * vphi**2 - 1, -3 * vphi, 2 - 3 * t2],
                [-3 * vphi, 2 - vphi**2, 1 - 3 * t1],
                [5, 4, 0],
            ]
        ),
        "J_17": sp.Matrix([[-1, 0, -1], [0, 2, -2], [5, 4, 0]]),
        "chi_matrix_18": sp.Matrix([[X + 1, 0, 1], [0, X - 2, 2], [-5, -4, 0]]),
        "chi_18": X**3 - X**2 + 11 * X - 2,
        "generator_loss_at_phi_star": t2**2 - sp.Rational(1, 2) * t1**2,
        "stationary_point": (1, 1, 0),
        "descent_direction": (1, vphi),
        "ascent_direction": (-vphi, 1),
    }


def example2_printed() -> SymbolicExample:
    """Example 2 (App. A.2, eq. (22)), losses as printed."""
    L1 = 4 * theta**2 + (sp.Rational(1, 2) * phi**2 - 1) * theta
    L2 = (4 * theta - 1) * phi + sp.Rational(1, 6) * theta**3
    return SymbolicExample(L1, L2, (theta,), (phi,))


EXAMPLE2_PRINTED_JACOBIANS = {
    (0, 1): sp.Matrix([[1, sp.Rational(1, 2)], [2, sp.Rational(1, 2)]]),
    (0, -1): sp.Matrix([[1, -sp.Rational(1, 2)], [2, -sp.Rational(1, 2)]]),
}
EXAMPLE2_PRINTED_SPECTRA = {
    (0, 1): {(3 + sp.sqrt(17)) / 4, (3 - sp.sqrt(17)) / 4},
    (0, -1): {(1 + sp.I * sp.sqrt(7)) / 4, (1 - sp.I * sp.sqrt(7)) / 4},
}


def example2_corrected() -> SymbolicExample:
    r"""A game with stationary points ``(0, +-1)`` and the printed Jacobians (23).

    Integrating the printed entries: :math:`\partial_\theta v_1 = 1`, :math:`\partial_\phi v_1 =
    \phi/2`, :math:`\partial_\theta v_2 = 2`, :math:`\partial_\phi v_2 = \phi/2` with ``v = 0`` at
    ``(0, +-1)`` gives :math:`v_1 = \theta + (\phi^2 - 1)/4`, :math:`v_2 = 2\theta + (\phi^2 - 1)/4`,
    i.e. :math:`\mathcal L_1 = \theta^2/2 + (\phi^2 - 1)\theta/4` and
    :math:`\mathcal L_2 = 2\theta\phi + \phi^3/12 - \phi/4`.
    """
    L1 = theta**2 / 2 + (phi**2 - 1) * theta / 4
    L2 = 2 * theta * phi + phi**3 / 12 - phi / 4
    return SymbolicExample(L1, L2, (theta,), (phi,))


def corrected_formulas() -> dict[str, dict[str, sp.Basic]]:
    """The corrected 004 example formulas as SymPy objects, keyed by claim id (all derived)."""
    ex1 = example1()
    J = ex1.jacobian.applyfunc(sp.expand)
    Jstar = J.subs(ex1.at((1, 1, 0)))
    ex2 = example2_corrected()
    forms = {
        "004.ex1.eq16": {"J": J},
        "004.ex1.eq18": {
            "chi_matrix": X * sp.eye(3) - Jstar,
            "chi": sp.expand((X * sp.eye(3) - Jstar).det()),
        },
        "004.ex1.generator_loss": {"L_G_at_phi_star": sp.expand(ex1.L_G.subs(vphi, 0))},
        "004.ex2.eq22": {
            "L_1": ex2.L_G,
            "L_2": ex2.L_D,
            "J(0,1)": ex2.jacobian.subs(ex2.at((0, 1))),
            "J(0,-1)": ex2.jacobian.subs(ex2.at((0, -1))),
        },
    }
    # immutable matrices are SymPy Basic objects (hashable, printable by latex())
    return {
        cid: {k: sp.ImmutableMatrix(v) if isinstance(v, sp.MatrixBase) else v for k, v in d.items()}
        for cid, d in forms.items()
    }
