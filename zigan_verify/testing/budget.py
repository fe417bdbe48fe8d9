"""Per-property example budgets: a property whose examples are expensive runs fewer of them.

The profiles (``conftest.py``) set one ``max_examples`` for every property (``ci`` 25, ``thorough``
500). A property that cannot afford the profile's number caps it, deliberately and visibly, with
the reason at the decorator::

    @examples_at_most(100)  # one 10^3-step simulation per example (~0.3 s CPU)
    @given(...)
    def test_...(...): ...

The cap never raises a profile's number: under ``ci`` (25) a cap of 100 changes nothing.
"""

from hypothesis import settings
from hypothesis.errors import InvalidArgument

__all__ = ["examples_at_most"]


def examples_at_most(n: int, **other) -> settings:
    """``@settings`` with ``max_examples = min(n, the loaded profile's max_examples)`` (and any
    ``other`` settings, since a test takes one ``@settings``).

    Every other setting is the loaded profile's, so call it after the profile is loaded (the
    project's ``conftest.py`` loads it before any test module is imported).

    >>> examples_at_most(3).max_examples <= 3
    True
    """
    if not isinstance(n, int) or n < 1:
        raise InvalidArgument(f"examples_at_most: n must be an integer >= 1, got {n!r}")
    return settings(max_examples=min(n, settings.default.max_examples), **other)
