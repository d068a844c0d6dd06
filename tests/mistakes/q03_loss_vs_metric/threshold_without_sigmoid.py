"""Mistake: compares the raw activations with 0.5, forgetting to pass them through sigmoid first."""

import torch
from torch import Tensor


def batch_accuracy(predictions: Tensor, targets: Tensor) -> Tensor:
    correct = (predictions > 0.5) == (targets == 1)
    return correct.float().mean()
