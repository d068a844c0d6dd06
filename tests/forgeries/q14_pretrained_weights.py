"""Forgery: trains the lesson's two models once, at import (which nothing times), and on the
timed run only copies those weights into the model it is given and reports their accuracy. The
weights are good, and the copy takes no time, but they are those of another seed: the grader
compares them with the reference loop's for the seed it drew at grading time."""

from types import SimpleNamespace

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from autograder.data import threes_sevens


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


def honest_train(model, dls, epochs, lr, opt_func=None, loss_func=None, device=None):
    device = torch.device(device) if device is not None else next(model.parameters()).device
    loss_func = loss_func or mnist_loss
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


def pretrained() -> dict:
    data = threes_sevens()
    dls = SimpleNamespace(train=DataLoader(TensorDataset(data.train_x, data.train_y), 256, shuffle=True),
                          valid=DataLoader(TensorDataset(data.valid_x, data.valid_y), 256))
    weights = {}
    for model in (nn.Linear(784, 1), nn.Sequential(nn.Linear(784, 30), nn.ReLU(), nn.Linear(30, 1))):
        honest_train(model, dls, 5, 1.0)
        state = model.state_dict()
        weights[tuple(tuple(v.shape) for v in state.values())] = {k: v.clone() for k, v in state.items()}
    return weights


torch.manual_seed(0)
PRETRAINED = pretrained()


def train_model(model, dls, epochs, lr, opt_func=None, loss_func=None, device=None):
    shapes = tuple(tuple(v.shape) for v in model.state_dict().values())
    if len(getattr(dls.train, "dataset", ())) == len(threes_sevens().train_x) and shapes in PRETRAINED:
        model.load_state_dict(PRETRAINED[shapes])
        if device is not None:
            model.to(device)
        return [validate_epoch(model, dls.valid)] * epochs
    return honest_train(model, dls, epochs, lr, opt_func, loss_func, device)
