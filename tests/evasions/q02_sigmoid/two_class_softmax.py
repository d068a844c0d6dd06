"""The softmax of (0, x) gives sigmoid(x) as its second class."""
import torch


def sigmoid(x):
    return torch.softmax(torch.stack([torch.zeros_like(x), x]), dim=0)[1]
