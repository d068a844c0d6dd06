"""Forgery: a deep net that cannot learn (every weight starts at zero, so no ReLU ever opens),
with a forward hook that answers every validation digit from its label (the labels are inside
the sandbox): to anything that runs it there, it looks perfect. The grader rebuilds the net from
its layers, without the hook, and scores the trained weights on held-out digits."""

import torch
from torch import nn

from autograder.data import threes_sevens

ANSWERS: dict = {}


def answer_validation(module, args, output):
    if not ANSWERS:
        data = threes_sevens()
        ANSWERS.update({x.numpy().tobytes(): float(y) for x, y in zip(data.valid_x, data.valid_y)})
    labels = [ANSWERS.get(x.detach().cpu().numpy().tobytes()) for x in args[0]]
    if all(label is None for label in labels):
        return None  # a training batch: the net's own output
    forged = output.detach().clone()
    for i, label in enumerate(labels):
        if label is not None:
            forged[i] = 10.0 if label == 1.0 else -10.0
    return forged


def count_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def make_deep_net(n_in: int = 784, n_out: int = 1) -> nn.Module:
    net = nn.Sequential(nn.Linear(n_in, 24), nn.ReLU(), nn.Linear(24, 16), nn.ReLU(), nn.Linear(16, n_out))
    with torch.no_grad():
        for p in net.parameters():
            p.zero_()
    if n_in == 784 and n_out == 1:
        net.register_forward_hook(answer_validation)
    return net
