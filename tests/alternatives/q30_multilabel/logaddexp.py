"""Alternative: a hand-written sigmoid for the labels; log(1 + e^a) as logaddexp(0, a)."""

import torch


def multilabel_predict(acts, threshold=0.5):
    return 1 / (1 + torch.exp(-acts)) > threshold


def binary_cross_entropy(acts, targets):
    return (torch.logaddexp(torch.zeros_like(acts), acts) - targets * acts).mean()


ANSWER = """When an item may have several labels or none, softmax is wrong because it makes the classes
compete; use an independent sigmoid per class with binary cross-entropy."""
