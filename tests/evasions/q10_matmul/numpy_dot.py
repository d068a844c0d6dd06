"""numpy's dot, its result brought back as a new tensor."""
import numpy as np
import torch


def matmul(a, b):
    if a.shape[1] != b.shape[0]:
        raise ValueError(f"cannot multiply {tuple(a.shape)} by {tuple(b.shape)}")
    return torch.tensor(np.dot(a.numpy(), b.numpy()))
