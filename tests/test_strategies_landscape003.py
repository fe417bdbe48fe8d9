"""The 003 strategies: argument validation and what they can generate."""

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis.errors import InvalidArgument

from zigan_verify.analysis import global_landscape as gl
from zigan_verify.strategies import (
    concave_losses,
    configuration_patterns,
    configurations,
    separable_losses,
)


@pytest.mark.parametrize(
    ("factory", "kwargs"),
    [
        pytest.param(configurations, {"n": 0}, id="n-zero"),
        pytest.param(configurations, {"d": 5}, id="d-too-large"),
        pytest.param(configurations, {"n": 5, "d": 1, "grid": 3}, id="does-not-fit"),
        pytest.param(configurations, {"grid": 1}, id="grid-too-small"),
        pytest.param(configuration_patterns, {"n": 9}, id="pattern-n"),
        pytest.param(concave_losses, {"max_pieces": 0}, id="no-pieces"),
        pytest.param(concave_losses, {"max_pieces": 1, "concave": False}, id="nonconcave-1"),
        pytest.param(concave_losses, {"max_pieces": 2.5}, id="float-pieces"),
    ],
)
def test_invalid_arguments(factory, kwargs):
    with pytest.raises(InvalidArgument):
        factory(**kwargs)


@given(concave_losses(negative_at_zero=True))
def test_concave_losses_satisfy_assumption_4_4_and_4_5(h):
    assert h.is_concave()
    assert h.sup() == 0
    assert h(0) < 0


@given(separable_losses())
def test_separable_losses_satisfy_assumption_4_1(hs):
    assert hs[0].sup() == 0
    assert hs[1].sup() == 0


@given(configurations(n=4, d=2))
def test_configurations_have_distinct_data(conf):
    assert len(set(conf.X)) == 4
    assert len(conf.Y) == 4


# 'can generate': the first example found suffices, so no shrinking phase.
_FIND = settings(database=None, max_examples=300, phases=[Phase.generate])


def test_can_generate_a_collinear_pass():
    """A straight move of a free point to its own data point passes another data point."""
    conf = find(
        configurations(n=3, d=1),
        lambda c: any(
            len(gl.segment_hits(c.Y[i], c.X[i], c.X)) > 1 for i in range(3) if c.Y[i] != c.X[i]
        ),
        settings=_FIND,
    )
    assert conf.X


@given(concave_losses(concave=False))
def test_nonconcave_losses_are_not_concave(h):
    assert not h.is_concave()
    assert h.sup() == 0


def test_can_generate_a_long_cycle():
    sigma = find(
        configuration_patterns(n=4),
        lambda s: len(max(gl.cycles(s) or [()], key=len)) == 4,
        settings=_FIND,
    )
    assert sorted(sigma) == [0, 1, 2, 3]
