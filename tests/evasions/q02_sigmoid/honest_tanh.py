"""Honest: sigmoid(x) = tanh(x / 2) / 2 + 1/2."""
import torch


def sigmoid(x):
    return torch.tanh(x / 2) / 2 + 0.5


def plot_sigmoid(ax=None):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    x = torch.linspace(-5, 5, 101)
    ax.plot(x.numpy(), sigmoid(x).numpy())
    return ax
