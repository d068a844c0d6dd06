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
    ### BEGIN SOLUTION
    x = x.detach().clone().requires_grad_(True)
    f(x).sum().backward()
    return x.grad
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """`loss.backward()` walks back through the operations that produced `loss` and applies the
chain rule, computing the derivative of `loss` with respect to every tensor that was created with
`requires_grad=True` and led to it. It returns nothing: it adds each derivative into that tensor's
`.grad`, which is why gradients pile up over calls until they are cleared. It needs a single number
to start from, so a tensor result is usually summed or averaged first."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: says backward computes the gradients (derivatives) of the result with respect to
the tensors that require grad, by the chain rule back through the computation, storing (adding)
them in their .grad attributes."""
### END RUBRIC
