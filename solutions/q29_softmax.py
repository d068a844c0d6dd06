"""q29 Softmax: What does softmax do, and how do we compute it safely?

Write `softmax` from simpler tensor operations (not torch's softmax) [q29.scratch], so that it
also works for very large activations. Then explain in ANSWER what softmax does to a row of
activations.
"""

import torch
from torch import Tensor


def softmax(x: Tensor, dim: int = -1) -> Tensor:
    """exp(x) normalised to sum to 1 along `dim`, stable for large activations. [q29.value]

    Args:
        x: activations, any shape.
        dim: the dimension whose entries become a probability distribution (default: last).
            [q29.dim]

    Returns:
        Same shape as x, values in [0, 1] summing to 1 along `dim`. [q29.distribution] Finite
        wherever x is finite, even for activations of size 1e4; [q29.finite] adding a constant to
        x does not change it. [q29.shift]

    Example:
        >>> softmax(torch.tensor([[0.0, 0.0], [0.0, 1e4]]))
        tensor([[0.5000, 0.5000],
                [0.0000, 1.0000]])
    """
    ### BEGIN SOLUTION
    e = (x - x.max(dim=dim, keepdim=True).values).exp()
    return e / e.sum(dim=dim, keepdim=True)
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """Softmax exponentiates every activation and divides by the total, giving positive numbers that
sum to 1, one per class. Because of the exponential, a class whose activation is a little larger
than the rest gets a much larger share, so softmax tends to pick one class; that suits problems
where each item has exactly one label."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: exp then normalise so the outputs are positive and sum to 1; notes that the
exponential magnifies differences so one class dominates (it suits single-label classification)."""
### END RUBRIC
