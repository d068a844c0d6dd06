"""Mistake: makes a new optimiser at the start of every epoch, which plain SGD hides but which
restarts an optimiser with state (momentum, Adam) each epoch."""

import torch


def validate_epoch(model, dl) -> float:
    device = next(model.parameters()).device
    correct, total = 0, 0
    with torch.no_grad():
        for xb, yb in dl:
            xb, yb = xb.to(device), yb.to(device)
            correct += ((model(xb) > 0).float() == yb).sum()
            total += len(yb)
    return float(correct) / total


def train_model(model, dls, epochs: int, lr: float, opt_func=None, loss_func=None, device=None) -> list[float]:
    device = torch.device(device) if device is not None else next(model.parameters()).device
    if loss_func is None:
        def loss_func(predictions, targets):
            p = predictions.sigmoid()
            return torch.where(targets == 1, 1 - p, p).mean()
    model.to(device)
    accuracies = []
    for _ in range(epochs):
        opt = (opt_func or torch.optim.SGD)(model.parameters(), lr)
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
