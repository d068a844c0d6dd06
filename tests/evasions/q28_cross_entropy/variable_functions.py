"""torch's private table of functions."""
import torch


def log_softmax(x):
    return torch._C._VariableFunctions.log_softmax(x, -1)


def nll_loss(log_probs, targets):
    return -log_probs[torch.arange(len(targets)), targets].mean()


def cross_entropy(acts, targets):
    return nll_loss(log_softmax(acts), targets)
