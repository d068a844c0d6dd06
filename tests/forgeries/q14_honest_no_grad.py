"""Honest: the lesson's own update, by hand: `p -= lr * p.grad` under torch.no_grad(), then the
gradients zeroed, instead of an optimiser's step. It must keep every point."""

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


def mnist_loss(predictions, targets):
    p = predictions.sigmoid()
    return torch.where(targets == 1, 1 - p, p).mean()


def train_model(model, dls, epochs, lr, opt_func=None, loss_func=None, device=None):
    device = torch.device(device) if device is not None else next(model.parameters()).device
    loss_func = loss_func or mnist_loss
    model.to(device)
    accuracies = []
    for _ in range(epochs):
        model.train()
        for xb, yb in dls.train:
            xb, yb = xb.to(device), yb.to(device)
            loss_func(model(xb), yb).backward()
            with torch.no_grad():
                for p in model.parameters():
                    p -= lr * p.grad
                    p.grad.zero_()
        model.eval()
        accuracies.append(validate_epoch(model, dls.valid))
    return accuracies
