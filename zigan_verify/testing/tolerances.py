"""One table of float64 tolerances, keyed by the kind of comparison.

Each entry says why it has the size it has. Pass both ``rtol`` and ``atol`` (``**TOL[kind]``).
"""

import torch

__all__ = ["EPS", "TOL"]

EPS = torch.finfo(torch.float64).eps  # 2.22e-16

TOL = {
    # Two float64 evaluations of the same closed form in a different order of summation: a few
    # hundred ulps covers sums over n * r * d terms at the sizes we test.
    "exact_vs_float": {"rtol": 1000 * EPS, "atol": 1000 * EPS},
    # Closed-form derivative vs torch autograd: the acceptance bound, 1e-10 relative.
    "closed_form_vs_autograd": {"rtol": 1e-10, "atol": 1e-12},
    # Central finite differences with h ~ eps^(1/3): truncation + rounding ~ 1e-10..1e-6.
    "autograd_vs_finite_difference": {"rtol": 1e-6, "atol": 1e-7},
}
