"""Alternative: the probability threshold turned into an activation threshold; BCE from log-sigmoids."""

import torch


def multilabel_predict(acts, threshold=0.5):
    return acts > torch.logit(torch.tensor(threshold, dtype=torch.float64)).item()


def log_sigmoid(a):
    return -(torch.clamp(-a, min=0) + torch.log1p(torch.exp(-a.abs())))


def binary_cross_entropy(acts, targets):
    return -(targets * log_sigmoid(acts) + (1 - targets) * log_sigmoid(-acts)).mean()


ANSWER = """Softmax forces the class probabilities to sum to 1, so it suits exactly one label per item;
with several labels or none, each class gets its own sigmoid and threshold instead."""
