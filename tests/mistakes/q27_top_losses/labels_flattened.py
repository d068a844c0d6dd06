"""Mistake: flattens the per-item losses with view(-1) instead of averaging each item's values, so
with several labels per item it ranks (item, label) pairs."""

import torch
import torch.nn.functional as F


def top_losses(model, xs, ys, k, loss_func=None):
    if loss_func is None:
        loss_func = lambda acts, targets: F.binary_cross_entropy_with_logits(acts, targets, reduction="none")
    was_training = model.training
    model.eval()
    with torch.no_grad():
        losses = loss_func(model(xs), ys).view(-1)
    model.train(was_training)
    return torch.topk(losses, k)
