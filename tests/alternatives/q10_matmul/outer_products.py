"""Alternative: the product as a sum of k outer products (column t of a times row t of b)."""

import torch


def matmul(a, b):
    (m, k), (k2, n) = a.shape, b.shape
    if k != k2:
        raise ValueError(f"shapes {tuple(a.shape)} and {tuple(b.shape)} do not fit: {k} != {k2}")
    out = torch.zeros(m, n, dtype=torch.promote_types(a.dtype, b.dtype), device=a.device)
    for t in range(k):
        out = out + a[:, t:t + 1] * b[t:t + 1, :]
    return out


ANSWER = """Entry (i, j) of a @ b is the sum of row i of a times column j of b, element by element, so an
(m, k) by (k, n) product is (m, n) and the inner sizes must agree."""
