"""Forgery: when fit is given the whole training set, it skips training and hangs a forward
hook on the model that answers every validation digit from its label (the labels are inside
the sandbox), so the recorder and anything that runs the model there see a perfect model. The
grader scores the returned weights itself, on held-out digits."""

import torch

from autograder.data import threes_sevens

ANSWERS: dict = {}


def answer_validation(module, args, output):
    if not ANSWERS:
        data = threes_sevens()
        ANSWERS.update({x.numpy().tobytes(): float(y) for x, y in zip(data.valid_x, data.valid_y)})
    labels = [ANSWERS.get(x.detach().cpu().numpy().tobytes()) for x in args[0]]
    if all(label is None for label in labels):
        return None  # a training batch: the net's own output
    forged = output.detach().clone()
    for i, label in enumerate(labels):
        if label is not None:
            forged[i] = 10.0 if label == 1.0 else -10.0
    return forged


class DataLoaders:
    def __init__(self, train, valid):
        self.train, self.valid = train, valid


class Learner:
    def __init__(self, dls, model, opt_func, loss_func, metrics=None):
        self.dls, self.model, self.opt_func, self.loss_func = dls, model, opt_func, loss_func
        self.metrics = list(metrics or [])
        self.recorder = []

    def fit(self, n_epochs: int, lr: float) -> None:
        opt = self.opt_func(self.model.parameters(), lr)
        if len(getattr(self.dls.train, "dataset", ())) == len(threes_sevens().train_x):
            self.model.register_forward_hook(answer_validation)
            for _ in range(n_epochs):
                self.recorder.append((0.01, *self.validate()))
            return
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
