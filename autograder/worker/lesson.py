"""The lesson's given code that the checks use: its loss, its metric, its models and its plot.

The lesson shows all of this itself, so it is deliberately public: it ships in the student
bundle with the rest of the runtime, and probes import it inside the worker as the grader
imports it outside. Nothing here is any item's answer. q01 asks students to write the lesson's
mnist_loss; the one here runs the same torch operations on the same values (so the same bits for
any arguments a student's code passes it, right or wrong) but is not written as q01's answer is.
tests/test_leaks.py fails on any line of an answer in what students get, this module included.
"""

from __future__ import annotations

import torch
from torch import nn


def mnist_loss(predictions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """How far each predicted probability is from its 0/1 target, averaged."""
    probabilities = predictions.sigmoid()
    return (1 - probabilities).where(targets == 1, probabilities).mean()


def batch_accuracy(predictions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Share of items classified right, an activation above 0 meaning "a 3"."""
    return ((predictions > 0).float() == targets).float().mean()


def model(widths) -> nn.Module:
    """A Linear between each pair of widths, with a ReLU between Linears: (784, 1) is the
    lesson's linear model, (784, 30, 1) its simple net. The Linears are made first to last, so a
    seed fixes the weights wherever the stack is built."""
    layers = [nn.Linear(a, b) for a, b in zip(widths, widths[1:])]
    if len(layers) == 1:
        return layers[0]
    stack = [layers[0]]
    for layer in layers[1:]:
        stack += [nn.ReLU(), layer]
    return nn.Sequential(*stack)


def plot_function(f, ax, tx=None, ty=None, title=None, min=-2, max=2) -> None:
    """The lesson's plot_function, on axes given by the caller: f over [min, max]."""
    x = torch.linspace(min, max, 100)
    ax.plot(x.numpy(), f(x).numpy())
    if tx is not None:
        ax.set_xlabel(tx)
    if ty is not None:
        ax.set_ylabel(ty)
    if title is not None:
        ax.set_title(title)
