"""Alternative: log_softmax through torch.logsumexp; cross-entropy written directly as lse - picked."""

import torch


def log_softmax(x):
    return x - torch.logsumexp(x, dim=-1, keepdim=True)


def nll_loss(log_probs, targets):
    return -torch.diagonal(log_probs[:, targets]).mean()


def cross_entropy(acts, targets):
    picked = acts.gather(1, targets[:, None]).squeeze(1)
    return (torch.logsumexp(acts, dim=1) - picked).mean()


ANSWER = """It is the mean over items of minus the log-probability the model gives the right class, so
confident wrong answers cost a lot and the gradient does not vanish."""
