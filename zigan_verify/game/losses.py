r"""The loss ``l`` of the GAN objective (000 eq. (1), (3)) and its first two derivatives.

.. math:: f = -\frac1n \sum_i \big[l(D(x_i)) + l(-D(G(z_i)))\big]

``"zi"``: the linear loss :math:`l(t) = -t`, which gives the Zero-Infinity GAN (000 eq. (4)).
``"js"``: the logistic loss :math:`l(t) = \log(1 + e^{-t})`, which gives JS-GAN (000 eq. (1)).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from zigan_verify._errors import check_choice

__all__ = ["LOSSES", "Loss", "get_loss"]

_Fn = Callable[[torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
class Loss:
    """A scalar loss ``l`` with its derivatives ``dl = l'`` and ``d2l = l''`` (elementwise)."""

    name: str
    l: _Fn
    dl: _Fn
    d2l: _Fn


LOSSES = {
    "zi": Loss(
        "zi",
        l=lambda t: -t,
        dl=lambda t: -torch.ones_like(t),
        d2l=torch.zeros_like,
    ),
    "js": Loss(
        "js",
        l=lambda t: torch.nn.functional.softplus(-t),
        dl=lambda t: -torch.sigmoid(-t),
        d2l=lambda t: torch.sigmoid(t) * torch.sigmoid(-t),
    ),
}


def get_loss(name: str) -> Loss:
    """The registered loss called ``name`` (``"zi"`` or ``"js"``)."""
    check_choice("loss", name, LOSSES)
    return LOSSES[name]
