"""Binomial's log_prob, kept on a class by a statement that binds no name."""
import torch


class Tools:
    pass


Tools.counts = torch.distributions.Binomial


def multilabel_predict(acts, threshold=0.5):
    return acts.sigmoid() > threshold


def binary_cross_entropy(acts, targets):
    return -Tools.counts(1, logits=acts).log_prob(targets).mean()
