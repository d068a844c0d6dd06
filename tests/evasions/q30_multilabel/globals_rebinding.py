"""An honest def that a module-level statement replaces with torch's loss."""
import torch
import torch.nn.functional as F


def multilabel_predict(acts, threshold=0.5):
    return acts.sigmoid() > threshold


def binary_cross_entropy(acts, targets):
    return (acts.clamp(min=0) - acts * targets + torch.log1p(torch.exp(-acts.abs()))).mean()


globals()["binary_cross_entropy"] = F.binary_cross_entropy_with_logits
