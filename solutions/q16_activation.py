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
    ### BEGIN SOLUTION
    layer = nn.Linear(first.in_features, second.out_features)
    with torch.no_grad():
        layer.weight.copy_(second.weight @ first.weight)
        layer.bias.copy_(second.weight @ first.bias + second.bias)
    return layer
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """An activation function is a non-linear function applied element by element to a layer's
outputs before they go into the next layer, such as ReLU (max(x, 0)) or the sigmoid. Without it,
stacked linear layers are still one linear function of the input (as collapse_linear shows), so
depth would add nothing. The non-linearity between them is what lets a network of linear layers
approximate complicated functions."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: a non-linear function applied between linear layers (example such as ReLU), needed
because a composition of linear layers is itself just one linear layer."""
### END RUBRIC
