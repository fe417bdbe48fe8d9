r"""SymPy forms of the formula-valued findings registered by issue 25 (NOTE: [finding formulas]
in :mod:`zigan_verify.claims._formulas`): 001.tau_eg_slide, 002.s3.step_size and
002.s8.extrapolation. The data modules ``p001_strict`` and ``p002_jare`` expose them as
``FORMULAS`` on first access; each proof derives independently of the typeset forms (the project's
tau-EG, the eigenvalues of the discrete map, the first-order expansion of (13)-(14)).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import sympy as sp
import torch

__all__ = ["formulas_for"]

_eta, _gamma = sp.symbols("eta gamma", positive=True)


# --- 001.tau_eg_slide: the update, on a linear operator F(z) = J z ---------------------------

_n = 3
_z = sp.MatrixSymbol("z_k", _n, 1)
_J = sp.MatrixSymbol("J", _n, _n)
_Lam = sp.MatrixSymbol(r"\Lambda_{\tau}", _n, _n)
_zk1 = sp.MatrixSymbol("z_{k+1}", _n, 1)
_PRINTED_STEP = _z - _eta * _Lam * _J * _z
_EG_STEP = _z - _eta * _Lam * _J * (_z - _eta * _Lam * _J * _z)


def _proof_tau_eg() -> tuple[bool, bool]:
    from zigan_verify.optim.minimax import saddle_operator, tau_eg

    rng = np.random.default_rng(0)
    J = rng.standard_normal((_n, _n))
    z = rng.standard_normal(_n)
    eta, tau, n_x = 0.3, 4.0, 1
    lam = np.diag([1 / tau] * n_x + [1.0] * (_n - n_x))
    opt = tau_eg(eta, tau)
    Jt = torch.from_numpy(J)
    derived = opt.step(torch.from_numpy(z), opt.init(None), saddle_operator(lambda w: Jt @ w, n_x))[
        0
    ]
    values = {_z: sp.Matrix(z), _J: sp.Matrix(J), _Lam: sp.Matrix(lam), _eta: eta}

    def equals(expr) -> bool:
        got = np.array(sp.Matrix(expr.xreplace(values).doit()), dtype=float).ravel()
        return bool(np.allclose(got, derived.numpy(), rtol=1e-13, atol=1e-13))

    return equals(_EG_STEP), equals(_PRINTED_STEP)


# --- 002.s3.step_size: |1 + eta lambda_i(A)| < 1 --------------------------------------------

_lam_i = sp.Symbol(r"\lambda_{i}(A)")


def _proof_step_size() -> tuple[bool, bool]:
    # the eigenvalues of the discrete map v + eta A v (its Jacobian I + eta A), generic 2 x 2 A
    a, b, c, d = sp.symbols("a b c d", real=True)
    A = sp.Matrix([[a, b], [c, d]])
    map_eigs = list((sp.eye(2) + _eta * A).eigenvals())
    lam = list(A.eigenvals())

    def same(expr) -> bool:  # {expr at lambda = each eigenvalue of A} == eig(I + eta A)
        got = [expr.subs(_lam_i, x) for x in lam]
        return all(any(sp.simplify(g - m) == 0 for m in map_eigs) for g in got)

    return same(1 + _eta * _lam_i), same(1 + _lam_i)


# --- 002.s8.extrapolation: the prediction step of (14) --------------------------------------

_th, _ph = sp.symbols(r"\theta^{(k)} \phi^{(k)}")
_th_half, _ph_half = sp.symbols(r"\theta^{(k+\frac{1}{2})} \phi^{(k+\frac{1}{2})}")
_gt, _gp = sp.symbols(r"\nabla_{\theta}f \nabla_{\phi}f")


def _prediction(step) -> tuple:
    from zigan_verify.claims._formula_types import Line

    return (
        Line(_ph_half, _ph - step * _gamma * _gp),
        Line(_th_half, _th + step * _gamma * _gt),
    )


def _proof_extrapolation() -> tuple[bool, bool]:
    from zigan_verify.checks.truth3_jare import extrapolation_first_order

    def gives_jare(lines) -> bool:
        step = sp.simplify((lines[1].rhs - _th) / (_gamma * _gt))  # the factor in front
        return extrapolation_first_order(step)["first order = JARE(gamma)"]

    forms = _forms()["002.s8.extrapolation"]
    return gives_jare(forms.corrected), gives_jare(forms.printed)


@cache
def _forms() -> dict:
    from zigan_verify.claims._formula_types import Formula, Line

    return {
        "001.tau_eg_slide": Formula(
            printed=(Line(_zk1, _PRINTED_STEP, where=r"F(z) = J z"),),
            corrected=(Line(_zk1, _EG_STEP, where=r"F(z) = J z"),),
            relation="the printed update is two-timescale GDA; two-timescale EG evaluates F at "
            "the extrapolated point",
            proof=_proof_tau_eg,
        ),
        "002.s3.step_size": Formula(
            printed=(Line(sp.Abs(1 + _lam_i), sp.Integer(1), "<"),),
            corrected=(Line(sp.Abs(1 + _eta * _lam_i), sp.Integer(1), "<"),),
            relation="the step size multiplies the eigenvalue: the discrete map's eigenvalues are "
            "one plus eta times those of A",
            proof=_proof_step_size,
        ),
        "002.s8.extrapolation": Formula(
            printed=_prediction(sp.Rational(1, 2)),
            corrected=_prediction(sp.Integer(1)),
            relation="with the gradients the extrapolation evaluates, the printed half step gives "
            "JARE with half the regularization weight; the full step gives (7)",
            proof=_proof_extrapolation,
        ),
    }


def formulas_for(paper: str) -> dict:
    """This module's formulas of ``paper`` (``"001"`` or ``"002"``), by claim id."""
    return {cid: f for cid, f in _forms().items() if cid.startswith(paper + ".")}
