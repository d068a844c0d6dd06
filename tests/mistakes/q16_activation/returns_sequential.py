"""Mistake: chains the two layers in an nn.Sequential instead of collapsing them into one layer."""

import torch
from torch import nn


def collapse_linear(first: nn.Linear, second: nn.Linear) -> nn.Linear:
    return nn.Sequential(first, second)
