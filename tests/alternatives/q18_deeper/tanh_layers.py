"""Alternative: tanh hidden layers; parameters counted once each by identity."""

from torch import nn


def count_params(model) -> int:
    unique = {id(p): p for _, p in model.named_parameters()}
    return sum(p.numel() for p in unique.values())


def make_deep_net(n_in=784, n_out=1):
    return nn.Sequential(nn.Linear(n_in, 24), nn.Tanh(), nn.Linear(24, 16), nn.Tanh(), nn.Linear(16, n_out))


ANSWER = """Deeper nets build features on features, so they reach the same accuracy with far fewer
parameters (less memory and time) than one very wide hidden layer."""
