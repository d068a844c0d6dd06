"""q17 F.relu versus nn.ReLU: What is the difference between `F.relu` and `nn.ReLU`?

Build the lesson's simple net twice: once as an `nn.Sequential` of modules (`make_simple_net`), once
as a plain function of its weight tensors (`simple_net_functional`). Then say in ANSWER how the
two spellings of ReLU differ and when each is used.
"""

import torch
import torch.nn.functional as F
from torch import Tensor, nn


def make_simple_net(n_in: int = 784, n_hidden: int = 30, n_out: int = 1) -> nn.Sequential:
    """A linear layer, a ReLU module, and a second linear layer, in an nn.Sequential.

    Args:
        n_in: input features (784 for flattened 28x28 digits).
        n_hidden: width of the hidden layer.
        n_out: outputs per item.

    Returns:
        nn.Sequential whose three modules are an nn.Linear(n_in, n_hidden), an nn.ReLU and an
        nn.Linear(n_hidden, n_out). [q17.layers] With the defaults it has 23,581 parameters.
        [q17.default_size]

    Example:
        >>> net = make_simple_net(4, 3, 2)
        >>> net(torch.zeros(5, 4)).shape
        torch.Size([5, 2])
    """
    ### BEGIN SOLUTION
    return nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_out))
    ### END SOLUTION


def simple_net_functional(xb: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) -> Tensor:
    """The same network as make_simple_net, written with tensors and functions instead of modules.
    [q17.functional]

    Weights are laid out for `xb @ w` (the lesson's hand-made layers), i.e. transposed with
    respect to nn.Linear's `weight`. [q17.layout]

    Args:
        xb: inputs, shape (N, n_in).
        w1: shape (n_in, n_hidden); b1: shape (n_hidden,).
        w2: shape (n_hidden, n_out); b2: shape (n_out,).

    Returns:
        Shape (N, n_out): the first layer, then ReLU, then the second layer. [q17.functional_value]

    Example:
        >>> simple_net_functional(torch.tensor([[1.0, -1.0]]), torch.eye(2), torch.zeros(2),
        ...                       torch.ones(2, 1), torch.zeros(1))
        tensor([[1.]])
    """
    ### BEGIN SOLUTION
    hidden = F.relu(xb @ w1 + b1)
    return hidden @ w2 + b2
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """Both compute max(x, 0). `F.relu` is a plain function: you call it on a tensor inside your
own forward code. `nn.ReLU` is a module (a class you instantiate, with no parameters) that calls
the same function when the module is called, so it can be placed as a layer in containers such as
nn.Sequential, which only hold modules, and shows up when the model is printed or inspected."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: same computation; F.relu is a function called directly, nn.ReLU is a Module object
(to instantiate) usable as a layer, e.g. inside nn.Sequential."""
### END RUBRIC
