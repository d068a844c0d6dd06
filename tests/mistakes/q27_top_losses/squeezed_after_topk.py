"""Mistake: takes topk along dim 0 of the (N, 1) losses and squeezes the result, which loses the
k dimension when k is 1."""

import torch
import torch.nn.functional as F


def top_losses(model, xs, ys, k, loss_func=None):
    if loss_func is None:
        loss_func = lambda acts, targets: F.binary_cross_entropy_with_logits(acts, targets, reduction="none")
    was_training = model.training
    model.eval()
    with torch.no_grad():
        losses = loss_func(model(xs), ys)
    model.train(was_training)
    values, indices = torch.topk(losses, k, dim=0)
    return values.squeeze(), indices.squeeze()
