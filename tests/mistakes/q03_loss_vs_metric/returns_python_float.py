"""Mistake: returns a Python float with .item() instead of a scalar tensor."""

import torch
from torch import Tensor


def batch_accuracy(predictions: Tensor, targets: Tensor) -> Tensor:
    correct = (predictions.sigmoid() > 0.5) == (targets == 1)
    return correct.float().mean().item()
