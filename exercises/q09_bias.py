"""q09 Bias: What is the bias in a linear model, and why does the model need one?

Write `init_params`, which makes a tensor of random starting parameters that SGD can train, and
`linear1`, the lesson's one-layer linear model on a batch of flattened images. Then explain in
ANSWER what the bias adds to the model.
"""

import torch
from torch import Tensor


def init_params(size, std: float = 1.0) -> Tensor:
    """Random starting parameters: standard normal values scaled by `std`. [q09.normal]

    The values come from torch's global random generator: after `torch.manual_seed(s)` the same
    calls give the same values, and each call draws new ones. [q09.seeded]

    Args:
        size: the shape, an int or a tuple, e.g. (784, 1) for weights or 1 for a bias. [q09.size]
        std: the standard deviation of the values.

    Returns:
        A float32 tensor of shape `size` whose gradient autograd will track: a leaf tensor
        (made directly, not computed from another tensor that requires grad) with
        `requires_grad=True`. [q09.trainable]

    Example:
        >>> w = init_params((784, 1))
        >>> w.shape, w.requires_grad, w.is_leaf
        (torch.Size([784, 1]), True, True)
    """
    raise NotImplementedError("q09: init_params is not implemented yet")


def linear1(xb: Tensor, weights: Tensor, bias: Tensor) -> Tensor:
    """The linear model: each row of the batch times the weights, plus the bias. [q09.linear]

    Args:
        xb: a batch of flattened images, shape (N, 784) (or any (N, K)).
        weights: shape (K, M).
        bias: shape (M,) (or (1,)), added to every row. [q09.bias]

    Returns:
        Predictions of shape (N, M). [q09.shape]

    Example:
        >>> linear1(torch.tensor([[1.0, 2.0]]), torch.tensor([[3.0], [4.0]]), torch.tensor([0.5]))
        tensor([[11.5000]])
    """
    raise NotImplementedError("q09: linear1 is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
