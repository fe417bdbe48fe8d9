"""Test machinery shared by ``tests/``, ``properties/`` and ``benchmarks/`` (and by users)."""
