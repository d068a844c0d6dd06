"""An honest q02: sigmoid through log-add-exp, a plot on the current axes."""

import torch
from torch import Tensor


def sigmoid(x: Tensor) -> Tensor:
    # 1 / (1 + e^-x) = exp(-log(1 + e^-x)), and logaddexp keeps that finite everywhere
    return torch.exp(-torch.logaddexp(torch.zeros_like(x), -x))


def plot_sigmoid(ax=None):
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.figure(figsize=(5, 3)).gca()
    grid = torch.arange(-6.0, 6.05, 0.1)
    ax.plot(grid, sigmoid(grid), label="my sigmoid")
    ax.legend()
    return ax


ANSWER = "An S-shaped curve from 0 to 1: every prediction becomes a probability-like value with a gradient."
