"""q04 The weight update: How are new weights calculated from the gradients and the learning rate?

Write `sgd_step`, the step an optimiser takes once the gradients are known. Then explain in
ANSWER what the step does to each weight, and why it must happen outside autograd and be
followed by clearing the gradients.
"""

from collections.abc import Iterable

import torch
from torch import Tensor


def sgd_step(params: Iterable[Tensor], lr: float) -> None:
    """One gradient-descent step on each parameter, in place, then clear its gradient.

    Each parameter `p` that has a gradient becomes `p - p.grad * lr`. [q04.value] The update
    changes the tensor itself (same object, same storage) [q04.in_place] and is not recorded by
    autograd, so `p` stays a leaf that requires grad. [q04.leaf] Its gradient is then cleared:
    setting `p.grad = None` and zeroing it both count. [q04.clears] Parameters whose `.grad` is
    None (unused in the last backward pass) are left as they are. [q04.no_grad_skipped]

    Args:
        params: leaf tensors that require grad, as a list or a one-shot iterable such as
            `model.parameters()`. [q04.one_shot]
        lr: the learning rate.

    Returns:
        None: the parameters are changed in place.

    Example:
        >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
        >>> (w * w).sum().backward()  # w.grad is [2., 4.]
        >>> sgd_step([w], lr=0.1)
        >>> w
        tensor([0.8000, 1.6000], requires_grad=True)
    """
    ### BEGIN SOLUTION
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p -= p.grad * lr
                p.grad = None
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """Each weight moves a small step against its gradient: new weight = weight - gradient * learning
rate, so the loss goes down if the step is small enough. The update must not be recorded by
autograd (torch.no_grad), or the weights would stop being leaves and the next backward pass would
run through the update itself. Because backward adds to .grad, the gradients are cleared after
the step so that the next batch starts from zero."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: w <- w - lr * grad (step against the gradient, scaled by the learning rate);
done in place without tracking gradients; gradients reset to zero/None afterwards because
backward accumulates them."""
### END RUBRIC
