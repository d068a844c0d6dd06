"""Alternative: correct items counted as Python ints; gradients cleared before each backward."""

import torch


def validate_epoch(model, dl) -> float:
    device = next(model.parameters()).device
    correct = total = 0
    with torch.no_grad():
        for xb, yb in dl:
            preds = model(xb.to(device))
            correct += int(((preds > 0) == (yb.to(device) == 1)).sum())
            total += yb.shape[0]
    return correct / total


def mnist_loss(predictions, targets):
    p = 1 / (1 + torch.exp(-predictions))
    return torch.where(targets == 1, 1 - p, p).mean()


def train_model(model, dls, epochs, lr, opt_func=None, loss_func=None, device=None):
    if device is not None:
        model.to(device)
    device = next(model.parameters()).device
    loss_func = loss_func or mnist_loss
    opt = (opt_func or torch.optim.SGD)(model.parameters(), lr)
    accuracies = []
    for _ in range(epochs):
        model.train()
        for xb, yb in dls.train:
            opt.zero_grad(set_to_none=True)
            loss_func(model(xb.to(device)), yb.to(device)).backward()
            opt.step()
        model.eval()
        accuracies.append(validate_epoch(model, dls.valid))
    return accuracies


ANSWER = """Each batch: predict, compute the loss, backpropagate, step every weight by lr times its
gradient and clear the gradients; the step needs the gradient and gradients accumulate unless
cleared. After each epoch, validation accuracy without gradients shows the progress."""
