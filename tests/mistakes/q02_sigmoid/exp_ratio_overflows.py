"""Mistake: writes sigmoid as e^x / (1 + e^x), which is nan for large inputs (inf / inf)."""

import torch
from torch import Tensor


def sigmoid(x: Tensor) -> Tensor:
    return torch.exp(x) / (1 + torch.exp(x))


def plot_sigmoid(ax=None):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    x = torch.linspace(-5, 5, 101)
    ax.plot(x, sigmoid(x))
    return ax
