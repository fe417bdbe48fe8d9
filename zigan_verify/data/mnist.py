"""Reader of the IDX files MNIST ships in (``train-images-idx3-ubyte[.gz]``), in NumPy.

IDX format (LeCun et al., http://yann.lecun.com/exdb/mnist/, "FILE FORMATS FOR THE MNIST
DATABASE"): two zero bytes, a type byte (``0x08`` uint8, ``0x09`` int8, ``0x0B`` int16,
``0x0C`` int32, ``0x0D`` float32, ``0x0E`` float64), a byte with the number of dimensions ``k``,
``k`` big-endian uint32 sizes, then the array in C order, big-endian.

Public: :func:`read_idx`, :func:`mnist_images`; the rest may change.
"""

from __future__ import annotations

import gzip
import pathlib

import numpy as np
import torch

from zigan_verify._errors import ZiganError

__all__ = ["mnist_images", "read_idx", "write_idx"]

_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def _open(path: pathlib.Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            head = fh.read(2)
        opener = gzip.open if head == b"\x1f\x8b" else open
        with opener(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise ZiganError(f"cannot read IDX file {str(path)!r}: {exc.strerror or exc}") from None


def read_idx(path) -> np.ndarray:
    """The array stored in the IDX file ``path`` (gzip-compressed or not).

    Examples:
        >>> import tempfile, numpy as np
        >>> from zigan_verify.data.mnist import read_idx, write_idx
        >>> path = tempfile.mktemp(suffix=".idx")
        >>> write_idx(path, np.arange(6, dtype=np.uint8).reshape(1, 2, 3))
        >>> read_idx(path).tolist()
        [[[0, 1, 2], [3, 4, 5]]]
    """
    path = pathlib.Path(path)
    raw = _open(path)
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _TYPES:
        raise ZiganError(f"{str(path)!r} is not an IDX file (bad magic number {raw[:4].hex()})")
    dtype, ndim = np.dtype(_TYPES[raw[2]]), raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ZiganError(f"{str(path)!r}: IDX header truncated")
    shape = tuple(int(s) for s in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    count = int(np.prod(shape, dtype=np.int64))
    if len(raw) - header != count * dtype.itemsize:
        raise ZiganError(
            f"{str(path)!r}: IDX header says shape {shape} ({count * dtype.itemsize} bytes), "
            f"file has {len(raw) - header} data bytes"
        )
    return (
        np.frombuffer(raw, dtype=dtype, offset=header)
        .reshape(shape)
        .astype(dtype.newbyteorder("="))
    )


def write_idx(path, array: np.ndarray) -> None:
    """Write ``array`` as an (uncompressed) IDX file: the inverse of :func:`read_idx`."""
    codes = {np.dtype(v).newbyteorder("="): k for k, v in _TYPES.items()}
    array = np.ascontiguousarray(array)
    if array.dtype not in codes:
        raise ZiganError(f"IDX cannot store dtype {array.dtype}")
    header = (
        bytes([0, 0, codes[array.dtype], array.ndim]) + np.asarray(array.shape, ">u4").tobytes()
    )
    pathlib.Path(path).write_bytes(header + array.astype(array.dtype.newbyteorder(">")).tobytes())


def mnist_images(path, n: int, *, side: int = 28, seed: int = 0) -> torch.Tensor:
    """``n`` distinct images of the MNIST IDX file ``path`` as rows ``(n, side*side)`` in
    ``[0, 1]`` (pixels / 255), picked by ``seed``; resized by bilinear zoom when ``side != 28``."""
    images = read_idx(path)
    if images.ndim != 3 or images.dtype != np.uint8:
        raise ZiganError(
            f"{str(path)!r}: expected uint8 images (N, H, W), got {images.dtype} {images.shape}"
        )
    if not 1 <= n <= len(images):
        raise ZiganError(f"n must be in [1, {len(images)}], got {n}")
    idx = np.random.default_rng(seed).choice(len(images), size=n, replace=False)
    picked = images[np.sort(idx)] / 255.0
    if picked.shape[1:] != (side, side):
        from scipy.ndimage import zoom

        picked = np.stack(
            [zoom(im, (side / im.shape[0], side / im.shape[1]), order=1) for im in picked]
        )
    return torch.from_numpy(np.clip(picked, 0.0, 1.0).reshape(n, -1))
