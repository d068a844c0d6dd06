"""Mistake: starts learn.recorder afresh at every fit, so a second fit loses the rows of the
first."""

import torch


class DataLoaders:

    def __init__(self, train, valid):
        self.train, self.valid = train, valid


class Learner:

    def __init__(self, dls, model, opt_func, loss_func, metrics=None):
        self.dls, self.model, self.opt_func, self.loss_func = dls, model, opt_func, loss_func
        self.metrics = list(metrics or [])
        self.recorder = []

    def fit(self, n_epochs: int, lr: float) -> None:
        self.recorder = []
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

    def validate(self) -> list[float]:
        self.model.eval()
        totals, count = [0.0] * (1 + len(self.metrics)), 0
        with torch.no_grad():
            for xb, yb in self.dls.valid:
                preds = self.model(xb)
                values = [self.loss_func(preds, yb)] + [m(preds, yb) for m in self.metrics]
                totals = [t + float(v) * len(xb) for t, v in zip(totals, values)]
                count += len(xb)
        return [t / count for t in totals]
