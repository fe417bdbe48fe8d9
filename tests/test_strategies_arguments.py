"""Every argument of every public strategy is validated eagerly, like ``hypothesis.extra.numpy``:
``InvalidArgument`` at construction, naming the strategy, the argument and the bad value."""

import inspect
import re

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import zigan_verify.strategies as S
from zigan_verify.analysis.lastlayer import LastLayer
from zigan_verify.game.problem import ZIGANProblem
from zigan_verify.strategies._validate import SIZE_CAP

_PROBLEM = ZIGANProblem(torch.zeros(2, 1), torch.ones(2, 1), r=1, width=2)
_LAYER = LastLayer(_PROBLEM, torch.zeros(_PROBLEM.sizes.m))
# the positional argument some strategies take
_FIRST = {"points": (_PROBLEM,), "last_layer_starts": (_LAYER,)}

_SIZED = {
    "zi_problems": ("n", "d1", "d2", "r", "p"),
    "last_layer_problems": ("n", "d1", "d2", "r", "p"),
    "global_solutions": ("n", "d1", "d2", "r", "p"),
    "degenerate_points": ("n", "d1", "d2", "r", "p"),
    "theorem2_points": ("n", "d1", "d2", "r", "p"),
    "simple_gans": ("n",),
    "jacobian_blocks": ("m", "n"),
}


def _size_cases():
    for name, sizes in _SIZED.items():
        for arg in sizes:
            low = 2 if (name, arg) in {("theorem2_points", "n"), ("degenerate_points", "n")} else 1
            yield pytest.param(name, {arg: low - 1}, arg, str(low - 1), id=f"{name}-{arg}-small")
            yield pytest.param(name, {arg: "x"}, arg, "'x'", id=f"{name}-{arg}-type")
            yield pytest.param(name, {arg: 2.0}, arg, "2.0", id=f"{name}-{arg}-float")
            yield pytest.param(
                name, {arg: SIZE_CAP + 1}, arg, "size cap", id=f"{name}-{arg}-over-cap"
            )
        yield pytest.param(name, {"allow_large": "yes"}, "allow_large", "'yes'", id=f"{name}-big")


_OTHER = [
    # (strategy, kwargs, argument named in the message, bad value named in the message, id)
    ("zi_problems", {"loss": "mse"}, "loss", "'mse'", "loss"),
    ("zi_problems", {"data_scale": -1.0}, "data_scale", "-1.0", "data-scale-negative"),
    ("zi_problems", {"data_scale": float("nan")}, "data_scale", "nan", "data-scale-nan"),
    ("points", {"scale": -1.0}, "scale", "-1.0", "scale-negative"),
    ("points", {"scale": "big"}, "scale", "'big'", "scale-type"),
    ("last_layer_problems", {"loss": 3}, "loss", "3", "loss"),
    ("last_layer_problems", {"data_scale": 0.0}, "data_scale", "0.0", "data-scale-zero"),
    ("last_layer_problems", {"theta_scale": -2.0}, "theta_scale", "-2.0", "theta-scale"),
    ("last_layer_problems", {"rank_deficient": 1}, "rank_deficient", "1", "rank-type"),
    ("last_layer_problems", {"rank_deficient": True, "n": 1}, "rank_deficient", "n=1", "rank-n1"),
    ("last_layer_starts", {"range_scale": -1.0}, "range_scale", "-1.0", "range"),
    ("last_layer_starts", {"null_scale": float("inf")}, "null_scale", "inf", "null"),
    ("last_layer_starts", {"w_scale": -0.1}, "w_scale", "-0.1", "w"),
    ("last_layer_starts", {"A_scale": 1e9}, "A_scale", "1000000000.0", "A"),
    ("global_solutions", {"n": 3, "d2": 2}, "n <= d2", "n=3", "n-gt-d2"),
    ("global_solutions", {"null_space": "both"}, "null_space", "'both'", "null-space"),
    ("global_solutions", {"a_scale": -1.0}, "a_scale", "-1.0", "a-scale"),
    ("theorem2_points", {"families": ("nope",)}, "families", "'nope'", "family-unknown"),
    ("theorem2_points", {"families": ()}, "families", "()", "family-empty"),
    ("theorem2_points", {"families": "balanced"}, "families", "'balanced'", "family-str"),
    ("theorem2_points", {"min_u_norm": 0.0}, "min_u_norm", "0.0", "u-norm-zero"),
    ("theorem2_points", {"min_u_norm": st.just(1.0)}, "min_u_norm", "just", "u-norm-strategy"),
    ("noise_variances", {"min_value": 0.0}, "min_value", "0.0", "min"),
    ("noise_variances", {"max_value": float("inf")}, "max_value", "inf", "max"),
    ("noise_variances", {"min_value": 1.0, "max_value": 0.5}, "max_value", "0.5", "empty"),
    ("mean_norms", {"min_value": -1.0}, "min_value", "-1.0", "min"),
    ("mean_norms", {"max_value": 1e9}, "max_value", "1000000000.0", "max"),
    ("regularization_weights", {"min_value": -0.5}, "min_value", "-0.5", "min"),
    ("regularization_weights", {"max_value": True}, "max_value", "True", "max"),
    ("simple_gans", {"sigma2": -0.1}, "sigma2", "-0.1", "sigma2"),
    ("simple_gans", {"v_norm": -2.0}, "v_norm", "-2.0", "v-norm"),
    ("jacobian_blocks", {"m": 3, "n": 2}, "m = 3 > n = 2", "allow_m_gt_n", "m-gt-n"),
    ("jacobian_blocks", {"scale": 0.0}, "scale", "0.0", "scale"),
    ("jacobian_blocks", {"allow_m_gt_n": "no"}, "allow_m_gt_n", "'no'", "allow-m-gt-n"),
    ("configuration_patterns", {"n": 0}, "n", "n=0", "n-small"),
    ("configuration_patterns", {"n": True}, "n", "n=True", "n-bool"),
    ("configurations", {"n": 9}, "n", "n=9", "n-large"),
    ("configurations", {"d": 0}, "d", "d=0", "d-small"),
    ("configurations", {"grid": 1}, "grid", "grid=1", "grid-small"),
    ("configurations", {"n": 5, "d": 1, "grid": 4}, "n", "n=5", "n-over-grid"),
    ("concave_losses", {"max_pieces": 0}, "max_pieces", "max_pieces=0", "pieces-small"),
    ("concave_losses", {"max_pieces": 1, "concave": False}, "max_pieces", "max_pieces=1", "nc"),
    ("concave_losses", {"negative_at_zero": 1}, "negative_at_zero", "=1", "neg-type"),
    ("concave_losses", {"concave": "yes"}, "concave", "'yes'", "concave-type"),
    ("separable_losses", {"max_pieces": 2.5}, "max_pieces", "max_pieces=2.5", "pieces-type"),
]
CASES = [*_size_cases()] + [
    pytest.param(name, kw, arg, bad, id=f"{name}-{ident}") for name, kw, arg, bad, ident in _OTHER
]


