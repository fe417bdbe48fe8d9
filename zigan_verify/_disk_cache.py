"""An on-disk cache of deterministic, expensive results: the SymPy proofs of App. B.3.

NOTE: [proof cache]
A cached result is a JSON file ``<cache dir>/<namespace>-<key>/<name>.json``. The key hashes
everything the result depends on: the package version, the SymPy version and the source text of
the modules that compute it (``depends``), so editing the derivation, upgrading SymPy or
installing another release starts a fresh cache instead of reading a stale proof. The directory is
``$ZIGAN_VERIFY_CACHE_DIR``, else ``$XDG_CACHE_HOME/zigan-verify``, else
``~/.cache/zigan-verify``.

The cache is off unless :func:`configure` turns it on: ``zigan-verify check`` does (``--no-cache``
keeps it off), the test suite does not, so ``pytest`` always re-proves every block. A cache that
cannot be read or written (read-only home, corrupt file) is skipped: the result is recomputed.
Files are written to a temporary name and renamed, so parallel workers never read half a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar

__all__ = ["CacheStatus", "cache_dir", "cached", "configure", "enabled", "load", "store", "using"]

T = TypeVar("T")
CacheStatus = Literal["hit", "miss", "off"]

_state = {"enabled": False}


def configure(*, enabled: bool) -> None:
    """Turn the cache on or off for this process (worker processes are configured by the
    parallel runner, NOTE: [parallel checks])."""
    _state["enabled"] = bool(enabled)


def enabled() -> bool:
    return _state["enabled"]


@contextlib.contextmanager
def using(enabled: bool) -> Iterator[None]:
    """The cache on (or off) inside the block, as before after it."""
    previous = _state["enabled"]
    configure(enabled=enabled)
    try:
        yield
    finally:
        configure(enabled=previous)


def cache_dir() -> Path:
    """Where cached results live (NOTE: [proof cache])."""
    if os.environ.get("ZIGAN_VERIFY_CACHE_DIR"):
        return Path(os.environ["ZIGAN_VERIFY_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "zigan-verify"


@cache
def _key(depends: tuple[str, ...]) -> str:
    """A hash of the package and SymPy versions and of the source of ``depends``."""
    import sympy

    from zigan_verify._version import __version__

    digest = hashlib.sha256(f"zigan-verify={__version__}\nsympy={sympy.__version__}\n".encode())
    for path in sorted(_source_files(depends)):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _source_files(modules: Iterable[str]) -> list[Path]:
    files = []
    for name in modules:
        module = importlib.import_module(name)
        if hasattr(module, "__path__"):  # a package: every module in it
            for folder in module.__path__:
                files.extend(Path(folder).rglob("*.py"))
        else:
            files.append(Path(module.__file__))
    return files


def cached(
    namespace: str,
    name: str,
    compute: Callable[[], T],
    *,
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
    depends: tuple[str, ...],
) -> tuple[T, CacheStatus]:
    """``compute()``, or its cached value; also says whether the cache was hit.

    Args:
        namespace: the kind of result (one folder per namespace and key).
        name: the result's file name within it.
        compute: computes the result (called on a miss, or always when the cache is off).
        encode: result -> JSON-serialisable value.
        decode: inverse of ``encode``.
        depends: modules (or packages) whose source the result depends on.
    """
    if not _state["enabled"]:
        return compute(), "off"
    path = cache_dir() / f"{namespace}-{_key(depends)}" / f"{name}.json"
    try:
        return decode(json.loads(path.read_text(encoding="utf-8"))), "hit"
    except (OSError, ValueError, TypeError, KeyError):  # absent, unreadable or corrupt: recompute
        pass
    value = compute()
    _write(path, encode(value))
    return value, "miss"


def load(name: str) -> Any:
    """The JSON value stored under ``name`` by :func:`store`; None when off, absent or corrupt."""
    if not _state["enabled"]:
        return None
    try:
        return json.loads((cache_dir() / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store(name: str, payload: Any) -> None:
    """Keep a JSON value for the next run (a hint such as check timings; a no-op when off)."""
    if _state["enabled"]:
        _write(cache_dir() / f"{name}.json", payload)


def _write(path: Path, payload: Any) -> None:
    # A read-only or full cache directory only costs the next run the recompute.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
