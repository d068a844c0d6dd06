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
    ### BEGIN SOLUTION
    losses = []
    for xb, yb in dl:
        loss = loss_func(model(xb), yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
        losses.append(loss.item())
    return sum(losses) / len(losses)
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """Start from (random) weights, then for each mini-batch: predict with the current weights,
measure how wrong the predictions are with the loss, compute the gradient of the loss with
respect to every weight (backward), move each weight a small step (the learning rate times its
gradient) against its gradient, and reset the gradients to zero because PyTorch adds new
gradients to old ones. Repeat over all batches (an epoch) and over several epochs until the
model is good enough or stops improving. Each step needs the previous one: no gradient without
a loss, no loss without predictions, and a step must happen before the gradients are cleared."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: names init, predict, loss, gradient, step, (zero the gradients), repeat/stop, in
that order, and says why gradients are cleared (they accumulate) or why the order matters."""
### END RUBRIC
