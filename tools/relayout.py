"""Apply tools/relayout_map.txt to a tree: rewrite module names and file paths in text files.

Usage: python tools/relayout.py [--move] [PATH ...]
  --move   also `git mv` each old module to its new place and commit each move (issue 22).
Without --move it only rewrites references (e.g. in a branch written against the old layout).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = {".py", ".md", ".toml", ".json", ".txt", ".cfg", ".ini", ".rst", ""}
SKIP = {".git", ".venv", "node_modules", "_build", "__pycache__", "zigan_verify.egg-info"}
KEEP = {
    "relayout_map.txt",
    "relayout.py",
    "_moved.py",
    "test_public_api.py",
}  # the map names the old modules on purpose


def mapping() -> list[tuple[str, str]]:
    rows = []
    for line in (ROOT / "tools" / "relayout_map.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            old, new = line.split()
            rows.append((old, new))
    return rows


def _path(mod: str) -> str:
    return mod.replace(".", "/")


def rewrite_text(text: str, rows: list[tuple[str, str]]) -> str:
    for old, new in rows:
        o_parent, o_leaf = old.rsplit(".", 1)
        n_parent, n_leaf = new.rsplit(".", 1)
        text = re.sub(rf"(?<![\w.]){re.escape(old)}(?![\w])", new, text)
        text = re.sub(rf"(?<![\w/]){re.escape(_path(old))}(?=\.py(?!\w)|/)", _path(new), text)
        # `from zigan_verify import leaf [as x]` (one name per import)
        alias = "" if o_leaf == n_leaf else f" as {o_leaf}"
        text = re.sub(
            rf"^(\s*)from {re.escape(o_parent)} import {o_leaf}(\s+as\s+\w+)?\s*$",
            lambda m, n_parent=n_parent, n_leaf=n_leaf, alias=alias: (
                f"{m.group(1)}from {n_parent} import {n_leaf}{m.group(2) or alias}"
            ),
            text,
            flags=re.M,
        )
    return text


def files(paths: list[Path]):
    for base in paths:
        for p in [base] if base.is_file() else base.rglob("*"):
            if (
                p.is_file()
                and not SKIP.intersection(p.parts)
                and p.suffix in SUFFIXES
                and p.name not in KEEP
            ):
                if p.suffix == "" and p.parent.name != ".ci":
                    continue
                yield p


def rewrite(paths: list[Path], rows) -> list[Path]:
    changed = []
    for p in files(paths):
        try:
            text = p.read_text()
        except UnicodeDecodeError:
            continue
        new = rewrite_text(text, rows)
        if new != text:
            p.write_text(new)
            changed.append(p)
    return changed


def git(*args: str) -> None:
    subprocess.run(["git", *args], cwd=ROOT, check=True)


def move_all() -> None:
    for old, new in mapping():
        src, dst = ROOT / _path(old), ROOT / _path(new)
        src = src if src.is_dir() else src.with_suffix(".py")
        dst = dst if src.is_dir() else dst.with_suffix(".py")
        dst.parent.mkdir(parents=True, exist_ok=True)
        init = dst.parent / "__init__.py"
        if not init.exists():
            pkg = new.rsplit(".", 1)[0]
            init.write_text(f'"""{pkg}: see the layers in docs/contributing.md."""\n')
            git("add", str(init))
        git("mv", str(src), str(dst))
        rewrite([ROOT], [(old, new)])
        git("add", "-u")
        git("commit", "-q", "-m", f"move {old} -> {new} (issue 22)")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--move"]:
        move_all()
    else:
        for p in rewrite([Path(a) for a in args] or [ROOT], mapping()):
            print(p)
