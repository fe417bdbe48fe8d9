r"""Adam-type methods: bias correction and eps placement, separated by construction.

NOTE: [battery adam moments]
On a *constant* operator :math:`F(z) = g` every gradient an optimizer sees is ``g``, whatever
point it is evaluated at, so Adam's moments are exactly derivable after ``t`` updates:
:math:`m_t = (1 - b_1^t) g`, :math:`v_t = (1 - b_2^t) g^2`. With the bias correction,
:math:`\hat m_t = g` and :math:`\hat v_t = g^2` *exactly*, for any :math:`b_1, b_2`, so every
step (extrapolation and update alike, one call or two per step) moves each coordinate by

.. math:: \frac{|\Delta z_i|}{\mathrm{lr}_i} = r(|g_i|) = \frac{|g_i|}{|g_i| + \epsilon}

(Kingma & Ba 2015, Algorithm 1). Without it the first step moves by
:math:`(1-b_1)/\sqrt{1-b_2} \approx 3.16` times as much. The gradient scale separates the two
remaining unknowns:

* at :math:`|g| \gg \epsilon` (scale 1) the ratio is 1 to within :math:`\epsilon/|g|`: it
  measures the bias correction, and nothing else;
* at :math:`|g| \ll \epsilon` (scale 1e-10) it measures where eps enters: added to
  :math:`\sqrt{\hat v}` after the correction (torch.optim.Adam) gives an effective eps of
  exactly ``eps``; added before it (Kingma & Ba's "efficient" form, the public ExtraAdam)
  gives :math:`\epsilon / \sqrt{1 - b_2^t} \in [\epsilon, \epsilon/\sqrt{1-b_2}]`; inside the
  root, :math:`|g| / \sqrt{g^2 + \epsilon}`, an effective eps near :math:`\sqrt{\epsilon}`;
* methods linear in ``F`` move by a ratio proportional to the scale; sign methods by the same
  ratio at every scale.

The ratio is measured from steps 2.. on (an optimistic method's first step depends on its
convention for the missing previous gradient), at two learning-rate settings and for both
players (learning rates ``eta / tau`` and ``eta``). The classification assumes Adam's usual
``eps = 1e-8, b2 = 0.999`` (the registry's and torch's defaults); a method with other values is
still regression-guarded by its recorded ratios (NOTE: [battery baselines]).
"""

from __future__ import annotations

import numpy as np
import torch

from zigan_verify.battery._theory import number
from zigan_verify.optim.minimax import saddle_operator

__all__ = ["ADAM_OUTCOME", "adam_expectation", "check_adam_moments"]

F64 = torch.float64
EPS, B1, B2 = 1e-8, 0.9, 0.999  # Adam's defaults (registry adam_eg, torch.optim.Adam)
G = (1.0, -2.0, 0.5, -3.0)  # the constant operator's pattern: both signs, several magnitudes
SCALES = (1e2, 1.0, 1e-3, 1e-10)  # 1e-10: eps dominates; the others: eps negligible
UNIT, TINY = 1, 3  # the indices of scale 1 and of the eps-dominated scale in SCALES
SETTINGS = ((0.01, 4.0), (0.003, 1.0))  # (eta, tau)
STEPS = 6
# Ratios are differences of iterates of size <= STEPS * lr * |r| from z = 0: each carries a few
# ulps of the iterate, relative error <= 8 STEPS eps / 1; 1e-9 is far above it and far below
# the 3e-7 by which eps placement moves the scale-1 ratio.
RATIO_TOL = 1e-9
# At scale 1 a bias-corrected Adam moves by 1/(1 + eps/|g|) whatever the eps placement
# (eps/sqrt(1 - b2) / |g| <= 3.2e-7 apart): the bias correction's tolerance.
BIAS_TOL = 1e-6
ADAM_OUTCOME = "adaptive: bias-corrected, eps outside the root"


def _ratios(candidate, scale: float, eta: float, tau: float) -> np.ndarray:
    """``|z_k - z_{k-1}| / lr`` per step (rows) and coordinate, on ``F = scale * G``."""
    from zigan_verify.battery._checks import _run

    g = scale * torch.tensor(G, dtype=F64)
    F = saddle_operator(lambda z: g + 0 * z, 2)
    lr = torch.tensor([eta / tau, eta / tau, eta, eta], dtype=F64)
    z_prev, out = torch.zeros(4, dtype=F64), []
    for z in _run(candidate.make(eta, tau), z_prev, F, STEPS):
        out.append(((z - z_prev) * -torch.sign(g) / lr).tolist())
        z_prev = z
    return np.asarray(out)


def _uncorrected(r: np.ndarray) -> bool:
    """Whether the scale-1 ratios ``r[setting, step]`` (steps 2..) are those of uncorrected
    moments, ``(1 - b1^t) / sqrt(1 - b2^t)`` after ``t`` moment updates, for a method that
    updates them once a step (``t = k``), twice (extragradient, ``t = 2k``), or once with an
    optimistic step ``2 r_t - r_{t-1}``."""
    k = np.arange(1, STEPS + 1)

    def plain(t):
        return (1 - B1**t) / np.sqrt(1 - B2**t)

    optimistic = 2 * plain(k) - np.concatenate([[0.0], plain(k[:-1])])
    forms = (plain(k)[1:], plain(2 * k)[1:], optimistic[1:])
    return any(np.allclose(r, form, rtol=1e-6, atol=0) for form in forms)


