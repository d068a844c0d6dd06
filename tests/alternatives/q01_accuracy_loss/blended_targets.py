"""Alternative: a hand-written sigmoid and the two cases blended by the 0/1 target."""

import torch
from torch import Tensor


def mnist_loss(predictions: Tensor, targets: Tensor) -> Tensor:
    p = 1 / (1 + torch.exp(-predictions))
    return (targets * (1 - p) + (1 - targets) * p).mean()


ANSWER = """Accuracy only changes when a prediction crosses the threshold, so small weight changes leave it
flat and its gradient is zero almost everywhere; SGD needs a loss that responds smoothly."""
