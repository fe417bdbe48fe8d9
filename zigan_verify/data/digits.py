"""Training images for the paper-scale checks: scikit-learn's bundled 8x8 digits, resized to 28x28.

000 App. C trains on 32 MNIST images (784 pixels); MNIST is a download, so we use the
``sklearn.datasets.load_digits`` images that ship with scikit-learn, bilinearly upsampled to the
same 28 x 28 = 784 dimensions and scaled to ``[0, 1]``.
"""

from __future__ import annotations

import numpy as np
import torch

from zigan_verify._errors import ZiganError

__all__ = ["digits"]


def digits(n: int = 32, *, side: int = 28, seed: int = 0) -> torch.Tensor:
    """``n`` distinct digit images as rows ``(n, side*side)`` with values in ``[0, 1]``."""
    from scipy.ndimage import zoom
    from sklearn.datasets import load_digits

    images = load_digits().images  # (1797, 8, 8), values 0..16
    if not 1 <= n <= len(images):
        raise ZiganError(f"n must be in [1, {len(images)}], got {n}")
    if side < 8:
        raise ZiganError(f"side must be >= 8, got {side}")
    idx = np.random.default_rng(seed).choice(len(images), size=n, replace=False)
    big = np.stack([zoom(images[i] / 16.0, side / 8, order=1) for i in idx])
    return torch.from_numpy(np.clip(big, 0.0, 1.0).reshape(n, -1))
