"""Mistake: returns the loss of the last batch instead of the mean over the epoch's batches."""

from torch import nn
from torch.optim import Optimizer


def train_epoch(model: nn.Module, dl, opt: Optimizer, loss_func) -> float:
    for xb, yb in dl:
        loss = loss_func(model(xb), yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
    return loss.item()
