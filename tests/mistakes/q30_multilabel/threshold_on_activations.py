"""Mistake: compares the raw activations with the threshold, forgetting the sigmoid."""

import torch


def multilabel_predict(acts, threshold=0.5):
    return acts > threshold


def binary_cross_entropy(acts, targets):
    return (acts.clamp(min=0) - acts * targets + torch.log1p(torch.exp(-acts.abs()))).mean()
