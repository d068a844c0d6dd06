"""q11 backward: What does the `backward` method do?

Write `gradient`, which uses `.backward()` to find how the sum of `f(x)` changes with each element
of `x`, without disturbing the caller's tensor. Then say in ANSWER what `backward` computes and
where it puts the result.
"""

from typing import Callable

import torch
from torch import Tensor


def gradient(f: Callable[[Tensor], Tensor], x: Tensor) -> Tensor:
    """The gradient of `f(x).sum()` with respect to `x`, found through `.backward()`. [q11.value]

    The caller's `x` is left exactly as it was: same values, same `requires_grad`, and its
    `.grad` (None or a tensor) untouched. [q11.caller_untouched]

    Args:
        f: a function from a tensor to a tensor of any shape, built from torch operations.
            [q11.any_output]
        x: float tensor of any shape. [q11.any_shape]

    Returns:
        A tensor shaped like `x`, holding d f(x).sum() / dx. [q11.shape] It has no autograd
        history: no grad_fn, and it does not require grad. [q11.no_history]

    Example:
        >>> gradient(lambda t: t ** 2, torch.tensor([1.0, -3.0]))
        tensor([ 2., -6.])
    """
    raise NotImplementedError("q11: gradient is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
