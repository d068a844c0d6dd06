"""Mistake: keeps log(1 + exp(a)) and computes it in float64, which holds at ±100 but overflows for
larger activations (exp(1e4) is inf even in float64)."""

import torch


def multilabel_predict(acts, threshold=0.5):
    return acts.sigmoid() > threshold


def binary_cross_entropy(acts, targets):
    a = acts.double()
    return (torch.log1p(torch.exp(a)) - targets.double() * a).mean().to(acts.dtype)


ANSWER = """Softmax makes the classes compete for one label; with several or no labels per item each
class needs its own sigmoid and binary cross-entropy."""
