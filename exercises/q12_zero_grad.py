"""q12 Zeroing gradients: Why do we have to zero the gradients?

Write `calc_grad`, which runs one batch forward and backward, and `zero_grads`, which clears the
gradients of some parameters. Then explain in ANSWER what would go wrong in a training loop that
never cleared them.
"""

from typing import Callable, Iterable

import torch
from torch import Tensor, nn


def calc_grad(xb: Tensor, yb: Tensor, model: nn.Module, loss_func: Callable[[Tensor, Tensor], Tensor]) -> Tensor:
    """Predict on `xb`, compute the loss against `yb`, and backpropagate it into the model's parameters.
    [q12.backward]

    Whatever the parameters' `.grad` already held is kept and added to, as `.backward()` does.
    [q12.accumulates]

    Args:
        xb: a batch of inputs, shape (N, n_in).
        yb: its targets, shape (N, 1) (whatever `loss_func` expects).
        model: maps xb to predictions.
        loss_func: loss_func(predictions, yb) -> scalar tensor.

    Returns:
        The loss, a scalar tensor detached from the autograd graph. [q12.loss]

    Example:
        >>> model = nn.Linear(2, 1)
        >>> loss = calc_grad(torch.ones(3, 2), torch.zeros(3, 1), model, nn.functional.mse_loss)
        >>> loss.requires_grad, model.weight.grad.shape
        (False, torch.Size([1, 2]))
    """
    raise NotImplementedError("q12: calc_grad is not implemented yet")


def zero_grads(params: Iterable[Tensor]) -> None:
    """Clear the gradient of every parameter, so the next backward starts from nothing. [q12.clears]
    Parameters whose `.grad` is None are left alone: their `.grad` stays None. [q12.none_left] Works
    on any iterable, including `model.parameters()`. [q12.iterables]


    Example:
        >>> w = torch.ones(2, requires_grad=True)
        >>> (w * 3).sum().backward()
        >>> zero_grads([w])
        >>> w.grad
        tensor([0., 0.])
    """
    raise NotImplementedError("q12: zero_grads is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
