"""Alternative: (x + |x|) / 2 is x for positives and 0 for negatives, exactly in floating point."""

import numpy as np
import torch


def relu(x):
    return (x + x.abs()) / 2


def plot_relu(ax=None):
    from matplotlib import pyplot

    ax = ax or pyplot.gca()
    x = np.linspace(-2.0, 2.0, 201)
    ax.plot(x, relu(torch.from_numpy(x)).numpy(), linewidth=1.5)
    ax.axhline(0, color="grey", linewidth=0.5)
    return ax


ANSWER = """ReLU zeroes negative inputs and passes positive ones unchanged; added between linear layers
it makes the network non-linear, so depth adds expressive power."""
