"""Mistake: zeroes the negatives of the input in place and returns the input itself."""

import matplotlib.pyplot as plt
import torch
from torch import Tensor


def relu(x: Tensor) -> Tensor:
    x[x < 0] = 0
    return x


def plot_relu(ax=None):
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 3))
    x = torch.linspace(-2, 2, 101)
    ax.plot(x.numpy(), relu(x).numpy())
    ax.set_xlabel("x")
    ax.set_ylabel("relu(x)")
    ax.grid(True)
    return ax
