"""Mistake: puts the function F.relu into nn.Sequential, which only accepts modules (nn.ReLU())."""

import torch
import torch.nn.functional as F
from torch import Tensor, nn


def make_simple_net(n_in: int = 784, n_hidden: int = 30, n_out: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Linear(n_in, n_hidden), F.relu, nn.Linear(n_hidden, n_out))


def simple_net_functional(xb: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) -> Tensor:
    return F.relu(xb @ w1 + b1) @ w2 + b2
