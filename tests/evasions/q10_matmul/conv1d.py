"""A 1-D convolution with a kernel of size 1 is a matrix product."""
import torch
import torch.nn.functional as F


def matmul(a, b):
    return F.conv1d(a.t().unsqueeze(0), b.t().unsqueeze(-1))[0].t()
