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
    ### BEGIN SOLUTION
    return x.clamp(min=0)
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 3))
    x = torch.linspace(-2, 2, 101)
    ax.plot(x.numpy(), relu(x).numpy())
    ax.set_xlabel("x")
    ax.set_ylabel("relu(x)")
    ax.grid(True)
    return ax
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """ReLU replaces each negative number with zero and passes positive numbers through
unchanged: max(x, 0). Its graph is flat at zero left of the origin and the line y = x to the
right. Placed between two linear layers it adds the non-linearity that stops them from
collapsing into a single linear layer, so the network can represent far more functions."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: says negatives become 0 and positives are kept (max(x, 0), a hinge-shaped
graph), and that this non-linearity between linear layers is what lets the model fit more than a
linear function."""
### END RUBRIC
