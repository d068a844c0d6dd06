"""Mistake: calls torch's own relu instead of writing it."""

import matplotlib.pyplot as plt
import torch
from torch import Tensor


def relu(x: Tensor) -> Tensor:
    return torch.relu(x)


def plot_relu(ax=None):
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 3))
    x = torch.linspace(-2, 2, 101)
    ax.plot(x.numpy(), relu(x).numpy())
    ax.set_xlabel("x")
    ax.set_ylabel("relu(x)")
    ax.grid(True)
    return ax
