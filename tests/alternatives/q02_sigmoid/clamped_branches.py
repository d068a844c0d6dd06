"""Alternative: e^x / (1 + e^x) below 0 and 1 / (1 + e^-x) above, each exp clamped so it cannot overflow."""

import torch
from torch import Tensor


def sigmoid(x: Tensor) -> Tensor:
    up = torch.exp(x.clamp(max=0))
    down = torch.exp(-x.clamp(min=0))
    return torch.where(x < 0, up / (1 + up), 1 / (1 + down))


def plot_sigmoid(ax=None):
    import matplotlib.pyplot as plt

    ax = ax if ax is not None else plt.figure().add_subplot(1, 1, 1)
    x = torch.linspace(-10, 10, 400)
    ax.plot(x, sigmoid(x))
    ax.grid(True)
    return ax


ANSWER = """Sigmoid maps any input smoothly and monotonically into (0, 1), so the loss can read
predictions as probabilities of a 3 and SGD still gets a gradient from each."""
