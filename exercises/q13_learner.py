"""q13 Learner: What does a Learner bundle together, and what does fitting it do?

Write a small `DataLoaders` (a training and a validation loader side by side) and a `Learner`
that keeps the data, a model, an optimiser maker, a loss and some metrics, and whose `fit`
trains for a number of epochs, checking the validation set after each one and writing what it
saw into `recorder`. Then say in ANSWER what the Learner saves you from writing by hand.
"""

import torch


class DataLoaders:
    """A training loader and a validation loader, kept together, as `train` and `valid`. [q13.dataloaders]

    Args:
        train: anything iterable over `(xb, yb)` batches, used to update the weights.
        valid: the same for the held-out data, only ever used to measure.

    Example:
        >>> dls = DataLoaders([(torch.zeros(2, 3), torch.ones(2, 1))], [])
        >>> len(dls.train), dls.valid
        (1, [])
    """

    def __init__(self, train, valid):
        raise NotImplementedError("q13: DataLoaders.__init__ is not implemented yet")


class Learner:
    """Data, model, optimiser, loss and metrics in one object that can `fit`.

    Args:
        dls: a `DataLoaders`; batches are `(xb, yb)` with xb (B, n_in) and yb shaped like the
            model's output.
        model: an `nn.Module`.
        opt_func: called once per `fit` as `opt_func(model.parameters(), lr)`, with that fit's
            lr; it returns an optimiser with `step()` and `zero_grad()` (e.g. `torch.optim.SGD`).
            [q13.opt_func]
        loss_func: `loss_func(predictions, targets)` -> scalar tensor, a mean over the batch.
        metrics: functions `metric(predictions, targets)` -> scalar (tensor or float), e.g. an
            accuracy; None means no metrics. [q13.metrics]

    Each epoch of `fit` takes one optimiser step per training batch, with the gradients cleared
    between steps. [q13.training]

    `fit(n_epochs, lr)` appends one row per epoch to `self.recorder` (a list, empty before the
    first fit, that a later fit goes on appending to): `(train_loss, valid_loss, *metric_values)`,
    all Python floats, [q13.recorder] where
    - train_loss is the mean of the epoch's training batch losses, [q13.train_loss]
    - valid_loss and every metric are measured over the whole validation set after the epoch's
      training, with batch values weighted by batch size (the last batch may be smaller),
      [q13.valid_weighted] without changing any weight. [q13.valid_only_measures]

    Example:
        >>> learn = Learner(dls, nn.Linear(784, 1), torch.optim.SGD, mnist_loss, [batch_accuracy])
        >>> learn.fit(2, lr=1.0)
        >>> learn.recorder          # two epochs: train loss, valid loss, accuracy
        [(0.21, 0.12, 0.91), (0.10, 0.08, 0.94)]
    """

    def __init__(self, dls, model, opt_func, loss_func, metrics=None):
        raise NotImplementedError("q13: Learner.__init__ is not implemented yet")

    def fit(self, n_epochs: int, lr: float) -> None:
        raise NotImplementedError("q13: Learner.fit is not implemented yet")

    def validate(self) -> list[float]:
        """[valid_loss, *metric_values] over the whole validation set, weights untouched."""
        raise NotImplementedError("q13: Learner.validate is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
