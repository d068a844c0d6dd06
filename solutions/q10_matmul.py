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
    ### BEGIN SOLUTION
    if a.shape[1] != b.shape[0]:
        raise ValueError(f"cannot multiply {tuple(a.shape)} by {tuple(b.shape)}: "
                         f"{a.shape[1]} columns against {b.shape[0]} rows")
    return (a.unsqueeze(2) * b.unsqueeze(0)).sum(dim=1)
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """`a @ b` is matrix multiplication: for every row i of a and column j of b it multiplies
them element by element and adds the products, giving entry (i, j) of the result. So an (m, k)
matrix times a (k, n) matrix gives an (m, n) one, and the inner sizes k must agree. In the lesson it
computes every image's weighted sum of pixels for a whole batch in one step."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: says @ is matrix multiplication, each result entry being the sum of products
of a row of the first matrix with a column of the second (shapes (m,k) @ (k,n) -> (m,n))."""
### END RUBRIC
