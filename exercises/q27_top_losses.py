"""q27 Train before cleaning: Why train a model before cleaning the data?

Write `top_losses`, which scores every item with a trained model and returns the items it
finds hardest to believe. Then explain in ANSWER why a quickly trained model is a good tool for
finding mislabelled data, before any cleaning is done by hand.
"""

import torch
import torch.nn.functional as F
from torch import Tensor, nn


def top_losses(model: nn.Module, xs: Tensor, ys: Tensor, k: int, loss_func=None) -> tuple[Tensor, Tensor]:
    """The k items with the largest loss, largest first. [q27.top_k]

    The losses are computed in evaluation mode (dropout off, batch-norm uses its running
    statistics) [q27.eval] and without tracking gradients; [q27.no_grad] afterwards the model is
    back in the mode it was in, with its weights and buffers unchanged. [q27.model_restored]

    Args:
        model: maps xs to raw activations (logits), e.g. shape (N, 1).
        xs: the inputs, shape (N, ...).
        ys: the targets that `loss_func` compares the activations with.
        k: how many items to return, 1 <= k <= N. [q27.k]
        loss_func: `loss_func(activations, ys)` giving one loss per item (an unreduced loss,
            shape (N,) or (N, 1); [q27.loss_func] extra dimensions are averaged per item, as for
            several labels per item). [q27.extra_dims] Default: per-item binary cross-entropy on
            logits, `F.binary_cross_entropy_with_logits(..., reduction="none")`. [q27.default_loss]

    Returns:
        (losses, indices): float tensor of shape (k,) in descending order, and the int64 row
        numbers of those items in xs, shape (k,). [q27.result]

    Example:
        >>> model = nn.Linear(1, 1)
        >>> model.load_state_dict({"weight": torch.ones(1, 1), "bias": torch.zeros(1)})
        <All keys matched successfully>
        >>> top_losses(model, torch.tensor([[2.0], [-1.0], [3.0]]), torch.tensor([[1.0], [1.0], [0.0]]), 2)
        (tensor([3.0486, 1.3133]), tensor([2, 1]))
    """
    raise NotImplementedError("q27: top_losses is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
