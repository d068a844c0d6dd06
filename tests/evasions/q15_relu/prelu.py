"""prelu with a weight of 0 is relu."""
import torch
import torch.nn.functional as F


def relu(x):
    return F.prelu(x, torch.zeros(1, dtype=x.dtype))
