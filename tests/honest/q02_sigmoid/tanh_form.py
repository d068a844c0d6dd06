"""An honest q02: sigmoid from tanh, a numpy grid for the plot."""

import numpy as np
import torch
from torch import Tensor


def sigmoid(x: Tensor) -> Tensor:
    half = x * 0.5
    return 0.5 * torch.tanh(half) + 0.5


def plot_sigmoid(ax=None):
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(1, 1)
    xs = np.linspace(-4.5, 4.5, 91)
    ys = sigmoid(torch.from_numpy(xs)).numpy()
    ax.plot(xs, ys)
    ax.set_title("logistic curve")
    return ax


ANSWER = "Sigmoid rises from 0 to 1 like an S, which makes any activation usable as a probability."
