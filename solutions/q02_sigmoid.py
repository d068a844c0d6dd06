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
    ### BEGIN SOLUTION
    return 1 / (1 + torch.exp(-x))
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    x = torch.linspace(-5, 5, 101)
    ax.plot(x.numpy(), sigmoid(x).numpy())
    ax.set_xlabel("x")
    ax.set_ylabel("sigmoid(x)")
    return ax
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """Sigmoid maps every real number into the open interval (0, 1) along a smooth S-shaped curve
that always rises: very negative inputs go towards 0, very positive ones towards 1, and 0 goes to
0.5. Applied to raw predictions it turns them into values the loss can compare with 0/1 targets,
whatever their size, and being smooth and increasing everywhere it gives SGD a useful gradient."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: says sigmoid squashes any input into (0, 1) (output between 0 and 1) with a
smooth, increasing curve, and that this lets the loss treat predictions as probabilities
compared with 0/1 targets while keeping a meaningful gradient."""
### END RUBRIC
