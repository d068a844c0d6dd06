"""F.linear(a, w) is a @ w.T."""
import torch
import torch.nn.functional as F


def matmul(a, b):
    return F.linear(a, b.t())
