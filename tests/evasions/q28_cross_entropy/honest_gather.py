"""Honest: nll through gather."""
import torch


def log_softmax(x):
    shifted = x - x.max(dim=-1, keepdim=True).values
    return shifted - shifted.exp().sum(dim=-1, keepdim=True).log()


def nll_loss(log_probs, targets):
    return -log_probs.gather(1, targets.unsqueeze(1)).mean()


def cross_entropy(acts, targets):
    return nll_loss(log_softmax(acts), targets)
