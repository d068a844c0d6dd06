"""Mistake: a correct-looking triple loop that fills the result as (columns, rows), so it returns
the transpose of a @ b."""

import torch
from torch import Tensor


def matmul(a: Tensor, b: Tensor) -> Tensor:
    m, k = a.shape
    k2, n = b.shape
    if k != k2:
        raise ValueError(f"cannot multiply {tuple(a.shape)} by {tuple(b.shape)}")
    c = torch.zeros(n, m)
    for i in range(m):
        for j in range(n):
            for t in range(k):
                c[j, i] += a[i, t] * b[t, j]
    return c