def _classify(r: np.ndarray) -> tuple[str, float]:
    """Outcome from the ratios ``r[scale, setting, step, coordinate]`` (steps 2..), and the
    effective eps at the eps-dominated scale (``nan`` when not adaptive)."""
    mag = np.abs(np.asarray(G))
    scales = np.asarray(SCALES)[:, None, None, None]
    steady = r[:, :, 1:, :]
    per_scale = steady / scales
    if np.allclose(per_scale, per_scale[UNIT], rtol=1e-6, atol=0):
        return "linear in F", float("nan")
    if np.allclose(steady, steady[UNIT], rtol=1e-6, atol=0):
        return "sign of F", float("nan")
    if not np.all(steady > 0):
        return "other", float("nan")
    g_tiny = SCALES[TINY] * mag
    eps_eff = g_tiny * (1 / steady[TINY] - 1)  # r = |g| / (|g| + eps_eff)
    bias = np.abs(steady[UNIT] - 1 / (1 + EPS / mag)).max() <= BIAS_TOL
    eps_ok = np.all(eps_eff >= EPS * (1 - 1e-6)) and np.all(
        eps_eff <= EPS / np.sqrt(1 - B2) * (1 + 1e-6)
    )
    e = float(np.median(eps_eff))
    if bias and eps_ok:
        return ADAM_OUTCOME, e
    if not bias:
        if _uncorrected(steady[UNIT, :, :, 0]):
            return "adaptive: moments not bias-corrected", e
        return "adaptive: step/lr not 1 at |g| >> eps", e
    if e > 10 * EPS / np.sqrt(1 - B2):
        return "adaptive: eps inside the root", e
    return "adaptive: eps scaled wrongly", e


def check_adam_moments(candidate):
    """NOTE: [battery adam moments]: step-to-learning-rate ratios on constant operators at four
    gradient scales, two (eta, tau) settings, both players."""
    from zigan_verify.battery._checks import Outcome

    r = np.asarray([[_ratios(candidate, s, eta, tau) for eta, tau in SETTINGS] for s in SCALES])
    outcome, eps_eff = _classify(r)
    unit, tiny = r[UNIT, :, 1:, :], r[TINY, 0, 1, 0]
    evidence = (
        f"constant F at |g| ~ {', '.join(f'{s:g}' for s in SCALES)}, steps 2-{STEPS}: step/lr at "
        f"|g| ~ 1 in [{unit.min():.6f}, {unit.max():.6f}], at |g| = 1e-10: {tiny:.6g}"
    )
    if outcome.startswith("adaptive"):
        g = abs(G[0]) * SCALES[TINY]
        evidence += (
            f" (bias-corrected Adam: 1 - eps/|g| at |g| ~ 1, uncorrected "
            f"{0.1 / np.sqrt(1 - B2):.4f} at step 1; at |g| = 1e-10 eps after the correction "
            f"gives {g / (g + EPS):.6f}, before it {g / (g + EPS / np.sqrt(1 - B2**2)):.6f} "
            f"(EG step 1), inside the root {g / np.sqrt(g * g + EPS):.2e}); effective eps "
            f"{eps_eff:.3g}"
        )
    data = {
        "unit_ratio": r[UNIT, :, 1:, :].tolist(),
        "tiny_ratio": r[TINY, :, 1:, :].tolist(),
        "eps_effective": eps_eff,
    }
    return Outcome(outcome, evidence, data)


ADAM_WHY = (
    "Kingma & Ba 2015, Alg. 1: on a constant F the bias-corrected moments are exactly g and g^2, "
    "so every step moves by lr |g| / (|g| + eps) (NOTE: [battery adam moments])"
)


def adam_expectation(name: str) -> dict:
    """What the step law on constant operators predicts for built-in ``name``: Adam's ratio
    ``1 / (1 + eps/|g|)`` at scale 1 for ``adam_eg``; the family's scale law for the others."""
    if name == "adam_eg":
        mag = np.abs(np.asarray(G))
        unit = np.broadcast_to(1 / (1 + EPS / mag), (len(SETTINGS), STEPS - 1, 4)).tolist()
        lo, hi = EPS, EPS / np.sqrt(1 - B2)
        why_eps = (
            "Kingma & Ba 2015: eps added to sqrt(v_hat) gives an effective eps of eps; added "
            "before the bias correction (their efficient form) eps / sqrt(1 - b2^t), in "
            f"[{lo:.3g}, {hi:.3g}]; inside the root ~sqrt(eps)"
        )
        return {
            "expect": ADAM_OUTCOME,
            "why": ADAM_WHY,
            "numbers": {
                "unit_ratio": number(unit, BIAS_TOL, ADAM_WHY),
                # the interval [lo, hi] as a centre and half-width, widened by 1e-6 relative
                "eps_effective": number((lo + hi) / 2, (hi - lo) / 2 * (1 + 1e-6), why_eps),
            },
        }
    outcome = "sign of F" if name == "sign_eg" else "linear in F"
    why = "every step's displacement on a constant F is the same function of F at every scale: " + (
        "sign(F)" if name == "sign_eg" else "linear in F (000 §5.1, 002 §5)"
    )
    return {"expect": outcome, "why": why, "numbers": {}}
