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
    raise NotImplementedError("q14: validate_epoch is not implemented yet")


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
    raise NotImplementedError("q14: train_model is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
