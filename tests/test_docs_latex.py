"""The ``{doctest}`` blocks of docs/guide/latex.md and of the reports part of
docs/guide/claims.md run as one document each (shared names, as Sphinx's doctest builder runs a
page), until the Sphinx site runs them itself."""

import doctest
import re
from pathlib import Path

import pytest

GUIDES = Path(__file__).resolve().parents[1] / "docs" / "guide"


@pytest.mark.parametrize(("name", "at_least"), [("latex.md", 1), ("claims.md", 3)])
def test_guide_examples_run(name, at_least):
    guide = GUIDES / name
    blocks = re.findall(r"```\{doctest\}\n(.*?)```", guide.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= at_least
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    names: dict = {}
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, names, f"{name} block {i}", str(guide), 0)
        runner.run(test, clear_globs=False)
        names.update(test.globs)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, result
