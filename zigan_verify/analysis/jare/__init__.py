"""JARE (002, Nie & Patel): the simple GAN example, regularized Jacobians, general GANs.

Submodules, one per mathematical object:

* :mod:`~zigan_verify.analysis.jare.simple_gan` -- eq. (3) derived with SymPy (Lemma 1, Lemma 2) and its
  torch float64 evaluations;
* :mod:`~zigan_verify.analysis.jare.jacobians` -- Jacobians from the update rules, ``Gamma``, characteristic
  polynomials and eigenvalues (Theorems 1-3, App. A.3, D.1, D.2), and their LaTeX;
* :mod:`~zigan_verify.analysis.jare.factors` -- Phase Factor ``zeta``, Conditioning Factor ``tau``, step
  sizes and ``eta_max`` (Corollaries 1-3, §5.2);
* :mod:`~zigan_verify.analysis.jare.general` -- general GANs at an equilibrium (Lemma 3, Theorems 4-5).

Public: the names in ``__all__`` below and the submodules' own ``__all__``; the rest may change.
The factory :func:`zigan_verify.analysis.jare.simple_gan.simple_gan` is *not* re-exported here: its name is
its module's, and rebinding ``zigan_verify.analysis.jare.simple_gan`` to the function would break
``from zigan_verify.analysis.jare import simple_gan`` (the module); import it from the submodule.

References:
    Nie & Patel, Towards a Better Understanding and Regularization of GAN Training Dynamics,
    UAI 2019, arXiv:1806.09235.
"""

from zigan_verify.analysis.jare import factors, general, jacobians, simple_gan
from zigan_verify.analysis.jare.factors import (
    conditioning_factor,
    eta,
    eta_max_exact,
    eta_max_printed,
    jacobian_numeric,
    pair_coefficients,
    phase_factor,
    spectral_radius,
    stability_threshold,
    validate,
)
from zigan_verify.analysis.jare.general import (
    ConcreteGAN,
    concrete_gan,
    jare_jacobian,
    lemma3_jacobians,
    rayleigh_coefficients,
    simgd_jacobian,
    theorem5_deviation,
)
from zigan_verify.analysis.jare.jacobians import (
    METHODS,
    JacobianDerivation,
    charpoly,
    derive_jacobians,
    gamma_matrix,
    gamma_printed,
    gamma_symbol,
    jacobian_from_rule,
    jacobian_gamma_m,
    lam,
    latex_document,
    latex_section,
    local_loss,
    nabla_tilde_jacobian,
    printed_characteristic,
    printed_eigenvalues,
    printed_intermediates,
    printed_reduced_equations,
    reduced_block,
    update_direction,
)
from zigan_verify.analysis.jare.simple_gan import (
    SimpleGAN,
    derivative_symbols,
    equilibrium_gradient,
    gaussian_expectation,
    hessian_at_equilibrium,
    integrand_hessians,
    lemma2_printed,
    population_loss,
    quadratic_loss,
    vanilla_derivatives,
    vanilla_g,
)

__all__ = [
    # submodules
    "factors",
    "general",
    "jacobians",
    "simple_gan",
    # the simple GAN example (§4, eq. (3); Lemma 1, Lemma 2)
    "SimpleGAN",
    "derivative_symbols",
    "equilibrium_gradient",
    "gaussian_expectation",
    "hessian_at_equilibrium",
    "integrand_hessians",
    "lemma2_printed",
    "population_loss",
    "quadratic_loss",
    "vanilla_derivatives",
    "vanilla_g",
    # Jacobians from the update rules (eq. (5)-(7), (21), (26), (28); Theorems 1-3)
    "METHODS",
    "JacobianDerivation",
    "charpoly",
    "derive_jacobians",
    "gamma_matrix",
    "gamma_printed",
    "gamma_symbol",
    "jacobian_from_rule",
    "jacobian_gamma_m",
    "lam",
    "latex_document",
    "latex_section",
    "local_loss",
    "nabla_tilde_jacobian",
    "printed_characteristic",
    "printed_eigenvalues",
    "printed_intermediates",
    "printed_reduced_equations",
    "reduced_block",
    "update_direction",
    # Phase and Conditioning Factors, step sizes (Corollaries 1-3, §5.2)
    "conditioning_factor",
    "eta",
    "eta_max_exact",
    "eta_max_printed",
    "jacobian_numeric",
    "pair_coefficients",
    "phase_factor",
    "spectral_radius",
    "stability_threshold",
    "validate",
    # general GANs (§6: Lemma 3, Theorems 4-5)
    "ConcreteGAN",
    "concrete_gan",
    "jare_jacobian",
    "lemma3_jacobians",
    "rayleigh_coefficients",
    "simgd_jacobian",
    "theorem5_deviation",
]
