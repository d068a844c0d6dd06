"""Mistake: keeps only the second layer's bias, forgetting that the first bias also passes through
the second layer's weights."""

import torch
from torch import nn


def collapse_linear(first: nn.Linear, second: nn.Linear) -> nn.Linear:
    layer = nn.Linear(first.in_features, second.out_features)
    with torch.no_grad():
        layer.weight.copy_(second.weight @ first.weight)
        layer.bias.copy_(second.bias)
    return layer
