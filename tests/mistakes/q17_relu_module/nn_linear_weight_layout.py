"""Mistake: the functional net multiplies by the transposed weights, as if w1 and w2 were laid out
like nn.Linear's weight (out, in), although they are given as (in, out)."""

import torch
import torch.nn.functional as F
from torch import Tensor, nn


def make_simple_net(n_in: int = 784, n_hidden: int = 30, n_out: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_out))


def simple_net_functional(xb: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) -> Tensor:
    hidden = F.relu(xb @ w1.T + b1)
    return hidden @ w2.T + b2
