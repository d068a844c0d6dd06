"""Mistake: writes the textbook formula with log(sigmoid), which gives inf for activations of ±100."""

import torch


def multilabel_predict(acts, threshold=0.5):
    return acts.sigmoid() > threshold


def binary_cross_entropy(acts, targets):
    p = acts.sigmoid()
    return -(targets * p.log() + (1 - targets) * (1 - p).log()).mean()
