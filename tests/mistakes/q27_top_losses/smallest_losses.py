"""Mistake: sorts the losses in ascending order, returning the items the model finds easiest."""

import torch
import torch.nn.functional as F


def top_losses(model, xs, ys, k, loss_func=None):
    if loss_func is None:
        loss_func = lambda acts, targets: F.binary_cross_entropy_with_logits(acts, targets, reduction="none")
    was_training = model.training
    model.eval()
    with torch.no_grad():
        losses = loss_func(model(xs), ys).reshape(len(xs), -1).mean(dim=1)
    model.train(was_training)
    values, indices = torch.sort(losses)
    return values[:k], indices[:k]
