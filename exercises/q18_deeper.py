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
    raise NotImplementedError("q18: count_params is not implemented yet")


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
    raise NotImplementedError("q18: make_deep_net is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
