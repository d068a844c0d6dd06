"""tensordot over one dimension is the matrix product."""
import torch


def matmul(a, b):
    return torch.tensordot(a, b, dims=1)
