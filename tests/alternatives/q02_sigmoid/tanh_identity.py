"""Alternative: sigmoid(x) = (1 + tanh(x / 2)) / 2, drawn from a numpy grid."""

import numpy as np
import torch
from torch import Tensor


def sigmoid(x: Tensor) -> Tensor:
    return (1 + torch.tanh(x / 2)) / 2


def plot_sigmoid(ax=None):
    import matplotlib.pyplot as plt

    if ax is None:
        ax = plt.gca()
    xs = np.linspace(-6, 6, 241)
    ax.plot(xs, sigmoid(torch.from_numpy(xs)).numpy())
    return ax


ANSWER = """An S-shaped, always increasing curve from 0 to 1 (0.5 at 0): it turns any activation into a
probability-like number the loss can compare with a 0/1 target, with a gradient everywhere."""
