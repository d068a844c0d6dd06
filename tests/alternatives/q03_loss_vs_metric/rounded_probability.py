"""Alternative: round the probability (0.5 rounds to even, so to class 0) and compare with the target."""

import torch
from torch import Tensor


def batch_accuracy(predictions: Tensor, targets: Tensor) -> Tensor:
    with torch.no_grad():
        predicted = torch.round(torch.sigmoid(predictions))
        return (predicted == targets).float().mean()


ANSWER = """A loss drives training and must change smoothly; a metric such as accuracy tells people how
well the model does the task. We optimise the one and report the other."""
