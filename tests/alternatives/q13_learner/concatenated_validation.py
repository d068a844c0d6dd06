"""Alternative: DataLoaders as a namedtuple; validation measured once on all validation batches joined."""

from collections import namedtuple

import torch

DataLoaders = namedtuple("DataLoaders", ["train", "valid"])


class Learner:
    def __init__(self, dls, model, opt_func, loss_func, metrics=None):
        self.dls = dls
        self.model = model
        self.opt_func = opt_func
        self.loss_func = loss_func
        self.metrics = [] if metrics is None else list(metrics)
        self.recorder = []

    def fit(self, n_epochs: int, lr: float) -> None:
        opt = self.opt_func(self.model.parameters(), lr)
        for _ in range(n_epochs):
            self.model.train()
            train_losses = []
            for xb, yb in self.dls.train:
                loss = self.loss_func(self.model(xb), yb)
                loss.backward()
                opt.step()
                opt.zero_grad()
                train_losses.append(loss.item())
            row = [sum(train_losses) / len(train_losses)] + self.validate()
            self.recorder.append(tuple(row))

    def validate(self) -> list[float]:
        self.model.eval()
        with torch.no_grad():
            preds, targets = zip(*[(self.model(xb), yb) for xb, yb in self.dls.valid])
            preds, targets = torch.cat(preds), torch.cat(targets)
            return [float(f(preds, targets)) for f in [self.loss_func, *self.metrics]]


ANSWER = """A Learner holds data, model, optimiser, loss and metrics together; fit runs the epochs (train
steps on the training batches, then loss and metrics on the validation set without updating)
and records them, so the loop is not rewritten every time."""
