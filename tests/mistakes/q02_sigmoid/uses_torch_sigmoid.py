"""Mistake: calls the library's sigmoid (as a tensor method) instead of writing it."""

import torch
from torch import Tensor


def sigmoid(x: Tensor) -> Tensor:
    return x.sigmoid()


def plot_sigmoid(ax=None):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    x = torch.linspace(-5, 5, 101)
    ax.plot(x, sigmoid(x))
    return ax
