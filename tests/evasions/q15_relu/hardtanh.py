"""hardtanh clamped to [0, inf) is relu."""
import torch
import torch.nn.functional as F


def relu(x):
    return F.hardtanh(x, 0.0, float("inf"))
