"""q10 The @ operator: What does Python's `@` operator do to two matrices?

Write `matmul`, the matrix product of two 2-D tensors, without any of torch's built-in matrix
products (`@`, `matmul`, `mm`, `einsum`, `tensordot`, `dot` and friends) [q10.scratch]: use
elementwise operations, broadcasting and sums. Then say in ANSWER what `@` computes.
"""

import torch
from torch import Tensor


def matmul(a: Tensor, b: Tensor) -> Tensor:
    """The matrix product of `a` and `b`, the same as `a @ b`. [q10.value]

    Args:
        a: shape (m, k).
        b: shape (k, n).

    Returns:
        Shape (m, n): entry (i, j) is the sum over t of a[i, t] * b[t, j]. [q10.shapes]

    Raises:
        ValueError: when the inner sizes differ (a has k columns, b does not have k rows);
            the message names both shapes, e.g. "cannot multiply (2, 3) by (4, 5)". [q10.shape_error]

    Example:
        >>> matmul(torch.tensor([[1.0, 2.0]]), torch.tensor([[3.0], [4.0]]))
        tensor([[11.]])
    """
    raise NotImplementedError("q10: matmul is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
