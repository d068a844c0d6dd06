"""Alternative: the gradients cleared at the start of each batch, the losses summed as floats."""


def train_epoch(model, dl, opt, loss_func) -> float:
    total, batches = 0.0, 0
    for xb, yb in dl:
        opt.zero_grad()
        loss = loss_func(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item()
        batches += 1
    return total / batches


ANSWER = """For every batch: predict, compute the loss, backpropagate to get gradients, step each weight
against its gradient, and clear the gradients (they accumulate); repeat for every batch and epoch."""
