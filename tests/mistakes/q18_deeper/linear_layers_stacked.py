"""Mistake: stacks linear layers without a non-linearity between them, which is no deeper than one
linear layer."""

from torch import nn


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def make_deep_net(n_in: int = 784, n_out: int = 1) -> nn.Module:
    return nn.Sequential(
        nn.Linear(n_in, 24),
        nn.Linear(24, 16),
        nn.Linear(16, n_out),
    )
