"""003's global landscape: function-space losses of separable GANs and RpGANs, their patterns,
local minima and non-increasing paths (Sun, Fang & Schwing 2020, arXiv:2011.04926).

Public names are those in ``__all__``; the private modules may change.
"""

from zigan_verify.analysis.global_landscape._losses import (
    RELATIVISTIC,
    SEPARABLE,
    RelativisticLoss,
    SeparableLoss,
    a,
    function_space_losses,
    m,
    pieces,
    psi,
    sup_closed_form,
    t,
    xi,
    xi_closed_form,
)
from zigan_verify.analysis.global_landscape._numeric import (
    Bracket,
    certified_concave_sup,
    rpgan_sup_numeric,
    separable_sup_numeric,
)
from zigan_verify.analysis.global_landscape._params import OverparameterizedGAN
from zigan_verify.analysis.global_landscape._patterns import (
    FREE,
    Pattern,
    counts,
    freeings,
    is_permutation,
    pattern_of,
    patterns,
    state_transitions,
    two_point_state,
)
from zigan_verify.analysis.global_landscape._piecewise import (
    PiecewiseLinear,
    cycle_value_lp,
    two_cycle_value,
    xi_pl,
)
from zigan_verify.analysis.global_landscape._rpgan import (
    PathStep,
    cycles,
    geometric_path,
    non_increasing,
    on_cycle,
    pattern_path,
    rpgan_value,
    segment_hits,
)
from zigan_verify.analysis.global_landscape._separable import (
    LocalMinima,
    compare,
    separable_local_minima,
    separable_value,
)

__all__ = [
    # losses and their inner suprema (003 §3-§4.1)
    "t",
    "m",
    "a",
    "SeparableLoss",
    "RelativisticLoss",
    "SEPARABLE",
    "RELATIVISTIC",
    "pieces",
    "sup_closed_form",
    "psi",
    "xi",
    "xi_closed_form",
    "function_space_losses",
    # configurations and their neighbourhoods (NOTE: [patterns])
    "FREE",
    "Pattern",
    "patterns",
    "freeings",
    "pattern_of",
    "is_permutation",
    "counts",
    "two_point_state",
    "state_transitions",
    # separable GANs (eq. (5), Theorem 1)
    "separable_value",
    "compare",
    "LocalMinima",
    "separable_local_minima",
    # RpGANs (eq. (6), Theorem 2; NOTE: [pairing graph])
    "cycles",
    "on_cycle",
    "rpgan_value",
    "PathStep",
    "pattern_path",
    "segment_hits",
    "geometric_path",
    "non_increasing",
    # exact piecewise-linear losses (drawn h)
    "PiecewiseLinear",
    "xi_pl",
    "two_cycle_value",
    "cycle_value_lp",
    # numerical routes (certified 1-D concave sup, direct inner maximization)
    "Bracket",
    "certified_concave_sup",
    "separable_sup_numeric",
    "rpgan_sup_numeric",
    # parameter space (§4.2)
    "OverparameterizedGAN",
]
