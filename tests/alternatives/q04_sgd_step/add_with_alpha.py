"""Alternative: p.add_(p.grad, alpha=-lr), then the gradient set to None."""

import torch


def sgd_step(params, lr: float) -> None:
    with torch.no_grad():
        for p in params:
            if p.grad is None:
                continue
            p.add_(p.grad, alpha=-lr)
            p.grad = None


ANSWER = """Each weight becomes weight - lr * gradient, in place and outside autograd so it stays a leaf;
the gradients are then cleared because backward adds to them."""
