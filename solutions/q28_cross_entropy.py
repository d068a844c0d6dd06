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
    ### BEGIN SOLUTION
    shifted = x - x.max(dim=-1, keepdim=True).values
    return shifted - shifted.exp().sum(dim=-1, keepdim=True).log()
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    return -log_probs[torch.arange(len(targets)), targets].mean()
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    return nll_loss(log_softmax(acts), targets)
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """Softmax turns each item's activations into probabilities that sum to 1; cross-entropy then takes
minus the log of the probability given to the correct class and averages it over the items. The
log makes the loss grow without bound as that probability goes to 0, so confidently wrong
predictions are punished hard and the gradient stays useful instead of flattening out, and it
works for any number of classes (with two it reduces to binary cross-entropy)."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: softmax gives probabilities over the classes, the loss is -log(probability of the
correct class) averaged over items; mentions that the log strongly penalises confident mistakes
(or keeps gradients large / works for many classes)."""
### END RUBRIC
