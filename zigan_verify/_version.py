"""The package version, in a module of its own so the lower layers can read it without importing
the package root (which re-exports every layer)."""

__version__ = "0.2.0"
