"""The folder tree is the architecture (issue 22): imports only point down the layers, and no
module imports itself back through a circle. Read from the source with ``ast``; imports under
``if TYPE_CHECKING:`` do not run and are left out.

NOTE: [layers]
Bottom to top (docs/contributing.md): private base modules and ``testing`` < ``data``, ``optim`` <
``game`` < ``analysis`` < ``strategies`` < ``experiments``, ``battery`` < ``checks`` < ``claims``
< ``interfaces`` < the package root (which re-exports). A module may import from its own layer
and below.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "zigan_verify"

LAYERS = [
    {"_errors", "_float64", "_runtime", "_disk_cache", "_version", "_moved", "testing"},
    {"data", "optim"},
    {"game"},
    {"analysis"},
    {"strategies"},
    {"experiments", "battery"},
    {"checks"},
    {"claims"},
    {"interfaces"},
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name | ast.Attribute) and "TYPE_CHECKING" in ast.unparse(
        node.test
    )


def imports(path: Path, modules: set[str], name: str | None = None) -> set[str]:
    """The package's modules that ``path`` (module ``name``) imports, at module level or inside
    functions."""
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node):
            return
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            submodules = {f"{target}.{a.name}" for a in node.names} & modules
            # `from pkg import sub` runs pkg/__init__ as every import of pkg.sub does: it is an
            # import of sub; any other name comes from pkg itself.
            if len(submodules) < len(node.names) and target in modules:
                found.add(target)
            found.update(submodules)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text()))
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports(p, modules) for p in paths}


def layer_of(module: str) -> int | None:
    """The module's layer (0 = bottom), or None when LAYERS does not place it."""
    parts = module.split(".")
    if len(parts) == 1:
        return len(LAYERS)  # the package root re-exports every layer
    return next((i for i, names in enumerate(LAYERS) if parts[1] in names), None)


def layer(module: str) -> int:
    found = layer_of(module)
    if found is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS (NOTE: [layers])")
    return found


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    return found


def test_every_module_is_in_a_layer():
    assert [m for m in graph() if layer_of(m) is None] == []
    assert layer_of("zigan_verify.unplaced.module") is None  # a new top folder is caught


def test_imports_only_point_down():
    upward = [
        f"{m} ({layer(m)}) imports {t} ({layer(t)})"
        for m, targets in graph().items()
        for t in sorted(targets)
        if layer(t) > layer(m)
    ]
    assert upward == []


def test_no_import_circle():
    assert cycles(graph()) == []


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_cycle_finder_negative_controls(edges, expected):
    """The circle test could fail: it finds the circles it is shown."""
    assert cycles(edges) == expected


def test_upward_import_is_seen(tmp_path):
    """A lower layer's import of a higher one is read, also inside a function, not under
    TYPE_CHECKING."""
    src = tmp_path / "m.py"
    src.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from zigan_verify.claims import Claim\n"
        "def f():\n    from zigan_verify.interfaces import cli\n"
    )
    modules = {"zigan_verify.claims", "zigan_verify.interfaces", "zigan_verify.interfaces.cli"}
    assert imports(src, modules, "zigan_verify.game.m") == {"zigan_verify.interfaces.cli"}
