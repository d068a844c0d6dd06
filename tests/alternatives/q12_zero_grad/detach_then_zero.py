"""Alternative: the loss returned through .data; gradients detached and zeroed as fastai does."""


def calc_grad(xb, yb, model, loss_func):
    preds = model(xb)
    loss = loss_func(preds, yb)
    loss.backward()
    return loss.data


def zero_grads(params) -> None:
    for p in params:
        if p.grad is not None:
            p.grad.detach_()
            p.grad.zero_()


ANSWER = """Gradients accumulate in .grad across backward calls, so unless they are reset after each
update the next step uses stale gradients added to the new ones and training goes wrong."""
