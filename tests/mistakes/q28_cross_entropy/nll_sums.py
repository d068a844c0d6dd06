"""Mistake: nll_loss adds the items' losses up instead of averaging them."""

import torch


def log_softmax(x):
    shifted = x - x.max(dim=-1, keepdim=True).values
    return shifted - shifted.exp().sum(dim=-1, keepdim=True).log()


def nll_loss(log_probs, targets):
    return -log_probs[torch.arange(len(targets)), targets].sum()


def cross_entropy(acts, targets):
    return nll_loss(log_softmax(acts), targets)
