"""A user's loss l(t) for `zigan-verify latex --loss` (zigan_verify.game.symbolic.loss)."""

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from zigan_verify._errors import ZiganError
from zigan_verify.game.symbolic import loss as L
from zigan_verify.game.symbolic import zigan
from zigan_verify.interfaces import latex

SMALL = zigan.Dims(1, 2, 2, 2, 2)  # every index but the sample sum at >= 2: a cheaper check


def test_logistic_expression_gives_the_js_blocks():
    """Acceptance: --loss "log(1+exp(-t))" is JS-GAN, symbolically, and typesets the JS blocks."""
    given_, js = L.parse_loss("log(1+exp(-t))"), L.parse_loss("js")
    for k in range(3):
        assert sp.simplify(given_.derivative(k) - js.derivative(k)) == 0
    other = L.parse_loss("log(exp(t) + 1) - t")  # the same function written otherwise
    assert all(sp.simplify(other.derivative(k) - js.derivative(k)) == 0 for k in (1, 2))

    def blocks(spec):
        parts = latex.zigan_gradients_section(spec) + latex.zigan_hessians_section(spec)
        return [p.tex() for p in parts if isinstance(p, latex.Equation)]

    assert blocks(given_) == blocks(js)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("t +", "is not zi, js or a SymPy expression in t"),
        ("t + y", "free symbols other than t: y"),
        ("abs(t)", "not twice differentiable"),
        ("Max(t, 0)", "not twice differentiable"),
        ("f(t)", "undefined functions: f"),
        ("t < 1", "not a scalar expression"),
        ("1/0*t", "not a finite real expression"),
        ("sqrt(t)", r"continuity of l holds only on Interval\(0, oo\)"),
        ("t**(1/3)", "continuity of l' holds only on"),
        ("log(t)", "not twice continuously differentiable on the reals"),
    ],
)
def test_bad_losses_are_one_line_errors(text, message):
    with pytest.raises(ZiganError, match=message):
        L.parse_loss(text)


def test_autograd_cross_check_of_a_user_loss():
    errors = L.autograd_check(L.parse_loss("-t + t**3/3"), SMALL)
    assert set(errors) == set(zigan.BLOCK_NAMES)
    assert max(errors.values()) <= L.AUTOGRAD_RTOL


@pytest.mark.slow
def test_autograd_cross_check_negative_control(monkeypatch):
    """Autograd of a different loss than the one the forms are evaluated for must fail."""
    spec = L.parse_loss("-t + t**3/3")
    real = L._torch_loss
    monkeypatch.setattr(
        L, "_torch_loss", lambda s, d, p: real(L.LossSpec("x", s.expr + L.t**2 / 10), d, p)
    )
    bad = L.autograd_check(spec, SMALL)
    assert max(bad.values()) > 1e-3


_ATOMS = [
    L.t,
    L.t**2,
    sp.exp(-L.t / 2),
    sp.log(1 + sp.exp(-L.t)),
    sp.sin(L.t),
    sp.tanh(L.t),
    sp.sqrt(1 + L.t**2),
]


@st.composite
def smooth_losses(draw):
    """Sums of smooth atoms with small rational weights (every one twice differentiable)."""
    picks = draw(st.lists(st.sampled_from(range(len(_ATOMS))), min_size=1, max_size=3))
    weights = draw(st.lists(st.integers(-3, 3).filter(bool), min_size=len(picks), max_size=3))
    return sum(
        (sp.Rational(w, 2) * _ATOMS[i] for i, w in zip(picks, weights, strict=False)), sp.Integer(0)
    )


@pytest.mark.slow
@settings(max_examples=4, deadline=None)
@given(smooth_losses())
def test_autograd_cross_check_for_drawn_smooth_losses(expr):
    spec = L.parse_loss(str(expr))
    assert max(L.autograd_check(spec, SMALL).values()) <= L.AUTOGRAD_RTOL
