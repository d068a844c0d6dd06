"""Alternative: the combined layer read off by running both layers on the identity and on zero."""

import torch
from torch import nn


def collapse_linear(first, second):
    n_in = first.in_features
    with torch.no_grad():
        offset = second(first(torch.zeros(1, n_in)))
        columns = second(first(torch.eye(n_in))) - offset
    layer = nn.Linear(n_in, second.out_features)
    with torch.no_grad():
        layer.weight.copy_(columns.T)
        layer.bias.copy_(offset[0])
    return layer


ANSWER = """An activation function is the non-linear function applied between layers, such as ReLU or
sigmoid; without it two linear layers are one linear layer, as collapsing them shows."""
