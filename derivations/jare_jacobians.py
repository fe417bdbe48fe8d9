"""Derive the JARE (002) Jacobians, characteristic polynomials and eigenvalues; write them as LaTeX.

Thin wrapper (STYLE §1 "derivations/ scripts are thin"): the SymPy work is
:func:`zigan_verify.analysis.jare.jacobians.derive_jacobians` and the LaTeX is
:func:`zigan_verify.analysis.jare.jacobians.latex_document`; tests import those, not this script.

Usage: ``python derivations/jare_jacobians.py [--output PATH]``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from zigan_verify._errors import ZiganError
from zigan_verify.analysis.jare.jacobians import derive_jacobians, latex_document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="derivations/jare_jacobians.tex")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    for method, d in derive_jacobians().items():
        roots = ", ".join(str(r) for r in d.eigenvalues)
        print(f"{method:19s} det(lambda I - A_s) = {d.charpoly};  lambda in {{{roots}}}")
    path = Path(args.output)
    try:
        path.write_text(latex_document(), encoding="utf-8")
    except OSError as exc:
        raise ZiganError(f"cannot write LaTeX to {str(path)!r}: {exc.strerror or exc}") from None
    print(f"derived in {time.perf_counter() - start:.1f} s; wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
