"""q15 ReLU: What does ReLU compute, and what does its graph look like?

Write `relu` yourself from elementwise tensor operations (torch's own relu is refused)
[q15.scratch], then `plot_relu` to draw it, and explain in ANSWER what the function does and why a
network needs it.
"""

import matplotlib.pyplot as plt
import torch
from torch import Tensor


def relu(x: Tensor) -> Tensor:
    """Rectified linear unit: every negative number becomes 0, the rest stay as they are. [q15.value]

    Args:
        x: a tensor of any shape.

    Returns:
        A new tensor of the same shape, dtype and device; [q15.keeps] `x` itself is left
        unchanged. [q15.input_unchanged] Its gradient is 0 where x < 0 and 1 where x > 0.
        [q15.gradient]

    Example:
        >>> relu(torch.tensor([-1.5, 0.0, 2.0]))
        tensor([0., 0., 2.])
    """
    raise NotImplementedError("q15: relu is not implemented yet")


def plot_relu(ax=None):
    """Draw relu as a line over x from -2 to 2. [q15.plot]

    Args:
        ax: a matplotlib Axes to draw on; when None, make a new figure and draw there. [q15.plot_new]

    Returns:
        The Axes holding the line (the one given, when one is given). [q15.plot_axes]

    Example:
        >>> ax = plot_relu()
        >>> ax.get_lines()[0].get_xdata()[[0, -1]]
        array([-2.,  2.], dtype=float32)
    """
    raise NotImplementedError("q15: plot_relu is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
