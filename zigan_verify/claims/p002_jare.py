"""Claims of 002: Nie & Patel, *Towards a Better Understanding and Regularization of GAN Training
Dynamics* (JARE)."""

from zigan_verify.claims import Claim, Status

CLAIMS = [
    Claim(f"002.{key}", where, text, Status.PENDING, issue=4)
    for key, where, text in [
        ("lemma1", "§4, Lemma 1", "The simple GAN example is concave-concave."),
        ("lemma2", "§4, Lemma 2", "Hessian of the simple GAN example at the equilibrium."),
        ("thm1", "§4, Theorem 1", "Eigenvalues of the SimGD Jacobian at the equilibrium."),
        ("cor1", "§4, Corollary 1", "Phase factor and step-size bound of SimGD."),
        ("cor2", "§4, Corollary 2", "Iteration lower bound of SimGD."),
        ("thm2", "§5.1, Theorem 2", "No previous regularizer alleviates both factors."),
        ("thm3", "§5.2, Theorem 3", "Eigenvalues of the JARE Jacobian."),
        ("cor3", "§5.2, Corollary 3", "Monotonicity of JARE's factors in gamma."),
        ("eta_max", "§5.2", "JARE step-size bound eta_max."),
        ("lemma3", "§6, Lemma 3", "Jacobian structure of general GANs at an equilibrium."),
        ("thm4", "§6, Theorem 4", "Each eigenvalue solves lambda^2 - a1 lambda + a2 = 0."),
        ("thm5", "§6, Theorem 5", "As gamma -> infinity, eig(A)/gamma -> -eig(P^T P) u -eig(P P^T)."),
        ("appA", "App. A", "Intermediate computations of the simple GAN example."),
        ("appD", "App. D", "Eigenvalues of the previous regularizers' Jacobians."),
        ("appE", "App. E", "Proofs of the general-GAN results."),
    ]
]
