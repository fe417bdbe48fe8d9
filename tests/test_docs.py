"""The documentation (issue 22): its generated parts are the registry's, the benchmarks' and the
source's, the README's findings summary is current, and the site builds with warnings as errors
and every example on its pages runs (slow; skipped where Sphinx is not installed)."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
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


# NOTE: [numbers in the docs] A measured number (a time, a memory size, a ratio, a percentage,
# a test count, a k/n tally of runs) on a page is either a MyST substitution that
# docs/_ext/generated.py fills from the registry or benchmarks/results/*.md, or the output of an
# executed doctest, or it is not there (docs/contributing.md, "Numbers in the docs"). The scan
# below reads the prose only: code (fenced blocks, directives, inline code), math, substitutions,
# references (§5.1, eq. (4), App. B.3, Theorem 2), versions and claim ids are cut first. It
# catches numbers that carry a unit or a tally and decimals named as a measured quantity
# (residual, ratio, error, ...); another bare decimal cannot be told from a parameter (η = 0.05)
# by pattern, so those are left to review. A command's output shown in a ```text block is
# compared with what the command prints by a test below.
_FENCE = re.compile(r"^(```+|~~~+|:::+)[^\n]*\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_NOT_PROSE = [
    _FENCE,
    re.compile(r"(`+).+?\1", re.DOTALL),  # inline code
    re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.DOTALL),  # math
    re.compile(r"\{\{.*?\}\}"),  # generated substitutions
    re.compile(  # references: §5.1, eq. (4), App. B.3-B.5, Theorems 1 and 3, issue 22
        r"(?:§\s*|\b(?:Secs?\.|Sections?|Apps?\.|Appendix|[Ee]qs?\.|Figs?\.|Tables?|Theorems?|"
        r"Lemmas?|Corollar(?:y|ies)|Props?\.|Defs?\.|Remarks?|Examples?|Assumptions?|Claims?|"
        r"issues?)\s*)\(?[A-Z]?\d+(?:\.\d+)*\)?(?:\s*(?:[-–,]|and)\s*\(?[A-Z]?\d+(?:\.\d+)*\)?)*"
    ),
    re.compile(r"\b\d+\.\d+\.\d+\S*"),  # versions: torch 2.13.0+cpu
    re.compile(r"\b\d{3}(?:\.[\w-]+)+"),  # claim ids: 000.B5.det
]
_UNIT = r"(?:(?:CPU-)?(?:ms|µs|us|s|min|h|hours?|minutes?|seconds?)|GB|MB|GiB|MiB|kB|KB|%)(?![\w-])"
MEASUREMENT = re.compile(
    # 12.3 s, 0.9 GB, 78%, 4.2x (a ratio: the x attached; 10 × κ is a factor in a formula)
    rf"(?<![\w.])-?\d+(?:[.,]\d+)*(?:\s?{_UNIT}|[x×](?![\w-]))"
    r"|\b\d+ (?:passed|failed|xfailed|xpassed|skipped|deselected|errors?)\b"  # 1298 passed
    r"|\b\d+/\d+\**\s+(?:\w+\s+)?(?:runs?|seeds?|cases|games|draws|points|eigenvalues|flagged|"
    r"pass(?:ed)?|fail(?:ed)?|converged|reached|covered)\b"  # 15/19 runs, 30/30 flagged
    # a decimal named as a measured quantity: residual 2.8, ratio 0.97, error ≤ 4e-15
    r"|\b(?:residuals?|errors?|ratios?|slopes?|radius|radii|took|costs?|peak|median|mean)"
    r"\s*[=≤<~≈]?\s*[-−]?(?:\d+\.\d+(?:e[-−+]?\d+)?|\d+e[-−+]?\d+)\b"
)


def _without_code(text: str) -> str:
    """``text`` with its fenced blocks and inline code blanked (their ``{{ }}`` are literal)."""
    for pattern in _NOT_PROSE[:2]:
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    return text


def typed_measurements(text: str) -> list[tuple[int, str]]:
    """``(line, number)`` for every measurement-like number in the prose of Markdown ``text``."""
    for pattern in _NOT_PROSE:
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    return [
        (text.count("\n", 0, m.start()) + 1, m.group().strip()) for m in MEASUREMENT.finditer(text)
    ]


def doc_pages() -> list[Path]:
    """The README and every Markdown page of the site (not the generated ones, not the build)."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    return [p for p in pages if not {"_build", "_generated"} & set(p.parts)]


def test_no_typed_measurement_in_the_docs():
    """Every measured number in the prose is generated (NOTE: [numbers in the docs])."""
    typed = [
        f"{page.relative_to(ROOT)}:{line}: {number}"
        for page in doc_pages()
        for line, number in typed_measurements(page.read_text())
    ]
    assert not typed, "typed measurements (use a substitution or a doctest):\n" + "\n".join(typed)


