"""Alternative: an empty Sequential with layers appended; the functional net with F.linear on transposes."""

import torch.nn.functional as F
from torch import nn


def make_simple_net(n_in=784, n_hidden=30, n_out=1):
    net = nn.Sequential()
    net.append(nn.Linear(n_in, n_hidden))
    net.append(nn.ReLU())
    net.append(nn.Linear(n_hidden, n_out))
    return net


def simple_net_functional(xb, w1, b1, w2, b2):
    return F.linear(F.relu(F.linear(xb, w1.T, b1)), w2.T, b2)


ANSWER = """F.relu is a function you call; nn.ReLU is a module wrapping it (instantiated, no parameters),
usable as a layer in containers such as nn.Sequential."""
