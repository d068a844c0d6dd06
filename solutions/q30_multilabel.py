"""q30 When not softmax: When should we not use softmax?

When an item may carry no label, one label or several, each class needs its own yes/no
decision. Write `multilabel_predict` and `binary_cross_entropy` for that case (without torch's
binary cross-entropy functions) [q30.scratch], then explain in ANSWER when softmax is the wrong
choice.
"""

import torch
from torch import Tensor


def multilabel_predict(acts: Tensor, threshold: float = 0.5) -> Tensor:
    """Which classes each item is predicted to have, deciding every class on its own. [q30.independent]

    Args:
        acts: raw activations (logits), shape (N, C).
        threshold: a probability; a class is predicted when sigmoid(activation) > threshold.
            [q30.threshold]

    Returns:
        A bool tensor of shape (N, C): True where the class is predicted. [q30.bool] A row may be
        all False (no label) or have several True entries. [q30.rows]

    Example:
        >>> multilabel_predict(torch.tensor([[2.0, -1.0, 0.5], [-3.0, -2.0, -1.0]]))
        tensor([[ True, False,  True],
                [False, False, False]])
    """
    ### BEGIN SOLUTION
    return acts.sigmoid() > threshold
    ### END SOLUTION


def binary_cross_entropy(acts: Tensor, targets: Tensor) -> Tensor:
    """Mean binary cross-entropy of raw activations, stable for large activations.

    Equal to `F.binary_cross_entropy_with_logits(acts, targets)`: the mean over every item and
    class of -(t * log(sigmoid(a)) + (1 - t) * log(1 - sigmoid(a))), [q30.bce] computed so that
    it stays finite for activations of size 100 and more, 1e30 included. [q30.finite]

    Args:
        acts: raw activations (logits), shape (N, C).
        targets: 0/1 floats, same shape as acts.

    Returns:
        A scalar tensor.

    Example:
        >>> binary_cross_entropy(torch.tensor([[0.0, 100.0]]), torch.tensor([[1.0, 0.0]]))
        tensor(50.3466)
    """
    ### BEGIN SOLUTION
    # log(1 + exp(a)) - t * a, rewritten so that exp never sees a large positive number.
    return (acts.clamp(min=0) - acts * targets + torch.log1p(torch.exp(-acts.abs()))).mean()
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """Softmax forces the class probabilities of an item to sum to 1, so it always pushes towards
exactly one class. When an item can have several labels, or none of the known classes (an image
with no bear, a photo with a person and a bike), each class should get its own sigmoid
probability and its own threshold, trained with binary cross-entropy per class."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: softmax makes the classes compete (probabilities sum to 1, one winner), which is
wrong when items may have several labels or none; use an independent sigmoid per class instead."""
### END RUBRIC
