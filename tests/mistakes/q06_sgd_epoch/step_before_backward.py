"""Mistake: steps before computing the gradients, so each step follows the previous batch's
gradient (and the first step none at all)."""

from torch import nn
from torch.optim import Optimizer


def train_epoch(model: nn.Module, dl, opt: Optimizer, loss_func) -> float:
    losses = []
    for xb, yb in dl:
        loss = loss_func(model(xb), yb)
        opt.step()
        opt.zero_grad()
        loss.backward()
        losses.append(loss.item())
    return sum(losses) / len(losses)
