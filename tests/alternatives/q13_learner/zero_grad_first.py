"""Alternative: gradients cleared before each forward pass; validation sums kept as tensors."""

import torch


class DataLoaders:
    def __init__(self, train, valid):
        self.train = train
        self.valid = valid


class Learner:
    def __init__(self, dls, model, opt_func, loss_func, metrics=None):
        self.dls, self.model = dls, model
        self.opt_func, self.loss_func = opt_func, loss_func
        self.metrics = metrics or []
        self.recorder = []

    def fit(self, n_epochs: int, lr: float) -> None:
        opt = self.opt_func(self.model.parameters(), lr)
        for _ in range(n_epochs):
            self.model.train()
            total, batches = 0.0, 0
            for xb, yb in self.dls.train:
                opt.zero_grad()
                loss = self.loss_func(self.model(xb), yb)
                loss.backward()
                opt.step()
                total, batches = total + loss.item(), batches + 1
            self.recorder.append((total / batches, *self.validate()))

    def validate(self):
        self.model.eval()
        sums, count = None, 0
        with torch.no_grad():
            for xb, yb in self.dls.valid:
                preds = self.model(xb)
                values = torch.stack([torch.as_tensor(f(preds, yb), dtype=torch.float64)
                                      for f in [self.loss_func, *self.metrics]])
                sums = values * len(xb) if sums is None else sums + values * len(xb)
                count += len(xb)
        return (sums / count).tolist()


ANSWER = """The Learner bundles the pieces of training and its fit method is the training loop with a
validation pass after every epoch, recording losses and metrics, which removes boilerplate."""
