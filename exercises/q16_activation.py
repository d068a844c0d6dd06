"""q16 Activation functions: What is an activation function?

Show why a network needs one: write `collapse_linear`, which replaces two linear layers applied one
after the other (with nothing in between) by a single linear layer that computes exactly the same
function. Then say in ANSWER what an activation function is and why it goes between the layers.
"""

import torch
from torch import nn


def collapse_linear(first: nn.Linear, second: nn.Linear) -> nn.Linear:
    """One new linear layer equal to `second(first(x))` for every x. [q16.equal]

    Both layers have biases; `first` maps n_in -> n_mid features and `second` maps n_mid -> n_out.
    [q16.sizes] Neither input layer is changed, [q16.inputs_untouched] and the result shares no
    tensors with them. [q16.new_tensors]

    Args:
        first: nn.Linear(n_in, n_mid); weight shape (n_mid, n_in), bias shape (n_mid,).
        second: nn.Linear(n_mid, n_out); weight shape (n_out, n_mid), bias shape (n_out,).

    Returns:
        A new nn.Linear(n_in, n_out). [q16.linear] Its parameters can be trained like any other
        layer's. [q16.trainable]

    Example:
        >>> first, second = nn.Linear(3, 5), nn.Linear(5, 2)
        >>> layer = collapse_linear(first, second)
        >>> x = torch.randn(4, 3)
        >>> torch.allclose(layer(x), second(first(x)), atol=1e-6)
        True
    """
    raise NotImplementedError("q16: collapse_linear is not implemented yet")


ANSWER = "YOUR ANSWER HERE"
