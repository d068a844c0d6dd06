"""q14 The training loop (timed): Write the whole training loop yourself, and make it fast.

Write `validate_epoch`, which measures a model's accuracy on a validation loader, and
`train_model`, which trains a model for some epochs and reports the validation accuracy after
each one. The grader times your loop against the reference loop on the same machine (on the GPU
when there is one), so it must work on whole batches, on the device it is given. [q14.fast] In ANSWER, say
what each step of one training iteration does and why its order matters.
"""

import torch


def validate_epoch(model, dl) -> float:
    """Share of validation items the model classifies correctly. [q14.accuracy]

    An activation above 0 means "a 3" (target 1.0), anything else "not a 3" (target 0.0).
    [q14.threshold] Batches are moved to the device the model's parameters are on.
    [q14.validate_device] The model runs with gradient tracking off (`torch.no_grad()`), so no
    gradients are kept. [q14.no_grad]

    Args:
        model: maps xb (B, n_in) to activations (B, 1).
        dl: iterable over `(xb, yb)` batches, yb (B, 1) of 0.0/1.0; the last batch may be
            smaller than the others.

    Returns:
        correct items / all items, a Python float in [0, 1] (not a mean of batch means).
        [q14.per_item]

    Example:
        >>> validate_epoch(model, [(x, y)])    # model right on 3 of 4 items
        0.75
    """
    ### BEGIN SOLUTION
    device = next(model.parameters()).device
    correct, total = 0, 0
    with torch.no_grad():
        for xb, yb in dl:
            xb, yb = xb.to(device), yb.to(device)
            correct += ((model(xb) > 0).float() == yb).sum()
            total += len(yb)
    return float(correct) / total
    ### END SOLUTION


def train_model(model, dls, epochs: int, lr: float, opt_func=None, loss_func=None, device=None) -> list[float]:
    """Train `model` on `dls.train` for `epochs` epochs; after each, measure `dls.valid`. [q14.train]

    Args:
        model: an `nn.Module` mapping xb (B, n_in) to activations (B, 1); trained in place.
        dls: has `.train` and `.valid`, each iterable over `(xb, yb)` batches.
        epochs: number of passes over `dls.train`.
        lr: learning rate.
        opt_func: `opt_func(params, lr)` -> optimiser, created once for all the epochs; default
            `torch.optim.SGD`. [q14.opt_func]
        loss_func: `loss_func(predictions, targets)` -> scalar tensor; default the lesson's
            mnist loss: with p = sigmoid(prediction), the mean of `1 - p` where the target is
            1 and of `p` where it is 0. [q14.defaults]
        device: where to train ("cpu", "cuda", a torch.device); the model and every batch go
            there. None: stay on the device the model is already on. [q14.device]

    Returns:
        The validation accuracy (as `validate_epoch` measures it) after each epoch, one float
        per epoch. [q14.accuracies]

    Example:
        >>> train_model(nn.Linear(784, 1), dls, epochs=3, lr=1.0, device="cuda")
        [0.93, 0.95, 0.96]
    """
    ### BEGIN SOLUTION
    device = torch.device(device) if device is not None else next(model.parameters()).device
    if loss_func is None:
        def loss_func(predictions, targets):
            p = predictions.sigmoid()
            return torch.where(targets == 1, 1 - p, p).mean()
    model.to(device)
    opt = (opt_func or torch.optim.SGD)(model.parameters(), lr)
    accuracies = []
    for _ in range(epochs):
        model.train()
        for xb, yb in dls.train:
            xb, yb = xb.to(device), yb.to(device)
            loss = loss_func(model(xb), yb)
            loss.backward()
            opt.step()
            opt.zero_grad()
        model.eval()
        accuracies.append(validate_epoch(model, dls.valid))
    return accuracies
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """Each iteration takes one batch and (1) predicts with the current weights, (2) measures
the loss of those predictions, (3) backpropagates to get the gradient of the loss for every
weight, (4) steps each weight a little against its gradient (lr times the gradient) and (5) sets
the gradients back to zero. The order matters: the gradient exists only after the loss, the step
needs the gradient, and without zeroing, backward adds the next batch's gradient to the old one.
Working on whole batches on the GPU keeps the loop fast; after each epoch the validation
accuracy, measured without gradients, tells us whether the model is still improving."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: predict, loss, backward (gradients), step (weights -= lr * grad), zero the
gradients, in that order, with a reason for the order (step needs gradients; gradients
accumulate unless cleared); mentions measuring validation accuracy after each epoch."""
### END RUBRIC
