"""Mistake: computes the right weights but stores them in the first layer and returns it, so the
caller's layer is changed."""

import torch
from torch import nn


def collapse_linear(first: nn.Linear, second: nn.Linear) -> nn.Linear:
    weight = second.weight @ first.weight
    bias = second.weight @ first.bias + second.bias
    first.weight = nn.Parameter(weight.detach())
    first.bias = nn.Parameter(bias.detach())
    first.out_features = second.out_features
    return first
