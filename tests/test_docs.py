"""The documentation (issue 22): its generated parts are the registry's, the benchmarks' and the
source's, the README's findings summary is current, and the site builds with warnings as errors
and every example on its pages runs (slow; skipped where Sphinx is not installed)."""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from zigan_verify.claims import Status, registry

ROOT = Path(__file__).resolve().parents[1]


def _generated():
    spec = importlib.util.spec_from_file_location("generated", ROOT / "docs/_ext/generated.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generated = _generated()


def test_readme_findings_summary_is_the_registry():
    """The README's block is what the registry gives; `python docs/_ext/generated.py` fixes it."""
    text = (ROOT / "README.md").read_text()
    assert generated.splice(text, generated.readme_block()) == text


def test_readme_findings_summary_notices_a_changed_claim(monkeypatch):
    """Negative control: one claim registered with another status changes the block's counts."""
    claims = dict(registry())
    cid, claim = next((k, c) for k, c in claims.items() if c.status is Status.ERRATUM)
    before = generated.readme_block()
    claims[cid] = dataclasses.replace(claim, status=Status.VERIFIED)
    monkeypatch.setattr("zigan_verify.claims.findings.registry", lambda: claims)
    after = generated.readme_block()
    assert after != before
    total = len(claims)
    assert f"{total} claims: " in after
    n = sum(c.status is Status.ERRATUM for c in claims.values())
    assert f" {n} erratum" in after
    assert f" {n + 1} erratum" in before


def test_splice_refuses_a_text_without_markers():
    with pytest.raises(ValueError, match="markers"):
        generated.splice("no markers here", "block")


def test_findings_page_lists_every_finding_printed_and_corrected():
    page = generated.findings_page()
    findings = [c for c in registry().values() if c.status in generated_statuses()]
    assert findings
    for c in findings:
        assert f"**{c.id}**" in page
        assert f"- corrected: {generated.escape(c.correction)}" in page
    verified = next(c for c in registry().values() if c.status is Status.VERIFIED)
    assert f"**{verified.id}**" not in page  # a verified claim is no finding


def generated_statuses():
    from zigan_verify.claims.findings import FINDING_STATUSES

    return FINDING_STATUSES


@pytest.mark.parametrize("text", ["|x| <= 1", "a*b_c", "$5 and `code`", "[link](x) <b>", "\\n"])
def test_escape_leaves_no_markdown_syntax(text):
    """Every Markdown special character of a statement comes out escaped, and only those."""
    out = generated.escape(text)
    assert re.sub(r"\\(.)", "", out) == re.sub(r"[\\`*_{}\[\]<>|$]", "", text)
    assert not re.search(r"(?<!\\)[`*_|$<>\[\]]", re.sub(r"\\\\", "", out))


def test_benchmark_page_has_every_result_row():
    page = generated.benchmarks_page()
    rows = [
        line
        for p in (ROOT / "benchmarks/results").glob("*.md")
        for line in p.read_text().splitlines()
    ]
    assert rows
    assert all(row in page for row in rows)


@pytest.mark.parametrize(
    ("line", "opens"),
    [
        ("NOTE: [layers]", True),
        ('    """NOTE: [pairing graph]', True),
        ("# NOTE: [top-k of a game]", True),
        ("    NOTE: [Dirac GDA divergence] On the Dirac GAN", True),
        ("# NOTE: [lazy package]: public name -> the module", False),
        ("    as its pattern (NOTE: [patterns]).", False),
    ],
)
def test_a_note_block_opens_a_line(line, opens):
    assert bool(generated.NOTE_OPENS.match(line)) is opens


def test_every_named_note_block_is_listed_where_it_is_written():
    blocks = generated.note_blocks()
    assert blocks["layers"] == "tests/test_layers.py"
    assert blocks["moved modules"] == "zigan_verify/_moved.py"
    assert blocks["claims registry"] == "zigan_verify/claims/__init__.py"
    for name, file in blocks.items():  # the file holds a line that opens with the block
        lines = (ROOT / file).read_text().splitlines()
        assert any(generated.NOTE_OPENS.match(x) and f"[{name}]" in x for x in lines), name


def readme_docs_command() -> list[list[str]]:
    """The README's docs build command, as argument lists (``&&`` separates the commands)."""
    line = next(x for x in (ROOT / "README.md").read_text().splitlines() if "sphinx-build" in x)
    return [shlex.split(part) for part in line.split("&&")]


def test_readme_docs_command_builds_html_then_doctest_with_warnings_as_errors():
    commands = readme_docs_command()
    assert [c[c.index("-M") + 1] for c in commands] == ["html", "doctest"]
    assert all({"-W", "--keep-going"} <= set(c) for c in commands)


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("ZIGAN_CI_DOCS_BUILT") == "1", reason=".ci/run built the docs already"
)
def test_docs_build_with_warnings_as_errors_and_examples_run(tmp_path):
    """The README's command (html, then doctest) into ``tmp_path``: any warning fails it."""
    pytest.importorskip("sphinx", reason="the docs extra is not installed")
    pytest.importorskip("myst_parser", reason="the docs extra is not installed")
    for command in readme_docs_command():
        assert command[0] == ".venv/bin/sphinx-build"
        argv = [sys.executable, "-m", "sphinx", *command[1:]]
        argv = [str(tmp_path) if a == "docs/_build" else a for a in argv]
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    assert (tmp_path / "html/findings.html").is_file()
    assert (tmp_path / "html/api/_autosummary/zigan_verify.game.problem.html").is_file()
    summary = (tmp_path / "doctest/output.txt").read_text().split("Doctest summary")[1]
    assert "0 failures in tests" in summary
    assert int(re.search(r"(\d+) tests", summary).group(1)) > 0


