"""Import smoke test of the public surface."""

import pytest

import zigan_verify
import zigan_verify.strategies


@pytest.mark.parametrize(
    "module", [zigan_verify, zigan_verify.strategies], ids=lambda m: m.__name__
)
def test_all_names_exist(module):
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing
    assert len(set(module.__all__)) == len(module.__all__)
