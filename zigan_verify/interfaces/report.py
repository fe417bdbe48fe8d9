"""Machine-readable reports of the commands (``--json``): one envelope, one JSON Schema each.

NOTE: [report schema]
Every ``--json`` report is one JSON object (after pytest-json-report's ``exitcode`` / ``summary``
/ ``tests`` layout and SARIF's ``version`` / ``$schema``):

* ``schema_version`` -- ``"MAJOR.MINOR"`` of the layout: MINOR grows when fields are added,
  MAJOR when a field changes meaning or goes away;
* ``project_version`` -- the zigan-verify release that wrote it;
* ``command`` -- the subcommand (``"check"``, ``"optimizer"``, ...);
* ``exit_code`` -- the status the command exits with (NOTE: [one-line contract]);
* ``summary`` -- counts, per command;
* the rows, under a per-command key (``"claims"`` for ``check``, ``"checks"`` for
  ``optimizer``).

The schemas are JSON Schema (draft 2020-12) files shipped in ``zigan_verify/interfaces/schemas/``:
``report.schema.json`` is the envelope every report satisfies, ``<command>.schema.json`` refers
to it and describes the command's summary and rows. A new command writes its schema file, builds
its report with :func:`make_report` and checks it in a test with :func:`validate`.

Values are made JSON-safe by :func:`jsonable`: tuples become arrays, NumPy and torch numbers
and arrays become numbers and nested arrays, non-finite floats become the strings ``"NaN"``,
``"Infinity"`` and ``"-Infinity"`` (strict JSON has no such numbers), anything else (an exact
SymPy value, say) becomes its ``str``.

Examples:
    >>> summary = {"total": 0, "pass": 0, "fail": 0, "error": 0, "report": 0, "seconds": 0.0}
    >>> summary["cpu_seconds"] = 0.0
    >>> candidate = {"name": "gda", "behaves_like": "gda"}
    >>> baseline = {"compared": None, "saved": None}
    >>> rep = make_report(
    ...     "optimizer", summary, "checks", [], exit_code=0, candidate=candidate, baseline=baseline
    ... )
    >>> validate(rep)
    >>> validate({**rep, "exit_code": 3})
    Traceback (most recent call last):
    jsonschema.exceptions.ValidationError: 3 is not one of [0, 1, 2, 130, 141]
    ...
"""

from __future__ import annotations

import enum
import json
import math
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "SCHEMA_VERSION",
    "TESTS_LOCATION",
    "dumps",
    "jsonable",
    "make_report",
    "schema",
    "validate",
]

SCHEMA_VERSION = "1.2"  # 1.1: check rows have cpu_seconds; 1.2: fast/slow counts, tests_location

# Where the ``tests`` of a check row live: the source repository, not the installed package.
TESTS_LOCATION = "repository"


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON data (NOTE: [report schema])."""
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isfinite(value):
            return float(value)
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if hasattr(value, "tolist") and callable(value.tolist):  # NumPy / torch scalars and arrays
        return jsonable(value.tolist())
    return str(value)


def make_report(
    command: str,
    summary: dict,
    rows_key: str,
    rows: list[dict],
    *,
    exit_code: int,
    **extra: Any,
) -> dict:
    """The report of ``command`` (NOTE: [report schema]); ``extra`` adds command-level fields."""
    from zigan_verify._version import __version__

    return jsonable(
        {
            "schema_version": SCHEMA_VERSION,
            "project_version": __version__,
            "command": command,
            "exit_code": int(exit_code),
            "summary": summary,
            **extra,
            rows_key: rows,
        }
    )


def dumps(report: dict) -> str:
    """Strict JSON text of ``report`` (no NaN), indented, with a final newline."""
    return json.dumps(report, indent=2, allow_nan=False) + "\n"


@cache
def _schemas() -> dict[str, dict]:
    folder = resources.files("zigan_verify.interfaces.schemas")
    return {
        item.name: json.loads(item.read_text(encoding="utf-8"))
        for item in folder.iterdir()
        if item.name.endswith(".schema.json")
    }


def schema(command: str) -> dict:
    """The shipped JSON Schema of ``command``'s report (``"report"`` for the envelope)."""
    from zigan_verify._errors import check_choice

    names = {name.removesuffix(".schema.json") for name in _schemas()}
    check_choice("report schema", command, names)
    return _schemas()[f"{command}.schema.json"]


def validate(report: dict) -> None:
    """Check ``report`` against the envelope and its command's schema.

    Raises:
        jsonschema.ValidationError: the first violation.
    """
    import jsonschema
    import referencing

    registry = referencing.Registry().with_resources(
        (name, referencing.Resource.from_contents(contents))
        for name, contents in _schemas().items()
    )
    for name in ("report", report.get("command")):
        validator = jsonschema.Draft202012Validator(schema(name), registry=registry)
        validator.validate(report)
