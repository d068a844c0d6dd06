"""q01: Why accuracy can't be a loss.

Accuracy only changes when a prediction crosses 0.5, so small changes to the weights leave it
flat and its gradient is zero almost everywhere. A loss for SGD must respond smoothly.
"""

import torch
from torch import Tensor


def mnist_loss(predictions: Tensor, targets: Tensor) -> Tensor:
    """Mean distance between the predicted probability and the 0/1 target.

    Args:
        predictions: raw activations, shape (N,) or (N, 1).
        targets: 1 for the positive class (a 3), 0 otherwise; same shape as predictions.

    Returns:
        A scalar tensor: mean of `1 - p` where the target is 1 and of `p` where it is 0,
        with p = sigmoid(prediction).

    Example:
        >>> mnist_loss(torch.tensor([0.0, 0.0]), torch.tensor([1.0, 0.0]))
        tensor(0.5000)
    """
    raise NotImplementedError("q01: mnist_loss is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
