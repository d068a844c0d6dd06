"""q03 Loss versus metric: What is the difference between a loss and a metric?

Write `batch_accuracy`, the metric the lesson reports for its 3s-vs-7s classifier. Then explain
in ANSWER who each of the two numbers is for, and why training follows one and reports the other.
"""

import torch
from torch import Tensor


def batch_accuracy(predictions: Tensor, targets: Tensor) -> Tensor:
    """Share of items whose predicted class agrees with the 0/1 target. [q03.value]

    An item is predicted to be a 3 (class 1) when sigmoid(prediction) > 0.5; a prediction of
    exactly 0 therefore counts as class 0. [q03.threshold] The result is a number to read, not to
    train on: it carries no gradient, even when `predictions` requires grad. [q03.no_gradient]

    Args:
        predictions: raw activations, shape (N,) or (N, 1). [q03.shapes]
        targets: 1.0 for a 3, 0.0 otherwise; same shape as predictions.

    Returns:
        A floating-point scalar tensor (shape ()) between 0 and 1. [q03.scalar]

    Example:
        >>> batch_accuracy(torch.tensor([2.0, -1.0, 0.5]), torch.tensor([1.0, 1.0, 0.0]))
        tensor(0.3333)
    """
    raise NotImplementedError("q03: batch_accuracy is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