def _public_strategies():
    return [n for n in S.__all__ if callable(getattr(S, n)) and not n[0].isupper()]


@pytest.mark.parametrize(("name", "kwargs", "argument", "bad"), CASES)
def test_invalid_argument_at_construction(name, kwargs, argument, bad):
    """Construction alone raises (nothing is drawn), and the message names argument and value."""
    with pytest.raises(InvalidArgument) as info:
        getattr(S, name)(*_FIRST.get(name, ()), **kwargs)
    message = str(info.value)
    assert message.startswith(name)
    assert re.search(rf"(?<!\w){re.escape(argument)}(?!\w)", message), message
    assert bad in message


def test_table_covers_every_argument_of_every_public_strategy():
    covered = {(p.values[0], arg) for p in CASES for arg in p.values[1]}
    missing = [
        (name, arg)
        for name in _public_strategies()
        for arg, param in inspect.signature(getattr(S, name)).parameters.items()
        if param.kind is inspect.Parameter.KEYWORD_ONLY and (name, arg) not in covered
    ]
    assert not missing


@pytest.mark.parametrize(
    ("name", "first"),
    [pytest.param("points", "problem", id="points"), pytest.param("last_layer_starts", "layer")],
)
def test_positional_argument_type(name, first):
    with pytest.raises(InvalidArgument, match=rf"{name}: {first} must be .*got {first}=None"):
        getattr(S, name)(None)


@pytest.mark.parametrize(
    ("strategy", "match"),
    [
        pytest.param(
            S.zi_problems(n=st.just(-1)), r"zi_problems: n must be >= 1, got n=-1", id="n"
        ),
        pytest.param(S.zi_problems(d1=st.just("x")), r"d1 must be an integer, got 'x'", id="d1"),
        pytest.param(S.zi_problems(loss=st.just("mse")), r"loss must be one of", id="loss"),
        pytest.param(S.global_solutions(a_scale=st.just(-1.0)), r"a_scale must be >= 0", id="a"),
        pytest.param(S.simple_gans(sigma2=st.just(-1.0)), r"sigma2: min_value", id="sigma2"),
    ],
)
def test_invalid_drawn_value(strategy, match):
    """An argument given as a strategy is checked when drawn, with the same message."""

    @settings(max_examples=1, database=None)
    @given(strategy)
    def draw(value):
        pass

    with pytest.raises(InvalidArgument, match=match):
        draw()


def test_allow_large_lifts_the_cap():
    """``allow_large=True`` is the explicit opt-out: the cap itself is the only thing lifted."""
    S.zi_problems(n=SIZE_CAP + 1, allow_large=True)  # constructs

    @settings(max_examples=1, database=None)
    @given(S.jacobian_blocks(m=1, n=SIZE_CAP + 1, allow_large=True))
    def draw(blocks):
        assert blocks.P.shape == (1, SIZE_CAP + 1)
        assert np.all(np.linalg.eigvalsh(blocks.Q) <= 1e-9)

    draw()
