"""The ``{doctest}`` blocks of docs/guide/battery_novel.md run as one document (shared names, as
Sphinx's doctest builder runs a page), until the Sphinx site runs them itself."""

import doctest
import re
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "guide" / "battery_novel.md"


def test_battery_novel_guide_examples_run():
    blocks = re.findall(r"```\{doctest\}\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 5
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    names: dict = {}
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, names, f"battery_novel.md block {i}", str(GUIDE), 0)
        runner.run(test, clear_globs=False)
        names.update(test.globs)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, result