def readme_blocks(language: str) -> list[str]:
    """The README's fenced code blocks in ``language``."""
    text = (ROOT / "README.md").read_text()
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


def test_readme_commands_parse():
    """Every ``zigan-verify`` line of the README is a valid command line (options not renamed)."""
    from zigan_verify.interfaces.cli import _parser

    lines = [
        shlex.split(line, comments=True)
        for block in readme_blocks("bash")
        for line in block.splitlines()
        if line.startswith(".venv/bin/zigan-verify ")
    ]
    assert len(lines) >= 6
    for argv in lines:
        _parser().parse_args(argv[1:])  # argparse exits (SystemExit) on an unknown option


def test_readme_commands_parse_notices_a_bad_option():
    """Negative control: an option the command does not have is caught."""
    from zigan_verify.interfaces.cli import _parser

    with pytest.raises(SystemExit):
        _parser().parse_args(["check", "--no-such-option"])


def test_readme_optimizer_is_the_built_in_tau_eg():
    """The README's example optimizer steps exactly as the registered ``tau_eg`` it claims to
    behave like (one step on a bilinear game with a min-player block, float64)."""
    import torch

    from zigan_verify.optim.minimax import get_optimizer, saddle_operator

    [source] = [b for b in readme_blocks("python") if "def my_eg" in b]
    namespace: dict = {}
    exec(compile(source, "README.md", "exec"), namespace)
    my_eg = namespace["my_eg"]
    assert my_eg.behaves_like == "tau_eg"
    M = torch.tensor([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]], dtype=torch.float64)
    F = saddle_operator(lambda z: torch.cat([M @ z[3:], -M.T @ z[:3]]), n_x=3)
    z = torch.linspace(-1.0, 1.0, 5, dtype=torch.float64)
    mine, builtin = my_eg(0.1, 4.0), get_optimizer("tau_eg", eta=0.1, tau=4.0)
    step = mine.step(z, mine.init(z), F)[0]
    assert torch.equal(step, builtin.step(z, builtin.init(z), F)[0])
    swapped = my_eg(0.1, 0.25)  # negative control: another tau gives another step
    assert not torch.equal(swapped.step(z, swapped.init(z), F)[0], step)


CLAIM_ID = re.compile(r"`(\d{3}\.[\w.\-]*\w)(?::\w+)?`")  # `002.cor2`, `zv:002.cor2:printed` not


def test_claim_ids_named_in_the_docs_are_registered():
    """A claim id in backticks on a page or in the README is one the registry holds."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    pages = [p for p in pages if "_build" not in p.parts and "_generated" not in p.parts]
    named = {(p.name, cid) for p in pages for cid in CLAIM_ID.findall(p.read_text())}
    assert len(named) > 10
    unknown = sorted((page, cid) for page, cid in named if cid not in registry())
    assert not unknown


def test_claim_id_pattern_finds_ids_not_versions():
    text = "`000.B5.det` and `002.cor2:printed`, not `0.2.0` nor `1e-3`"
    assert CLAIM_ID.findall(text) == ["000.B5.det", "002.cor2"]
