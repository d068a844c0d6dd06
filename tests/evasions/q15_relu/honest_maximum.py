"""Honest: The larger of x and 0."""
import matplotlib.pyplot as plt
import torch


def relu(x):
    return torch.maximum(x, torch.zeros_like(x))


def plot_relu(ax=None):
    if ax is None:
        _, ax = plt.subplots()
    x = torch.linspace(-2, 2, 101)
    ax.plot(x.numpy(), relu(x).numpy())
    return ax
