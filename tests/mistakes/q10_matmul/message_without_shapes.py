"""Mistake: the product is right, but the ValueError says only that the sizes differ, without
naming the shapes the caller passed."""

import torch
from torch import Tensor


def matmul(a: Tensor, b: Tensor) -> Tensor:
    if a.shape[1] != b.shape[0]:
        raise ValueError("matrix sizes do not match")
    return (a[:, :, None] * b[None, :, :]).sum(dim=1)
