"""Mistake: makes the hidden layers wider than the simple net's, so the deep net has more
parameters, not fewer."""

from torch import nn


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def make_deep_net(n_in: int = 784, n_out: int = 1) -> nn.Module:
    return nn.Sequential(
        nn.Linear(n_in, 64), nn.ReLU(),
        nn.Linear(64, 32), nn.ReLU(),
        nn.Linear(32, n_out),
    )
