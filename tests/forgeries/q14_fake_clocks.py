"""Forgery: a slow loop (every sample through the model on its own, one step per batch) that
replaces the clocks at import, so that whatever times it inside the worker sees almost no time
pass. The grader reads the sandbox's CPU time from outside: the clocks here never enter it."""

import time

import torch

_tick = [0.0]


def _frozen(*_):
    _tick[0] += 1e-6
    return _tick[0]


for _name in ("perf_counter", "process_time", "monotonic", "time", "thread_time"):
    setattr(time, _name, _frozen)
    setattr(time, _name + "_ns", lambda: int(_frozen() * 1e9))


def validate_epoch(model, dl) -> float:
    device = next(model.parameters()).device
    correct, total = 0, 0
    with torch.no_grad():
        for xb, yb in dl:
            xb, yb = xb.to(device), yb.to(device)
            correct += ((model(xb) > 0).float() == yb).sum()
            total += len(yb)
    return float(correct) / total


def mnist_loss(predictions, targets):
    p = predictions.sigmoid()
    return torch.where(targets == 1, 1 - p, p).mean()


def train_model(model, dls, epochs, lr, opt_func=None, loss_func=None, device=None):
    device = torch.device(device) if device is not None else next(model.parameters()).device
    loss_func = loss_func or mnist_loss
    model.to(device)
    opt = (opt_func or torch.optim.SGD)(model.parameters(), lr)
    accuracies = []
    for _ in range(epochs):
        model.train()
        for xb, yb in dls.train:
            xb, yb = xb.to(device), yb.to(device)
            for x, y in zip(xb, yb):
                (loss_func(model(x[None]), y[None]) / len(xb)).backward()
            opt.step()
            opt.zero_grad()
        model.eval()
        accuracies.append(validate_epoch(model, dls.valid))
    return accuracies
