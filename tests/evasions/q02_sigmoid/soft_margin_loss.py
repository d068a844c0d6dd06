"""The soft margin loss at a target of 1 is log(1 + exp(-x)), -log(sigmoid(x)): one exp away."""
import torch
import torch.nn.functional as F


def sigmoid(x):
    return torch.exp(-F.soft_margin_loss(x, torch.ones_like(x), reduction="none"))
