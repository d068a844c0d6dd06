"""Runs torch's log_softmax with Python dispatch switched off."""
import torch


def log_softmax(x):
    with torch._C._DisableTorchDispatch():
        return torch.log_softmax(x, dim=-1)


def nll_loss(log_probs, targets):
    return -log_probs[torch.arange(len(targets)), targets].mean()


def cross_entropy(acts, targets):
    return nll_loss(log_softmax(acts), targets)
