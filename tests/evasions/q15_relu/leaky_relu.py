"""A leaky relu with no slope is relu."""
import torch
import torch.nn.functional as F


def relu(x):
    return F.leaky_relu(x, 0.0)
