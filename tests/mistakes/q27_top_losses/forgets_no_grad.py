"""Mistake: computes the losses with autograd on, so they come back attached to the graph."""

import torch
import torch.nn.functional as F


def top_losses(model, xs, ys, k, loss_func=None):
    if loss_func is None:
        loss_func = lambda acts, targets: F.binary_cross_entropy_with_logits(acts, targets, reduction="none")
    was_training = model.training
    model.eval()
    losses = loss_func(model(xs), ys)
    model.train(was_training)
    return torch.topk(losses.reshape(len(xs), -1).mean(dim=1), k)
