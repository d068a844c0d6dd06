"""A 2-D convolution with a 1x1 kernel is a matrix product."""
import torch
import torch.nn.functional as F


def matmul(a, b):
    return F.conv2d(a.t()[None, :, :, None], b.t()[:, :, None, None])[0, :, :, 0].t()
