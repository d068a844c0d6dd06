"""Mistake: measures the mean closeness of sigmoid(prediction) to the target (a loss in disguise)
instead of counting thresholded predictions that agree."""

import torch
from torch import Tensor


def batch_accuracy(predictions: Tensor, targets: Tensor) -> Tensor:
    return (1 - (predictions.sigmoid() - targets).abs()).mean()
