"""Honest: a correct loop written differently from the reference (gradients cleared before each
backward, through the model; its own default loss with a hand-written sigmoid; correct items
counted with a sum). It must keep every point."""

import torch


def validate_epoch(model, dl) -> float:
    device = next(model.parameters()).device
    correct = total = 0
    with torch.no_grad():
        for xb, yb in dl:
            predictions = model(xb.to(device)) > 0
            correct += (predictions == yb.to(device).bool()).sum().item()
            total += yb.shape[0]
    return correct / total


def mnist_loss(predictions, targets):
    p = 1 / (1 + torch.exp(-predictions))
    return torch.where(targets == 1, 1 - p, p).mean()


def train_model(model, dls, epochs, lr, opt_func=None, loss_func=None, device=None):
    if device is None:
        device = next(model.parameters()).device
    model = model.to(device)
    opt = (opt_func or torch.optim.SGD)(model.parameters(), lr)
    loss_func = loss_func or mnist_loss
    accuracies = []
    for _ in range(epochs):
        model.train()
        for xb, yb in dls.train:
            model.zero_grad()
            loss_func(model(xb.to(device)), yb.to(device)).backward()
            opt.step()
        model.eval()
        accuracies.append(validate_epoch(model, dls.valid))
    return accuracies
