"""Mistake: the plot only spans [-2, 2], where the curve still looks almost straight."""

import torch
from torch import Tensor


def sigmoid(x: Tensor) -> Tensor:
    return 1 / (1 + torch.exp(-x))


def plot_sigmoid(ax=None):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    x = torch.linspace(-2, 2, 50)
    ax.plot(x, sigmoid(x))
    return ax
