"""Mistake: the functional net applies ReLU after the last layer too, so negative outputs become 0."""

import torch
import torch.nn.functional as F
from torch import Tensor, nn


def make_simple_net(n_in: int = 784, n_hidden: int = 30, n_out: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_out))


def simple_net_functional(xb: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) -> Tensor:
    hidden = F.relu(xb @ w1 + b1)
    return F.relu(hidden @ w2 + b2)