def test_typed_measurement_scan_catches_typed_numbers_only():
    """Negative control: typed measurements are caught; code, math, substitutions, references,
    versions and claim ids are not."""
    typed = (
        "The suite ran for 12.3 s (94 s CPU) and 1.4 GB, 4.2x faster, 78% of peak, 50 CPU-hours;\n"
        "1298 passed, and EG converged in 15/19 runs, **30/30 flagged**, 0.43 ms a kernel.\n"
        "Best max residual 2.8 > ρ, JS/ZI ratio 0.97, error ≤ 4e-15.\n"
    )
    found = [number for _, number in typed_measurements(typed)]
    assert found == [
        "12.3 s", "94 s", "1.4 GB", "4.2x", "78%", "50 CPU-hours", "1298 passed", "15/19 runs",
        "30/30 flagged", "0.43 ms", "residual 2.8", "ratio 0.97", "error ≤ 4e-15",
    ]  # fmt: skip
    fine = (
        "§5.1 and eq. (4), App. B.3-B.5, Theorems 1 and 3, Fig. 3d, torch 2.13.0+cpu, `002.cor2`,\n"
        "`took 12.3 s`, $t = 4.2 s$, {{ bench_suite_n2_1 }}, issue 22, n = 32, τ = 1e-2, 10 × κ\n"
        "the median of 5 runs, clipping at norm 1e3, a tolerance of 1e-6\n"
        "```text\n1298 passed in 48.6 s\n```\n"
    )
    assert typed_measurements(fine) == []
    assert typed_measurements("first line\n\nit took 3 min") == [(3, "3 min")]
    page = (ROOT / "docs/benchmarks.md").read_text()  # a real page, one number typed into it
    assert typed_measurements(page) == []
    assert [n for _, n in typed_measurements(page + "\nThe suite ran in 48.6 s.\n")] == ["48.6 s"]


def test_every_substitution_a_page_uses_is_generated():
    """A ``{{ name }}`` on a page is one ``docs/_ext/generated.py`` fills (else it would render
    empty), and the values are the registry's and the benchmark rows'."""
    known = generated.substitutions()
    used = {
        (page.name, name)
        for page in doc_pages()
        for name in re.findall(r"\{\{\s*(\w+)\s*\}\}", _without_code(page.read_text()))
    }
    assert not sorted((page, name) for page, name in used if name not in known)
    assert known["n_claims"] == str(len(registry()))
    row = (ROOT / "benchmarks/results/suite_n2.md").read_text().splitlines()[0]
    assert row.rstrip(" |").endswith(known["bench_suite_n2_1"])


def output_blocks(page: str) -> list[list[str]]:
    """The lines of each ```` ```text ```` block of ``docs/<page>`` (a command's output shown)."""
    text = (ROOT / "docs" / page).read_text()
    return [b.splitlines() for b in re.findall(r"^```text\n(.*?)^```", text, re.M | re.S)]


