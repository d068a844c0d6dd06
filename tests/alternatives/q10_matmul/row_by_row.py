"""Alternative: one row of the result at a time, each a broadcast multiply of a row with b."""

import torch


def matmul(a, b):
    if a.shape[1] != b.shape[0]:
        raise ValueError(f"matmul: a is {a.shape[0]}x{a.shape[1]}, b is {b.shape[0]}x{b.shape[1]}")
    return torch.stack([(row[:, None] * b).sum(dim=0) for row in a])


ANSWER = """It multiplies each row of the first matrix element-wise with each column of the second and sums,
giving one entry per (row, column); (m, k) @ (k, n) -> (m, n)."""
