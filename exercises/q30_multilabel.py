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
    raise NotImplementedError("q30: multilabel_predict is not implemented yet")


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
    raise NotImplementedError("q30: binary_cross_entropy is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
