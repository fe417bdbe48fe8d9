"""zigan-verify: executable checks of GAN minimax theory.

The centre is the Zero-Infinity GAN (Lee & Kim): the loss (4), its gradients and Hessian blocks
(App. B.3) derived by SymPy and cross-checked by torch autograd, and the theorems about the
dynamics of two-timescale GDA and extragradient around it.

Public names are those in ``__all__`` (and the public modules' own ``__all__``); anything else,
including modules whose name starts with ``_``, may change.

NOTE: [lazy package]
Importing ``zigan_verify`` imports neither torch nor SymPy: the names in ``__all__`` are loaded
from their modules on first access (:func:`__getattr__`, PEP 562). So the console script
installs its Ctrl-C handling (NOTE: [one-line contract]) before the second or two that importing
torch takes, and ``--version`` answers at once.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from zigan_verify import _moved

if TYPE_CHECKING:  # what the lazy names below are, for type checkers and IDEs
    from zigan_verify._errors import ZiganError
    from zigan_verify.claims import Claim, Evidence, Status, registry, run_check
    from zigan_verify.game.closed_form import ClosedForm, hessian, hessian_blocks
    from zigan_verify.game.features import SigmoidLayer, TorchFeatureMap
    from zigan_verify.game.losses import LOSSES, get_loss
    from zigan_verify.game.models import SymbolicGame, bilinear, dirac_gan
    from zigan_verify.game.problem import ZIGANProblem
    from zigan_verify.optim.minimax import (
        Optimizer,
        OptimizerInfo,
        adam_eg,
        alternating_gda,
        conopt,
        eg,
        gda,
        get_optimizer,
        jare,
        momentum,
        ogda,
        optim_db,
        saddle_operator,
        sign_eg,
        tau_eg,
        tau_gda,
    )

__all__ = [
    # the problem (000 eq. (3)/(4)) and its derivatives
    "ZIGANProblem",
    "SigmoidLayer",
    "TorchFeatureMap",
    "LOSSES",
    "get_loss",
    "ClosedForm",
    "hessian",
    "hessian_blocks",
    # small canonical games
    "SymbolicGame",
    "bilinear",
    "dirac_gan",
    # optimizers (NOTE: [optimizer interface])
    "Optimizer",
    "OptimizerInfo",
    "optim_db",
    "get_optimizer",
    "saddle_operator",
    "gda",
    "tau_gda",
    "alternating_gda",
    "eg",
    "tau_eg",
    "ogda",
    "momentum",
    "adam_eg",
    "sign_eg",
    "jare",
    "conopt",
    # the claims registry (NOTE: [claims registry])
    "Claim",
    "Evidence",
    "Status",
    "registry",
    "run_check",
    # errors
    "ZiganError",
]

from zigan_verify._version import __version__ as __version__

_moved.install()  # NOTE: [moved modules]

# NOTE: [lazy package]: public name -> the module that defines it
_EXPORTS = {
    "ZiganError": "zigan_verify._errors",
    **dict.fromkeys(
        ("Claim", "Evidence", "Status", "registry", "run_check"), "zigan_verify.claims"
    ),
    **dict.fromkeys(("ClosedForm", "hessian", "hessian_blocks"), "zigan_verify.game.closed_form"),
    **dict.fromkeys(("SigmoidLayer", "TorchFeatureMap"), "zigan_verify.game.features"),
    **dict.fromkeys(("LOSSES", "get_loss"), "zigan_verify.game.losses"),
    **dict.fromkeys(("SymbolicGame", "bilinear", "dirac_gan"), "zigan_verify.game.models"),
    "ZIGANProblem": "zigan_verify.game.problem",
}
# the rest of __all__ is the optimizers group (tests/test_public_api.py resolves every name)
_EXPORTS.update((name, "zigan_verify.optim.minimax") for name in __all__ if name not in _EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later accesses skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
