"""Mistake: takes the log of exp(x) / sum(exp(x)) directly, which overflows for large activations."""

import torch


def log_softmax(x):
    e = x.exp()
    return (e / e.sum(dim=-1, keepdim=True)).log()


def nll_loss(log_probs, targets):
    return -log_probs[torch.arange(len(targets)), targets].mean()


def cross_entropy(acts, targets):
    return nll_loss(log_softmax(acts), targets)
