"""zigan_verify.testing.budget: a per-property cap lowers a profile's max_examples, never raises it."""

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from zigan_verify.testing.budget import examples_at_most


def _calls(cap: int, profile_examples: int) -> int:
    """How many times a capped property runs under a profile of ``profile_examples``."""
    calls = []
    settings.register_profile("budget-test", max_examples=profile_examples, database=None)
    settings.load_profile("budget-test")
    try:

        @examples_at_most(cap)
        @given(st.integers())
        def prop(x):
            calls.append(x)

    finally:  # back to the session's profile (conftest.py)
        settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
    prop()
    return len(calls)


def test_cap_lowers_the_profile_number():
    assert _calls(cap=7, profile_examples=40) == 7


def test_cap_never_raises_the_profile_number():
    assert _calls(cap=40, profile_examples=7) == 7


def test_other_settings_pass_through():
    assert examples_at_most(5, deadline=None).deadline is None


@pytest.mark.parametrize("bad", [0, -3, 2.5])
def test_bad_cap(bad):
    with pytest.raises(InvalidArgument, match="examples_at_most"):
        examples_at_most(bad)
