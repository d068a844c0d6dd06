"""q06 An SGD epoch: What are the steps of one epoch of stochastic gradient descent?

Write `train_epoch`, which takes a model once through every batch of a DataLoader, doing each
step of SGD in the right order, and reports how the loss went. Then explain in ANSWER the steps
of SGD and why they come in that order.
"""

from torch import nn
from torch.optim import Optimizer


def train_epoch(model: nn.Module, dl, opt: Optimizer, loss_func) -> float:
    """One epoch of SGD: for every batch, predict, compute the loss, get the gradients, step the
    weights, then clear the gradients for the next batch. [q06.steps]

    Args:
        model: called as `model(xb)` on a batch of inputs; returns the predictions.
        dl: an iterable of `(xb, yb)` batches, such as a `torch.utils.data.DataLoader`.
        opt: an optimiser over the model's parameters (`opt.step()`, `opt.zero_grad()`).
        loss_func: called as `loss_func(predictions, yb)`; returns a scalar tensor.

    Returns:
        The mean of the batches' losses, as a Python float (each batch counts once, whatever
        its size). [q06.mean_loss]

    Example:
        >>> model = nn.Linear(784, 1)
        >>> dl = DataLoader(TensorDataset(x, y), batch_size=64)  # 256 digits: 4 batches
        >>> train_epoch(model, dl, torch.optim.SGD(model.parameters(), lr=0.1), loss_func)
        0.5213  # (loss of batch 1 + ... + loss of batch 4) / 4
    """
    raise NotImplementedError("q06: train_epoch is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
