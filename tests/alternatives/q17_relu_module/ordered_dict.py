"""Alternative: named layers through an OrderedDict; the functional net with clamp."""

from collections import OrderedDict

import torch
from torch import nn


def make_simple_net(n_in=784, n_hidden=30, n_out=1):
    return nn.Sequential(OrderedDict([
        ("hidden", nn.Linear(n_in, n_hidden)),
        ("relu", nn.ReLU()),
        ("output", nn.Linear(n_hidden, n_out)),
    ]))


def simple_net_functional(xb, w1, b1, w2, b2):
    hidden = torch.clamp(xb @ w1 + b1, min=0)
    return hidden @ w2 + b2


ANSWER = """F.relu is a plain function used inside forward code; nn.ReLU is a parameter-free module that
calls it, so it can sit as a layer inside nn.Sequential and appears when the model is printed."""
