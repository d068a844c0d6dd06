"""Keeps torch.special.expit under a private module-level name."""
import torch

_squash = torch.special.expit


def sigmoid(x):
    return _squash(x)
