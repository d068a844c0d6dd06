"""q18 Why deeper: Why use deeper models, when one hidden layer can already fit any function?

Write `count_params`, which counts a model's parameters, and `make_deep_net`, a network with
more non-linear layers than the lesson's simple net but fewer parameters than it (23,581 for
784 inputs). In ANSWER, explain what depth buys over a single wide hidden layer.
"""

from torch import nn


def count_params(model: nn.Module) -> int:
    """Number of numbers the optimiser can change: every element of every parameter, [q18.count]
    each parameter counted once even when several layers share it; [q18.shared] buffers (e.g.
    BatchNorm's running statistics) are not parameters. [q18.buffers]

    Example:
        >>> count_params(nn.Linear(784, 30))     # 784 * 30 weights + 30 biases
        23550
    """
    ### BEGIN SOLUTION
    return sum(p.numel() for p in model.parameters())
    ### END SOLUTION


def make_deep_net(n_in: int = 784, n_out: int = 1) -> nn.Module:
    """A network with at least two hidden non-linear layers (a non-linearity followed by
    another layer with weights), [q18.depth] mapping (B, n_in) to (B, n_out), [q18.shapes] and
    with fewer parameters than the simple net Linear(784, 30), ReLU, Linear(30, 1) when n_in=784,
    n_out=1. [q18.smaller]

    It must learn: trained with plain SGD on the 3s and 7s, it tells at least 90% of digits it
    has never seen apart. The grader rebuilds it from its layers to test it, so build it from
    torch.nn layers and torch functions, with no Python branches on the data. [q18.trains]

    Example:
        >>> net = make_deep_net()
        >>> net(torch.zeros(5, 784)).shape, count_params(net) < 23_581
        (torch.Size([5, 1]), True)
    """
    ### BEGIN SOLUTION
    return nn.Sequential(
        nn.Linear(n_in, 24), nn.ReLU(),
        nn.Linear(24, 16), nn.ReLU(),
        nn.Linear(16, n_out),
    )
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """One hidden layer can approximate any function only if it is allowed to be very wide,
which costs many parameters and much memory and is slow and hard to train. Stacking more
non-linear layers lets each layer build on features computed by the one before (edges, then
strokes, then shapes), so a deeper network reaches the same or better accuracy with fewer
parameters and trains faster in practice. Our deep net has fewer parameters than the simple
net and still learns 3s versus 7s."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: a single non-linear layer suffices in theory but needs a huge width
(parameters, memory, training time); deeper models reuse features layer on layer and get
better results with fewer parameters."""
### END RUBRIC
