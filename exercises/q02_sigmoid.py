"""q02 Sigmoid: What does the sigmoid function do, and why does the lesson's loss pass predictions through it?

Write `sigmoid` yourself from basic tensor operations (torch's own sigmoid and its aliases are
refused) [q02.scratch], and `plot_sigmoid`, which draws your function. Then say in ANSWER what shape the curve
has and why that shape helps the loss.
"""

import torch
from torch import Tensor


def sigmoid(x: Tensor) -> Tensor:
    """The logistic function 1 / (1 + e^-x), element by element. [q02.value]

    Args:
        x: any shape, floating point.

    Returns:
        A tensor of the same shape, dtype and device as `x`. [q02.keeps] Every value lies
        between 0 and 1. [q02.range] It must stay finite (no nan or inf) for inputs as large as
        +-10,000. [q02.finite]

    Example:
        >>> sigmoid(torch.tensor([-2.0, 0.0, 2.0]))
        tensor([0.1192, 0.5000, 0.8808])
    """
    raise NotImplementedError("q02: sigmoid is not implemented yet")


def plot_sigmoid(ax=None):
    """Draw `sigmoid` (yours, not torch's) as one line over at least x in [-4, 4]. [q02.plot_range]

    Args:
        ax: matplotlib Axes to draw on; when None, make a new figure and axes. [q02.plot_axes]

    Returns:
        The Axes drawn on. Its first line is the curve: x values along the range, y = sigmoid(x).
        [q02.plot_line]

    Example:
        >>> ax = plot_sigmoid()
        >>> ax.lines[0].get_xdata().min() <= -4
        True
    """
    raise NotImplementedError("q02: plot_sigmoid is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
