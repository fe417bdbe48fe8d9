"""Claims of 004: *A Closer Look at the Optimization Landscapes of GANs*.

No open issue checks these yet; they are registered so the registry is complete.
"""

from zigan_verify.claims import Claim, Status

CLAIMS = [
    Claim(
        "004.def1-2",
        "§3, Defs. 1-2, Example 1",
        "A DNE need not be an LSSP and an LSSP need not be a DNE (Example 1: a rotating saddle).",
        Status.PENDING,
    ),
    Claim(
        "004.prop1",
        "§3, Proposition 1",
        "With a diagonalizable Jacobian the linearized dynamics "
        "decompose into attractions (real parts) and rotations (imaginary parts).",
        Status.PENDING,
    ),
    Claim(
        "004.eq7",
        "§4, eq. (7)",
        "Path-angle: the cosine between the game vector field and the "
        "straight path between two points, with the path-norm.",
        Status.PENDING,
    ),
    Claim(
        "004.topk",
        "§4-5",
        "Top-k eigenvalues of the game Jacobian and of each player's Hessian "
        "diagnose rotation at the end of training.",
        Status.PENDING,
    ),
]
