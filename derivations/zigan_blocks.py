"""Prove every App. B.3 block and write the LaTeX document (thin wrapper; see NOTE: [matrix forms]).

Usage: ``python derivations/zigan_blocks.py [--loss zi|js|EXPR] [--output PATH]`` (``EXPR`` a
SymPy expression in ``t``; see :func:`zigan_verify.game.symbolic.loss.parse_loss`). Tests import
:func:`zigan_verify.game.symbolic.zigan.prove_all` and :func:`zigan_verify.interfaces.latex.render_document`,
not this script.
"""

from __future__ import annotations

import argparse
import time

from zigan_verify.game.symbolic.zigan import prove_all
from zigan_verify.interfaces.latex import write_document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loss", default="zi", help="zi, js or a SymPy expression in t")
    parser.add_argument(
        "--output", default=None, help="default: derivations/zigan_blocks_<loss>.tex"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    proofs = prove_all()
    for (form, name), proof in proofs.items():
        status = "exact" if proof.equal else "DIFFERS: " + "; ".join(proof.failures)
        print(f"{form:9s} {name:13s} {status}")
    print(f"{len(proofs)} proofs in {time.perf_counter() - start:.1f} s")
    default = f"derivations/zigan_blocks_{args.loss}.tex" if args.loss in ("zi", "js") else None
    path = write_document(args.output or default or "derivations/zigan_blocks_l.tex", args.loss)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
