"""Symbolic (SymPy) derivations; see :mod:`zigan_verify.game.symbolic.zigan`.

Public names are those in ``__all__``; everything else (``_forms`` internals) may change.
"""

from zigan_verify.game.symbolic.zigan import (
    BLOCK_NAMES as BLOCK_NAMES,
)
from zigan_verify.game.symbolic.zigan import (
    SETTINGS as SETTINGS,
)
from zigan_verify.game.symbolic.zigan import (
    BlockForm as BlockForm,
)
from zigan_verify.game.symbolic.zigan import (
    Dims as Dims,
)
from zigan_verify.game.symbolic.zigan import (
    Proof as Proof,
)
from zigan_verify.game.symbolic.zigan import (
    derive as derive,
)
from zigan_verify.game.symbolic.zigan import (
    matrix_forms as matrix_forms,
)
from zigan_verify.game.symbolic.zigan import (
    prove as prove,
)
from zigan_verify.game.symbolic.zigan import (
    prove_all as prove_all,
)

__all__ = [
    # dimensions and names
    "Dims",
    "SETTINGS",
    "BLOCK_NAMES",
    # derivation and proofs
    "derive",
    "matrix_forms",
    "BlockForm",
    "prove",
    "prove_all",
    "Proof",
]
