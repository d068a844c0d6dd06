"""Alternative: the batch losses kept as detached tensors and averaged with torch at the end."""

import torch


def train_epoch(model, dl, opt, loss_func) -> float:
    losses = []
    for xb, yb in dl:
        preds = model(xb)
        loss = loss_func(preds, yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
        losses.append(loss.detach())
    return torch.stack(losses).mean().item()


ANSWER = """Initialise, then per batch predict, measure the loss, compute gradients, update the weights
and zero the gradients; each step needs the result of the previous one."""
