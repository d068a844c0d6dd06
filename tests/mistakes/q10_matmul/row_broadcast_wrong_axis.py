"""Mistake: loops over the rows of `a` but forgets to turn each row into a column (`[:, None]`),
so it broadcasts along the wrong axis of `b`."""

import torch
from torch import Tensor


def matmul(a: Tensor, b: Tensor) -> Tensor:
    if a.shape[1] != b.shape[0]:
        raise ValueError(f"cannot multiply {tuple(a.shape)} by {tuple(b.shape)}")
    c = torch.zeros(a.shape[0], b.shape[1])
    for i in range(a.shape[0]):
        c[i] = (a[i] * b).sum(dim=0)
    return c
