"""Which tests check which claim, for a package installed without its tests.

NOTE: [claim test index]
``zigan-verify check --json`` lists, for every claim, the pytest node ids that carry
``@pytest.mark.claim("<id>")``. The tests are not installed with the wheel, and collecting them
would mean running pytest, so the list comes from a static scan of the checkout's ``tests/`` and
``properties/`` (literal ``pytest.mark.claim("...")`` calls: decorators, ``pytest.param(...,
marks=...)``, a module's ``pytestmark``), shipped as ``claims/tests.json``. The node ids are those
of the release's source tree; parametrized ids other than a literal ``pytest.param(id=...)`` are
not expanded. ``tests/test_cli_report.py`` fails when the shipped file differs from a fresh scan;
regenerate it with ``python -m zigan_verify.claims._test_index``.
"""

from __future__ import annotations

import ast
import json
from functools import cache
from importlib import resources
from pathlib import Path

__all__ = ["FOLDERS", "scan", "tests_of", "write"]

FOLDERS = ("tests", "properties")
_INDEX = "tests.json"


def _is_claim_mark(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and ast.unparse(node.func) == "pytest.mark.claim"
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
    )


def _param_id(call: ast.Call) -> str | None:
    for kw in call.keywords:
        if kw.arg == "id" and isinstance(kw.value, ast.Constant):
            return str(kw.value.value)
    return None


def _marks(node: ast.AST) -> list[tuple[str, str | None]]:
    """``(claim id, pytest.param id or None)`` of every claim mark inside ``node``."""
    out = []

    def visit(n: ast.AST, param: str | None) -> None:
        if isinstance(n, ast.Call) and ast.unparse(n.func) == "pytest.param":
            param = _param_id(n)
        if _is_claim_mark(n):
            out.append((n.args[0].value, param))
        for child in ast.iter_child_nodes(n):
            visit(child, param)

    visit(node, None)
    return out


def _node_ids(tree: ast.Module, prefix: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}

    def add(marks: list[tuple[str, str | None]], scope: str) -> None:
        for claim_id, param in marks:
            found.setdefault(claim_id, set()).add(scope if param is None else f"{scope}[{param}]")

    # A module-level list of pytest.param(..., marks=claim(...)) belongs to the tests whose
    # decorators name it (``@pytest.mark.parametrize(..., BLOCKS)``), else to the module.
    shared = {
        stmt.targets[0].id: (stmt, _marks(stmt.value))
        for stmt in tree.body
        if isinstance(stmt, ast.Assign)
        and isinstance(stmt.targets[0], ast.Name)
        and stmt.targets[0].id != "pytestmark"
        and _marks(stmt.value)
    }
    skip = {id(stmt) for stmt, _ in shared.values()}
    unused = set(shared)

    def visit(node: ast.AST, scope: str) -> None:
        if id(node) in skip:
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            scope = f"{scope}::{node.name}"
            names = {
                n.id
                for deco in node.decorator_list
                for n in ast.walk(deco)
                if isinstance(n, ast.Name)
            }
            for name in names & set(shared):
                unused.discard(name)
                add(shared[name][1], scope)
        if (
            isinstance(node, ast.Call)
            and _marks(node)
            and (_is_claim_mark(node) or ast.unparse(node.func) == "pytest.param")
        ):
            add(_marks(node), scope)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, scope)

    visit(tree, prefix)
    for name in unused:
        add(shared[name][1], prefix)
    return found


def scan(root: Path) -> dict[str, list[str]]:
    """``{claim id: sorted node ids}`` for the test folders under ``root`` (a checkout)."""
    found: dict[str, set[str]] = {}
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("test_*.py")):
            rel = path.relative_to(root).as_posix()
            for claim_id, ids in _node_ids(
                ast.parse(path.read_text(encoding="utf-8")), rel
            ).items():
                found.setdefault(claim_id, set()).update(ids)
    return {cid: sorted(ids) for cid, ids in sorted(found.items())}


@cache
def _shipped() -> dict[str, list[str]]:
    text = resources.files("zigan_verify.claims").joinpath(_INDEX).read_text(encoding="utf-8")
    return json.loads(text)


def tests_of(claim_id: str) -> list[str]:
    """The node ids of the tests of ``claim_id`` (NOTE: [claim test index])."""
    return list(_shipped().get(claim_id, ()))


def write(root: Path) -> Path:
    """Regenerate the shipped index from the checkout at ``root``; returns its path."""
    path = Path(__file__).with_name(_INDEX)
    path.write_text(json.dumps(scan(root), indent=1) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"wrote {write(Path(__file__).resolve().parents[2])}")
