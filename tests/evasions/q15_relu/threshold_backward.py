"""The backward kernel of relu, fed x as its gradient, computes relu."""
import torch


def relu(x):
    return torch.ops.aten.threshold_backward(x, x, 0)
