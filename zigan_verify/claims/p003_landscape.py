"""Claims of 003: Sun, Fang & Schwing, *Towards a Better Global Loss Landscape of GANs*.

No open issue checks these yet; they are registered so the registry is complete.
"""

from zigan_verify.claims import Claim, Status

CLAIMS = [
    Claim(
        "003.claim3.1",
        "§3, Claim 3.1",
        "min phi_JS(Y, X) = -log 2, at {y1, y2} = {x1, x2}.",
        Status.PENDING,
    ),
    Claim(
        "003.claim3.2",
        "§3, Claim 3.2",
        "min phi_RS(Y, X) = -log 2, at {y1, y2} = {x1, x2}; "
        "the mode-collapsed state is not a local minimum.",
        Status.PENDING,
    ),
    Claim(
        "003.cor3.1",
        "§3, Corollary 3.1",
        "Y = (x1, x1) is a sub-optimal strict local minimum of phi_JS(., X).",
        Status.PENDING,
    ),
    Claim(
        "003.thm1",
        "§4, Theorem 1",
        "The separable-GAN loss has n^n - n! sub-optimal strict local minima.",
        Status.PENDING,
    ),
    Claim(
        "003.thm2",
        "§4, Theorem 2",
        "For RpGAN every point is global-min-reachable.",
        Status.PENDING,
    ),
]
