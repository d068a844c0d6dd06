"""q01 Why accuracy can't be a loss: Why can't we use accuracy as a loss function?

Write `mnist_loss`, the loss the lesson trains its 3s-vs-7s classifier with, then explain in
ANSWER why accuracy itself would not work as the loss that SGD follows.
"""

import torch
from torch import Tensor


def mnist_loss(predictions: Tensor, targets: Tensor) -> Tensor:
    """Mean distance between the predicted probability and the 0/1 target.

    Args:
        predictions: raw activations, shape (N,) or (N, 1). [q01.shapes]
        targets: 1 for the positive class (a 3), 0 otherwise; same shape as predictions.

    Returns:
        A scalar tensor: mean of `1 - p` where the target is 1 and of `p` where it is 0,
        with p = sigmoid(prediction). [q01.value] It is built from torch operations on
        `predictions`, so `.backward()` gives every prediction a gradient. [q01.gradient]

    Example:
        >>> mnist_loss(torch.tensor([0.0, 0.0]), torch.tensor([1.0, 0.0]))
        tensor(0.5000)
    """
    raise NotImplementedError("q01: mnist_loss is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
