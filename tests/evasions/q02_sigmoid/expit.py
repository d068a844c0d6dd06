"""torch.special.expit is torch.sigmoid."""
import torch


def sigmoid(x):
    return torch.special.expit(x)
