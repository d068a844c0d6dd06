"""Mistake: switches the model to eval() and never puts it back in the mode it was in."""

import torch
import torch.nn.functional as F


def top_losses(model, xs, ys, k, loss_func=None):
    if loss_func is None:
        loss_func = lambda acts, targets: F.binary_cross_entropy_with_logits(acts, targets, reduction="none")
    model.eval()
    with torch.no_grad():
        losses = loss_func(model(xs), ys).reshape(len(xs), -1).mean(dim=1)
    return torch.topk(losses, k)
