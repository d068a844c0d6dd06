"""Mistake: counts the parameter tensors instead of the numbers in them."""

from torch import nn


def count_params(model: nn.Module) -> int:
    return len(list(model.parameters()))


def make_deep_net(n_in: int = 784, n_out: int = 1) -> nn.Module:
    return nn.Sequential(
        nn.Linear(n_in, 24), nn.ReLU(),
        nn.Linear(24, 16), nn.ReLU(),
        nn.Linear(16, n_out),
    )
