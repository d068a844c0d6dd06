"""q28 Cross-entropy: What does cross-entropy loss do, and how is it built?

Build cross-entropy from its two parts, without torch's versions of them [q28.scratch]:
`log_softmax` turns activations into log-probabilities, `nll_loss` picks each item's
log-probability of its target, and `cross_entropy` chains the two. Then explain in ANSWER what
the loss measures.
"""

import torch
from torch import Tensor


def log_softmax(x: Tensor) -> Tensor:
    """Log of the softmax along the last dimension, stable for large activations. [q28.log_softmax]

    Args:
        x: activations, shape (..., C).

    Returns:
        Same shape as x; along the last dimension exp(result) sums to 1. [q28.sums_to_one] Finite
        wherever x is finite, even for activations of size 1e4. [q28.finite]

    Example:
        >>> log_softmax(torch.tensor([0.0, 0.0]))
        tensor([-0.6931, -0.6931])
    """
    raise NotImplementedError("q28: log_softmax is not implemented yet")


def nll_loss(log_probs: Tensor, targets: Tensor) -> Tensor:
    """Mean negative log-likelihood of the targets.

    Args:
        log_probs: log-probabilities, shape (N, C).
        targets: class indices, int64 of shape (N,), each in [0, C).

    Returns:
        A scalar tensor: the mean over items of -log_probs[i, targets[i]]. [q28.nll]

    Example:
        >>> nll_loss(torch.tensor([[-0.1, -2.0], [-3.0, -0.5]]), torch.tensor([0, 1]))
        tensor(0.3000)
    """
    raise NotImplementedError("q28: nll_loss is not implemented yet")


def cross_entropy(acts: Tensor, targets: Tensor) -> Tensor:
    """Cross-entropy loss of raw activations, equal to `F.cross_entropy(acts, targets)`. [q28.cross_entropy]

    Args:
        acts: raw activations (logits), shape (N, C).
        targets: class indices, int64 of shape (N,).

    Returns:
        A scalar tensor, the mean loss over the N items.

    Example:
        >>> cross_entropy(torch.tensor([[0.0, 0.0]]), torch.tensor([1]))
        tensor(0.6931)
    """
    raise NotImplementedError("q28: cross_entropy is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
