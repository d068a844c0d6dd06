"""Honest: log_softmax through logsumexp, nll through a one-hot mask."""
import torch
import torch.nn.functional as F


def log_softmax(x):
    return x - torch.logsumexp(x, dim=-1, keepdim=True)


def nll_loss(log_probs, targets):
    return -(log_probs * F.one_hot(targets, log_probs.shape[1])).sum(dim=1).mean()


def cross_entropy(acts, targets):
    return nll_loss(log_softmax(acts), targets)
