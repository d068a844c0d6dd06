"""Honest: each half of the line computed where its exp cannot overflow."""
import torch


def sigmoid(x):
    e = torch.exp(-x.abs())
    return torch.where(x >= 0, 1 / (1 + e), e / (1 + e))


def plot_sigmoid(ax=None):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    x = torch.linspace(-5, 5, 101)
    ax.plot(x.numpy(), sigmoid(x).numpy())
    return ax
