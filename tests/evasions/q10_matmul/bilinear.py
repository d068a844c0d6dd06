"""F.bilinear with a constant second input is a matrix product."""
import torch
import torch.nn.functional as F


def matmul(a, b):
    return F.bilinear(a, torch.ones(a.shape[0], 1), b.t().unsqueeze(-1).contiguous())
