"""elu with alpha 0 is relu."""
import torch
import torch.nn.functional as F


def relu(x):
    return F.elu(x, alpha=0.0)
