"""Public Hypothesis strategies for the points the theorems speak about.

Import them in your own property tests like ``hypothesis.extra.numpy``::

    from zigan_verify.strategies import zi_problems, points

Public names are those in ``__all__``; private modules (``_instances`` ...) may change.
"""

from zigan_verify.strategies._instances import points, zi_problems
from zigan_verify.strategies._jare import (
    JacobianBlocks,
    SimpleGANParams,
    jacobian_blocks,
    mean_norms,
    noise_variances,
    regularization_weights,
    simple_gans,
)
from zigan_verify.strategies._landscape003 import (
    Configuration,
    concave_losses,
    configuration_patterns,
    configurations,
    separable_losses,
)
from zigan_verify.strategies._lastlayer import last_layer_problems, last_layer_starts
from zigan_verify.strategies._stationary import (
    StationaryPoint,
    degenerate_points,
    global_solutions,
    theorem2_points,
)

__all__ = [
    # problem instances (000 eq. (3)/(4))
    "points",
    "zi_problems",
    # stationary points of Theorems 2-3 (000 §5.2-5.3)
    "StationaryPoint",
    "degenerate_points",
    "global_solutions",
    "theorem2_points",
    # the last-layer problem of 000 §6 and its starting points
    "last_layer_problems",
    "last_layer_starts",
    # the JARE paper (002)
    "JacobianBlocks",
    "SimpleGANParams",
    "jacobian_blocks",
    "mean_norms",
    "noise_variances",
    "regularization_weights",
    "simple_gans",
    # the global-landscape paper (003): n-point configurations and concave losses
    "Configuration",
    "configurations",
    "configuration_patterns",
    "concave_losses",
    "separable_losses",
]
