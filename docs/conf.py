"""Sphinx configuration of the zigan-verify documentation.

Build (from the repository root; warnings are errors, then the examples run)::

    .venv/bin/sphinx-build -M html docs docs/_build -W --keep-going
    .venv/bin/sphinx-build -M doctest docs docs/_build -W --keep-going

The findings page, the benchmark table and the list of NOTE blocks are generated at build time
from the registry, ``benchmarks/results/`` and the source (``docs/_ext/generated.py``).
"""

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path[:0] = [str(DOCS.parent), str(DOCS / "_ext")]

from zigan_verify._version import __version__  # noqa: E402

project = "zigan-verify"
author = "the zigan-verify developers"
copyright = "2026, the zigan-verify developers"
version = release = __version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.doctest",
    "myst_parser",
    "generated",  # docs/_ext/generated.py: findings, benchmark table, NOTE blocks
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_generated/*", "Thumbs.db", ".DS_Store"]

# No network: no intersphinx; cross-references stay inside the project.
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3

autosummary_generate = True
autosummary_ignore_module_all = False  # a module's public names are its ``__all__``
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_preserve_defaults = True
# an override without a docstring gets none (pytest.Item's would point into pytest's own docs)
autodoc_inherit_docstrings = False
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

# The guide's ```{doctest}``` blocks run under `-b doctest`; the docstrings' own examples run under
# `pytest --doctest-modules` (pyproject.toml), so they are not run a second time here.
doctest_test_doctest_blocks = ""

try:
    import furo  # noqa: F401

    html_theme = "furo"
except ImportError:  # the docs extra brings furo; alabaster ships with Sphinx
    html_theme = "alabaster"
html_title = f"zigan-verify {release}"