@pytest.mark.slow  # runs the battery's conditions check (tests/test_battery_loop.py does too)
def test_battery_loop_output_shown_is_what_the_battery_prints():
    """The verdict printed on docs/guide/battery_training_loops.md, numbers included, is the
    battery's on the variant the page names (NOTE: [numbers in the docs])."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from battery_variants_loop import BROKEN
    finally:
        sys.path.remove(str(ROOT / "tests"))
    from zigan_verify.battery import run_battery

    [shown] = [b for b in output_blocks("guide/battery_training_loops.md") if "radius" in b[0]]
    (result,) = run_battery(BROKEN["optimistic_grad_reference"], only=["conditions"])
    assert " ".join(shown) in " ".join(result.evidence.split())


@pytest.mark.slow  # trains a small GAN and diagnoses it (~10 s)
def test_landscape_example_output_shown_is_what_the_example_prints(tmp_path):
    """The report printed on docs/guide/landscape.md, numbers included, is what
    ``examples/diagnose_module_gan.py`` prints (seeded; a residual at float64 rounding level is
    compared as such); the progress lines shown are its phases (their times are elided on the
    page, each run's own)."""
    progress, report = [
        b for b in output_blocks("guide/landscape.md") if b[0].startswith(("zig", "mod"))
    ]
    done = subprocess.run(
        [sys.executable, "examples/diagnose_module_gan.py", str(tmp_path / "figs")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    printed = _ROUNDING.sub("<rounding>", done.stdout.replace(str(tmp_path / "figs"), "figs"))
    shown = [_ROUNDING.sub("<rounding>", line) for line in report if line != "..."]
    assert shown == [line for line in printed.splitlines() if line in shown]
    timing = re.compile(r" \(\d+ s(?:, ETA \d+ s)?\)$")
    elided = re.compile(r" \(…(?:, ETA …)?\)$")
    phases = [timing.sub("", line) for line in done.stderr.splitlines() if timing.search(line)]
    shown_phases = [elided.sub("", line) for line in progress if line != "..."]
    assert all(elided.search(line) for line in progress if line != "...")  # no typed times
    assert shown_phases == [p for p in phases if p in set(shown_phases)]


_ROUNDING = re.compile(r"\b\d\.\de-(?:1[3-9]|[2-9]\d)\b")  # below 1e-12: float64 rounding level


def _table_rows(block: list[str]) -> dict[str, tuple[str, str]]:
    """``claim -> (verdict, evidence)`` from a ``zigan-verify check`` table (rich's box drawing,
    long cells wrapped over several lines)."""
    rows: dict[str, list[list[str]]] = {}
    claim = None
    for line in block:
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) != 4:
            continue
        claim = cells[0] or claim
        rows.setdefault(claim, []).append(cells)
    return {
        cid: (" ".join(c[2] for c in lines).strip(), " ".join(c[3] for c in lines if c[3]))
        for cid, lines in rows.items()
    }


@pytest.mark.slow  # runs eight claims' checks (~20 s)
def test_check_excerpt_shown_is_what_check_prints():
    """The ``zigan-verify check`` excerpt on docs/guide/claims.md, numbers included, is what the
    command prints now; a value at float64 rounding level (below 1e-12) is compared as such."""
    text = (ROOT / "docs/guide/claims.md").read_text()
    [block] = [b for b in re.findall(r"^```\n(\$ .*?)^```", text, re.M | re.S)]
    lines = block.splitlines()
    end = next(i for i, line in enumerate(lines) if not line.endswith("\\"))
    command = " ".join(line.rstrip("\\") for line in lines[: end + 1])
    argv = shlex.split(command.split("zigan-verify ", 1)[1])
    done = subprocess.run(
        [sys.executable, "-c", "from zigan_verify.interfaces.cli import main; main()", *argv, "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"},
    )  # fmt: skip
    assert done.stdout.lstrip().startswith("{"), done.stderr[-2000:]
    printed = {
        c["id"]: (c["verdict"], _ROUNDING.sub("<rounding>", " ".join(c["evidence"].split())))
        for c in json.loads(done.stdout)["claims"]
    }
    shown = {
        cid: (verdict, _ROUNDING.sub("<rounding>", evidence))
        for cid, (verdict, evidence) in _table_rows(block.splitlines()).items()
    }
    assert len(shown) == argv.count("--claim")
    assert shown == printed


_TIMES = {"seconds", "cpu_seconds"}


def _abridged_mismatches(shown, real, where="report") -> list[str]:
    """Where ``shown`` (a report abridged with ``"..."``) is not ``real``: a ``"..."`` value
    stands for any value, a trailing ``"..."`` in a list or a ``"...": true`` key for the rest;
    times are one run's, only their type is compared."""
    if shown == "...":
        return []
    if isinstance(shown, dict):
        if not isinstance(real, dict):
            return [where]
        keys = set(shown) - {"..."}
        missing = [f"{where}.{k}: not in the report" for k in keys if k not in real]
        extra = [] if "..." in shown else [f"{where}.{k}: not shown" for k in set(real) - keys]
        deeper = [
            m
            for k in keys & set(real)
            if not (k in _TIMES and type(shown[k]) is type(real[k]))
            for m in _abridged_mismatches(shown[k], real[k], f"{where}.{k}")
        ]
        return missing + extra + deeper
    if isinstance(shown, list):
        if not isinstance(real, list):
            return [where]
        n = len(shown) - 1 if shown and shown[-1] == "..." else len(shown)
        if n == len(shown) and len(real) != n:
            return [f"{where}: {len(real)} items, {n} shown"]
        return [m for i in range(n) for m in _abridged_mismatches(shown[i], real[i], where)]
    return (
        [] if shown == real and type(shown) is type(real) else [f"{where}: {shown!r} vs {real!r}"]
    )


def _cli_json_sample():
    text = (ROOT / "docs/cli.md").read_text()
    return json.loads(re.search(r"^```json\n(.*?)^```", text, re.M | re.S).group(1))


@pytest.mark.slow  # one claim's check in a subprocess (~5 s)
def test_cli_json_sample_is_what_check_prints():
    """docs/cli.md's JSON report is ``check --claim 000.s4.vec --json``'s, abridged."""
    done = subprocess.run(
        [sys.executable, "-c", "from zigan_verify.interfaces.cli import main; main()",
         "check", "--claim", "000.s4.vec", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"},
    )  # fmt: skip
    real = json.loads(done.stdout)
    assert _abridged_mismatches(_cli_json_sample(), real) == []


def test_abridged_report_comparison_notices_a_changed_value():
    """Negative control of the comparison: a changed verdict, a missing field and a wrong
    item are found; ``"..."``, a trailing ``"..."`` and a time of another run are not."""
    real = {"a": 1, "verdict": "verified", "tests": ["x", "y"], "seconds": 0.51, "d": {"k": 2}}
    shown = {"a": 1, "verdict": "verified", "tests": ["x", "..."], "seconds": 0.05, "d": "..."}
    assert _abridged_mismatches(shown, real) == []
    assert _abridged_mismatches(shown | {"verdict": "erratum"}, real) == [
        "report.verdict: 'erratum' vs 'verified'"
    ]
    assert _abridged_mismatches(shown | {"tests": ["z", "..."]}, real) == [
        "report.tests: 'z' vs 'x'"
    ]
    assert _abridged_mismatches({k: v for k, v in shown.items() if k != "a"}, real) == [
        "report.a: not shown"
    ]
