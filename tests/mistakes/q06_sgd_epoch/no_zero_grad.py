"""Mistake: never clears the gradients, so each step follows the sum of all gradients so far."""

from torch import nn
from torch.optim import Optimizer


def train_epoch(model: nn.Module, dl, opt: Optimizer, loss_func) -> float:
    losses = []
    for xb, yb in dl:
        loss = loss_func(model(xb), yb)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
