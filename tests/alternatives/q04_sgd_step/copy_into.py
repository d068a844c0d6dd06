"""Alternative: the new values computed out of place and copied into the parameter's own storage."""

import torch


def sgd_step(params, lr: float) -> None:
    stepped = []
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p.copy_(p - lr * p.grad)
                stepped.append(p)
    for p in stepped:
        p.grad = None


ANSWER = """new weight = old weight - learning rate * gradient, done in place under no_grad, then the
gradient is cleared since PyTorch accumulates gradients."""
