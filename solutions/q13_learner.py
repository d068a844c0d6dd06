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
        ### BEGIN SOLUTION
        self.train, self.valid = train, valid
        ### END SOLUTION


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
        ### BEGIN SOLUTION
        self.dls, self.model, self.opt_func, self.loss_func = dls, model, opt_func, loss_func
        self.metrics = list(metrics or [])
        self.recorder = []
        ### END SOLUTION

    def fit(self, n_epochs: int, lr: float) -> None:
        ### BEGIN SOLUTION
        opt = self.opt_func(self.model.parameters(), lr)
        for _ in range(n_epochs):
            self.model.train()
            losses = []
            for xb, yb in self.dls.train:
                loss = self.loss_func(self.model(xb), yb)
                loss.backward()
                opt.step()
                opt.zero_grad()
                losses.append(loss.item())
            self.recorder.append((sum(losses) / len(losses), *self.validate()))
        ### END SOLUTION

    def validate(self) -> list[float]:
        """[valid_loss, *metric_values] over the whole validation set, weights untouched."""
        ### BEGIN SOLUTION
        self.model.eval()
        totals, count = [0.0] * (1 + len(self.metrics)), 0
        with torch.no_grad():
            for xb, yb in self.dls.valid:
                preds = self.model(xb)
                values = [self.loss_func(preds, yb)] + [m(preds, yb) for m in self.metrics]
                totals = [t + float(v) * len(xb) for t, v in zip(totals, values)]
                count += len(xb)
        return [t / count for t in totals]
        ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """A Learner holds everything one training run needs (the data loaders, the model, how to
build the optimiser, the loss and the metrics) and its fit method is the loop we used to write
each time: for every epoch, predict, take the loss, backpropagate, step and clear the gradients
on each training batch, then measure loss and metrics on the validation set without learning
from it, and log one row per epoch. It removes the repeated boilerplate and the mistakes it
invites (forgetting zero_grad, training on the validation data)."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: names what the Learner bundles (data, model, optimiser, loss, metrics) and
that fit runs the epoch loop (train steps on the training batches, then validation without
updates) and records losses/metrics per epoch."""
### END RUBRIC
