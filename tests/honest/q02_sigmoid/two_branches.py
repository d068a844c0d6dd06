"""An honest q02: the stable two-branch sigmoid, plotted from Python lists."""

import torch
from torch import Tensor


def sigmoid(x: Tensor) -> Tensor:
    small = torch.exp(-x.abs())  # never overflows: the exponent is <= 0
    positive = 1 / (1 + small)
    negative = small / (1 + small)
    return torch.where(x >= 0, positive, negative)


def plot_sigmoid(ax=None):
    from matplotlib import pyplot

    axes = ax if ax is not None else pyplot.figure().add_subplot()
    points = torch.linspace(-8, 8, 161)
    axes.plot(points.tolist(), sigmoid(points).tolist(), color="black", linewidth=2)
    axes.axhline(0.5, linestyle=":")
    return axes


ANSWER = "It squashes real numbers into (0, 1) smoothly and monotonically, so the loss sees probabilities."
