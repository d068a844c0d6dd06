"""Alternative: 1 / (1 + e^-x) = exp(-log1p(e^-x)); an overflowing e^-x gives exp(-inf) = 0."""

import torch
from torch import Tensor


def sigmoid(x: Tensor) -> Tensor:
    return torch.exp(-torch.log1p(torch.exp(-x)))


def plot_sigmoid(ax=None):
    from matplotlib import pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(4, 3))
    x = torch.arange(-4.0, 4.01, 0.25)
    ax.plot(x.tolist(), sigmoid(x).tolist(), marker=".")
    return ax


ANSWER = """It squashes every real number into (0, 1) along a smooth rising S, so predictions become
probabilities and the loss still has a gradient for every prediction."""
