"""Mistake: plot_relu always makes a new figure, ignoring the Axes it is given."""

import matplotlib.pyplot as plt
import torch
from torch import Tensor


def relu(x: Tensor) -> Tensor:
    return x.clamp(min=0)


def plot_relu(ax=None):
    _, ax = plt.subplots(figsize=(4, 3))
    x = torch.linspace(-2, 2, 101)
    ax.plot(x.numpy(), relu(x).numpy())
    ax.set_xlabel("x")
    ax.set_ylabel("relu(x)")
    ax.grid(True)
    return ax
