"""Mistake: reuses one epoch function for both loaders, so the validation batches also take
optimiser steps and the model learns from the validation set."""

import torch


class DataLoaders:

    def __init__(self, train, valid):
        self.train, self.valid = train, valid


class Learner:

    def __init__(self, dls, model, opt_func, loss_func, metrics=None):
        self.dls, self.model, self.opt_func, self.loss_func = dls, model, opt_func, loss_func
        self.metrics = list(metrics or [])
        self.recorder = []

    def run_epoch(self, dl, opt):
        totals, count = [0.0] * (1 + len(self.metrics)), 0
        for xb, yb in dl:
            preds = self.model(xb)
            loss = self.loss_func(preds, yb)
            loss.backward()
            opt.step()
            opt.zero_grad()
            values = [loss.item()] + [float(m(preds, yb)) for m in self.metrics]
            totals = [t + v * len(xb) for t, v in zip(totals, values)]
            count += len(xb)
        return [t / count for t in totals]

    def fit(self, n_epochs: int, lr: float) -> None:
        opt = self.opt_func(self.model.parameters(), lr)
        for _ in range(n_epochs):
            train_loss = self.run_epoch(self.dls.train, opt)[0]
            self.recorder.append((train_loss, *self.run_epoch(self.dls.valid, opt)))
