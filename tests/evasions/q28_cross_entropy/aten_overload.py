"""Calls the aten overload directly."""
import torch


def log_softmax(x):
    return torch.ops.aten._log_softmax.default(x, -1, False)


def nll_loss(log_probs, targets):
    return -log_probs[torch.arange(len(targets)), targets].mean()


def cross_entropy(acts, targets):
    return nll_loss(log_softmax(acts), targets)
